from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import parts
from .centres import deployment_centre
from .languages import language_links


def _navigation(request):
    """The main navigation (``parts.navigation``): an entry shows once its URL name resolves."""
    entries = []
    for entry in parts.navigation:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": entry.label, "current": request.path.startswith(url)})
    return entries


def portal(request):
    centre = deployment_centre()
    return {
        "centre": centre,
        "site_name": centre.name if centre else _("European Social Innovation Alliance"),
        "main_navigation": _navigation(request),
        "language_links": language_links(request.get_full_path(), get_language()),
        "ncc_country": settings.NCC_COUNTRY,
    }
