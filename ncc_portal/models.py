"""Shared models: national centres, organisations, reference vocabularies and users."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Country, Language  # noqa: F401 (the models' choices, importable here)


class NationalCentreQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)


class NationalCentre(models.Model):
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("Language codes of the centre, main one first.")
    )
    description = models.TextField(_("description"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    responsible_person = models.CharField(
        _("person responsible for content"), max_length=200, blank=True
    )

    objects = NationalCentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("national centre")
        verbose_name_plural = _("national centres")
        ordering = ["country"]

    def __str__(self):
        return self.name

    @property
    def main_language(self):
        return self.languages[0] if self.languages else "en"


class Region(models.Model):
    """A NUTS 2024 region (Eurostat). Level 0 is the country itself."""

    code = models.CharField(_("NUTS code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("NUTS level"))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["country", "level"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


class VocabularyQuerySet(models.QuerySet):
    def by_name(self):
        return self.order_by("name")


class Theme(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("official title"), max_length=300)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class TargetGroup(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    MINISTRY = "ministry", _("Ministry")
    MANAGING_AUTHORITY = "managing_authority", _("ESF+ managing authority")
    ACADEMIA = "academia", _("Academia and research")
    PRIVATE_COMPANY = "private_company", _("Private company")
    THIRD_SECTOR = "third_sector", _("Third-sector organisation")
    INTERMEDIARY = "intermediary", _("Intermediary or network")
    FUNDER = "funder", _("Foundation or funder")


PUBLIC_SECTOR_KINDS = {
    OrganisationKind.PUBLIC_AUTHORITY,
    OrganisationKind.MINISTRY,
    OrganisationKind.MANAGING_AUTHORITY,
}


class OrganisationQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)

    def with_region(self):
        return self.select_related("region")

    def of_member(self, user):
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("NUTS region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:organisation-detail", kwargs={"slug": self.slug})

    @property
    def is_public_sector(self):
        return self.kind in PUBLIC_SECTOR_KINDS


class Role(models.TextChoices):
    INNOVATOR = "innovator", _("Innovator")
    PUBLIC_SECTOR = "public_sector", _("Public-sector staff")
    RESEARCHER = "researcher", _("Researcher")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra_fields)

    def coordinators_of(self, *countries):
        """The active coordinators of the national centres of ``countries``."""
        return self.filter(role=Role.COORDINATOR, centre__country__in=countries, is_active=True)


def default_language():
    return settings.LANGUAGE_CODE


class User(AbstractUser):
    """A person with an account. Email is the login; everyone who signs up is an innovator."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=default_language,
        help_text=_("Emails from the portal are written in this language."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.INNOVATOR)
    centre = models.ForeignKey(
        NationalCentre,
        verbose_name=_("national centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The centre a coordinator works for."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(centre__isnull=False),
                name="coordinator_has_centre",
            )
        ]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email.split("@")[0]

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def is_public_sector(self):
        return self.role == Role.PUBLIC_SECTOR

    @property
    def is_researcher(self):
        return self.role == Role.RESEARCHER

    @property
    def must_use_mfa(self):
        return self.is_coordinator or self.is_administrator


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_open(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class RoleRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("request status", "Pending")
    APPROVED = "approved", pgettext_lazy("request status", "Approved")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")


class PublicSectorRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RoleRequestStatus.PENDING)

    def for_country(self, country):
        return self.filter(organisation__country=country)

    def with_people(self):
        return self.select_related("user", "organisation", "decided_by")


class PublicSectorRequest(models.Model):
    """A user's request to be recognised as ministry or managing-authority staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_sector_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="public_sector_requests",
    )
    position = models.CharField(_("position or unit"), max_length=200)
    statement = models.TextField(_("why you need the role"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoleRequestStatus.choices,
        default=RoleRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the requester"), blank=True, max_length=2000)

    objects = PublicSectorRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("public-sector role request")
        verbose_name_plural = _("public-sector role requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_public_sector_request",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class SearchTerm(models.Model):
    """A word of the texts of one search index (``ncc_portal.fulltext``), case-folded as
    written (``term``) and without accents (``folded``): the vocabulary that "Did you mean …?"
    suggests from and that German and Dutch compounds are split by."""

    index = models.CharField(max_length=40)
    term = models.CharField(max_length=100)
    folded = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "term"], name="one_search_term_per_index")
        ]
        indexes = [models.Index(fields=["index", "folded"], name="search_term_folded")]

    def __str__(self):
        return f"{self.index}: {self.term}"


class SearchChange(models.Model):
    """That a record of a search index was indexed anew: the in-process term indexes
    (``ncc_portal.fulltext.memory``) built before then read that record from the database
    until they are rebuilt."""

    index = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["index", "changed_at"], name="search_change_since")]

    def __str__(self):
        return f"{self.index}: {self.record_id} at {self.changed_at}"


class SearchIndexState(models.Model):
    """When a search index was last rebuilt, and with which version of the text analysis
    (``ncc_portal.fulltext.ANALYSIS_VERSION``)."""

    index = models.CharField(max_length=40, primary_key=True)
    analysis_version = models.PositiveIntegerField()
    rebuilt_at = models.DateTimeField()

    def __str__(self):
        return f"{self.index} (analysis {self.analysis_version})"


# The report engine's model lives in its own module; importing it here registers it.
from .reports.models import Report, ReportStatus  # noqa: E402, F401
