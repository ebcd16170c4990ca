"""Partnerships: partner profiles, brokered introductions and their pipeline, scouting for
transnational up-scaling, and watches that email new matches.

The offers and requests of profiles and the needs of initiatives share one vocabulary
(``ncc_portal.choices.Contribution``)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models import Initiative
from ncc_portal.choices import Contribution, Country, Language
from ncc_portal.fields import TokenListField
from ncc_portal.models import Organisation, OrganisationKind, Region, Theme

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The fields of a profile written in each language (registered in translation.py).
TRANSLATED_FIELDS = ["summary", "description"]
# How long a published profile stays valid before its organisation must renew it.
VALIDITY = timedelta(days=365)


# ---------------------------------------------------------------------------------------------
# Partner profiles
# ---------------------------------------------------------------------------------------------


class Sector(models.TextChoices):
    """The quadruple helix, with funders apart."""

    PUBLIC = "public", _("Public authority")
    ACADEMIA = "academia", _("Academia and research")
    BUSINESS = "business", _("Business")
    THIRD_SECTOR = "third_sector", _("Third sector")
    FUNDER = "funder", _("Funder or investor")


# The sector a new profile starts with, from its organisation's kind.
SECTOR_OF_KIND = {
    OrganisationKind.PUBLIC_AUTHORITY: Sector.PUBLIC,
    OrganisationKind.MINISTRY: Sector.PUBLIC,
    OrganisationKind.MANAGING_AUTHORITY: Sector.PUBLIC,
    OrganisationKind.ACADEMIA: Sector.ACADEMIA,
    OrganisationKind.PRIVATE_COMPANY: Sector.BUSINESS,
    OrganisationKind.THIRD_SECTOR: Sector.THIRD_SECTOR,
    OrganisationKind.INTERMEDIARY: Sector.THIRD_SECTOR,
    OrganisationKind.FUNDER: Sector.FUNDER,
}


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted for review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("status", "Changes requested")
    PUBLISHED = "published", pgettext_lazy("status", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("status", "Withdrawn")


class PartnerProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ProfileStatus.PUBLISHED)

    def valid(self, today=None):
        """Published and not expired: the profiles that are listed and matched."""
        today = today or timezone.localdate()
        return self.published().filter(valid_until__gte=today)

    def for_country(self, country):
        """The profiles a country's coordinators review: those of its organisations."""
        return self.filter(organisation__country=country)

    def of_member(self, user):
        return self.filter(organisation__memberships__user=user)

    def without_search_vectors(self):
        return self.defer("facet_tokens", *[f"search_{code}" for code in LANGUAGES])


class PartnerProfile(models.Model):
    """What an organisation offers partners and what it seeks; one per organisation.

    The contact person is never shown on the profile: each side of an introduction sees the
    other's only when both have accepted it."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partner_profile",
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    summary = models.TextField(_("short summary"), max_length=600)
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(
        _("language it was written in"), max_length=2, choices=Language.choices
    )
    countries = models.JSONField(_("countries served"), default=list)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions served"), related_name="+", blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="partner_profiles", blank=True
    )
    languages = models.JSONField(_("working languages"), default=list)

    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    renewal_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    # The search index (partnerships.search): vectors of the shown text per language
    # (PostgreSQL) and the facet tokens the list counts by.
    search_de = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_et = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    facet_tokens = TokenListField(default=list, editable=False)

    objects = PartnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return self.organisation.name

    def get_absolute_url(self):
        return reverse("partnerships:profile-detail", kwargs={"slug": self.slug})

    @property
    def country(self):
        """The country whose coordinators review the profile: its organisation's."""
        return self.organisation.country

    @property
    def is_published(self):
        return self.status == ProfileStatus.PUBLISHED

    def is_expired(self, today=None):
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def offered_kinds(self):
        return [item.kind for item in self.items.all() if item.direction == Direction.OFFERS]

    def sought_kinds(self):
        return [item.kind for item in self.items.all() if item.direction == Direction.SEEKS]


class Direction(models.TextChoices):
    OFFERS = "offers", _("Offers")
    SEEKS = "seeks", _("Seeks")


