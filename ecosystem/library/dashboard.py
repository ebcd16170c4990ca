"""The knowledge base's panel of the coordinators' dashboard."""

from django.conf import settings

from ncc_portal.parts import DashboardPanel

from ..models import Resource


def most_downloaded(scope, limit=10):
    """The library's most downloaded resources (a bare counter: no personal data)."""
    resources = Resource.objects.published().filter(download_count__gt=0)
    if scope.country:
        resources = resources.filter(country__in=[scope.country, ""])
    downloads = resources.only(
        "slug",
        "title",
        *[f"title_{c}" for c, _n in settings.LANGUAGES],
        "download_count",
        "country",
    ).order_by("-download_count", "pk")[:limit]
    return {"downloads": downloads}


PANELS = [
    DashboardPanel(
        "ecosystem.most-downloaded",
        "ecosystem/dashboard/most_downloaded.html",
        most_downloaded,
        order=30,
    ),
]
