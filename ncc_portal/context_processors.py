from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from . import parts
from .centres import deployment_centre, portal_name
from .languages import language_links
from .parts import Menu


def _menus(request):
    """The site's menus (``parts.navigation``), each a list of entries with ``url``, ``label``
    and ``current``. An entry shows once its URL name resolves (an app without pages stays
    invisible) and to whom its ``visible`` predicate admits."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    menus = {
        menu: []
        for menu in (Menu.MAIN, Menu.MINE, Menu.COORDINATION, Menu.ACCOUNT, Menu.NEXT_STEPS)
    }
    for entry in parts.navigation:
        if entry.menu != Menu.MAIN and not signed_in:
            continue
        if entry.visible is not None and not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        # The main navigation marks the section the page is in; the other menus, the page.
        current = request.path.startswith(url) if entry.menu == Menu.MAIN else request.path == url
        menus[entry.menu].append({"url": url, "label": entry.label, "current": current})
    return menus


def portal(request):
    centre = deployment_centre()
    return {
        "centre": centre,
        "site_name": portal_name(),
        **{f"{menu}_menu": entries for menu, entries in _menus(request).items()},
        "language_links": language_links(request.get_full_path(), get_language()),
        "ncc_country": settings.NCC_COUNTRY,
    }
