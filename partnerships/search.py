"""The partner list's index: full-text vectors and facet tokens of each partner profile.

Both are derived from the profile, its offers and requests (``ProfileItem``) and its relations,
and are rebuilt by ``update_search_index`` whenever what the list shows of a profile changes
(every service of ``partnerships.profiles.services`` does, and the admin). Which profiles are
listed at all is not in the index: the list and the matching take ``PartnerProfile.objects
.valid()`` (published, not expired), so a profile drops out the day after its ``valid_until``
without a rebuild.

Facet tokens (``"<facet>:<value>"``):

- ``offer:<contribution>`` and ``seeks:<contribution>`` for each offer and request;
- ``sector:<sector>``;
- ``country:<code>`` for each country served;
- ``region:<code>`` for each region served and the NUTS regions that contain it (``DE300``
  also gives ``DE3`` and ``DE30``), as ``initiatives.search`` does;
- ``theme:<pk>``; ``language:<code>`` for each working language.

The search text is the organisation's name, the profile's summary and description, and the short
texts of its offers and requests, in every language they are written in; the reader's (with
fallback to the language the profile was written in) ranks first (see ``ncc_portal.fulltext``).
"""

from ncc_portal import fulltext
from ncc_portal.facets import FacetCache

from .models import Direction, PartnerProfile

# (translated field of the profile, weight).
WEIGHTED_FIELDS = [("summary", "B"), ("description", "C")]
NAME_WEIGHT = "A"
ITEMS_WEIGHT = "B"

# The partner list's cached facet counts: ``changed()`` whenever a listed profile may change.
facet_cache = FacetCache("partnerships")


def profiles_changed():
    """Called by the services whenever what the partner list shows changes."""
    facet_cache.changed()


def facet_tokens(profile):
    """The facet values of ``profile`` as ``"<facet>:<value>"`` strings (see the module's
    docstring). Uses ``profile.items``, ``.themes`` and ``.regions`` (prefetch them)."""
    tokens = {f"sector:{profile.sector}"}
    for item in profile.items.all():
        prefix = "offer" if item.direction == Direction.OFFERS else "seeks"
        tokens.add(f"{prefix}:{item.kind}")
    tokens.update(f"country:{code}" for code in profile.countries or [])
    tokens.update(f"language:{code}" for code in profile.languages or [])
    tokens.update(f"theme:{theme.pk}" for theme in profile.themes.all())
    for region in profile.regions.all():
        code = region.pk
        tokens.update(f"region:{code[:length]}" for length in range(3, len(code) + 1))
    return sorted(tokens)


def _name_and_items(profile):
    """The organisation's name and the short texts of the offers and requests, each in the
    languages it is written in."""
    texts = [fulltext.Text(profile.organisation.name, NAME_WEIGHT, None, "organisation")]
    for item in profile.items.all():
        for code in fulltext.LANGUAGES:
            text = getattr(item, f"text_{code}", "")
            if text:
                texts.append(fulltext.Text(text, ITEMS_WEIGHT, code, "items"))
    return texts


index = fulltext.SearchIndex(
    "partners",
    "partnerships.PartnerProfile",
    WEIGHTED_FIELDS,
    original_field="original_language",
    extra=_name_and_items,
    select_related=["organisation"],
    prefetch_related=["items"],
    # A profile's row is headed by its organisation's name; its summary gives the snippet.
    heading="organisation",
)


def update_search_index(queryset, batch_size=500):
    """Rebuild the facet tokens and the full-text index of ``queryset``'s profiles. Returns how
    many profiles were indexed."""
    ids = list(queryset.order_by().values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = PartnerProfile.objects.filter(pk__in=ids[start : start + batch_size])
        profiles = list(
            batch.only("pk", "sector", "countries", "languages").prefetch_related(
                "items", "themes", "regions"
            )
        )
        for profile in profiles:
            profile.facet_tokens = facet_tokens(profile)
        PartnerProfile.objects.bulk_update(profiles, ["facet_tokens"])
    index.update(ids=ids)
    return len(ids)


def search(queryset, text, language):
    """``queryset`` narrowed to the profiles matching ``text``, annotated with ``rank``."""
    return fulltext.search(queryset, text, language, index)
