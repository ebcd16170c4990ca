"""Training, events and advice: offers, their sessions, and the people registered for them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ncc_portal.fields import TokenListField
from ncc_portal.models import Language, NationalCentre, Organisation, Region, Theme
from ncc_portal.storage import PrivateStorage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The fields of an offer written in each language (registered in translation.py).
TRANSLATED_FIELDS = ["title", "summary", "description", "prerequisites"]


class OfferKind(models.TextChoices):
    TRAINING_COURSE = "training_course", _("Training course")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train-the-trainer")
    MENTORING_PROGRAMME = "mentoring_programme", _("Mentoring programme")
    COACHING = "coaching", _("Coaching")
    ADVICE_CLINIC = "advice_clinic", _("Advice clinic")
    AWARENESS_EVENT = "awareness_event", _("Awareness or information event")
    CONFERENCE = "conference", _("Conference or scientific workshop")


class OfferFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Audience(models.TextChoices):
    INNOVATORS = "innovators", _("Social innovators")
    PUBLIC_SECTOR = "public_sector", _("Public sector")
    TRAINERS = "trainers", _("Trainers")
    RESEARCHERS = "researchers", _("Researchers")
    EVERYONE = "everyone", _("Everyone")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    PROPOSED = "proposed", pgettext_lazy("status", "Proposed")
    PUBLISHED = "published", pgettext_lazy("status", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("status", "Withdrawn")


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def for_country(self, country):
        return self.filter(centre__country=country)

    def without_search_vectors(self):
        return self.defer("facet_tokens", *[f"search_{code}" for code in LANGUAGES])


class Offer(models.Model):
    """Something the centre offers: a course, a workshop, a programme, an advice clinic…"""

    centre = models.ForeignKey(
        NationalCentre,
        verbose_name=_("national centre"),
        on_delete=models.PROTECT,
        related_name="training_offers",
    )
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation providing it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_offers",
        help_text=_("Leave empty when the national centre itself provides it."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OfferKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=OfferFormat.choices)
    audiences = models.JSONField(_("audience"), default=list)
    languages = models.JSONField(_("languages it is given in"), default=list)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="training_offers", blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("short summary"), max_length=600)
    description = models.TextField(_("description"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    original_language = models.CharField(
        _("language it was written in"), max_length=2, choices=Language.choices
    )
    fee = models.DecimalField(
        _("fee in euros"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when it is free. The fee is shown as information only."),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers_trained",
        help_text=_("The trainer sees the list of participants."),
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # The search index (training.search): vectors of the shown text per language (PostgreSQL)
    # and the facet tokens the list counts by.
    search_de = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_et = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    facet_tokens = TokenListField(default=list, editable=False)
    # When the offer's next session starts (None: no session to come), for the list's order.
    next_start = models.DateTimeField(null=True, editable=False)
    # When the clock changes the tokens (a session ends, a registration closes): the index of
    # an offer past this moment is rebuilt (training.tasks).
    index_valid_until = models.DateTimeField(null=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")
        ordering = ["next_start", "-published_at"]
        indexes = [
            models.Index(fields=["status", "next_start"]),
            models.Index(fields=["index_valid_until"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:offer-detail", kwargs={"slug": self.slug})

    @property
    def country(self):
        return self.centre.country

    @property
    def is_free(self):
        return not self.fee

    @property
    def is_published(self):
        return self.status == OfferStatus.PUBLISHED

    @property
    def audience_labels(self):
        labels = dict(Audience.choices)
        return [labels[code] for code in self.audiences if code in labels]

    @property
    def language_labels(self):
        labels = dict(Language.choices)
        return [labels[code] for code in self.languages if code in labels]


class Question(models.TextChoices):
    """What a session may ask the people who register."""

    DIETARY = "dietary", _("Dietary needs")
    ACCESSIBILITY = "accessibility", _("Accessibility needs")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("session status", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")


# The time zones of the alliance's countries, in which sessions take place.
TIME_ZONES = [
    ("Europe/Berlin", "Europe/Berlin"),
    ("Europe/Tallinn", "Europe/Tallinn"),
    ("Europe/Luxembourg", "Europe/Luxembourg"),
    ("Europe/Amsterdam", "Europe/Amsterdam"),
    ("Europe/Brussels", "Europe/Brussels"),
    ("UTC", "UTC"),
]
COUNTRY_TIME_ZONES = {
    "DE": "Europe/Berlin",
    "EE": "Europe/Tallinn",
    "LU": "Europe/Luxembourg",
    "NL": "Europe/Amsterdam",
}


class SessionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Session(models.Model):
    """One date of an offer, with its place, seats and registration rules."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="Europe/Berlin"
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("NUTS region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    online_url = models.URLField(_("online link"), blank=True)
    closed_event = models.BooleanField(
        _("closed event"),
        default=False,
        help_text=_("Only confirmed participants see the exact address."),
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to accept registrations until the session starts."),
    )
    needs_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Otherwise the first to register get the seats."),
    )
    cancellation_deadline = models.DateTimeField(
        _("participants can cancel until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow cancelling until the session starts."),
    )
    questions = models.JSONField(_("questions to the participants"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reminders_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    answers_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_has_seats"),
        ]

    def __str__(self):
        return f"{self.offer} – {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("training:session-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session has to end after it starts.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("A session needs at least one seat.")
        if (
            self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.starts_at
        ):
            errors["registration_closes_at"] = _(
                "Registration has to close before the session starts."
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at or self.starts_at
        if opens and closes and opens >= closes:
            errors["registration_opens_at"] = _("Registration has to open before it closes.")
        if (
            self.cancellation_deadline
            and self.starts_at
            and self.cancellation_deadline > self.starts_at
        ):
            errors["cancellation_deadline"] = _(
                "The cancellation deadline has to be before the session starts."
            )
        unknown = set(self.questions or []) - set(Question.values)
        if unknown:
            errors["questions"] = _("Choose the questions from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def is_online(self):
        return self.offer.format == OfferFormat.ONLINE

    @property
    def hours(self):
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 1)

    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    def cancellation_closes(self):
        return self.cancellation_deadline or self.starts_at

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        if self.is_cancelled or now >= self.registration_closes():
            return False
        return self.registration_opens_at is None or now >= self.registration_opens_at


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("registration", "Awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    WAITING = "waiting", pgettext_lazy("registration", "On the waiting list")
    OFFERED = "offered", pgettext_lazy("registration", "Seat offered")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
    DECLINED = "declined", pgettext_lazy("registration", "Declined")
    EXPIRED = "expired", pgettext_lazy("registration", "Offer expired")


# A person has at most one registration in these states per session.
ACTIVE_STATUSES = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
]
# Registrations in these states hold a seat.
SEAT_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]


def _token():
    return secrets.token_urlsafe(24)


def certificate_code():
    """Twelve characters a person can type from paper, e.g. ``7F3A-09C2-E4B1`` (48 bits)."""
    digits = secrets.token_hex(6).upper()
    return "-".join(digits[i : i + 4] for i in range(0, 12, 4))


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def holding_seats(self):
        return self.filter(status__in=SEAT_STATUSES)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("queue_position", "pk")

    def of_user(self, user):
        return self.filter(user=user)


class Registration(models.Model):
    """A person's place on a session: confirmed, waiting, offered a freed seat, …"""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_registrations",
        help_text=_("Empty once the person erased their account: the registration is a count."),
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # The order of the waiting list: arrival order, unless a coordinator moved someone.
    queue_position = models.PositiveIntegerField(default=0)
    # Was on the waiting list at some point (for the waiting list's conversion figure).
    was_waiting = models.BooleanField(default=False, editable=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # A freed seat offered to this person: accepted through a link with this token.
    offer_token = models.CharField(max_length=64, blank=True, db_index=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # Shown as a QR code on the confirmation; a coordinator's phone opens the check-in page.
    check_in_code = models.CharField(max_length=64, unique=True, default=_token)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Printed on the certificate of attendance; its verification page is found by it.
    certificate_code = models.CharField(max_length=20, null=True, blank=True, unique=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "queue_position"])]

    def __str__(self):
        return f"{self.user} – {self.session}"

    @property
    def holds_seat(self):
        return self.status in SEAT_STATUSES

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    def can_give_feedback(self, now=None):
        return (
            self.status == RegistrationStatus.CONFIRMED
            and self.attended is not False
            and self.session.ends_at <= (now or timezone.now())
        )

    @property
    def has_certificate(self):
        return self.status == RegistrationStatus.CONFIRMED and self.attended is True


def seat_offer_lifetime(session, now=None):
    """How long a freed seat is held for the person it is offered to: a day, less close to the
    start (half the time left, at least an hour), so that the next person still has time."""
    now = now or timezone.now()
    default = timedelta(hours=settings.TRAINING_SEAT_OFFER_HOURS)
    left = session.starts_at - now
    return max(min(default, left / 2), timedelta(hours=1))


class Feedback(models.Model):
    """A participant's opinion of a session they attended: one per registration, shown to
    coordinators only as figures and anonymous comments."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness for your work"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = models.TextField(_("comments"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5, usefulness__gte=1, usefulness__lte=5),
                name="feedback_on_a_scale_of_five",
            )
        ]

    def __str__(self):
        return f"{self.session} – {self.rating}"


class CalendarFeed(models.Model):
    """A person's calendar of their sessions, at a secret address they can revoke."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


# ---------------------------------------------------------------------------------------------
# Mentoring and coaching
# ---------------------------------------------------------------------------------------------


class MentorStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MentorProfileQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MentorStatus.APPROVED)

    def taking_mentees(self):
        return self.approved().filter(accepting=True)


