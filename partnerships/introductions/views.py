"""The pages of matchmaking and introductions: my suggestions and introductions, one
introduction, and the forms that express interest, broker, answer and move a stage.

Each view checks the permission, validates a form, calls one service and redirects; a form
with errors is shown again with what was typed. An introduction a person may not see is a
404, so that its existence does not leak.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from initiatives.models import Initiative

from .. import matching
from ..models import OPEN_STAGES, PIPELINE, Introduction, PartnerProfile, Side, Stage
from . import services
from .forms import BrokerForm, InterestForm, StageForm

# At most this many of a person's initiatives get suggestions on the page, each this many.
INITIATIVES_SHOWN = 10
SUGGESTIONS_SHOWN = 5
LEAN = [
    *[f"initiative__search_{code}" for code, _n in settings.LANGUAGES],
    "initiative__facet_tokens",
    *[f"profile__search_{code}" for code, _n in settings.LANGUAGES],
    "profile__facet_tokens",
]


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _introductions():
    return (
        Introduction.objects.select_related(
            "initiative__organisation",
            "profile__organisation",
            "initiative_accepted_by",
            "partner_accepted_by",
        )
        .defer(*LEAN)
        .order_by("-stage_changed_at", "-pk")
    )


def _introduction(request, pk, permission=None):
    introduction = get_object_or_404(_introductions(), pk=pk)
    if not request.user.has_perm("partnerships.view_introduction", introduction):
        raise Http404
    if permission:
        _require(request, permission, introduction)
    return introduction


def _mine(user):
    """The person's introductions: those awaiting their answer, those under way, closed."""
    mine = list(_introductions().filter(pk__in=Introduction.objects.involving(user).values("pk")))
    if not mine:
        return [], [], []
    # One query for the person's organisations, instead of one per introduction.
    orgs = set(user.memberships.values_list("organisation_id", flat=True))
    awaiting, under_way, closed = [], [], []
    for introduction in mine:
        sides = set()
        if introduction.initiative.organisation_id in orgs:
            sides.add(Side.INITIATIVE)
        if introduction.profile.organisation_id in orgs:
            sides.add(Side.PARTNER)
        introduction.__dict__.setdefault("_sides_of", {})[user.pk] = frozenset(sides)
        if services.awaiting_sides(introduction) & sides:
            awaiting.append(introduction)
        elif introduction.stage in OPEN_STAGES:
            under_way.append(introduction)
        else:
            closed.append(introduction)
    return awaiting, under_way, closed


def _pipeline(country):
    introductions = list(_introductions().for_country(country).filter(stage__in=PIPELINE))
    proposed = list(_introductions().for_country(country).filter(stage=Stage.PROPOSED))
    columns = [(Stage.PROPOSED, proposed)]
    for stage in PIPELINE:
        columns.append((stage, [i for i in introductions if i.stage == stage]))
    return columns


@login_required
def matches(request):
    """For each of my initiatives its suggested partners, for my organisations' profiles their
    suggested initiatives; my introductions; for coordinators, their country's suggestions
    and pipeline."""
    user = request.user
    initiatives = list(
        Initiative.objects.published()
        .of_member(user)
        .without_search_vectors()
        .select_related("organisation")
        .prefetch_related("themes", "regions")
        .distinct()
        .order_by("-published_at")[:INITIATIVES_SHOWN]
    )
    for_initiatives = [
        (initiative, matching.suggest_partners(initiative, limit=SUGGESTIONS_SHOWN))
        for initiative in initiatives
        if initiative.partner_needs or initiative.partner_offers
    ]
    profiles = list(
        PartnerProfile.objects.valid()
        .of_member(user)
        .without_search_vectors()
        .select_related("organisation")
        .prefetch_related("items", "themes", "regions")
        .distinct()
    )
    for_profiles = [
        (profile, matching.suggest_initiatives(profile, limit=SUGGESTIONS_SHOWN))
        for profile in profiles
    ]
    awaiting, under_way, closed = _mine(user)
    context = {
        "for_initiatives": for_initiatives,
        "initiatives_without_needs": [
            i for i in initiatives if not (i.partner_needs or i.partner_offers)
        ],
        "for_profiles": for_profiles,
        "awaiting": awaiting,
        "under_way": under_way,
        "closed": closed,
        "can_coordinate": user.has_perm("partnerships.coordinate"),
    }
    country = user.centre.country if user.role == "coordinator" and user.centre_id else None
    if country:
        context["country"] = country
        context["country_suggestions"] = matching.suggestions_for_country(country)
        context["pipeline"] = _pipeline(country)
    return render(request, "partnerships/introductions/matches.html", context)


