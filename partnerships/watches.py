"""Watches: a saved partner-list search, or the suggestions for one of a person's initiatives
or for their organisation's partner profile, with a weekly email of what is new.

It follows the library's saved searches (``ecosystem.personal``): the email can be switched off
and on, every email carries a one-click unsubscribe link (RFC 8058), and each watch remembers
up to when it was sent (``last_sent_at``), so that running the digest twice sends nothing twice.
Celery beat runs ``send_weekly_digests`` (``partnerships/tasks.py``).

What is new: profiles published since the last email that match the search (kind
``profiles``); suggested profiles, or suggested initiatives, published since then (the
other kinds)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ncc_portal.parts import DataExportSection
from ncc_portal.siteaddress import site_url as portal_address

from . import matching
from .filters import PartnerFilter, listed_profiles
from .models import ProfileStatus, Watch, WatchKind

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = Watch._meta.get_field("query").max_length
# An email lists at most this many; a link leads to the rest.
SHOWN = 20
# How many suggestions are looked through for new ones.
SUGGESTIONS_LOOKED_AT = 50
# Parts of the partner list's address that are not part of a search.
_NOT_PART_OF_A_SEARCH = ("page", "sort")


def normalise_query(query):
    """The query string of a partner-list search without paging, in a stable order."""
    data = QueryDict(query.lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in sorted(data):
        if name in _NOT_PART_OF_A_SEARCH:
            continue
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _is_member(user, organisation):
    return organisation.memberships.filter(user=user).exists()


@transaction.atomic
def create_watch(*, owner, kind, language, name="", query="", initiative=None, profile=None):
    """Watch a partner-list search, or the suggestions for one of ``owner``'s initiatives or
    their organisation's profile: from now on a weekly email lists what is new for it."""
    if kind == WatchKind.PROFILES:
        query = normalise_query(query)
        if len(query) > MAX_QUERY_LENGTH:
            raise ValidationError(_("This search is too long to be saved."))
        initiative = profile = None
        default_name = _("Partner search")
    elif kind == WatchKind.FOR_INITIATIVE:
        if initiative is None:
            raise ValidationError(_("Choose one of your initiatives."))
        if not _is_member(owner, initiative.organisation):
            raise PermissionDenied
        query, profile = "", None
        default_name = _("Partners for %(title)s") % {"title": initiative.title}
    elif kind == WatchKind.FOR_PROFILE:
        if profile is None:
            raise ValidationError(_("Choose your organisation's partner profile."))
        if not _is_member(owner, profile.organisation):
            raise PermissionDenied
        query, initiative = "", None
        default_name = _("Initiatives for %(name)s") % {"name": profile.organisation.name}
    else:
        raise ValidationError(_("Unknown kind of alert."))
    return Watch.objects.create(
        owner=owner,
        kind=kind,
        name=(name.strip() or default_name)[:120],
        query=query,
        initiative=initiative,
        profile=profile,
        language=language,
    )


@transaction.atomic
def delete_watch(*, watch):
    watch.delete()


@transaction.atomic
def set_watch_emails(*, watch, enabled):
    """Switch the weekly email on or off. Switched on again, it reports only what is new from
    now on, not what appeared while it was off."""
    if enabled and not watch.sends_emails:
        watch.last_sent_at = timezone.now()
    watch.sends_emails = enabled
    watch.save(update_fields=["sends_emails", "last_sent_at"])


def watch_for_token(token):
    return Watch.objects.filter(token=token).first() if token else None


@transaction.atomic
def unsubscribe(*, token):
    """Stop the weekly email of the watch with ``token``; the watch stays, so its owner can
    switch it on again. Returns the watch, or None when it is gone. Twice is fine."""
    watch = watch_for_token(token)
    if watch is not None and watch.sends_emails:
        watch.sends_emails = False
        watch.save(update_fields=["sends_emails"])
    return watch


# --- What is new ---------------------------------------------------------------------------------


def new_profiles(query, *, since, until):
    """Valid profiles first published in (since, until] that match the partner-list search."""
    base = listed_profiles().filter(published_at__gt=since, published_at__lte=until)
    filterset = PartnerFilter(QueryDict(query), queryset=base)
    if not filterset.is_valid():
        # An invalid value (a theme deleted since) would be ignored and flood the email.
        return []
    return list(
        filterset.qs.without_search_vectors()
        .select_related("organisation")
        .order_by("-published_at", "pk")
    )


def _published_between(moment, since, until):
    return moment is not None and since < moment <= until


