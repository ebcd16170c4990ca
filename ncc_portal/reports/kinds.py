"""The kinds of report. Adding one: write its ``ReportKind`` next to its data (e.g.
``initiatives/reports.py``), give it a template under ``templates/reports/`` and list it in
``all_kinds()`` below."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ReportKind:
    name: str
    label: str
    template: str
    # params from the request -> cleaned params (raises ValidationError)
    clean_params: Callable[[dict], dict]
    # cleaned params -> the report's title in the active language
    title: Callable[[dict], str]
    # cleaned params, progress(percent) -> template context
    build_context: Callable[[dict, Callable[[int], None]], dict]
    # may anyone request it (True), or coordinators only
    public: bool = False


def all_kinds():
    from ecosystem.reports import CASE_STUDY, COUNTRY_ECOSYSTEM
    from initiatives.reports import INITIATIVE_PROFILE, REGISTRY_OVERVIEW

    return {
        kind.name: kind
        for kind in [INITIATIVE_PROFILE, REGISTRY_OVERVIEW, CASE_STUDY, COUNTRY_ECOSYSTEM]
    }


def get_kind(name):
    try:
        return all_kinds()[name]
    except KeyError as exc:
        raise ValidationError(_("Unknown kind of report.")) from exc
