"""The national centre this deployment serves (``NCC_COUNTRY``), cached between requests."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

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


def portal_name():
    """The portal's name in the active language: its centre's, or the alliance's."""
    centre = deployment_centre()
    return centre.name if centre else _("European Social Innovation Alliance")


def forget_deployment_centre(**kwargs):
    cache.delete(_CACHE_KEY)
