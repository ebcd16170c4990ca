"""Every change of a partner profile's state. Each records a ``ProfileEvent``, rebuilds the
profile's search index, tells the partner list that it changed (its cached facet counts
expire) and emails the people concerned, each in their own language.

The workflow::

    draft ──submit──▶ submitted ──publish──▶ published ──(valid_until passes)──▶ expired
      ▲                 │   ▲                    │  ▲                              │
      │     request_changes  │ submit             │  └──────────── renew ───────────┘
      │                 ▼   │                    │
      │          changes_requested               │
      └──── withdraw (from any state) ◀──────────┘ ──submit──▶ submitted

* A profile belongs to one organisation (one profile per organisation); its members create,
  edit, submit, withdraw and renew it; the coordinators of the organisation's country (and the
  administrators) publish it or ask for changes.
* The first publication sets ``valid_until`` to today + ``VALIDITY`` (a year); so does a
  publication of a profile whose validity had run out. Renewing (members) sets it to today +
  ``VALIDITY`` again, also after it expired, and clears the renewal reminder.
* **Editing a published profile.** Kept simple and honest: what the public and the matching see
  has been reviewed. When a member changes anything of a published profile, it goes back to
  review (status ``submitted``, out of the list and the matching until a coordinator publishes
  it again; the coordinators are emailed). Saving without a change, renewing, and edits by the
  country's coordinators themselves keep it published.
* An expired profile (published, ``valid_until`` passed) is not listed and not matched because
  ``PartnerProfile.objects.valid()`` leaves it out; ``expire`` (Celery beat, daily) records an
  ``expired`` event once per period and tells the members.
* ``send_renewal_reminders`` (Celery beat, daily) emails the members of published profiles whose
  validity ends within ``REMINDER_DAYS`` days, once per period (renewing starts a new one).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Membership, Role, User
from ncc_portal.services import unique_slug

from .. import search
from ..models import (
    LANGUAGES,
    SECTOR_OF_KIND,
    TRANSLATED_FIELDS,
    VALIDITY,
    Direction,
    PartnerProfile,
    ProfileAction,
    ProfileEvent,
    ProfileItem,
    ProfileStatus,
    Sector,
)

REMINDER_DAYS = 30
ITEM_TEXT_LENGTH = 300

# The plain fields a profile's form (or the demo) sets; the translated ones are given per
# language (``summary_de`` …).
PLAIN_FIELDS = [
    "sector",
    "original_language",
    "countries",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
]
TRANSLATED_NAMES = [f"{field}_{code}" for field in TRANSLATED_FIELDS for code in LANGUAGES]


# --- Who ------------------------------------------------------------------------------------


def members_of(profile):
    return User.objects.filter(
        memberships__organisation_id=profile.organisation_id, is_active=True
    ).distinct()


def is_member(user, organisation):
    return (
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def coordinates(user, profile):
    """Whether ``user`` is a coordinator of the profile's country or an administrator."""
    if user is None or not user.is_authenticated:
        return False
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return True
    return (
        user.role == Role.COORDINATOR
        and user.centre is not None
        and user.centre.country == profile.organisation.country
    )


# --- Helpers --------------------------------------------------------------------------------


def _record(profile, *, actor, action, note=""):
    ProfileEvent.objects.create(profile=profile, actor=actor, action=action, note=note)


def _reindex(profile):
    search.update_search_index(PartnerProfile.objects.filter(pk=profile.pk))
    transaction.on_commit(search.profiles_changed)
    search.profiles_changed()


def _notify(users, template, profile, **context):
    for user in users:
        with translation.override(user.language):
            summary = str(profile.summary or "")
        queue_email_to_user(
            user,
            template=template,
            context={
                "organisation": profile.organisation.name,
                "slug": profile.slug,
                "summary": summary,
                "valid_until": profile.valid_until,
                **context,
            },
        )


def _locked(profile):
    return (
        PartnerProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)
    )


def _normalised_items(items, language):
    """``items``: an iterable of (direction, kind, text) where text is a string (in the
    profile's language) or {language: text}. Returns {(direction, kind): {language: text}}."""
    result = {}
    errors = []
    for direction, kind, text in items:
        texts = dict(text) if isinstance(text, dict) else {language: text or ""}
        texts = {code: (value or "").strip() for code, value in texts.items()}
        if any(len(value) > ITEM_TEXT_LENGTH for value in texts.values()):
            errors.append(
                _("Keep the text of each offer or request to %(limit)s characters.")
                % {"limit": ITEM_TEXT_LENGTH}
            )
        result[(str(direction), str(kind))] = texts
    if errors:
        raise ValidationError({"items": errors[:1]})
    return result


