"""The kinds of report. Adding one: write its ``ReportKind`` next to its data (e.g.
``initiatives/reports.py``), give it a template under ``templates/reports/`` and register it in
the app's ``portal.py`` (``parts.report_kinds.register(...)``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import parts


def all_kinds():
    return {kind.name: kind for kind in parts.report_kinds}


def get_kind(name):
    if name not in parts.report_kinds:
        raise ValidationError(_("Unknown kind of report."))
    return parts.report_kinds.get(name)
