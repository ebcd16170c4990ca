"""The registry's pages in the sitemap (``ncc_portal.sitemaps``)."""

from ncc_portal.sitemaps import PortalSitemap

from .models import Initiative


class InitiativeSitemap(PortalSitemap):
    """This portal's published initiatives: any other (a draft, one in review, archived, a
    peer portal's record) is not found by a visitor."""

    def rows(self):
        return Initiative.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, initiative):
        return initiative.updated_at
