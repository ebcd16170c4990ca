"""A user's own things in the knowledge base: personal lists of bookmarks and saved searches.

These are private to their owner and have no workflow, so nothing here records history or
notifies anyone; the weekly digest of saved searches lives in ``digests.py`` next to this module.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Bookmark, BookmarkList, SavedSearch

# Parameters of a library address that do not describe the search itself.
_NOT_PART_OF_A_SEARCH = {"page", "csrfmiddlewaretoken"}
MAX_QUERY_LENGTH = SavedSearch._meta.get_field("query").max_length


@transaction.atomic
def create_list(*, owner, title):
    return BookmarkList.objects.create(owner=owner, title=title.strip())


@transaction.atomic
def rename_list(*, bookmark_list, title):
    bookmark_list.title = title.strip()
    bookmark_list.save(update_fields=["title"])
    return bookmark_list


@transaction.atomic
def delete_list(*, bookmark_list):
    """Delete a list with its bookmarks (the bookmarked resources and case studies stay)."""
    bookmark_list.delete()


def default_list(owner):
    """The list a bookmark goes to when none is chosen: the owner's oldest, created on the
    first bookmark and named in the language the owner uses at that moment."""
    bookmark_list = owner.bookmark_lists.order_by("created_at", "pk").first()
    if bookmark_list is None:
        bookmark_list = BookmarkList.objects.create(owner=owner, title=_("My bookmarks"))
    return bookmark_list


@transaction.atomic
def add_bookmark(*, owner, resource=None, case_study=None, bookmark_list=None):
    """Bookmark a resource or a case study (exactly one) in ``bookmark_list`` or the owner's
    default list. Bookmarking the same thing twice in a list keeps the first bookmark."""
    if (resource is None) == (case_study is None):
        raise ValueError("Bookmark either a resource or a case study.")
    if bookmark_list is None:
        bookmark_list = default_list(owner)
    elif bookmark_list.owner_id != owner.pk:
        raise PermissionDenied
    # Lock the list so that two quick clicks do not add the same bookmark twice.
    BookmarkList.objects.select_for_update().filter(pk=bookmark_list.pk).first()
    bookmark, _created = Bookmark.objects.get_or_create(
        bookmark_list=bookmark_list, resource=resource, case_study=case_study
    )
    return bookmark


@transaction.atomic
def remove_bookmark(*, bookmark):
    bookmark.delete()


def normalise_query(query):
    """The query string of a library search without paging, in a stable order."""
    data = QueryDict(query.lstrip("?"), mutable=True)
    for name in _NOT_PART_OF_A_SEARCH:
        data.pop(name, None)
    kept = QueryDict(mutable=True)
    for name in sorted(data):
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


@transaction.atomic
def save_search(*, owner, name, query, language):
    """Follow a library search: from now on a weekly email lists what is new for it."""
    query = normalise_query(query)
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(_("This search is too long to be saved."))
    return SavedSearch.objects.create(
        owner=owner, name=name.strip() or _("My search"), query=query, language=language
    )


@transaction.atomic
def delete_saved_search(*, saved_search):
    saved_search.delete()


def saved_search_for_token(token):
    """The saved search an email's unsubscribe link names, or ``None`` when it is gone."""
    return SavedSearch.objects.filter(token=token).first() if token else None


@transaction.atomic
def unsubscribe(*, token):
    """Stop the weekly email of the saved search with ``token``; the search itself stays, so its
    owner can restart the emails. Returns the search, or ``None`` when it is gone. Unsubscribing
    twice is fine."""
    saved_search = saved_search_for_token(token)
    if saved_search is not None and saved_search.sends_emails:
        saved_search.sends_emails = False
        saved_search.save(update_fields=["sends_emails"])
    return saved_search


@transaction.atomic
def set_search_emails(*, saved_search, enabled):
    """Switch the weekly email of a saved search on or off. Switched on again, it reports only
    what is new from now on, not what appeared while it was off."""
    if enabled and not saved_search.sends_emails:
        saved_search.last_sent_at = timezone.now()
    saved_search.sends_emails = enabled
    saved_search.save(update_fields=["sends_emails", "last_sent_at"])
