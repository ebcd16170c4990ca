"""The national centre this deployment serves (``NCC_COUNTRY``), cached between requests."""

from django.conf import settings
from django.core.cache import cache

from .models import NationalCentre

_CACHE_KEY = "ncc:deployment-centre"


def deployment_centre():
    """The centre named by ``NCC_COUNTRY``, or None when the portal serves the whole alliance."""
    if not settings.NCC_COUNTRY:
        return None
    centre = cache.get(_CACHE_KEY)
    if centre is None:
        centre = NationalCentre.objects.filter(country=settings.NCC_COUNTRY).first()
        if centre is not None:
            cache.set(_CACHE_KEY, centre, 300)
    return centre


def forget_deployment_centre(**kwargs):
    cache.delete(_CACHE_KEY)
