"""What coordinators see of a pending change: each changed fact, before and after, in words."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ncc_portal.choices import Contribution
from ncc_portal.models import (
    Language,
    OrganisationKind,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)

from .models import FundingKind, Initiative
from .snapshots import changed_fields

LANGUAGE_NAMES = dict(settings.LANGUAGES)
RELATED = {
    "regions": (Region, "code"),
    "themes": (Theme, "pk"),
    "sdgs": (SustainableDevelopmentGoal, "pk"),
    "target_groups": (TargetGroup, "pk"),
}
# Lists of codes, shown by their names.
CHOICE_LISTS = {
    "partner_needs": Contribution,
    "partner_offers": Contribution,
    "partner_kinds": OrganisationKind,
    "materials_languages": Language,
}


def _label(key):
    base, _sep, code = key.rpartition("_")
    if code in LANGUAGE_NAMES and base:
        field = Initiative._meta.get_field(base)
        return f"{field.verbose_name} ({LANGUAGE_NAMES[code]})"
    if key == "funding":
        return _("funding sources")
    if key == "impact":
        return _("impact figures")
    if key == "organisation":
        return _("organisation")
    return Initiative._meta.get_field(key).verbose_name


def _text(key, value):
    if key in RELATED:
        model, field = RELATED[key]
        names = {getattr(o, field): str(o) for o in model.objects.filter(pk__in=value)}
        return ", ".join(names.get(v, str(v)) for v in value)
    if key in CHOICE_LISTS:
        names = dict(CHOICE_LISTS[key].choices)
        return ", ".join(str(names.get(code, code)) for code in value or []) or "–"
    if key == "funding":
        kinds = dict(FundingKind.choices)
        return ", ".join(
            f"{kinds[f['kind']]}{' ' + f['amount'] + ' €' if f['amount'] else ''}" for f in value
        )
    if key == "impact":
        return "; ".join(f"{i['label']}: {i['value']} {i['unit']}".strip() for i in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if value in (None, ""):
        return "–"
    return strip_tags(str(value))


def describe_changes(before, after):
    return [
        {
            "label": _label(key),
            "before": _text(key, before.get(key)),
            "after": _text(key, after.get(key)),
        }
        for key in changed_fields(before, after)
    ]
