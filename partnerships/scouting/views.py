"""The scouting board and its cards. Views parse a form, check the permission and call one
service; a card a person may not see is answered with 404, an action they may not take with 403."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives.models import Initiative
from ncc_portal.choices import Country

from ..models import SCOUTING_ENDS, SCOUTING_FLOW, ScoutingCard
from . import forms, passport, services
from .reports import steps
from .rules import visible_cards

CARD_TEMPLATE = "partnerships/scouting/card_detail.html"
_VECTORS = [f"search_{code}" for code, _name in settings.LANGUAGES]
_INITIATIVE_INDEX = ["initiative__facet_tokens", *(f"initiative__{v}" for v in _VECTORS)]


def _labels(codes):
    return [Country(code).label for code in codes]


def _require_scout(request):
    if not request.user.has_perm("partnerships.scout"):
        raise PermissionDenied


def _candidates(filter_form):
    on_board = ScoutingCard.objects.exclude(stage__in=SCOUTING_ENDS).values("initiative")
    initiatives = (
        # This portal's and the peer portals' records (initiatives.federation).
        Initiative.objects.listed()
        .filter(open_for_replication=True)
        .exclude(pk__in=on_board)
        .without_search_vectors()
        .select_related("organisation", "peer_record__portal")
        .order_by("country", "title", "pk")
    )
    if filter_form.is_valid():
        if filter_form.cleaned_data["country"]:
            initiatives = initiatives.filter(country=filter_form.cleaned_data["country"])
        if filter_form.cleaned_data["theme"]:
            initiatives = initiatives.filter(themes=filter_form.cleaned_data["theme"])
    return initiatives


@login_required
def board(request):
    _require_scout(request)
    cards = list(
        visible_cards(request.user, ScoutingCard.objects.all())
        .select_related("initiative")
        .defer(*_INITIATIVE_INDEX)
        .annotate(adopter_count=Count("adopters"))
    )
    for card in cards:
        card.missing_count = len(passport.missing(card.initiative))
        card.other_countries = _labels(c for c in card.countries if c != card.initiative.country)
    columns = [
        {"stage": stage, "label": stage.label, "cards": [c for c in cards if c.stage == stage]}
        for stage in SCOUTING_FLOW
    ]
    ended = [c for c in cards if c.stage in SCOUTING_ENDS]
    filter_form = forms.CandidateFilterForm(request.GET or None)
    page = Paginator(_candidates(filter_form), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerships/scouting/board.html",
        {
            "columns": columns,
            "ended": ended,
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_POST
def create(request):
    _require_scout(request)
    form = forms.ScoutForm(request.POST)
    if not form.is_valid():
        raise Http404
    initiative = get_object_or_404(
        Initiative.objects.listed().without_search_vectors(), pk=form.cleaned_data["initiative"]
    )
    try:
        card = services.scout(
            coordinator=request.user, initiative=initiative, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partnerships:scouting-board")
    messages.success(request, _("The initiative is on the scouting board."))
    return redirect(card)


def _card(request, pk, permission=None):
    card = get_object_or_404(
        ScoutingCard.objects.select_related(
            "initiative", "initiative__organisation", "initiative__peer_record__portal"
        ).defer(*_INITIATIVE_INDEX),
        pk=pk,
    )
    if not request.user.has_perm("partnerships.view_scouting_card", card):
        raise Http404
    if permission and not request.user.has_perm(permission, card):
        raise PermissionDenied
    return card


def _context(request, card, **bound):
    initiative = card.initiative
    can_work = request.user.has_perm("partnerships.work_scouting_card", card)
    items = passport.passport(initiative)
    context = {
        "card": card,
        "initiative": initiative,
        "passport": items,
        "missing": [item for item in items if item.missing],
        "adopters": list(card.adopters.select_related("organisation")),
        "steps": steps(card),
        "countries": _labels(card.countries),
        "ended": card.stage in SCOUTING_ENDS,
        "can_work": can_work,
        "can_request_dossier": request.user.has_perm("ncc_portal.request_report"),
    }
    if can_work:
        context.update(
            move_form=bound.get("move_form") or forms.MoveForm(card=card, prefix="move"),
            hand_over_form=bound.get("hand_over_form")
            or forms.HandOverForm(card=card, prefix="handover"),
            adopter_form=bound.get("adopter_form")
            or forms.AdopterForm(card=card, prefix="adopter"),
            passport_form=bound.get("passport_form")
            or forms.PassportRequestForm(prefix="passport"),
            note_form=bound.get("note_form") or forms.NoteForm(prefix="note"),
            dossier_form=bound.get("dossier_form")
            or forms.DossierForm(prefix="dossier", initial={"language": get_language()}),
        )
    return context


@login_required
def card_detail(request, pk):
    card = _card(request, pk)
    return render(request, CARD_TEMPLATE, _context(request, card))


def _act(request, pk, form_name, form_class, call, done, prefix, *, with_card=False):
    """Run one action of a card's page: the bound form, the service, then back to the card;
    on an error the page again, with the form and what was typed."""
    card = _card(request, pk, "partnerships.work_scouting_card")
    kwargs = {"card": card} if with_card else {}
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if form.is_valid():
        try:
            result = call(card, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return result or redirect(card)
    return render(request, CARD_TEMPLATE, _context(request, card, **{form_name: form}), status=400)


@login_required
@require_POST
def move(request, pk):
    def call(card, data):
        services.move(
            coordinator=request.user, card=card, stage=data["stage"], reason=data["reason"]
        )

    return _act(
        request,
        pk,
        "move_form",
        forms.MoveForm,
        call,
        _("The card has been moved."),
        "move",
        with_card=True,
    )


@login_required
@require_POST
def hand_over(request, pk):
    def call(card, data):
        services.hand_over(
            coordinator=request.user, card=card, country=data["country"], note=data["note"]
        )

    return _act(
        request,
        pk,
        "hand_over_form",
        forms.HandOverForm,
        call,
        _("The card has been handed over. We have emailed the receiving centre."),
        "handover",
        with_card=True,
    )


@login_required
@require_POST
def adopter_add(request, pk):
    def call(card, data):
        services.add_adopter(
            coordinator=request.user,
            card=card,
            organisation=data["organisation"],
            note=data["note"],
        )

    return _act(
        request,
        pk,
        "adopter_form",
        forms.AdopterForm,
        call,
        _("The adopter has been added."),
        "adopter",
        with_card=True,
    )


@login_required
@require_POST
def adopter_remove(request, pk, adopter_pk):
    card = _card(request, pk, "partnerships.work_scouting_card")
    adopter = get_object_or_404(card.adopters.select_related("organisation"), pk=adopter_pk)
    services.remove_adopter(coordinator=request.user, adopter=adopter)
    messages.success(request, _("The adopter has been removed."))
    return redirect(card)


@login_required
@require_POST
def passport_request(request, pk):
    def call(card, data):
        services.request_passport(coordinator=request.user, card=card, note=data["note"])

    return _act(
        request,
        pk,
        "passport_form",
        forms.PassportRequestForm,
        call,
        _("We have asked the initiative's owners to complete the passport."),
        "passport",
    )


@login_required
@require_POST
def note_add(request, pk):
    def call(card, data):
        services.add_note(coordinator=request.user, card=card, note=data["note"])

    return _act(request, pk, "note_form", forms.NoteForm, call, _("The note is saved."), "note")


@login_required
@require_POST
def dossier(request, pk):
    def call(card, data):
        report = services.request_dossier(
            coordinator=request.user, card=card, language=data["language"]
        )
        return redirect("reports:report-detail", pk=report.pk)

    return _act(
        request,
        pk,
        "dossier_form",
        forms.DossierForm,
        call,
        _("The up-scaling dossier is being built."),
        "dossier",
    )
