"""The sitemap: every public page in every language, each entry naming the page in all the
others (``hreflang``) and an ``x-default`` (the address without the language, which sends the
reader to theirs).

Each app registers its sections in ``parts.sitemaps`` (a :class:`PortalSitemap` subclass per
kind of page); ``/sitemap.xml`` is the index of the sections, ``/sitemap-<name>.xml`` a
section (``ncc_portal.views.crawlers``). A section lists only what an anonymous visitor may
open, and reads its rows in one query, however many there are.
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from . import parts
from .models import Organisation
from .siteaddress import site_url


class PortalSitemap(Sitemap):
    """A section: ``rows()`` gives what it lists (a queryset reading only the columns that
    ``location`` and ``lastmod`` need); a subclass with an update time defines ``lastmod``."""

    i18n = True
    alternates = True
    x_default = True
    # Entries (a page in one language) per sitemap page: each carries six alternates, so that a
    # page stays well below the protocol's 50 MB.
    limit = 10_000

    def rows(self):
        return []

    @cached_property
    def _rows(self):
        # Read once, although Django asks for the items for the page count, for the latest
        # update and for the page itself.
        return list(self.rows())

    def items(self):
        return self._rows

    def get_urls(self, page=1, site=None, protocol=None):
        # The site's own address (SITE_URL in production), as in every absolute link.
        address = urlsplit(site_url())
        return self._urls(page, address.scheme, address.netloc)


def page_sitemap(*pages):
    """A section of fixed pages, each given by its URL name or a pair (URL name, keyword
    arguments); those that do not resolve are left out."""

    class PageSitemap(PortalSitemap):
        def rows(self):
            return [page for page in pages if _resolves(page)]

        def location(self, item):
            return _reverse(item)

    return PageSitemap


def _reverse(page):
    name, kwargs = (page, None) if isinstance(page, str) else page
    return reverse(name, kwargs=kwargs)


def _resolves(page):
    try:
        _reverse(page)
    except NoReverseMatch:
        return False
    return True


class CorePageSitemap(PortalSitemap):
    """The home page, the legal pages and the lists of the main navigation (the apps' lists,
    as they registered them in ``parts.navigation``)."""

    own = ["home", "privacy", "imprint", "accessibility", "open-data"]

    def rows(self):
        menu = [
            entry.url_name
            for entry in parts.navigation
            if entry.menu == parts.Menu.MAIN and entry.visible is None
        ]
        return [name for name in dict.fromkeys([*self.own, *menu]) if _resolves(name)]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(PortalSitemap):
    """Every organisation's page is public (its members and invitations show to members only)."""

    def rows(self):
        return Organisation.objects.only("slug").order_by("pk")
