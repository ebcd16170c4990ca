"""The registry's search index: full-text vectors and facet tokens of each initiative.

Both are derived from the initiative and its relations and are rebuilt, by
``update_search_index``, whenever what the public sees of an initiative changes (publication,
approved changes, admin edits). Full-text search itself is shared with the other searchable
lists: see ``ncc_portal.fulltext``. The index holds every language of an initiative and its
organisation's name.
"""

from ncc_portal import fulltext

# (field, weight): the title matters most, the description least.
WEIGHTED_FIELDS = [("title", "A"), ("summary", "B"), ("description", "C")]


def _organisation(initiative):
    if initiative.organisation_id is None:
        return []
    return [fulltext.Text(initiative.organisation.name, "B", None, "organisation")]


index = fulltext.SearchIndex(
    "initiatives",
    "initiatives.Initiative",
    WEIGHTED_FIELDS,
    original_field="original_language",
    extra=_organisation,
    select_related=["organisation"],
)


def _yes_no(flag):
    return "yes" if flag else "no"


# The "source" facet's value of this portal's own initiatives; a harvested record's is its
# peer portal's slug.
HERE = "here"


def facet_tokens(initiative, source=HERE):
    """The facet values of ``initiative`` as ``"<facet>:<value>"`` strings, the form in which
    ``initiatives.filters`` counts them. A region stands for itself and the NUTS regions that
    contain it (``DE300`` also gives ``DE3`` and ``DE30``), as the region filter does.
    ``source``: where the initiative comes from (``HERE`` or a peer portal's slug)."""
    tokens = {
        f"source:{source}",
        f"country:{initiative.country}",
        f"stage:{initiative.stage}",
        f"replication:{_yes_no(initiative.open_for_replication)}",
        f"partners:{_yes_no(initiative.seeking_partners)}",
    }
    tokens.update(f"need:{code}" for code in initiative.partner_needs)
    tokens.update(f"theme:{theme.pk}" for theme in initiative.themes.all())
    tokens.update(f"sdg:{goal.pk}" for goal in initiative.sdgs.all())
    tokens.update(f"target_group:{group.pk}" for group in initiative.target_groups.all())
    tokens.update(f"funding:{funding.kind}" for funding in initiative.funding.all())
    for region in initiative.regions.all():
        code = region.pk
        tokens.update(f"region:{code[:length]}" for length in range(3, len(code) + 1))
    return sorted(tokens)


def update_search_index(queryset, batch_size=500, *, text=True):
    """Rebuild the full-text index and the facet tokens of ``queryset``'s initiatives
    (``text=False``: the facet tokens alone). Returns how many initiatives were indexed."""
    from .models import Initiative, PeerRecord

    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = Initiative.objects.filter(pk__in=ids[start : start + batch_size])
        sources = dict(
            PeerRecord.objects.filter(initiative__in=batch).values_list(
                "initiative_id", "portal__slug"
            )
        )
        initiatives = list(
            batch.only(
                "pk",
                "country",
                "stage",
                "open_for_replication",
                "seeking_partners",
                "partner_needs",
            ).prefetch_related("themes", "sdgs", "target_groups", "funding", "regions")
        )
        for initiative in initiatives:
            initiative.facet_tokens = facet_tokens(initiative, sources.get(initiative.pk, HERE))
        Initiative.objects.bulk_update(initiatives, ["facet_tokens"])
    if text:
        index.update(ids=ids)
    return len(ids)


def search(queryset, text, language):
    return fulltext.search(queryset, text, language, index)
