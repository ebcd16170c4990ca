"""An initiative's editable content as a JSON-ready dict.

Editing always produces a snapshot. For an initiative that is not public yet the snapshot is
applied at once; for a published one it waits in a ``PendingChange`` until a coordinator approves
it. The same dicts let coordinators see what changed.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import TRANSLATED_FIELDS, Funding, ImpactFigure, Initiative

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PLAIN_FIELDS = [
    "original_language",
    "country",
    "stage",
    "start_year",
    "website",
    "social_links",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
    "open_for_replication",
    "replication_cost",
    "materials_languages",
    "materials_licence",
    "evidence",
    "partner_needs",
    "partner_offers",
    "partner_kinds",
]
M2M_FIELDS = ["regions", "themes", "sdgs", "target_groups"]


def _decimal_text(value):
    return None if value is None else format(Decimal(value).normalize(), "f")


def _set_plain_fields(initiative, data):
    for field in PLAIN_FIELDS:
        setattr(initiative, field, data[field])
    # Derived, not edited: the flag stays for the registry's "partners" facet, the reports and
    # the dashboard, which count initiatives seeking anything from partners.
    initiative.seeking_partners = bool(initiative.partner_needs)


def snapshot_of(initiative):
    data = {"organisation": initiative.organisation_id, "image": initiative.image.name or ""}
    for field in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            data[f"{field}_{code}"] = getattr(initiative, f"{field}_{code}") or ""
    for field in PLAIN_FIELDS:
        data[field] = getattr(initiative, field)
    if initiative.pk:
        data["regions"] = sorted(r.pk for r in initiative.regions.all())
        data["themes"] = sorted(t.pk for t in initiative.themes.all())
        data["sdgs"] = sorted(s.pk for s in initiative.sdgs.all())
        data["target_groups"] = sorted(g.pk for g in initiative.target_groups.all())
        data["funding"] = [
            {"kind": f.kind, "amount": _decimal_text(f.amount)} for f in initiative.funding.all()
        ]
        data["impact"] = [
            {
                "label": i.label,
                "value": _decimal_text(i.value),
                "unit": i.unit,
                "year": i.year,
            }
            for i in initiative.impact_figures.all()
        ]
    else:
        data.update({field: [] for field in M2M_FIELDS}, funding=[], impact=[])
    return data


@transaction.atomic
def apply_snapshot(initiative, data):
    """Write ``data`` to ``initiative`` (saved, with its relations)."""
    initiative.organisation_id = data["organisation"]
    for field in TRANSLATED_FIELDS:
        # Only the language columns: modeltranslation maps ``title`` itself to the active one.
        for code in LANGUAGE_CODES:
            setattr(initiative, f"{field}_{code}", data.get(f"{field}_{code}", ""))
    _set_plain_fields(initiative, data)
    initiative.image.name = data.get("image") or ""
    initiative.updated_at = timezone.now()
    initiative.save()
    initiative.regions.set(data["regions"])
    initiative.themes.set(data["themes"])
    initiative.sdgs.set(data["sdgs"])
    initiative.target_groups.set(data["target_groups"])
    initiative.funding.all().delete()
    Funding.objects.bulk_create(
        Funding(initiative=initiative, kind=f["kind"], amount=f["amount"]) for f in data["funding"]
    )
    initiative.impact_figures.all().delete()
    ImpactFigure.objects.bulk_create(
        ImpactFigure(
            initiative=initiative,
            label=i["label"],
            value=i["value"],
            unit=i["unit"],
            year=i["year"],
            position=n,
        )
        for n, i in enumerate(data["impact"])
    )
    return initiative


def changed_fields(before, after):
    """Names of the snapshot keys whose values differ."""
    keys = sorted(set(before) | set(after))
    return [key for key in keys if before.get(key) != after.get(key)]


def preview(data, *, pk=None, slug=""):
    """An unsaved initiative carrying ``data``'s scalar fields, for showing a pending version."""
    initiative = Initiative(pk=pk, slug=slug)
    initiative.organisation_id = data["organisation"]
    for field in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            setattr(initiative, f"{field}_{code}", data.get(f"{field}_{code}", ""))
    _set_plain_fields(initiative, data)
    initiative.image.name = data.get("image") or ""
    return initiative
