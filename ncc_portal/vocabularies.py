"""The reference vocabularies (themes, SDGs, target groups, NUTS regions) as plain lists in the
active language, for pages that show many of their labels (the registry's facets and cards).

They change only when the reference data is reloaded or edited in the admin, so they are
cached per language until then (``vocabularies_changed``, connected to their models' signals)."""

from django.core.cache import cache
from django.utils.translation import get_language

from .models import Region, SustainableDevelopmentGoal, TargetGroup, Theme

_VERSION_KEY = "vocabularies:version"


def vocabularies_changed(**_signal_kwargs):
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def labels():
    """{"themes": [(pk, slug, name)], "sdgs": [(number, "4. Quality education")],
    "target_groups": [(pk, slug, name)], "regions": [(code, name, level, country)],
    "region_names": {code: name}} in the active language; "regions" are those of NUTS levels 1
    and 2, by code, "region_names" all of them."""
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    key = f"vocabularies:{version}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = {
            "themes": [(t.pk, t.slug, t.name) for t in Theme.objects.all()],
            "sdgs": [(g.number, str(g)) for g in SustainableDevelopmentGoal.objects.all()],
            "target_groups": [(g.pk, g.slug, g.name) for g in TargetGroup.objects.all()],
            "regions": [],
            "region_names": {},
        }
        regions = Region.objects.order_by("code").values_list("code", "name", "level", "country")
        for code, name, level, country in regions:
            found["region_names"][code] = name
            if level in (1, 2):
                found["regions"].append((code, name, level, country))
        cache.set(key, found, None)
    return found
