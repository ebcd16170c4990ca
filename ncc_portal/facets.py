"""What the faceted lists (the registry, the library) share."""

import hashlib


def filters_digest(data, *extra):
    """A short, stable digest of a list's filter values (paging and sorting aside) and of
    ``extra``, for the cache keys of its facet counts. ``data``: a QueryDict or a dict."""
    if hasattr(data, "getlist"):
        values = (
            (key, value)
            for key in data
            if key not in {"page", "sort"}
            for value in data.getlist(key)
        )
    else:
        values = ((key, value) for key, value in data.items() if key not in {"page", "sort"})
    relevant = sorted((key, str(value)) for key, value in values if value)
    return hashlib.sha1(repr((relevant, *extra)).encode()).hexdigest()