def _pair_form(request, form_class):
    if request.method == "POST":
        return form_class(request.POST)
    # Opened from a suggestion (without JavaScript, or the link's target): the pair, no errors.
    return form_class(
        initial={"initiative": request.GET.get("initiative"), "profile": request.GET.get("profile")}
    )


def _pair_of(form):
    source = form.data if form.is_bound else form.initial
    try:
        initiative = form.fields["initiative"].clean(source.get("initiative"))
        profile = form.fields["profile"].clean(source.get("profile"))
    except ValidationError:
        raise Http404 from None
    return initiative, profile


@login_required
@require_http_methods(["GET", "POST"])
def interest(request):
    """Express interest in a suggested partner or initiative (a message, then one service)."""
    form = _pair_form(request, InterestForm)
    initiative, profile = _pair_of(form)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.express_interest(
                user=request.user,
                initiative=initiative,
                profile=profile,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The other side has been told of your interest and your message; "
                    "you will hear from us when they answer."
                ),
            )
            return redirect(introduction)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "partnerships/introductions/interest_form.html",
        {"form": form, "initiative": initiative, "profile": profile, "brokering": False},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def broker(request):
    """A coordinator proposes an introduction between a suggested pair."""
    _require(request, "partnerships.broker")
    form = _pair_form(request, BrokerForm)
    initiative, profile = _pair_of(form)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.broker(
                coordinator=request.user,
                initiative=initiative,
                profile=profile,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The introduction is proposed. We have emailed both sides.")
            )
            return redirect(introduction)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "partnerships/introductions/interest_form.html",
        {"form": form, "initiative": initiative, "profile": profile, "brokering": True},
        status=status,
    )


def _detail_context(request, introduction, stage_form=None):
    user = request.user
    can = {
        name: user.has_perm(f"partnerships.{name}", introduction)
        for name in [
            "accept_introduction",
            "decline_introduction",
            "withdraw_introduction",
            "move_introduction",
        ]
    }
    visible = services.contacts_visible(introduction) and user.has_perm(
        "partnerships.view_contacts", introduction
    )
    return {
        "introduction": introduction,
        "initiative": introduction.initiative,
        "profile": introduction.profile,
        "sides": services.sides_of(user, introduction),
        "can": can,
        "contacts_visible": visible,
        "initiative_contact": (
            services.contact_of(introduction, Side.INITIATIVE) if visible else None
        ),
        "partner_contact": services.contact_of(introduction, Side.PARTNER) if visible else None,
        "events": introduction.events.select_related("actor"),
        "stage_form": (
            stage_form or StageForm(introduction=introduction) if can["move_introduction"] else None
        ),
        "pipeline": PIPELINE,
    }


def introduction_detail(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    introduction = _introduction(request, pk)
    return render(
        request,
        "partnerships/introductions/introduction_detail.html",
        _detail_context(request, introduction),
    )


def _accept(request, introduction):
    introduction = services.accept(user=request.user, introduction=introduction)
    if introduction.both_accepted:
        return _("You are introduced. Each side now sees the other's contact person.")
    return _("Thank you. The introduction is made once the other side has accepted too.")


def _decline(request, introduction):
    services.decline(user=request.user, introduction=introduction)
    return _("You have declined the introduction. The other side is not emailed about it.")


def _withdraw(request, introduction):
    services.withdraw(user=request.user, introduction=introduction)
    return _("The introduction has been withdrawn.")


# action in the address -> (permission, what it does and says)
ACTIONS = {
    "accept": ("partnerships.accept_introduction", _accept),
    "decline": ("partnerships.decline_introduction", _decline),
    "withdraw": ("partnerships.withdraw_introduction", _withdraw),
}


@login_required
@require_POST
def introduction_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    permission, act = ACTIONS[action]
    introduction = _introduction(request, pk, permission)
    try:
        said = act(request, introduction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, said)
    if action == "decline":
        return redirect("partnerships:matches")
    return redirect(introduction)


@login_required
@require_POST
def introduction_stage(request, pk):
    introduction = _introduction(request, pk, "partnerships.move_introduction")
    form = StageForm(request.POST, introduction=introduction)
    if form.is_valid():
        try:
            services.move_stage(
                user=request.user,
                introduction=introduction,
                stage=form.cleaned_data["stage"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The stage has been changed."))
            return redirect(introduction)
    context = _detail_context(request, introduction, stage_form=form)
    return render(
        request, "partnerships/introductions/introduction_detail.html", context, status=400
    )
