from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .centres import deployment_centre
from .languages import language_links

# Main navigation. An entry shows once its app has pages, i.e. once the URL name resolves.
MAIN_NAVIGATION = [
    ("initiatives:initiative-list", _("Initiatives")),
    ("ecosystem:casestudy-list", _("Ecosystems")),
    ("library:resource-list", _("Library")),
    ("training:offer-list", pgettext_lazy("navigation", "Training")),
    ("partnerships:partner-list", _("Partnerships")),
    ("organisations:organisation-list", _("Organisations")),
]


def _navigation(request):
    entries = []
    for url_name, label in MAIN_NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": label, "current": request.path.startswith(url)})
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
