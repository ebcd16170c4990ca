"""Every change of state in training: offers, sessions, registrations and the waiting list.

Seats are decided under a lock on the session's row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite writes one transaction at a time), so that simultaneous registrations are served in
arrival order and never give more seats than there are.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Report, ReportStatus, Role, User
from ncc_portal.reports import services as report_services
from ncc_portal.services import unique_slug

from . import calendar, search
from .filters import training_changed
from .models import (
    CalendarFeed,
    Feedback,
    Offer,
    OfferStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    _token,
    certificate_code,
    seat_offer_lifetime,
)


def _title_for(offer, user):
    """The offer's title as ``user`` reads it (their language, else the fallbacks)."""
    with translation.override(user.language):
        return str(offer.title)


def _seats_changed(offer_id):
    search.update_seat_token(offer_id)
    training_changed()
    transaction.on_commit(training_changed)


def _reindex(offer_id, *, text=False):
    """The list's index of the offer: its facet tokens, and with ``text`` its search vectors."""
    search.update_search_index(Offer.objects.filter(pk=offer_id), text=text)
    # Now, and once committed: counts cached in between would otherwise outlive the change.
    training_changed()
    transaction.on_commit(training_changed)


def _coordinators(country):
    return User.objects.filter(role=Role.COORDINATOR, centre__country=country, is_active=True)


def _local(moment, session, language):
    """``moment`` as the recipient reads it: in their language, in the session's time zone,
    with the zone named."""
    with translation.override(language), timezone.override(session.time_zone):
        return f"{date_format(timezone.localtime(moment), 'DATETIME_FORMAT')} ({session.time_zone})"


def _session_context(session, user):
    """What the emails about a session say, in ``user``'s language."""
    return {
        "title": _title_for(session.offer, user),
        "session_id": session.pk,
        "when": _local(session.starts_at, session, user.language),
    }


def _language(registration):
    return registration.user.language if registration.user else settings.LANGUAGE_CODE


def _email(registration, template, attachments=None, **context):
    if registration.user is None:
        return
    queue_email_to_user(
        registration.user,
        template=template,
        context={**_session_context(registration.session, registration.user), **context},
        attachments=attachments,
    )


# --- Offers --------------------------------------------------------------------------------


@transaction.atomic
def create_offer(*, author, values, themes=()):
    """A new offer. A coordinator's is a draft of their centre; a partner organisation's member
    proposes one (``values["provider"]`` is their organisation), which a coordinator publishes."""
    values = dict(values)
    title = values.get(f"title_{values['original_language']}") or values.get("title") or "offer"
    slug = values.pop("slug", None) or unique_slug(Offer, title)
    offer = Offer(slug=slug, created_by=author, **values)
    if author.role not in {Role.COORDINATOR, Role.ADMINISTRATOR} and not author.is_superuser:
        offer.status = OfferStatus.PROPOSED
    offer.full_clean(exclude=["slug"])
    offer.save()
    offer.themes.set(themes)
    _reindex(offer.pk, text=True)
    if offer.status == OfferStatus.PROPOSED:
        for coordinator in _coordinators(offer.centre.country):
            queue_email_to_user(
                coordinator,
                template="training_offer_proposed",
                context={"title": _title_for(offer, coordinator), "slug": offer.slug},
            )
    return offer


@transaction.atomic
def update_offer(*, offer, editor, values, themes=None):
    for name, value in values.items():
        setattr(offer, name, value)
    offer.full_clean(exclude=["slug"])
    offer.save()
    if themes is not None:
        offer.themes.set(themes)
    _reindex(offer.pk, text=True)
    return offer


@transaction.atomic
def publish_offer(*, offer, actor):
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == OfferStatus.PUBLISHED:
        return offer
    proposed = offer.status == OfferStatus.PROPOSED
    offer.status = OfferStatus.PUBLISHED
    offer.published_at = offer.published_at or timezone.now()
    offer.save(update_fields=["status", "published_at"])
    _reindex(offer.pk)
    if proposed and offer.created_by and offer.created_by != actor:
        queue_email_to_user(
            offer.created_by,
            template="training_offer_published",
            context={"title": _title_for(offer, offer.created_by), "slug": offer.slug},
        )
    return offer


