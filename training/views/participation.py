"""A person's side: registering, cancelling, a freed seat, their sessions and calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ncc_portal.views.reports import public_pdf

from .. import calendar, services
from ..forms import FeedbackForm, RegistrationForm
from ..models import CalendarFeed, Feedback, Registration, RegistrationStatus, SessionStatus
from .public import _session, session_context

# What a person is told after registering, by the state it left them in.
REGISTERED = {
    RegistrationStatus.CONFIRMED: gettext_lazy(
        "You are registered. We have sent you a confirmation with a calendar entry."
    ),
    RegistrationStatus.PENDING: gettext_lazy(
        "Thank you. The organisers will confirm your registration; we will let you know by email."
    ),
    RegistrationStatus.WAITING: gettext_lazy(
        "The session is full: you are on the waiting list. If a seat becomes free, we will "
        "offer it to you by email."
    ),
}


@login_required
@require_POST
def register(request, pk):
    session = _session(request, pk)
    form = RegistrationForm(request.POST, session=session)
    if form.is_valid():
        try:
            registration = services.register(
                session=session, user=request.user, answers=form.answers()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(REGISTERED[registration.status]))
            return redirect(session)
    # Shown again with what was typed, and why it did not work.
    context = session_context(request, session, form=form)
    return render(request, "training/session_detail.html", context, status=400)


@login_required
@require_POST
def cancel(request, pk):
    session = _session(request, pk)
    registration = Registration.objects.filter(session=session, user=request.user).active().first()
    if registration is None:
        messages.info(request, _("You are not registered for this session."))
        return redirect(session)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(session)


@login_required
@require_http_methods(["GET", "POST"])
def seat_offer(request, token):
    """The page the seat-offer email links to: take the seat or let it go."""
    registration = (
        Registration.objects.filter(offer_token=token).select_related("session__offer").first()
    )
    if registration is not None and registration.user_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            if accept:
                services.accept_seat_offer(token=token, user=request.user)
            else:
                services.decline_seat_offer(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if registration is None:
                return redirect("training:mine")
        else:
            messages.success(
                request,
                _("The seat is yours. We have sent you a confirmation with a calendar entry.")
                if accept
                else _("Thank you for letting us know. The seat goes to the next person waiting."),
            )
        return redirect(registration.session)
    valid = (
        registration is not None
        and registration.status == RegistrationStatus.OFFERED
        and registration.offer_expires_at > timezone.now()
    )
    return render(
        request,
        "training/seat_offer.html",
        {"registration": registration, "valid": valid, "token": token},
        status=200 if valid else 410,
    )


@login_required
def my_training(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("session__offer", "session__region")
        .order_by("-session__starts_at")
    )
    now = timezone.now()
    upcoming, past = [], []
    given = set(
        Feedback.objects.filter(registration__user=request.user).values_list(
            "registration_id", flat=True
        )
    )
    for registration in registrations:
        registration.feedback_due = registration.pk not in given and registration.can_give_feedback(
            now
        )
        registration.waiting_position = services.waiting_position(registration)
        registration.cancellable = services.can_cancel(registration, now)
        (upcoming if registration.session.ends_at >= now else past).append(registration)
    upcoming.reverse()
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "training/mine.html",
        {"upcoming": upcoming, "past": past, "feed": feed},
    )


@login_required
@require_POST
def calendar_feed(request):
    """Create the person's calendar address, give it a new secret, or stop it."""
    action = request.POST.get("action")
    if action == "stop":
        services.stop_calendar_feed(user=request.user)
        messages.success(request, _("Your calendar address no longer works."))
    else:
        services.renew_calendar_feed(user=request.user)
        messages.success(
            request,
            _(
                "Your calendar address is ready. Add it to your calendar app as a subscription; "
                "any address you used before no longer works."
            ),
        )
    return redirect("training:mine")


def calendar_feed_ics(request, token):
    """A person's sessions to subscribe to (no sign-in: the secret address is the key)."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    registrations = (
        Registration.objects.filter(user=feed.user)
        .filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED])
        .select_related("session__offer", "session__region")
    )
    # Cancelled ones stay in the feed as cancelled events, so that calendars remove them; a
    # session registered for again after cancelling is in it once, as confirmed.
    sessions = {}
    for registration in registrations.order_by("created_at"):
        session = registration.session
        if registration.status == RegistrationStatus.CANCELLED:
            if session.pk in sessions:
                continue
            session.status = SessionStatus.CANCELLED
        sessions[session.pk] = session
    with translation.override(feed.user.language):
        text = calendar.calendar_of(
            sessions.values(), private=True, name=_("My training and events")
        )
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


@login_required
def certificate_pdf(request, pk):
    """The participant's certificate of an attended session, in the page's language."""
    registration = get_object_or_404(
        Registration.objects.select_related("session__offer__centre"), pk=pk, user=request.user
    )
    if not registration.has_certificate:
        raise Http404

    def build(*, language, user, client):
        return services.certificate(registration=registration, language=language, user=user)

    return public_pdf(request, registration.session.offer.title, build)


def certificate_verify(request, code):
    """Anyone holding a certificate confirms it here: the name, the offer, the date and the
    hours, nothing else."""
    registration = (
        Registration.objects.filter(certificate_code=code.strip().upper())
        .select_related("user", "session__offer__centre")
        .first()
    )
    valid = registration is not None and registration.has_certificate and registration.user
    return render(
        request,
        "training/certificate_verify.html",
        {"registration": registration if valid else None, "code": code},
        status=200 if valid else 404,
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    session = _session(request, pk)
    registration = (
        Registration.objects.filter(session=session, user=request.user)
        .filter(status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise Http404
    if Feedback.objects.filter(registration=registration).exists():
        messages.info(request, _("You have already given your feedback. Thank you!"))
        return redirect("training:mine")
    form = FeedbackForm(request.POST or None)
    if form.is_valid():
        try:
            services.give_feedback(
                registration=registration, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("training:mine")
    return render(
        request,
        "training/feedback_form.html",
        {"form": form, "session": session, "open": registration.can_give_feedback()},
    )
