"""Training's pages in the sitemap (``ncc_portal.sitemaps``)."""

from ncc_portal.sitemaps import PortalSitemap, page_sitemap

from .models import Offer, Session


class OfferSitemap(PortalSitemap):
    """Published offers (drafts, proposals and withdrawn offers are not found by a visitor).
    Offers keep no update time."""

    def rows(self):
        return Offer.objects.published().only("slug").order_by("pk")


class SessionSitemap(PortalSitemap):
    """Every session of a published offer, to come and past, and cancelled ones too: their
    page is public and says so (the structured data marks the event cancelled)."""

    def rows(self):
        return Session.objects.filter(offer__in=Offer.objects.published()).only("pk").order_by("pk")


TrainingPageSitemap = page_sitemap("training:archive")
