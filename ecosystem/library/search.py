"""The library's search index: the full-text index of titles (A), abstracts (B) and the text
extracted from the files (C, each in its file's language), every language of a resource
searchable (see ``ncc_portal.fulltext``), and each resource's facet tokens, which the list counts
its facets by (``ncc_portal.facets``). ``update_search_index`` runs whenever a resource or one of
its files changes; ``facet_cache.changed()`` whenever the published library does."""

from django.db.models import Prefetch

from ncc_portal import fulltext
from ncc_portal.facets import FacetCache

from ..models import AccessLevel, Resource, ResourceFile

# The country facet's value of a resource that is about no one country.
TRANSNATIONAL = "transnational"

# After each change a worker builds the published list's facet index (ncc_portal.facets).
facet_cache = FacetCache(
    "library",
    warm=lambda: [Resource.objects.published()],
    order=("-year", "-published_at", "-pk"),
)

# The files' text in the index, at most (the index of one resource stays well under 1 MB).
MAX_TEXT_PER_RESOURCE = 400_000


def _files(resource):
    """The text of the files: searchable whatever the access level (the list shows a
    restricted resource's metadata to everyone), but shown in a snippet only when public."""
    texts, length = [], 0
    private = resource.access_level != AccessLevel.PUBLIC
    for resource_file in resource.files.all():
        text = resource_file.extracted_text[: max(0, MAX_TEXT_PER_RESOURCE - length)]
        if text:
            texts.append(fulltext.Text(text, "C", resource_file.language, "files", private=private))
            length += len(text)
    return texts


index = fulltext.SearchIndex(
    "library",
    "ecosystem.Resource",
    [("title", "A"), ("abstract", "B")],
    extra=_files,
    prefetch_related=["files"],
)


def facet_tokens(resource):
    """The facet values of ``resource`` as ``"<facet>:<value>"`` strings (themes and audiences
    by primary key, which stays put when a slug changes)."""
    tokens = {
        f"type:{resource.type}",
        f"country:{resource.country or TRANSNATIONAL}",
        f"year:{resource.year}",
        f"access_level:{resource.access_level}",
    }
    tokens.update(f"theme:{theme.pk}" for theme in resource.themes.all())
    tokens.update(f"audience:{audience.pk}" for audience in resource.audiences.all())
    tokens.update(f"file_language:{each.language}" for each in resource.files.all())
    return sorted(tokens)


def update_facet_tokens(resource_ids, batch_size=500):
    resource_ids = list(resource_ids)
    for start in range(0, len(resource_ids), batch_size):
        resources = list(
            Resource.objects.filter(pk__in=resource_ids[start : start + batch_size])
            .only("pk", "type", "country", "year", "access_level")
            .prefetch_related(
                "themes",
                "audiences",
                Prefetch("files", ResourceFile.objects.only("pk", "resource_id", "language")),
            )
        )
        for resource in resources:
            resource.facet_tokens = facet_tokens(resource)
        Resource.objects.bulk_update(resources, ["facet_tokens"])


def update_search_index(resource_ids):
    """Re-index these resources: facet tokens and full text."""
    resource_ids = list(resource_ids)
    update_facet_tokens(resource_ids)
    return index.update(ids=resource_ids)


def _rebuild_facet_tokens():
    """``rebuild_search_index`` repairs the facet tokens too; the cached counts expire."""
    update_facet_tokens(Resource.objects.order_by("pk").values_list("pk", flat=True))
    facet_cache.changed()


index.after_rebuild = _rebuild_facet_tokens


def search_resources(queryset, text, language):
    return fulltext.search(queryset, text, language, index)