@transaction.atomic
def withdraw_offer(*, offer, actor):
    """Take an offer off the list; its sessions to come are cancelled and everyone told."""
    # All its sessions are locked before the offer's row is written (as every registration
    # locks its session, then the offer): no two transactions wait for each other.
    upcoming = list(offer.sessions.scheduled().upcoming().select_for_update().order_by("pk"))
    for session in upcoming:
        cancel_session(session=session, actor=actor, reason="")
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    offer.refresh_from_db()
    _reindex(offer.pk)
    return offer


# --- Sessions ------------------------------------------------------------------------------


@transaction.atomic
def create_session(*, offer, actor, values):
    session = Session(offer=offer, **values)
    session.full_clean()
    session.save()
    _reindex(offer.pk)
    return session


def check_capacity(session, capacity):
    """Fewer seats never take a confirmed seat away."""
    taken = session.registrations.holding_seats().count()
    if capacity < taken:
        raise ValidationError(
            ngettext(
                "%(taken)s person already holds a seat: the session needs at least %(taken)s seat.",
                "%(taken)s people already hold a seat: the session needs at least %(taken)s seats.",
                taken,
            )
            % {"taken": taken}
        )


@transaction.atomic
def update_session(*, session, actor, values):
    """Change a session. More seats go to the waiting list at once; fewer seats never take a
    confirmed seat away."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    before = {name: getattr(session, name) for name in NOTIFIED_CHANGES}
    for name, value in values.items():
        setattr(session, name, value)
    session.full_clean()
    try:
        check_capacity(session, session.capacity)
    except ValidationError as error:
        raise ValidationError({"capacity": error.messages}) from error
    changed = [name for name in NOTIFIED_CHANGES if getattr(session, name) != before[name]]
    if "starts_at" in changed and session.starts_at > timezone.now():
        session.reminders_sent_at = None  # a new date gets its own reminder
    session.save()
    if changed:
        _tell_confirmed(session, "training_session_changed")
    _offer_free_seats(session)
    _reindex(session.offer_id)
    return session


# A change of these is sent to the confirmed participants, with the updated calendar entry.
NOTIFIED_CHANGES = ["starts_at", "ends_at", "time_zone", "venue", "address", "online_url"]


def _tell_confirmed(session, template, **context):
    for registration in session.registrations.filter(
        status=RegistrationStatus.CONFIRMED
    ).select_related("user"):
        with translation.override(_language(registration)):
            invitation = calendar.attachment(session)
        _email(registration, template, attachments=[invitation], **context)


@transaction.atomic
def cancel_session(*, session, actor, reason):
    """Cancel a whole session: everyone registered or waiting is told, in their language."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        return session
    session.status = SessionStatus.CANCELLED
    session.cancellation_reason = reason
    session.save(update_fields=["status", "cancellation_reason"])
    now = timezone.now()
    for registration in session.registrations.active().select_related("user"):
        held_seat = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        attachments = None
        if held_seat:  # the calendar entry, marked cancelled, replaces the one they have
            with translation.override(_language(registration)):
                attachments = [calendar.attachment(session)]
        _email(registration, "training_session_cancelled", attachments=attachments, reason=reason)
    _reindex(session.offer_id)
    return session


# --- Registration and the waiting list -----------------------------------------------------


def _locked_session(session_id):
    return Session.objects.select_for_update().select_related("offer").get(pk=session_id)


def free_seats(session):
    """Seats nobody holds (a seat offered to someone waiting is held)."""
    return max(session.capacity - session.registrations.holding_seats().count(), 0)


def _next_queue_position(session):
    last = session.registrations.aggregate(last=Max("queue_position"))["last"]
    return (last or 0) + 1


def _confirm(registration, now):
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.offer_token = ""
    registration.offer_expires_at = None
    registration.save()
    # Written once the seat is committed, outside the session's lock.
    transaction.on_commit(partial(_send_confirmation, registration.pk))


def _send_confirmation(registration_id):
    registration = Registration.objects.select_related("user", "session__offer").get(
        pk=registration_id
    )
    if registration.status != RegistrationStatus.CONFIRMED:
        return
    with translation.override(_language(registration)):
        invitation = calendar.attachment(registration.session)
    _email(
        registration,
        "training_registration_confirmed",
        check_in_code=registration.check_in_code,
        attachments=[invitation],
    )