def _snapshot(profile):
    """What a member may change, to tell whether an edit changed anything."""
    return (
        tuple(getattr(profile, name) for name in PLAIN_FIELDS),
        tuple(getattr(profile, name) or "" for name in TRANSLATED_NAMES),
        tuple(
            sorted(
                (
                    item.direction,
                    item.kind,
                    tuple(getattr(item, f"text_{c}") or "" for c in LANGUAGES),
                )
                for item in profile.items.all()
            )
        ),
        tuple(sorted(profile.themes.values_list("pk", flat=True))),
        tuple(sorted(profile.regions.values_list("pk", flat=True))),
    )


def _apply(profile, data):
    for name in PLAIN_FIELDS + TRANSLATED_NAMES:
        if name in data:
            value = data[name]
            if name in TRANSLATED_NAMES or name in ("contact_phone",):
                value = (value or "").strip()
            setattr(profile, name, value)


def _validate(profile, items):
    errors = {}
    language = profile.original_language
    if language and not (getattr(profile, f"summary_{language}", "") or "").strip():
        errors[f"summary_{language}"] = [_("Write a short summary in the language you write in.")]
    if not any(direction == Direction.OFFERS for direction, _kind in items):
        errors["offers"] = [_("Choose at least one thing your organisation offers.")]
    if not profile.countries:
        errors["countries"] = [_("Choose at least one country you work in.")]
    try:
        profile.full_clean(exclude=["organisation", "slug", "regions", "themes", "created_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_relations(profile, items, *, themes=None, regions=None):
    existing = {(item.direction, item.kind): item for item in profile.items.all()}
    for key, item in existing.items():
        if key not in items:
            item.delete()
    for (direction, kind), texts in items.items():
        item = existing.get((direction, kind)) or ProfileItem(
            profile=profile, direction=direction, kind=kind
        )
        for code, value in texts.items():
            setattr(item, f"text_{code}", value)
        item.save()
    if themes is not None:
        profile.themes.set(themes)
    if regions is not None:
        profile.regions.set(regions)


# --- The transitions ------------------------------------------------------------------------


def organisations_without_profile(user):
    """The organisations ``user`` is a member of that have no partner profile yet."""
    from ncc_portal.models import Organisation

    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(memberships__user=user)
        .exclude(Exists(PartnerProfile.objects.filter(organisation=OuterRef("pk"))))
        .distinct()
        .order_by("name")
    )


def default_sector(organisation):
    return SECTOR_OF_KIND.get(organisation.kind, Sector.THIRD_SECTOR)


@transaction.atomic
def create_profile(*, user, organisation, data, items, themes=(), regions=()):
    """A draft profile for ``organisation`` (of which ``user`` must be a member; one per
    organisation). ``data``: the fields (``PLAIN_FIELDS`` and ``summary_<lang>`` …; the sector
    defaults from the organisation's kind); ``items``: (direction, kind, text) triples."""
    if not is_member(user, organisation):
        raise PermissionDenied
    if PartnerProfile.objects.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": [_("This organisation already has a partner profile.")]}
        )
    profile = PartnerProfile(
        organisation=organisation,
        slug=unique_slug(PartnerProfile, organisation.name),
        sector=default_sector(organisation),
        created_by=user,
    )
    _apply(profile, data)
    if not profile.sector:
        profile.sector = default_sector(organisation)
    normalised = _normalised_items(items, profile.original_language)
    _validate(profile, normalised)
    profile.save()
    _save_relations(profile, normalised, themes=themes, regions=regions)
    _record(profile, actor=user, action=ProfileAction.CREATED)
    _reindex(profile)
    return profile


@transaction.atomic
def update_profile(*, profile, editor, data, items, themes=None, regions=None):
    """Change a profile; ``items`` replaces its offers and requests as a set of (direction,
    kind, text). A published profile changed by a member goes back to review (see the
    module's docstring)."""
    profile = _locked(profile)
    before = _snapshot(profile)
    _apply(profile, data)
    normalised = _normalised_items(items, profile.original_language)
    _validate(profile, normalised)
    profile.updated_at = timezone.now()
    profile.save()
    _save_relations(profile, normalised, themes=themes, regions=regions)
    profile = PartnerProfile.objects.select_related("organisation").get(pk=profile.pk)
    if _snapshot(profile) == before:
        return profile
    _record(profile, actor=editor, action=ProfileAction.EDITED)
    if profile.status == ProfileStatus.PUBLISHED and not coordinates(editor, profile):
        profile.status = ProfileStatus.SUBMITTED
        profile.submitted_at = timezone.now()
        profile.save(update_fields=["status", "submitted_at"])
        _record(
            profile,
            actor=editor,
            action=ProfileAction.SUBMITTED,
            note=_("Changed after publication: back to review."),
        )
        _notify(
            User.objects.coordinators_of(profile.organisation.country),
            "partner_profile_submitted",
            profile,
        )
    _reindex(profile)
    return profile