class ProfileItem(models.Model):
    """One thing a profile offers or seeks, with a short text (translatable)."""

    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="items")
    direction = models.CharField(_("offers or seeks"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("what"), max_length=30, choices=Contribution.choices)
    text = models.CharField(_("in a few words"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")
        ordering = ["direction", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "direction", "kind"], name="profile_item_once"
            )
        ]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.get_kind_display()}"


class ProfileAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RENEWED = "renewed", _("Renewed")
    REMINDED = "reminded", _("Renewal reminder sent")
    EXPIRED = "expired", _("Expired")


class ProfileEvent(models.Model):
    """The history of a profile: who did what, when, with what note."""

    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=ProfileAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.profile_id} {self.action}"


# ---------------------------------------------------------------------------------------------
# Introductions (double opt-in) and their pipeline
# ---------------------------------------------------------------------------------------------


class Side(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    PARTNER = "partner", _("Partner")
    COORDINATOR = "coordinator", _("Coordinator")


class Stage(models.TextChoices):
    """Where an introduction stands. Until both sides have accepted it is ``proposed``;
    a declined or withdrawn one is closed without a pipeline."""

    PROPOSED = "proposed", pgettext_lazy("introduction", "Awaiting acceptance")
    INTRODUCED = "introduced", pgettext_lazy("introduction", "Introduced")
    IN_TALKS = "in_talks", pgettext_lazy("introduction", "In talks")
    AGREED = "agreed", pgettext_lazy("introduction", "Agreed")
    ACTIVE = "active", pgettext_lazy("introduction", "Active")
    ENDED = "ended", pgettext_lazy("introduction", "Ended")
    DECLINED = "declined", pgettext_lazy("introduction", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("introduction", "Withdrawn")


# The pipeline, in order: the stages after both sides accepted.
PIPELINE = [Stage.INTRODUCED, Stage.IN_TALKS, Stage.AGREED, Stage.ACTIVE, Stage.ENDED]
# An introduction in one of these stages is under way: one at a time per initiative and profile.
OPEN_STAGES = [Stage.PROPOSED, Stage.INTRODUCED, Stage.IN_TALKS, Stage.AGREED, Stage.ACTIVE]


class Outcome(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership formed")
    FUNDING = "funding", _("Funding obtained")
    PILOT = "pilot", _("Pilot started")
    NO_FIT = "no_fit", _("No fit")


class IntroductionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def for_country(self, country):
        return self.filter(Q(country=country) | Q(profile__organisation__country=country))

    def involving(self, user):
        """The introductions whose initiative or profile belongs to one of ``user``'s
        organisations."""
        return self.filter(
            Q(initiative__organisation__memberships__user=user)
            | Q(profile__organisation__memberships__user=user)
        ).distinct()


class Introduction(models.Model):
    """An introduction between an initiative and a partner profile, brokered by the portal.

    Either side (or a coordinator) starts it; the other side (both, when a coordinator
    proposes it) accepts or declines. Only once both have accepted does each see the other's
    contact person; then the pair and the coordinators move it through the pipeline."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="introductions"
    )
    profile = models.ForeignKey(
        PartnerProfile, on_delete=models.CASCADE, related_name="introductions"
    )
    # The initiative's country, for the coordinators' views and the dashboard.
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    started_by = models.CharField(_("started by"), max_length=20, choices=Side.choices)
    started_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    initiative_message = models.TextField(_("message from the initiative"), blank=True)
    partner_message = models.TextField(_("message from the partner"), blank=True)
    coordinator_message = models.TextField(_("message from the coordinator"), blank=True)
    initiative_accepted_at = models.DateTimeField(null=True, blank=True)
    initiative_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    partner_accepted_at = models.DateTimeField(null=True, blank=True)
    partner_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSED
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    introduced_at = models.DateTimeField(null=True, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-stage_changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "profile"],
                condition=Q(stage__in=["proposed", "introduced", "in_talks", "agreed", "active"]),
                name="one_open_introduction_per_pair",
            )
        ]
        indexes = [models.Index(fields=["country", "stage"])]

    def __str__(self):
        return f"{self.initiative} ↔ {self.profile}"

    def get_absolute_url(self):
        return reverse("partnerships:introduction", kwargs={"pk": self.pk})

    @property
    def both_accepted(self):
        return self.initiative_accepted_at is not None and self.partner_accepted_at is not None


class IntroductionEvent(models.Model):
    """The history of an introduction: interest, acceptance, stage changes, notes."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    side = models.CharField(max_length=20, choices=Side.choices, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.introduction_id} {self.action}"


class InterestQuota(models.Model):
    """How many expressions of interest an organisation sent on one day (the daily limit is
    counted under a lock on this row)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="interest_quota_once")
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.day}: {self.count}"


# ---------------------------------------------------------------------------------------------
# Scouting for transnational up-scaling
# ---------------------------------------------------------------------------------------------


class ScoutingStage(models.TextChoices):
    SCOUTED = "scouted", _("Scouted")
    ASSESSED = "assessed", _("Assessed")
    ADOPTER_SOUGHT = "adopter_sought", _("Adopter sought")
    ADOPTER_FOUND = "adopter_found", _("Adopter found")
    PILOT = "pilot", _("Pilot")
    REPLICATED = "replicated", _("Replicated")
    ADAPTED = "adapted", _("Adapted")
    DROPPED = "dropped", _("Dropped")


# The board's columns in order; replicated, adapted and dropped end a card's way.
SCOUTING_FLOW = [
    ScoutingStage.SCOUTED,
    ScoutingStage.ASSESSED,
    ScoutingStage.ADOPTER_SOUGHT,
    ScoutingStage.ADOPTER_FOUND,
    ScoutingStage.PILOT,
]
SCOUTING_ENDS = [ScoutingStage.REPLICATED, ScoutingStage.ADAPTED, ScoutingStage.DROPPED]


class ScoutingCardQuerySet(models.QuerySet):
    def visible_to_country(self, country):
        """The cards a country's coordinators see: those their country is on."""
        return self.filter(countries__has_token=country)


class ScoutingCard(models.Model):
    """One initiative scouted for up-scaling in other countries, shared by the centres of the
    countries on it (the initiative's and those it was handed over to)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="scouting_cards"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=ScoutingStage.choices, default=ScoutingStage.SCOUTED
    )
    drop_reason = models.TextField(_("why it was dropped"), blank=True)
    # The countries whose coordinators see and work the card, the initiative's first.
    countries = TokenListField(_("countries"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    passport_requested_at = models.DateTimeField(null=True, blank=True)

    objects = ScoutingCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scouting card")
        verbose_name_plural = _("scouting cards")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return str(self.initiative)

    def get_absolute_url(self):
        return reverse("partnerships:scouting-card", kwargs={"pk": self.pk})


class Adopter(models.Model):
    """An organisation (with or without a partner profile) that takes the initiative up in
    another country."""

    card = models.ForeignKey(ScoutingCard, on_delete=models.CASCADE, related_name="adopters")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="adoptions"
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adopter")
        verbose_name_plural = _("adopters")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["card", "organisation"], name="adopter_once")
        ]

    def __str__(self):
        return self.organisation.name


class ScoutingEvent(models.Model):
    """The steps of a card, with their dates: stage changes, hand-overs between the centres
    (with a note), adopters added, the passport asked for."""

    card = models.ForeignKey(ScoutingCard, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    stage = models.CharField(max_length=20, choices=ScoutingStage.choices, blank=True)
    country = models.CharField(max_length=2, choices=Country.choices, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.card_id} {self.action}"


# ---------------------------------------------------------------------------------------------
# Watches: weekly emails of new matches
# ---------------------------------------------------------------------------------------------


class WatchKind(models.TextChoices):
    PROFILES = "profiles", _("New partner profiles matching a search")
    FOR_INITIATIVE = "for_initiative", _("New partners suggested for an initiative")
    FOR_PROFILE = "for_profile", _("New initiatives suggested for a partner profile")


class Watch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_watches"
    )
    kind = models.CharField(max_length=20, choices=WatchKind.choices)
    name = models.CharField(_("name"), max_length=120)
    # The partner list's query string (kind "profiles").
    query = models.CharField(_("search"), max_length=1000, blank=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    profile = models.ForeignKey(
        PartnerProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=2, choices=Language.choices)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    # Unsubscribing switches the emails off and keeps the watch; its owner can switch them on.
    sends_emails = models.BooleanField(_("weekly email"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["name"]

    def __str__(self):
        return self.name
