"""The initiative registry: initiatives, their funding and impact, pending changes and history."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ncc_portal.fields import TokenListField
from ncc_portal.models import (
    Country,
    Language,
    Organisation,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)

# A published initiative that nobody confirmed for this long gets a reminder …
FRESHNESS_PERIOD = timedelta(days=365)
# … and after this further grace period its page says it may be outdated.
FRESHNESS_GRACE = timedelta(days=60)


class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("stage", "Idea")
    PILOT = "pilot", pgettext_lazy("stage", "Pilot")
    IMPLEMENTATION = "implementation", pgettext_lazy("stage", "Implementation")
    SCALING = "scaling", pgettext_lazy("stage", "Scaling")
    ESTABLISHED = "established", pgettext_lazy("stage", "Established")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("status", "Changes requested")
    PUBLISHED = "published", pgettext_lazy("status", "Published")
    REJECTED = "rejected", pgettext_lazy("status", "Rejected")
    ARCHIVED = "archived", pgettext_lazy("status", "Archived")
    # A record another national centre's portal published, kept read-only here
    # (initiatives.federation); never a state of this portal's own initiatives.
    HARVESTED = "harvested", pgettext_lazy("status", "From a peer portal")


class FundingKind(models.TextChoices):
    ESF_PLUS = "esf_plus", _("ESF+")
    EASI = "easi", _("EaSI")
    OTHER_EU = "other_eu", _("Other EU funding")
    NATIONAL = "national", _("National public funding")
    REGIONAL = "regional", _("Regional or municipal funding")
    FOUNDATION = "foundation", _("Foundations")
    PRIVATE = "private", _("Private or earned income")


class Evidence(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    EVALUATED = "evaluated", _("Independently evaluated")
    PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed study")


class CostRange(models.TextChoices):
    UNDER_10K = "under_10k", _("Under €10,000")
    FROM_10K = "10k_50k", _("€10,000 to €50,000")
    FROM_50K = "50k_250k", _("€50,000 to €250,000")
    OVER_250K = "over_250k", _("Over €250,000")


class Licence(models.TextChoices):
    CC_BY = "cc_by", _("Creative Commons Attribution (CC BY)")
    CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA)")
    CC0 = "cc0", _("Public domain (CC0)")
    OTHER_OPEN = "other_open", _("Another open licence")
    PROPRIETARY = "proprietary", _("All rights reserved, shared on request")


LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The fields of an initiative written in each language (registered in translation.py).
TRANSLATED_FIELDS = [
    "title",
    "summary",
    "description",
    "image_alt",
    "replication_conditions",
    "replication_materials",
    "partnership_needs",
]


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        """This portal's published initiatives."""
        return self.filter(status=Status.PUBLISHED)

    def listed(self):
        """What the registry's list, the map and the scouting board show: the published
        initiatives and the records harvested from peer portals."""
        return self.filter(status__in=[Status.PUBLISHED, Status.HARVESTED])

    def for_country(self, country):
        return self.filter(country=country)

    def of_member(self, user):
        return self.filter(organisation__memberships__user=user)

    def without_search_vectors(self):
        # The search index's columns are large and only ever used inside SQL.
        return self.defer("facet_tokens", *[f"search_{code}" for code in LANGUAGES])

    def with_detail_facts(self):
        return (
            self.without_search_vectors()
            .select_related("organisation", "organisation__region")
            .prefetch_related(
                "regions", "themes", "sdgs", "target_groups", "funding", "impact_figures"
            )
        )

    def needing_freshness_reminder(self, now=None):
        now = now or timezone.now()
        return self.published().filter(
            confirmed_at__lt=now - FRESHNESS_PERIOD,
            freshness_reminder_sent_at__isnull=True,
        )