@transaction.atomic
def submit(*, profile, actor):
    profile = _locked(profile)
    if profile.status not in (
        ProfileStatus.DRAFT,
        ProfileStatus.CHANGES_REQUESTED,
        ProfileStatus.WITHDRAWN,
    ):
        raise ValidationError(_("Only a draft or a profile returned for changes can be submitted."))
    profile.status = ProfileStatus.SUBMITTED
    profile.submitted_at = timezone.now()
    profile.save(update_fields=["status", "submitted_at"])
    _record(profile, actor=actor, action=ProfileAction.SUBMITTED)
    _notify(
        User.objects.coordinators_of(profile.organisation.country),
        "partner_profile_submitted",
        profile,
    )
    _reindex(profile)
    return profile


@transaction.atomic
def publish(*, profile, actor, note="", today=None):
    """A coordinator of the organisation's country (or an administrator) publishes a submitted
    profile; the first publication (or one after the validity ran out) starts a year."""
    today = today or timezone.localdate()
    profile = _locked(profile)
    if not coordinates(actor, profile):
        raise PermissionDenied
    if profile.status != ProfileStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted profile can be published."))
    now = timezone.now()
    profile.status = ProfileStatus.PUBLISHED
    if profile.published_at is None:
        profile.published_at = now
    if profile.valid_until is None or profile.valid_until < today:
        profile.valid_until = today + VALIDITY
        profile.renewal_reminder_sent_at = None
    profile.save(
        update_fields=["status", "published_at", "valid_until", "renewal_reminder_sent_at"]
    )
    _record(profile, actor=actor, action=ProfileAction.PUBLISHED, note=note)
    _notify(members_of(profile), "partner_profile_published", profile)
    _reindex(profile)
    return profile


@transaction.atomic
def request_changes(*, profile, actor, note):
    profile = _locked(profile)
    if not coordinates(actor, profile):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what should change.")]})
    if profile.status != ProfileStatus.SUBMITTED:
        raise ValidationError(_("Changes can only be requested for a submitted profile."))
    profile.status = ProfileStatus.CHANGES_REQUESTED
    profile.save(update_fields=["status"])
    _record(profile, actor=actor, action=ProfileAction.CHANGES_REQUESTED, note=note)
    _notify(members_of(profile), "partner_profile_changes_requested", profile, note=note)
    _reindex(profile)
    return profile


@transaction.atomic
def withdraw(*, profile, actor):
    """The members take the profile back: out of the list, the matching and the review."""
    profile = _locked(profile)
    if profile.status == ProfileStatus.WITHDRAWN:
        raise ValidationError(_("The profile is already withdrawn."))
    profile.status = ProfileStatus.WITHDRAWN
    profile.save(update_fields=["status"])
    _record(profile, actor=actor, action=ProfileAction.WITHDRAWN)
    _reindex(profile)
    return profile


@transaction.atomic
def renew(*, profile, actor, today=None):
    """The members confirm the profile for another ``VALIDITY``, also after it expired."""
    today = today or timezone.localdate()
    profile = _locked(profile)
    if profile.status != ProfileStatus.PUBLISHED:
        raise ValidationError(_("Only a published profile can be renewed."))
    profile.valid_until = today + VALIDITY
    profile.renewal_reminder_sent_at = None
    profile.save(update_fields=["valid_until", "renewal_reminder_sent_at"])
    _record(profile, actor=actor, action=ProfileAction.RENEWED)
    _reindex(profile)
    return profile


def send_renewal_reminders(today=None):
    """Email the members of published profiles whose validity ends within ``REMINDER_DAYS``
    days, once per period. Returns how many profiles were reminded."""
    today = today or timezone.localdate()
    due = PartnerProfile.objects.published().filter(
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=REMINDER_DAYS),
        renewal_reminder_sent_at__isnull=True,
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            profile = _locked(PartnerProfile(pk=pk))
            if profile.renewal_reminder_sent_at is not None:
                continue
            profile.renewal_reminder_sent_at = timezone.now()
            profile.save(update_fields=["renewal_reminder_sent_at"])
            _record(profile, actor=None, action=ProfileAction.REMINDED)
            _notify(members_of(profile), "partner_profile_renewal_reminder", profile)
            _reindex(profile)
        sent += 1
    return sent


def expire(today=None):
    """Record, once per period, that published profiles whose ``valid_until`` passed have
    expired, and tell their members. (They are out of the list and the matching already:
    ``valid()`` leaves them out.) Returns how many profiles expired."""
    today = today or timezone.localdate()
    already = ProfileEvent.objects.filter(
        profile=OuterRef("pk"),
        action=ProfileAction.EXPIRED,
        at__date__gt=OuterRef("valid_until"),
    )
    due = PartnerProfile.objects.published().filter(valid_until__lt=today).exclude(Exists(already))
    expired = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            profile = _locked(PartnerProfile(pk=pk))
            _record(profile, actor=None, action=ProfileAction.EXPIRED)
            _notify(members_of(profile), "partner_profile_expired", profile)
            _reindex(profile)
        expired += 1
    return expired
