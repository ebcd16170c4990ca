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
texts of its offers and requests, each in the reader's language with fallback (see
``ncc_portal.fulltext``; the summary and description fall back to the language the profile was
written in first).
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db.models import Exists, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from ncc_portal import fulltext
from ncc_portal.facets import FacetCache
from ncc_portal.fulltext import SEARCH_CONFIGS, is_postgres, shown_text  # noqa: F401
from ncc_portal.models import Organisation

from .models import Direction, PartnerProfile, ProfileItem

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


def _items_text(language):
    """The short texts of a profile's offers and requests as a reader of ``language`` sees
    them, joined (a subquery on the profile's row)."""
    texts = (
        ProfileItem.objects.filter(profile=OuterRef("pk"))
        .order_by()
        .values("profile")
        .annotate(joined=StringAgg(shown_text("text", language), delimiter=" "))
        .values("joined")
    )
    return Coalesce(Subquery(texts, output_field=TextField()), Value(""), output_field=TextField())


def _organisation_name():
    names = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")
    return Coalesce(Subquery(names, output_field=TextField()), Value(""), output_field=TextField())


def vectors():
    """``{"search_<lang>": vector}`` for ``PartnerProfile.objects.update`` (PostgreSQL)."""
    result = {}
    for language, config in SEARCH_CONFIGS.items():
        vector = SearchVector(_organisation_name(), config=config, weight=NAME_WEIGHT)
        for field, weight in WEIGHTED_FIELDS:
            shown = shown_text(field, language, "original_language")
            vector = vector + SearchVector(shown, config=config, weight=weight)
        vector = vector + SearchVector(_items_text(language), config=config, weight=ITEMS_WEIGHT)
        result[f"search_{language}"] = vector
    return result


def update_search_index(queryset, batch_size=500):
    """Rebuild the facet tokens and the search vectors (PostgreSQL) of ``queryset``'s profiles.
    Returns how many profiles were indexed."""
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
        if is_postgres():
            batch.update(**vectors())
    return len(ids)


def search(queryset, text, language):
    """``queryset`` narrowed to the profiles matching ``text`` in ``language``; on PostgreSQL
    annotated with ``rank``. On SQLite every word must occur, case-insensitively, in the name,
    the shown summary or description, or the text of an offer or request."""
    text = (text or "").strip()
    if not text:
        return queryset
    if is_postgres():
        return fulltext.search(queryset, text, language, fields=[], original_field=None)
    fields = [field for field, _weight in WEIGHTED_FIELDS]
    condition = Q()
    for word in text.split():
        matches = Q(organisation__name__icontains=word)
        for field in fields:
            matches |= Q(**{f"_shown_{field}__icontains": word})
        item_matches = Q()
        for code in SEARCH_CONFIGS:
            item_matches |= Q(**{f"text_{code}__icontains": word})
        matches |= Q(
            Exists(ProfileItem.objects.filter(item_matches, profile=OuterRef("pk")).values("pk"))
        )
        condition &= matches
    return queryset.annotate(
        **{f"_shown_{field}": shown_text(field, language, "original_language") for field in fields}
    ).filter(condition)