def register(*, session, user, answers=None, now=None):
    """Register ``user`` for ``session``: a free seat confirms them (or, where registrations
    need approval, asks a coordinator), a full session puts them on the waiting list."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            session = _locked_session(session.pk)
            if session.offer.status != OfferStatus.PUBLISHED:
                raise ValidationError(_("This offer is not open for registration."))
            if session.is_cancelled:
                raise ValidationError(_("This session has been cancelled."))
            if not session.registration_is_open(now):
                if session.registration_opens_at and now < session.registration_opens_at:
                    raise ValidationError(_("Registration for this session has not opened yet."))
                raise ValidationError(_("Registration for this session has closed."))
            if session.registrations.active().filter(user=user).exists():
                raise ValidationError(_("You are already registered for this session."))
            asked = set(session.questions)
            registration = Registration(
                session=session,
                user=user,
                answers={k: v for k, v in (answers or {}).items() if k in asked and v},
                created_at=now,
                queue_position=_next_queue_position(session),
            )
            if session.needs_approval:
                registration.status = RegistrationStatus.PENDING
                registration.save()
                for coordinator in _coordinators(session.offer.centre.country):
                    queue_email_to_user(
                        coordinator,
                        template="training_registration_to_approve",
                        context=_session_context(session, coordinator),
                    )
                _email(registration, "training_registration_received")
            elif free_seats(session) > 0:
                _confirm(registration, now)
            else:
                registration.status = RegistrationStatus.WAITING
                registration.was_waiting = True
                registration.save()
                _email(
                    registration,
                    "training_waiting_list",
                    position=waiting_position(registration),
                )
            _seats_changed(session.offer_id)
            return registration
    except IntegrityError as error:
        # The unique constraint: the same person twice at once (two tabs, a double click).
        raise ValidationError(_("You are already registered for this session.")) from error


def waiting_position(registration):
    """1 for the first person waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.session.registrations.waiting().filter(
        queue_position__lt=registration.queue_position
    )
    return ahead.count() + 1


def _offer_free_seats(session, now=None):
    """Offer each free seat to the next person waiting (the session's row is locked)."""
    now = now or timezone.now()
    if session.is_cancelled or session.starts_at <= now:
        return
    free = free_seats(session)
    for registration in session.registrations.waiting().select_related("user")[: max(free, 0)]:
        registration.status = RegistrationStatus.OFFERED
        registration.offer_token = _token()
        registration.offer_expires_at = now + seat_offer_lifetime(session, now)
        registration.save()
        _email(
            registration,
            "training_seat_offered",
            token=registration.offer_token,
            expires_at=_local(registration.offer_expires_at, session, _language(registration)),
        )


def _deadline_applies(registration):
    """The cancellation deadline protects the organisers' planning of confirmed seats; leaving
    the waiting list, a pending request or a seat offer is always possible."""
    return registration.status == RegistrationStatus.CONFIRMED


def can_cancel(registration, now=None):
    now = now or timezone.now()
    if not registration.is_active or now >= registration.session.starts_at:
        return False
    return not _deadline_applies(registration) or now < registration.session.cancellation_closes()


