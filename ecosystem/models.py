"""The knowledge base: ecosystem case studies, the resource library, the strategy tracker."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models import FundingKind, Initiative
from ncc_portal.fields import TokenListField
from ncc_portal.models import Country, Language, Organisation, Region, Theme
from ncc_portal.storage import PrivateStorage

SEARCH_LANGUAGES = [code for code, _name in settings.LANGUAGES]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "Draft")
    PUBLISHED = "published", pgettext_lazy("status", "Published")
    ARCHIVED = "archived", pgettext_lazy("status", "Archived")


class Helix(models.TextChoices):
    PUBLIC = "public", _("Public authorities")
    ACADEMIA = "academia", _("Academia")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


# ---------------------------------------------------------------------------------------------
# Case studies
# ---------------------------------------------------------------------------------------------


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def for_country(self, country):
        return self.filter(country=country)

    def with_list_facts(self):
        return self.defer(*[f"search_{c}" for c in SEARCH_LANGUAGES]).prefetch_related(
            "regions", "themes"
        )


class CaseStudy(models.Model):
    """An analysis of a local or regional social-innovation ecosystem, structured in the same
    sections for every place so that case studies can be compared."""

    # The comparable sections, in the order they are shown and compared.
    SECTIONS = [
        "summary",
        "enablers",
        "barriers",
        "policy_instruments",
        "funding_landscape",
        "support_infrastructure",
        "lessons",
    ]

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    original_language = models.CharField(
        _("language it was written in"), max_length=2, choices=Language.choices
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="+")
    municipality = models.CharField(_("municipality"), max_length=150, blank=True)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end = models.PositiveSmallIntegerField(_("period until (year)"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="case_studies", blank=True
    )
    summary = models.TextField(_("summary"))
    enablers = models.TextField(_("enablers"), blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    policy_instruments = models.TextField(_("policy instruments"), blank=True)
    funding_landscape = models.TextField(_("funding landscape"), blank=True)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)
    support_infrastructure = models.TextField(
        _("support infrastructure (incubators, networks, finance)"), blank=True
    )
    lessons = models.TextField(_("lessons and recommendations"), blank=True)
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), related_name="case_studies", blank=True
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("One source per line."))
    authors = models.CharField(_("authors"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    search_de = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_et = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["-published_on", "title"]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ecosystem:casestudy-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def funding_source_labels(self):
        labels = dict(FundingKind.choices)
        return [labels.get(kind, kind) for kind in self.funding_sources]


class CaseStudyActor(models.Model):
    """An actor of the ecosystem in its quadruple-helix role; linked to the registry's
    organisation where there is one."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="actors")
    helix = models.CharField(_("role in the quadruple helix"), max_length=20, choices=Helix.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_study_roles",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("When the organisation is not in the portal."),
    )
    role = models.CharField(_("what it does in the ecosystem"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["helix", "position", "pk"]

    def __str__(self):
        return self.organisation.name if self.organisation else self.name


class CaseStudyEvent(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.case_study}: {self.action}"


# ---------------------------------------------------------------------------------------------
# Resource library
# ---------------------------------------------------------------------------------------------


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TOOLKIT = "toolkit", _("Toolkit")
    TRAINING = "training_material", _("Training material")
    POLICY = "policy_document", _("Policy document")
    STRATEGY = "national_strategy", _("National strategy")
    STUDY = "study", _("Study or evaluation")
    TEMPLATE = "template", _("Template")
    PRESENTATION = "presentation", _("Presentation from a workshop or event")
    FAQ = "faq", _("Frequently asked question")


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    PUBLIC_SECTOR = "public_sector", _("Public-sector staff only")


class ResourceLicence(models.TextChoices):
    CC_BY = "cc_by", "CC BY 4.0"
    CC_BY_SA = "cc_by_sa", "CC BY-SA 4.0"
    CC0 = "cc0", "CC0"
    OTHER_OPEN = "other_open", _("Another open licence")
    ALL_RIGHTS = "all_rights", _("All rights reserved")


class Audience(models.Model):
    """Who a resource is for: ministries, managing authorities, innovators, intermediaries,
    researchers."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """The access levels ``user`` may open (the listing shows all published resources, the
        files of restricted ones are guarded)."""
        levels = [AccessLevel.PUBLIC]
        if user.is_authenticated:
            levels.append(AccessLevel.SIGNED_IN)
            if user.role in {"public_sector", "researcher", "coordinator", "administrator"} or (
                user.is_superuser
            ):
                levels.append(AccessLevel.PUBLIC_SECTOR)
        return self.filter(access_level__in=levels)

    def with_list_facts(self):
        return (
            self.defer("facet_tokens", *[f"search_{c}" for c in SEARCH_LANGUAGES])
            .select_related("publisher")
            # (A file's extracted text can be long; the list does not show it.)
            .prefetch_related(
                "themes",
                "audiences",
                models.Prefetch("files", ResourceFile.objects.defer("extracted_text")),
            )
        )


class Resource(models.Model):
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=250)
    abstract = models.TextField(_("abstract"))
    type = models.CharField(_("type"), max_length=30, choices=ResourceType.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="resources", blank=True
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audience"), related_name="resources", blank=True
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_("Leave empty for transnational resources."),
    )
    year = models.PositiveSmallIntegerField(_("publication year"))
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=ResourceLicence.choices, blank=True
    )
    external_url = models.URLField(_("external link"), blank=True)
    access_level = models.CharField(
        _("who may open it"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    search_de = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_et = SearchVectorField(null=True, editable=False)
    search_nl = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    # What the list counts its facets by (ecosystem.library.search.facet_tokens).
    facet_tokens = TokenListField(default=list, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["status", "type"]),
            # The list's order when nobody searches.
            models.Index(
                fields=["status", "-year", "-published_at", "-id"], name="resource_list_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:resource-detail", kwargs={"slug": self.slug})


def resource_file_path(instance, filename):
    return f"library/{instance.resource_id}/{secrets.token_hex(8)}-{filename}"


class ResourceFile(models.Model):
    """One file of a resource in one language. Stored privately: served by a view that checks
    the resource's access level, never from a public URL."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(
        _("file"), upload_to=resource_file_path, storage=PrivateStorage, max_length=300
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    extracted_text = models.TextField(blank=True)
    text_extracted_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["language", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("library:resource-file", kwargs={"slug": self.resource.slug, "pk": self.pk})


class Collection(models.Model):
    """A curated, ordered list of resources with an introduction, such as the common toolkit
    on train-the-trainer, incubation or social finance."""

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"))
    resources = models.ManyToManyField(
        Resource, through="CollectionItem", related_name="collections"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:collection-detail", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="unique_item")
        ]

    def __str__(self):
        return f"{self.collection} – {self.resource}"


# ---------------------------------------------------------------------------------------------
# Personal lists and saved searches
# ---------------------------------------------------------------------------------------------


class BookmarkList(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmark_lists"
    )
    title = models.CharField(_("name of the list"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personal list")
        verbose_name_plural = _("personal lists")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Bookmark(models.Model):
    bookmark_list = models.ForeignKey(
        BookmarkList, on_delete=models.CASCADE, related_name="bookmarks"
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resource__isnull=False, case_study__isnull=True)
                | models.Q(resource__isnull=True, case_study__isnull=False),
                name="bookmark_one_target",
            ),
            models.UniqueConstraint(
                fields=["bookmark_list", "resource"],
                condition=models.Q(resource__isnull=False),
                name="bookmark_resource_once_per_list",
            ),
            models.UniqueConstraint(
                fields=["bookmark_list", "case_study"],
                condition=models.Q(case_study__isnull=False),
                name="bookmark_case_study_once_per_list",
            ),
        ]

    def __str__(self):
        return str(self.resource or self.case_study)


class SavedSearch(models.Model):
    """A search a user follows: a weekly email lists new matching resources and initiatives."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("search"), max_length=1000, help_text=_("The query string."))
    language = models.CharField(max_length=2, choices=Language.choices)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    # Unsubscribing switches the emails off and keeps the search; its owner can switch them on.
    sends_emails = models.BooleanField(_("weekly email"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------
# National strategy tracker
# ---------------------------------------------------------------------------------------------


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class StrategyMilestone(models.Model):
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    title = models.CharField(_("milestone"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    responsible_bodies = models.CharField(_("responsible bodies"), max_length=400, blank=True)
    documents = models.ManyToManyField(
        Resource, verbose_name=_("documents"), blank=True, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("strategy milestone")
        verbose_name_plural = _("strategy milestones")
        ordering = ["country", "position", "planned_for"]

    def __str__(self):
        return self.title