class MentorProfile(models.Model):
    """A person's offer to mentor innovators: what they know, in which languages and countries,
    and how many mentees they can take at a time. Coordinators approve mentors."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("expertise"), related_name="mentors", blank=False
    )
    languages = models.JSONField(_("languages you mentor in"), default=list)
    countries = models.JSONField(_("countries you mentor in"), default=list)
    capacity = models.PositiveSmallIntegerField(
        _("mentees at a time"),
        default=2,
        help_text=_("How many mentorships you can run at the same time."),
    )
    bio = models.TextField(
        _("about you"),
        max_length=1500,
        help_text=_("Your experience in a few sentences. Shown to coordinators and mentees."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("Given to a mentee only once you both agreed to the mentorship."),
    )
    accepting = models.BooleanField(_("taking new mentees"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MentorStatus.choices, default=MentorStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=20), name="mentor_capacity_1_to_20"
            )
        ]

    def __str__(self):
        return str(self.user)

    @property
    def is_approved(self):
        return self.status == MentorStatus.APPROVED


class MentoringStatus(models.TextChoices):
    OPEN = "open", _("Looking for a mentor")
    PROPOSED = "proposed", _("Mentor proposed")
    AGREED = "agreed", _("Mentorship running")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MentoringRequestQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)

    def of_person(self, user):
        """Requests the person asked for or mentors."""
        return self.filter(Q(requested_by=user) | Q(mentor__user=user))


class MentoringRequest(models.Model):
    """An innovator's request for a mentor for one of their initiatives, and — once a mentor
    is proposed and both agree — the mentorship itself."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="mentoring_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="mentoring_requests",
    )
    # The country of the initiative when asked: whose coordinators handle it.
    country = models.CharField(max_length=2, editable=False)
    needs = models.TextField(
        _("what you need"),
        max_length=3000,
        help_text=_("What a mentor should help with: the question, the stage, what you tried."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="mentoring_requests", blank=True
    )
    languages = models.JSONField(_("languages you can work in"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=MentoringStatus.choices, default=MentoringStatus.OPEN
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Mentors the mentee declined or who declined: not suggested again for this request.
    passed_over = models.ManyToManyField(MentorProfile, related_name="+", blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MentoringRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring request")
        verbose_name_plural = _("mentoring requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["country", "status"])]

    def __str__(self):
        return f"{self.initiative} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("mentoring:request-detail", kwargs={"pk": self.pk})

    @property
    def contact_shared(self):
        """Contact details are exchanged only once both sides agreed."""
        return self.status in {MentoringStatus.AGREED, MentoringStatus.ENDED}


class MentoringMeeting(models.Model):
    """A meeting of an agreed mentorship; its notes are seen by the pair and the coordinators."""

    mentorship = models.ForeignKey(
        MentoringRequest, on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="meeting_duration_within_a_day",
            )
        ]

    def __str__(self):
        return f"{self.date}: {self.topic}"


class MentoringSide(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class MentoringFeedback(models.Model):
    """How one side found the mentorship, given when it ends."""

    mentorship = models.ForeignKey(
        MentoringRequest, on_delete=models.CASCADE, related_name="feedback"
    )
    side = models.CharField(_("side"), max_length=6, choices=MentoringSide.choices)
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = models.TextField(_("comments"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mentoring feedback")
        verbose_name_plural = _("mentoring feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "side"], name="one_mentoring_feedback_per_side"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="mentoring_rating_of_five"
            ),
        ]

    def __str__(self):
        return f"{self.mentorship} – {self.side}"


# ---------------------------------------------------------------------------------------------
# "Ask the NCC": advice for ministries and managing authorities
# ---------------------------------------------------------------------------------------------


class AdviceDesk(models.Model):
    """How a national centre runs its advice desk: who may ask, and the response target."""

    centre = models.OneToOneField(
        NationalCentre, on_delete=models.CASCADE, related_name="advice_desk"
    )
    open_to_everyone = models.BooleanField(
        _("anyone signed in may ask"),
        default=False,
        help_text=_("Otherwise only public-sector staff may ask the centre."),
    )
    target_working_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"), default=10
    )

    class Meta:
        verbose_name = _("advice desk")
        verbose_name_plural = _("advice desks")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_working_days__gte=1, target_working_days__lte=60),
                name="advice_target_1_to_60_days",
            )
        ]

    def __str__(self):
        return str(self.centre)


class AdviceTopic(models.TextChoices):
    ESF_ARTICLE_13 = "esf_article_13", _("Implementing Article 13 of the ESF+ Regulation")
    CALLS = "calls", _("Calls for proposals")
    EVALUATION = "evaluation", _("Evaluation and impact measurement")
    SCALING = "scaling", _("Scaling and transfer of social innovation")
    SOCIAL_FINANCE = "social_finance", _("Social finance and funding")
    PROCUREMENT = "procurement", _("Socially responsible public procurement")
    POLICY = "policy", _("Strategy and policy")
    OTHER = "other", _("Something else")


class Urgency(models.TextChoices):
    LOW = "low", _("No rush")
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent: a deadline is near")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the centre")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AdviceQuestionQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(centre__country=country)

    def waiting(self):
        return self.filter(status=QuestionStatus.OPEN)


class AdviceQuestion(models.Model):
    """A question to the national centre, worked in the coordinators' queue."""

    centre = models.ForeignKey(
        NationalCentre,
        verbose_name=_("national centre"),
        on_delete=models.PROTECT,
        related_name="advice_questions",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="advice_questions",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=AdviceTopic.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice_assigned",
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    # When the centre's answer is due (the desk's target in working days, fixed when asked).
    due_at = models.DateTimeField(_("answer due"))
    # Since when the question waits for the centre (reset when the requester replies).
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    faq_resource = models.ForeignKey(
        "ecosystem.Resource",
        verbose_name=_("FAQ entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AdviceQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("advice question")
        verbose_name_plural = _("advice questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("advice:question-detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self):
        return (
            self.status == QuestionStatus.OPEN
            and self.first_response_at is None
            and timezone.now() > self.due_at
        )


class MessageKind(models.TextChoices):
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer from the centre")
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")


class AdviceMessage(models.Model):
    """One message of a question's thread: the question itself, the centre's answers, the
    requester's replies, and coordinators' internal notes (never shown to the requester)."""

    question = models.ForeignKey(AdviceQuestion, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("advice message")
        verbose_name_plural = _("advice messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.question}: {self.kind}"


def advice_attachment_path(instance, filename):
    return f"advice/{instance.message.question_id}/{secrets.token_hex(8)}-{filename}"


class AdviceAttachment(models.Model):
    """A file sent with a message, checked as the library checks files, stored privately."""

    message = models.ForeignKey(AdviceMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=advice_attachment_path, storage=PrivateStorage, max_length=300
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
