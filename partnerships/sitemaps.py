"""Partnerships' pages in the sitemap (``ncc_portal.sitemaps``)."""

from ncc_portal.sitemaps import PortalSitemap

from .models import PartnerProfile


class PartnerProfileSitemap(PortalSitemap):
    """The listed profiles: published and not expired (any other only its organisation's
    members and the coordinators see)."""

    def rows(self):
        return PartnerProfile.objects.valid().only("slug", "updated_at").order_by("pk")

    def lastmod(self, profile):
        return profile.updated_at