def new_items(watch, *, since, until):
    """What is new for ``watch`` as (title, url path, reasons) triples, newest first."""
    if watch.kind == WatchKind.PROFILES:
        return [
            (str(p), p.get_absolute_url(), "")
            for p in new_profiles(watch.query, since=since, until=until)
        ]
    if watch.kind == WatchKind.FOR_INITIATIVE:
        initiative = watch.initiative
        if initiative is None or initiative.status != "published":
            return []
        suggestions = matching.suggest_partners(initiative, limit=SUGGESTIONS_LOOKED_AT)
        return [
            (str(s.profile), s.profile.get_absolute_url(), s.explanation)
            for s in suggestions
            if _published_between(s.profile.published_at, since, until)
        ]
    if watch.kind == WatchKind.FOR_PROFILE:
        profile = watch.profile
        if profile is None or profile.status != ProfileStatus.PUBLISHED:
            return []
        suggestions = matching.suggest_initiatives(profile, limit=SUGGESTIONS_LOOKED_AT)
        return [
            (str(s.initiative.title), s.initiative.get_absolute_url(), s.explanation)
            for s in suggestions
            if _published_between(s.initiative.published_at, since, until)
        ]
    return []


# --- The weekly email ----------------------------------------------------------------------------


def send_weekly_digests(now=None):
    """Email every watch that has news. Returns how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    ids = Watch.objects.filter(owner__is_active=True, sends_emails=True).values_list(
        "pk", flat=True
    )
    for watch_id in list(ids):
        try:
            sent += send_digest(watch_id, now=now)
        except Exception:
            # One undeliverable address must not keep the others waiting; the failed watch
            # keeps its last_sent_at and is tried again next week.
            logger.exception("Weekly digest of partner watch %s failed", watch_id)
    return sent


@transaction.atomic
def send_digest(watch_id, *, now):
    """Send the digest of one watch if something new matches it, then remember ``now``. The
    row stays locked while sending, so a second run at the same time waits and then finds
    nothing new."""
    watch = (
        Watch.objects.select_for_update(of=("self",))
        .select_related("owner", "initiative", "profile", "profile__organisation")
        .filter(pk=watch_id)
        .first()
    )
    if watch is None or not watch.sends_emails:
        return 0
    since = watch.last_sent_at or watch.created_at
    if since >= now:
        return 0
    with translation.override(watch.language):
        items = new_items(watch, since=since, until=now)
        message = _digest_message(watch, items) if items else None
    if message is not None:
        message.send()
    watch.last_sent_at = now
    watch.save(update_fields=["last_sent_at"])
    return 1 if message is not None else 0


def _reverse_or_empty(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _digest_message(watch, items):
    site_url = portal_address()
    unsubscribe_url = site_url + reverse("partnerships:watch-unsubscribe", args=[watch.token])
    list_path = _reverse_or_empty("partnerships:profile-list")
    search_url = ""
    if watch.kind == WatchKind.PROFILES and list_path:
        search_url = site_url + list_path + (f"?{watch.query}" if watch.query else "")
    context = {
        "name": watch.name,
        "kind": watch.kind,
        "site_url": site_url,
        "items": [
            {"title": title, "url": site_url + path, "reasons": reasons}
            for title, path, reasons in items[:SHOWN]
        ],
        "more": max(len(items) - SHOWN, 0),
        "search_url": search_url,
        "watches_url": site_url + reverse("partnerships:watch-list"),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = render_to_string("emails/partner_watch_digest_subject.txt", context)
    body = render_to_string("emails/partner_watch_digest_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[watch.owner.email],
        # RFC 2369 and RFC 8058: mail programs offer an unsubscribe button that POSTs here.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Personal data -------------------------------------------------------------------------------


def export_personal_data(user):
    return {
        "partner_watches": [
            {
                "name": watch.name,
                "kind": watch.kind,
                "query": watch.query,
                "initiative": watch.initiative.slug if watch.initiative else None,
                "profile": watch.profile.slug if watch.profile else None,
                "language": watch.language,
                "weekly_email": watch.sends_emails,
                "created_at": watch.created_at.isoformat(),
                "last_sent_at": watch.last_sent_at.isoformat() if watch.last_sent_at else None,
            }
            for watch in user.partner_watches.select_related("initiative", "profile")
        ]
    }


# The watches go with the account (a foreign key with CASCADE): nothing more to erase.
DATA_EXPORT = DataExportSection("partnerships.watches", export=export_personal_data, order=44)
