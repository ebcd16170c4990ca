"""Every change of a case study's state. Each records a ``CaseStudyEvent`` and, where someone
must act or hear about it, emails them in their own language.

Researchers write drafts and ask for publication; the coordinators of the case study's country
(or an administrator) publish, archive or take a case study back to draft.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative
from ncc_portal import fallback
from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import NationalCentre, Organisation, User
from ncc_portal.services import unique_slug

from ..models import CaseStudy, CaseStudyActor, CaseStudyEvent, Helix, PublicationStatus
from . import search

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_FIELDS = ["title", *CaseStudy.SECTIONS]
# The untranslated facts of a case study that its form edits as they are.
PLAIN_FIELDS = [
    "original_language",
    "country",
    "municipality",
    "period_start",
    "period_end",
    "funding_sources",
    "sources",
    "authors",
]


class CaseStudyAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created the draft")
    EDITED = "edited", gettext_lazy("edited")
    PUBLICATION_REQUESTED = "publication_requested", gettext_lazy("asked for publication")
    PUBLISHED = "published", gettext_lazy("published")
    ARCHIVED = "archived", gettext_lazy("archived")
    RETURNED_TO_DRAFT = "returned_to_draft", gettext_lazy("took it back to draft")


def _record(case_study, *, actor, action, comment=""):
    CaseStudyEvent.objects.create(
        case_study=case_study, actor=actor, action=action, comment=comment
    )


def _notify(users, template, case_study, **context):
    for user in users:
        queue_email_to_user(
            user,
            template=template,
            context={"title": case_study.title, "slug": case_study.slug, **context},
        )


def _author_to_tell(case_study, actor):
    author = case_study.created_by
    if author is None or not author.is_active or author.pk == getattr(actor, "pk", None):
        return []
    return [author]


def update_search_vectors(queryset):
    """Re-index ``queryset``'s case studies for full-text search."""
    return search.index.update(queryset)


def _apply(case_study, data):
    """Write the content of ``data`` (see ``CaseStudyForm.to_data``) into ``case_study``."""
    for field in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            setattr(case_study, f"{field}_{code}", data.get(f"{field}_{code}", ""))
    for field in PLAIN_FIELDS:
        setattr(case_study, field, data[field])
    case_study.updated_at = timezone.now()
    case_study.save()
    case_study.regions.set(data["regions"])
    case_study.themes.set(data["themes"])
    case_study.initiatives.set(data["initiatives"])
    existing = set(
        Organisation.objects.filter(
            pk__in=[a["organisation"] for a in data["actors"] if a.get("organisation")]
        ).values_list("pk", flat=True)
    )
    case_study.actors.all().delete()
    CaseStudyActor.objects.bulk_create(
        CaseStudyActor(
            case_study=case_study,
            helix=actor["helix"],
            organisation_id=actor["organisation"]
            if actor.get("organisation") in existing
            else None,
            name=actor.get("name", ""),
            role=actor.get("role", ""),
            position=n,
        )
        for n, actor in enumerate(data["actors"])
    )
    update_search_vectors(CaseStudy.objects.filter(pk=case_study.pk))


def may_edit(user, case_study):
    """Researchers revise their drafts; once published, only those who may publish edit it
    (a coordinator can take it back to draft for a larger revision)."""
    if not user.has_perm("ecosystem.change_casestudy", case_study):
        return False
    return case_study.status == PublicationStatus.DRAFT or user.has_perm(
        "ecosystem.publish_casestudy", case_study
    )


@transaction.atomic
def create_case_study(*, author, data):
    """Create a draft from ``data``; ``author`` becomes its creator."""
    title = data.get(f"title_{data['original_language']}") or _("case study")
    case_study = CaseStudy(slug=unique_slug(CaseStudy, title), created_by=author)
    _apply(case_study, data)
    _record(case_study, actor=author, action=CaseStudyAction.CREATED)
    return case_study


@transaction.atomic
def update_case_study(*, case_study, editor, data):
    """Save an editor's changes; those to a published case study are public at once, so only
    editors who may publish it may make them."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if not may_edit(editor, case_study):
        raise ValidationError(
            _("Only the national centre can edit a case study that is not a draft.")
        )
    _apply(case_study, data)
    _record(case_study, actor=editor, action=CaseStudyAction.EDITED)
    return case_study


def publication_requested(case_study):
    """Whether the latest step of a draft is a request for publication."""
    if case_study.status != PublicationStatus.DRAFT:
        return False
    latest = case_study.events.order_by("-created_at", "-pk").first()
    return latest is not None and latest.action == CaseStudyAction.PUBLICATION_REQUESTED


@transaction.atomic
def request_publication(*, case_study, actor, comment=""):
    """Ask the coordinators of the country to publish a draft; they are emailed."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for publication."))
    if publication_requested(case_study):
        raise ValidationError(_("Publication has already been requested."))
    _record(case_study, actor=actor, action=CaseStudyAction.PUBLICATION_REQUESTED, comment=comment)
    _notify(
        User.objects.coordinators_of(case_study.country),
        "casestudy_publication_requested",
        case_study,
        requester=str(actor),
        comment=comment,
    )
    return case_study


