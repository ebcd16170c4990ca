"""The knowledge base's pages in the sitemap (``ncc_portal.sitemaps``)."""

from ncc_portal.choices import Country
from ncc_portal.sitemaps import PortalSitemap, page_sitemap

from .models import CaseStudy, Collection, Resource


class CaseStudySitemap(PortalSitemap):
    """Published case studies (drafts and archived ones are their authors' and coordinators')."""

    def rows(self):
        return CaseStudy.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, case_study):
        return case_study.updated_at


class ResourceSitemap(PortalSitemap):
    """Published resources, whatever their access level: their page (title, abstract, facts)
    is public, only the files are restricted. Resources keep no update time."""

    def rows(self):
        return Resource.objects.published().only("slug").order_by("pk")


class CollectionSitemap(PortalSitemap):
    """Every collection (its page lists its published resources)."""

    def rows(self):
        return Collection.objects.only("slug").order_by("pk")


# The lists and overviews that are not in the main navigation (which the core's section has).
EcosystemPageSitemap = page_sitemap(
    "library:collection-list",
    "ecosystem-map:map",
    "strategy:overview",
    *[("strategy:country", {"country": code.lower()}) for code in Country.values],
)
