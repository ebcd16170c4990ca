"""The knowledge base's part of a user's data export (GDPR Art. 15 and 20).

Deleting the account deletes the lists, bookmarks and saved searches through their foreign keys.
"""

from django.conf import settings
from django.db.models import Prefetch

from ..models import Bookmark

_VECTORS = [f"search_{code}" for code, _name in settings.LANGUAGES]


def export_personal_data(user):
    """The user's personal lists with their bookmarks and saved searches, as a JSON-ready dict
    (datetimes are left to the encoder, as in ``ncc_portal.services.export_personal_data``)."""
    bookmarks = Bookmark.objects.select_related("resource", "case_study").defer(
        *[f"resource__{v}" for v in _VECTORS], *[f"case_study__{v}" for v in _VECTORS]
    )
    lists = user.bookmark_lists.prefetch_related(Prefetch("bookmarks", queryset=bookmarks))
    return {
        "bookmark_lists": [
            {
                "title": bookmark_list.title,
                "created_at": bookmark_list.created_at,
                "bookmarks": [_bookmark(b) for b in bookmark_list.bookmarks.all()],
            }
            for bookmark_list in lists
        ],
        "saved_searches": [
            {
                "name": saved.name,
                "query": saved.query,
                "language": saved.language,
                "created_at": saved.created_at,
                "sends_emails": saved.sends_emails,
                "last_sent_at": saved.last_sent_at,
            }
            for saved in user.saved_searches.all()
        ],
    }


def _bookmark(bookmark):
    target = bookmark.resource or bookmark.case_study
    return {
        "kind": "resource" if bookmark.resource_id else "case_study",
        "slug": target.slug,
        "title": target.title,
        "created_at": bookmark.created_at,
    }