@transaction.atomic
def publish_case_study(*, case_study, actor, comment=""):
    """Publish a draft or an archived case study. The first publication sets the publication
    date; the search vectors are rebuilt and the author is told."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status == PublicationStatus.PUBLISHED:
        raise ValidationError(_("This case study is already published."))
    case_study.status = PublicationStatus.PUBLISHED
    case_study.published_on = case_study.published_on or timezone.localdate()
    case_study.save(update_fields=["status", "published_on"])
    update_search_vectors(CaseStudy.objects.filter(pk=case_study.pk))
    _record(case_study, actor=actor, action=CaseStudyAction.PUBLISHED, comment=comment)
    _notify(_author_to_tell(case_study, actor), "casestudy_published", case_study)
    return case_study


@transaction.atomic
def archive_case_study(*, case_study, actor, comment=""):
    """Take a published case study offline; its authors and the national centre still see it."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("Only published case studies can be archived."))
    case_study.status = PublicationStatus.ARCHIVED
    case_study.save(update_fields=["status"])
    _record(case_study, actor=actor, action=CaseStudyAction.ARCHIVED, comment=comment)
    return case_study


@transaction.atomic
def unpublish_case_study(*, case_study, actor, comment=""):
    """Take a published or archived case study back to draft, e.g. for a revision by its
    author, who is told (with the comment)."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status == PublicationStatus.DRAFT:
        raise ValidationError(_("This case study is already a draft."))
    case_study.status = PublicationStatus.DRAFT
    case_study.save(update_fields=["status"])
    _record(case_study, actor=actor, action=CaseStudyAction.RETURNED_TO_DRAFT, comment=comment)
    _notify(
        _author_to_tell(case_study, actor),
        "casestudy_returned_to_draft",
        case_study,
        comment=comment,
    )
    return case_study


# ---------------------------------------------------------------------------------------------
# Reading: shared by the pages and the PDF reports
# ---------------------------------------------------------------------------------------------


def detail_queryset():
    return CaseStudy.objects.select_related("created_by").prefetch_related(
        "regions",
        "themes",
        Prefetch(
            "actors",
            queryset=CaseStudyActor.objects.select_related("organisation").order_by(
                "position", "pk"
            ),
        ),
        Prefetch(
            "initiatives",
            queryset=Initiative.objects.published().select_related("organisation").order_by("pk"),
        ),
    )


def actors_by_helix(case_study):
    """[(helix label, [actors])] in the order of the quadruple helix, empty roles left out."""
    actors = list(case_study.actors.all())
    return [
        (label, [a for a in actors if a.helix == value])
        for value, label in Helix.choices
        if any(a.helix == value for a in actors)
    ]


def map_level(case_study):
    """NUTS level of a case study's map: Germany has some 400 NUTS-3 regions, too many for a
    small map, so its map shows NUTS 2 (a NUTS-3 region highlights its NUTS-2 parent)."""
    return 2 if case_study.country == "DE" else 3


def mark_languages(case_studies):
    """Give each case study ``title_lang`` and ``summary_lang`` for the templates."""
    for case_study in case_studies:
        case_study.title_lang = fallback.shown_language(case_study, "title")
        case_study.summary_lang = fallback.shown_language(case_study, "summary")
    return case_studies


def sections_of(case_study):
    """[(key, heading, text, language)] of the comparable sections that have content."""
    return [
        (key, heading, getattr(case_study, key), fallback.shown_language(case_study, key))
        for key, heading in section_headings()
        if getattr(case_study, key)
    ]


def section_headings():
    return [
        ("summary", _("Summary")),
        ("enablers", _("Enablers")),
        ("barriers", _("Barriers")),
        ("policy_instruments", _("Policy instruments")),
        ("funding_landscape", _("Funding landscape")),
        ("support_infrastructure", _("Support infrastructure")),
        ("lessons", _("Lessons and recommendations")),
    ]


def citation(case_study, url):
    """The "how to cite" line in the active language."""
    centre = NationalCentre.objects.filter(country=case_study.country).first()
    year = (case_study.published_on or case_study.created_at).year
    return _(
        "%(authors)s (%(year)s): %(title)s. Case study, %(centre)s, %(url)s, accessed %(date)s."
    ) % {
        "authors": case_study.authors,
        "year": year,
        "title": case_study.title,
        "centre": centre.name if centre else _("European Social Innovation Alliance"),
        "url": url,
        "date": date_format(timezone.localdate(), "DATE_FORMAT"),
    }
