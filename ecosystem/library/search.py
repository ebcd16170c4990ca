"""The library's full-text index: titles (A), abstracts (B) and the text extracted from the
files (C, each in its file's language), every language of a resource searchable (see
``ncc_portal.fulltext``). ``update_search_index`` runs whenever a resource or one of its files
changes."""

from ncc_portal import fulltext

from ..models import AccessLevel

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


def update_search_index(resource_ids):
    """Re-index these resources."""
    return index.update(ids=resource_ids)


def search_resources(queryset, text, language):
    return fulltext.search(queryset, text, language, index)