@transaction.atomic
def cancel_registration(*, registration, actor, now=None, quiet=False):
    """The participant cancels (until the deadline), or a coordinator does for them. A freed
    seat goes to the next person waiting. ``actor`` None: the person's account is being erased
    (``quiet``: no email to them)."""
    now = now or timezone.now()
    session = _locked_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise ValidationError(_("This registration is no longer active."))
    by_participant = actor is not None and actor.pk == registration.user_id
    if by_participant and _deadline_applies(registration) and now >= session.cancellation_closes():
        raise ValidationError(
            _("The deadline for cancelling has passed. Please contact the organisers.")
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.offer_token = ""
    registration.save()
    if not by_participant and not quiet:
        _email(registration, "training_registration_cancelled")
    _offer_free_seats(session, now)
    _seats_changed(session.offer_id)
    return registration


@transaction.atomic
def accept_seat_offer(*, token, user, now=None):
    """The person a freed seat was offered to takes it, through the link in their email."""
    now = now or timezone.now()
    found = Registration.objects.filter(offer_token=token).first() if token else None
    if found is None:
        raise ValidationError(_("This link is not valid. It may have been used already."))
    session = _locked_session(found.session_id)
    registration = Registration.objects.select_for_update().get(pk=found.pk)
    if registration.user_id != user.pk:
        raise PermissionDenied
    if registration.status != RegistrationStatus.OFFERED or registration.offer_token != token:
        raise ValidationError(_("This link is not valid. It may have been used already."))
    if registration.offer_expires_at <= now:
        raise ValidationError(
            _("This offer has expired and the seat went to the next person waiting.")
        )
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled."))
    _confirm(registration, now)
    _seats_changed(session.offer_id)
    return registration


@transaction.atomic
def decline_seat_offer(*, token, user, now=None):
    now = now or timezone.now()
    registration = Registration.objects.filter(
        offer_token=token, status=RegistrationStatus.OFFERED
    ).first()
    if registration is None or not token:
        raise ValidationError(_("This link is not valid. It may have been used already."))
    if registration.user_id != user.pk:
        raise PermissionDenied
    return cancel_registration(registration=registration, actor=user, now=now)


def expire_seat_offers(now=None):
    """Seats offered and not taken in time go to the next person waiting. Returns how many
    offers expired."""
    now = now or timezone.now()
    expired = 0
    overdue = Registration.objects.filter(
        status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
    ).values_list("session_id", flat=True)
    for session_id in sorted(set(overdue)):
        with transaction.atomic():
            session = _locked_session(session_id)
            for registration in session.registrations.filter(
                status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            ).select_related("user"):
                registration.status = RegistrationStatus.EXPIRED
                registration.offer_token = ""
                registration.save()
                _email(registration, "training_seat_offer_expired")
                expired += 1
            _offer_free_seats(session, now)
            _seats_changed(session.offer_id)
    return expired


@transaction.atomic
def decide_registration(*, registration, actor, approve, now=None):
    """A coordinator approves a registration awaiting approval (a seat if one is free, else the
    waiting list) or declines it."""
    now = now or timezone.now()
    session = _locked_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(_("This registration has already been decided."))
    if not approve:
        registration.status = RegistrationStatus.DECLINED
        registration.save()
        _email(registration, "training_registration_declined")
    elif free_seats(session) > 0:
        _confirm(registration, now)
    else:
        registration.status = RegistrationStatus.WAITING
        registration.was_waiting = True
        registration.queue_position = _next_queue_position(session)
        registration.save()
        _email(registration, "training_waiting_list", position=waiting_position(registration))
    _seats_changed(session.offer_id)
    return registration


@transaction.atomic
def move_in_waiting_list(*, registration, actor, up):
    """A coordinator moves someone one place up or down the waiting list."""
    session = _locked_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.WAITING:
        raise ValidationError(_("Only people on the waiting list can be moved."))
    waiting = list(session.registrations.waiting())
    index = next(i for i, r in enumerate(waiting) if r.pk == registration.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(waiting):
        return registration
    # Positions are renumbered in the list's order, with the two swapped.
    waiting[index], waiting[other_index] = waiting[other_index], waiting[index]
    for position, entry in enumerate(waiting, start=1):
        entry.queue_position = position
    Registration.objects.bulk_update(waiting, ["queue_position"])
    return registration


# --- During and after ----------------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, registration, actor, attended, now=None):
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be marked as present."))
    registration.attended = attended
    registration.checked_in_at = (registration.checked_in_at or now) if attended else None
    if attended and not registration.certificate_code:
        registration.certificate_code = certificate_code()
    registration.save(update_fields=["attended", "checked_in_at", "certificate_code"])
    return registration


def certificate(*, registration, language, user):
    """The PDF certificate of attendance of ``registration`` in ``language`` (a report of the
    report engine, requested by the participant; the one already built is reused)."""
    if registration.user_id != user.pk or not registration.has_certificate:
        raise PermissionDenied
    existing = (
        Report.objects.filter(
            kind="training-certificate",
            params__registration=registration.pk,
            language=language,
            requested_by=user,
            purged_at__isnull=True,
        )
        .exclude(status=ReportStatus.FAILED)
        .first()
    )
    if existing:
        return existing
    return report_services.request_report(
        kind="training-certificate",
        params={"registration": registration.pk},
        language=language,
        user=user,
        centre=registration.session.offer.centre,
    )


def send_reminders(now=None):
    """A reminder a day before, to everyone confirmed, in their language. Returns how many
    sessions were reminded."""
    now = now or timezone.now()
    due = Session.objects.scheduled().filter(
        reminders_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=settings.TRAINING_REMINDER_HOURS),
    )
    count = 0
    for session in due.select_related("offer"):
        with transaction.atomic():
            claimed = Session.objects.filter(pk=session.pk, reminders_sent_at__isnull=True).update(
                reminders_sent_at=now
            )
            if not claimed:
                continue
            for registration in session.registrations.filter(
                status=RegistrationStatus.CONFIRMED
            ).select_related("user"):
                _email(registration, "training_reminder", check_in_code=registration.check_in_code)
            count += 1
    return count


@transaction.atomic
def give_feedback(*, registration, user, rating, usefulness, comment="", now=None):
    """A participant's feedback on a session that took place; once per registration."""
    now = now or timezone.now()
    registration = (
        Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    )
    if registration.user_id != user.pk:
        raise PermissionDenied
    if not registration.can_give_feedback(now):
        raise ValidationError(_("Feedback can be given once the session has taken place."))
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationError(_("You have already given your feedback. Thank you!"))
    feedback = Feedback(
        registration=registration,
        session=registration.session,
        rating=rating,
        usefulness=usefulness,
        comment=comment.strip(),
        created_at=now,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


def send_feedback_requests(now=None):
    """After a session, its confirmed participants are asked for their feedback, once.
    Returns how many sessions were asked about."""
    now = now or timezone.now()
    ended = Session.objects.scheduled().filter(
        feedback_requested_at__isnull=True,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=7),  # not for sessions long past (e.g. after an import)
    )
    count = 0
    for session in ended.select_related("offer"):
        with transaction.atomic():
            claimed = Session.objects.filter(
                pk=session.pk, feedback_requested_at__isnull=True
            ).update(feedback_requested_at=now)
            if not claimed:
                continue
            for registration in (
                session.registrations.filter(status=RegistrationStatus.CONFIRMED)
                .exclude(attended=False)
                .select_related("user")
            ):
                _email(registration, "training_feedback_request")
            count += 1
    return count


def feedback_summary(offer):
    """The offer's feedback as coordinators see it: counts, averages and the comments, without
    who wrote them."""
    from django.db.models import Avg, Count

    feedback = Feedback.objects.filter(session__offer=offer)
    figures = feedback.aggregate(
        count=Count("pk"), rating=Avg("rating"), usefulness=Avg("usefulness")
    )
    figures["ratings"] = [(n, feedback.filter(rating=n).count()) for n in range(5, 0, -1)]
    figures["comments"] = list(
        feedback.exclude(comment="").order_by("-created_at").values_list("comment", flat=True)[:50]
    )
    return figures


def purge_answers(now=None):
    """The answers to a session's questions (dietary, accessibility needs) are deleted 30 days
    after it. Returns how many sessions were purged."""
    now = now or timezone.now()
    done = Session.objects.filter(
        ends_at__lt=now - timedelta(days=settings.TRAINING_ANSWERS_KEPT_DAYS),
        answers_purged_at__isnull=True,
    )
    count = 0
    for session in done:
        with transaction.atomic():
            session.registrations.exclude(answers={}).update(answers={})
            Session.objects.filter(pk=session.pk).update(answers_purged_at=now)
            count += 1
    return count


def refresh_search_index(now=None):
    """Rebuild the index of the offers whose tokens the clock has changed."""
    now = now or timezone.now()
    stale = Offer.objects.filter(index_valid_until__lte=now)
    if stale.exists():
        search.update_search_index(stale, text=False)
        training_changed()


# --- A person's calendar feed ---------------------------------------------------------------


def renew_calendar_feed(*, user):
    """The person's calendar address, with a new secret: the old address stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = _token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def stop_calendar_feed(*, user):
    CalendarFeed.objects.filter(user=user).delete()
