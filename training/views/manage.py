"""Coordinators (and proposing partners): offers, sessions, participants and attendance."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ncc_portal.models import Role
from ncc_portal.spreadsheets import safe_row

from .. import services
from ..forms import CancelSessionForm, OfferForm, SessionForm
from ..models import Offer, OfferStatus, Question, Registration, RegistrationStatus, Session


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@login_required
def offer_manage_list(request):
    """The offers of the coordinator's country, proposals first; a partner's own proposals."""
    _require(request, "training.add_offer")
    offers = Offer.objects.without_search_vectors().select_related("centre", "provider")
    user = request.user
    if user.role == Role.COORDINATOR and user.centre_id:
        offers = offers.filter(centre=user.centre)
    elif not (user.role == Role.ADMINISTRATOR or user.is_superuser):
        offers = offers.filter(created_by=user)
    offers = offers.annotate(
        session_count=Count("sessions", distinct=True),
        pending=Count(
            "sessions__registrations",
            filter=Q(sessions__registrations__status=RegistrationStatus.PENDING),
        ),
    )
    order = {OfferStatus.PROPOSED: 0, OfferStatus.DRAFT: 1, OfferStatus.PUBLISHED: 2}
    offers = sorted(offers, key=lambda o: (order.get(o.status, 3), -o.created_at.timestamp()))
    return render(request, "training/manage.html", {"offers": offers})


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    _require(request, "training.add_offer")
    form = OfferForm(
        request.POST or None,
        user=request.user,
        initial={"original_language": request.LANGUAGE_CODE},
    )
    if form.is_valid():
        try:
            offer = services.create_offer(
                author=request.user, values=form.values(), themes=form.cleaned_data["themes"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if offer.status == OfferStatus.PROPOSED:
                messages.success(
                    request,
                    _("Thank you. The national centre will review your offer and publish it."),
                )
            else:
                messages.success(request, _("The offer is saved as a draft. Add its sessions."))
            return redirect(offer)
    return render(request, "training/offer_form.html", {"form": form, "offer": None})


def _offer(request, slug, permission):
    offer = get_object_or_404(Offer.objects.select_related("centre"), slug=slug)
    _require(request, permission, offer)
    return offer


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, slug):
    offer = _offer(request, slug, "training.change_offer")
    form = OfferForm(request.POST or None, user=request.user, offer=offer)
    if form.is_valid():
        try:
            services.update_offer(
                offer=offer,
                editor=request.user,
                values=form.values(),
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect(offer)
    return render(request, "training/offer_form.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_publish(request, slug):
    offer = _offer(request, slug, "training.publish_offer")
    services.publish_offer(offer=offer, actor=request.user)
    messages.success(request, _("The offer is published."))
    return redirect(offer)


@login_required
@require_POST
def offer_withdraw(request, slug):
    offer = _offer(request, slug, "training.publish_offer")
    services.withdraw_offer(offer=offer, actor=request.user)
    messages.success(
        request,
        _("The offer is withdrawn. Its sessions to come are cancelled and everyone was told."),
    )
    return redirect(offer)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, slug):
    offer = _offer(request, slug, "training.manage_sessions")
    form = SessionForm(request.POST or None, offer=offer)
    if form.is_valid():
        try:
            session = services.create_session(offer=offer, actor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session has been added."))
            return redirect(session)
    return render(
        request, "training/session_form.html", {"form": form, "offer": offer, "session": None}
    )


def _managed_session(request, pk, permission):
    session = get_object_or_404(Session.objects.select_related("offer__centre"), pk=pk)
    _require(request, permission, session)
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = _managed_session(request, pk, "training.manage_sessions")
    form = SessionForm(request.POST or None, instance=session, offer=session.offer)
    if form.is_valid():
        try:
            services.update_session(session=session, actor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect(session)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "offer": session.offer, "session": session},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = _managed_session(request, pk, "training.manage_sessions")
    form = CancelSessionForm(request.POST or None)
    if form.is_valid():
        services.cancel_session(
            session=session, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The session is cancelled and everyone registered was told."))
        return redirect(session)
    return render(request, "training/session_cancel.html", {"form": form, "session": session})


def _registrations(session):
    return session.registrations.select_related("user").order_by("queue_position", "pk")


@login_required
def participants(request, pk):
    session = _managed_session(request, pk, "training.view_participants")
    groups = {status: [] for status in RegistrationStatus.values}
    for registration in _registrations(session):
        groups[registration.status].append(registration)
    return render(
        request,
        "training/participants.html",
        {
            "session": session,
            "offer": session.offer,
            "confirmed": groups[RegistrationStatus.CONFIRMED],
            "pending": groups[RegistrationStatus.PENDING],
            "offered": groups[RegistrationStatus.OFFERED],
            "waiting": groups[RegistrationStatus.WAITING],
            "ended": [
                r
                for status in (
                    RegistrationStatus.CANCELLED,
                    RegistrationStatus.DECLINED,
                    RegistrationStatus.EXPIRED,
                )
                for r in groups[status]
            ],
            "seats_free": services.free_seats(session),
            "questions": [(q, label) for q, label in Question.choices if q in session.questions],
            "can_see_answers": request.user.has_perm("training.view_private_answers", session),
            "can_manage": request.user.has_perm("training.manage_registrations", session),
            "can_mark": request.user.has_perm("training.mark_attendance", session),
            "started": session.starts_at <= timezone.now(),
        },
    )


@login_required
def participants_csv(request, pk):
    session = _managed_session(request, pk, "training.view_participants")
    answers = request.user.has_perm("training.view_private_answers", session)
    questions = [(q, label) for q, label in Question.choices if q in session.questions]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    header = [_("Name"), _("Email"), _("Status"), _("Registered"), _("Attended")]
    if answers:
        header += [str(label) for _q, label in questions]
    writer.writerow(header)
    for registration in _registrations(session).exclude(user=None):
        row = [
            registration.user.name,
            registration.user.email,
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            {True: _("yes"), False: _("no"), None: ""}[registration.attended],
        ]
        if answers:
            row += [registration.answers.get(q, "") for q, _label in questions]
        writer.writerow(safe_row(row))
    return response


# action -> (permission, the service call)
ACTIONS = {
    "approve": (
        "training.manage_registrations",
        lambda r, actor: services.decide_registration(registration=r, actor=actor, approve=True),
    ),
    "decline": (
        "training.manage_registrations",
        lambda r, actor: services.decide_registration(registration=r, actor=actor, approve=False),
    ),
    "up": (
        "training.manage_registrations",
        lambda r, actor: services.move_in_waiting_list(registration=r, actor=actor, up=True),
    ),
    "down": (
        "training.manage_registrations",
        lambda r, actor: services.move_in_waiting_list(registration=r, actor=actor, up=False),
    ),
    "cancel": (
        "training.manage_registrations",
        lambda r, actor: services.cancel_registration(registration=r, actor=actor),
    ),
    "present": (
        "training.mark_attendance",
        lambda r, actor: services.mark_attendance(registration=r, actor=actor, attended=True),
    ),
    "absent": (
        "training.mark_attendance",
        lambda r, actor: services.mark_attendance(registration=r, actor=actor, attended=False),
    ),
}


@login_required
@require_POST
def registration_action(request, pk, action):
    registration = get_object_or_404(
        Registration.objects.select_related("session__offer__centre"), pk=pk
    )
    if action not in ACTIONS:
        raise PermissionDenied
    permission, call = ACTIONS[action]
    _require(request, permission, registration.session)
    try:
        call(registration, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training:participants", pk=registration.session_id)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, code):
    """The page a participant's QR code opens on a coordinator's (or the trainer's) phone."""
    registration = get_object_or_404(
        Registration.objects.select_related("session__offer__centre", "user"), check_in_code=code
    )
    session = registration.session
    if not request.user.has_perm("training.mark_attendance", session):
        if registration.user_id != request.user.pk:
            raise PermissionDenied
        # The participant's own ticket: the QR code to show at the door.
        return render(
            request, "training/ticket.html", {"registration": registration, "session": session}
        )
    if request.method == "POST":
        try:
            services.mark_attendance(registration=registration, actor=request.user, attended=True)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Checked in."))
        return redirect("training:check-in", code=code)
    return render(
        request,
        "training/check_in.html",
        {
            "registration": registration,
            "session": session,
            "confirmed": registration.status == RegistrationStatus.CONFIRMED,
        },
    )