class Initiative(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        # None for a record harvested from a peer portal: its organisation is the peer's
        # (PeerRecord.organisation_name).
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("short summary"), max_length=600)
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(
        _("language it was written in"), max_length=2, choices=Language.choices
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="+")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="initiatives")
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        related_name="initiatives",
        blank=True,
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="initiatives", blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(_("social media links"), default=list, blank=True)

    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("show the contact details on the public page"), default=False
    )

    image = models.ImageField(_("logo or photo"), upload_to="initiatives/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)

    open_for_replication = models.BooleanField(_("open for replication"), default=False)
    replication_conditions = models.TextField(_("what a replicator needs"), blank=True)
    replication_cost = models.CharField(
        _("cost of a replication"), max_length=20, choices=CostRange.choices, blank=True
    )
    replication_materials = models.TextField(_("materials for replicators"), blank=True)
    materials_languages = models.JSONField(_("languages of the materials"), default=list)
    materials_licence = models.CharField(
        _("licence of the materials"), max_length=20, choices=Licence.choices, blank=True
    )
    evidence = models.CharField(
        _("evidence of impact"), max_length=20, choices=Evidence.choices, blank=True
    )
    # What the initiative seeks from partners and what it can offer them, in the vocabulary
    # of partner profiles (ncc_portal.choices.Contribution). ``seeking_partners`` is true when
    # it seeks anything (kept for the registry's facet and reports).
    partner_needs = models.JSONField(_("what it seeks from partners"), default=list, blank=True)
    partner_offers = models.JSONField(_("what it offers partners"), default=list, blank=True)
    seeking_partners = models.BooleanField(_("seeking partners"), default=False)
    partner_kinds = models.JSONField(_("kinds of partners sought"), default=list)
    partnership_needs = models.TextField(_("what partners could contribute"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed as current"), null=True, blank=True)
    freshness_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    # Full-text search vectors of the published text, one per interface language, each built
    # with that language's configuration from the text shown in that language (with fallback).
    # Filled on PostgreSQL only (initiatives.search); unused on SQLite.
    search_de = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_et = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    # The facet values ("theme:3", "region:DE30", …) the registry counts its facets by, one
    # list per initiative instead of five link tables to join (initiatives.search).
    facet_tokens = TokenListField(default=list, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "country"]),
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "submitted_at"]),
            # The registry list's order over what it lists (``listed()``: published here or
            # harvested from a peer portal), which the (status, published_at) index cannot
            # serve for two statuses.
            models.Index(
                models.F("published_at").desc(),
                models.F("id").desc(),
                condition=models.Q(status__in=["published", "harvested"]),
                name="initiative_listed_order",
            ),
        ]

    def __str__(self):
        return self.title

    # Written by ``initiatives.search.update_search_index`` alone.
    INDEX_FIELDS = frozenset({"facet_tokens", *(f"search_{code}" for code in LANGUAGES)})

    def save(self, *args, **kwargs):
        # A plain save of an existing initiative leaves the search index alone: the instance
        # may hold index values from before the last rebuild, and writing them back would
        # undo it.
        plain = not args and kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if plain and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.INDEX_FIELDS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:initiative-detail", kwargs={"slug": self.slug})

    @property
    def is_harvested(self):
        return self.status == Status.HARVESTED

    @property
    def public_url(self):
        """Where a reader finds the initiative: its page here, or a harvested record's
        original page on the peer portal."""
        if self.is_harvested:
            return self.peer_record.source_url
        return self.get_absolute_url()

    @property
    def organisation_name(self):
        if self.organisation_id is None:
            record = getattr(self, "peer_record", None)
            return record.organisation_name if record else ""
        return self.organisation.name

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_possibly_outdated(self):
        if not self.is_published or self.confirmed_at is None:
            return False
        return self.confirmed_at < timezone.now() - FRESHNESS_PERIOD - FRESHNESS_GRACE


class Funding(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("funding source"), max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(
        _("amount in euros"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "kind"], name="one_funding_per_kind")
        ]

    def __str__(self):
        return self.get_kind_display()


class ImpactFigure(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="impact_figures"
    )
    label = models.CharField(_("what was measured"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("impact figure")
        verbose_name_plural = _("impact figures")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("status", "Changes requested")
    APPROVED = "approved", pgettext_lazy("status", "Approved")
    REJECTED = "rejected", pgettext_lazy("status", "Rejected")


OPEN_CHANGE_STATUSES = [ChangeStatus.DRAFT, ChangeStatus.SUBMITTED, ChangeStatus.CHANGES_REQUESTED]


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_CHANGE_STATUSES)


class PendingChange(models.Model):
    """Edits to a published initiative, kept apart until a coordinator approves them, so that
    the public keeps seeing the approved version meanwhile."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="pending_changes"
    )
    data = models.JSONField()
    status = models.CharField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=models.Q(status__in=["draft", "submitted", "changes_requested"]),
                name="one_open_change_per_initiative",
            )
        ]

    def __str__(self):
        return f"{self.initiative} ({self.get_status_display()})"


class Action(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    SUBMITTED = "submitted", _("submitted for review")
    WITHDRAWN = "withdrawn", _("withdrew the submission")
    CHANGES_REQUESTED = "changes_requested", _("requested changes")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    ARCHIVED = "archived", _("archived")
    CHANGES_SUBMITTED = "changes_submitted", _("submitted changes for review")
    CHANGES_PUBLISHED = "changes_published", _("published the changes")
    CHANGES_REJECTED = "changes_rejected", _("rejected the changes")
    CONFIRMED = "confirmed", _("confirmed that the information is current")


class Event(models.Model):
    """One line of an initiative's history: who did what, when, with which comment."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.initiative}: {self.action}"


class PeerPortal(models.Model):
    """Another national centre's portal whose initiatives open for replication this portal
    harvests through its public API (``initiatives.federation``)."""

    name = models.CharField(_("name"), max_length=120)
    # The token of the registry's "source" facet: not changed once records were harvested.
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    base_url = models.URLField(
        _("portal address"), unique=True, help_text=_("For example https://ncc.example.eu")
    )
    active = models.BooleanField(_("harvested"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # What the last harvests found (written by initiatives.federation alone).
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful harvest"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Per page address of the peer's list: its ETag, Last-Modified, record ids and next page,
    # so that an unchanged page costs a 304.
    pages = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("peer portal")
        verbose_name_plural = _("peer portals")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PeerRecord(models.Model):
    """Where a harvested initiative comes from (its ``Initiative`` row holds the texts and
    facets, with the status ``harvested``)."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="peer_record"
    )
    portal = models.ForeignKey(PeerPortal, on_delete=models.CASCADE, related_name="records")
    # The record's slug on the peer portal.
    source_id = models.CharField(max_length=220)
    source_url = models.URLField(_("original page"), max_length=500)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("peer record")
        verbose_name_plural = _("peer records")
        constraints = [
            models.UniqueConstraint(fields=["portal", "source_id"], name="peer_record_unique")
        ]

    def __str__(self):
        return f"{self.portal}: {self.source_id}"
