"""The weekly email of a saved search: what was published since the previous one.

Celery beat runs ``send_weekly_digests`` on Mondays (``ecosystem/tasks.py``). Each saved search
remembers up to when it was sent (``last_sent_at``), so running it twice sends nothing twice.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from ncc_portal.siteaddress import site_url as portal_address

from ..library.filters import ResourceFilter
from ..models import Resource, SavedSearch

logger = logging.getLogger(__name__)

# The parameters of a library search that the registry's filter understands as well.
INITIATIVE_PARAMETERS = ("q", "country", "theme")
# An email lists at most this many of each; a link leads to the rest.
SHOWN_PER_KIND = 20
_VECTORS = [f"search_{code}" for code, _name in settings.LANGUAGES]


def send_weekly_digests(now=None):
    """Email every saved search that has news. Returns how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    ids = SavedSearch.objects.filter(owner__is_active=True, sends_emails=True).values_list(
        "pk", flat=True
    )
    for saved_search_id in list(ids):
        try:
            sent += send_digest(saved_search_id, now=now)
        except Exception:
            # One undeliverable address must not keep the other subscribers waiting; the failed
            # search keeps its last_sent_at and is tried again next week.
            logger.exception("Weekly digest of saved search %s failed", saved_search_id)
    return sent


@transaction.atomic
def send_digest(saved_search_id, *, now):
    """Send the digest of one saved search if something new matches it, then remember ``now``.
    The row stays locked while sending, so a second run at the same time waits and then finds
    nothing new."""
    saved = (
        SavedSearch.objects.select_for_update()
        .select_related("owner")
        .filter(pk=saved_search_id)
        .first()
    )
    if saved is None or not saved.sends_emails:
        return 0
    since = saved.last_sent_at or saved.created_at
    if since >= now:
        return 0
    with translation.override(saved.language):
        resources = new_resources(saved.query, since=since, until=now)
        initiatives = new_initiatives(saved.query, since=since, until=now)
        message = None
        if resources or initiatives:
            message = _digest_message(saved, resources, initiatives)
    if message is not None:
        message.send()
    saved.last_sent_at = now
    saved.save(update_fields=["last_sent_at"])
    return 1 if message is not None else 0


def new_resources(query, *, since, until):
    base = Resource.objects.published().filter(published_at__gt=since, published_at__lte=until)
    filterset = ResourceFilter(QueryDict(query), queryset=base)
    if not filterset.is_valid():
        # An invalid value (a theme deleted since) would be ignored and flood the email.
        return []
    return list(filterset.qs.order_by("-published_at", "pk").defer(*_VECTORS))


def new_initiatives(query, *, since, until):
    """Initiatives matching the parts of a library search the registry has as well (words,
    country, theme); the library-only parts (type, audience, …) do not apply to them."""
    data = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in INITIATIVE_PARAMETERS:
        if data.getlist(name):
            kept.setlist(name, data.getlist(name))
    if not kept:
        # A search only by library facets (type, audience …) says nothing about initiatives:
        # listing every new one would be noise.
        return []
    base = Initiative.objects.published().filter(published_at__gt=since, published_at__lte=until)
    filterset = InitiativeFilter(kept, queryset=base)
    if not filterset.is_valid():
        # A value the registry does not know ("transnational") would otherwise be ignored and
        # every new initiative would match.
        return []
    return list(filterset.qs.order_by("-published_at", "pk").defer(*_VECTORS))


def _digest_message(saved, resources, initiatives):
    site_url = portal_address()
    unsubscribe_url = site_url + reverse("personal:unsubscribe", kwargs={"token": saved.token})
    search_url = site_url + reverse("library:resource-list")
    if saved.query:
        search_url += "?" + saved.query
    context = {
        "name": saved.name,
        "site_url": site_url,
        "resources": [
            {"title": r.title, "url": site_url + r.get_absolute_url()}
            for r in resources[:SHOWN_PER_KIND]
        ],
        "more_resources": max(len(resources) - SHOWN_PER_KIND, 0),
        "initiatives": [
            {"title": i.title, "url": site_url + i.get_absolute_url()}
            for i in initiatives[:SHOWN_PER_KIND]
        ],
        "more_initiatives": max(len(initiatives) - SHOWN_PER_KIND, 0),
        "search_url": search_url,
        "searches_url": site_url + reverse("personal:search-index"),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = render_to_string("emails/saved_search_digest_subject.txt", context)
    body = render_to_string("emails/saved_search_digest_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[saved.owner.email],
        # RFC 2369 and RFC 8058: mail programs offer an unsubscribe button that POSTs here.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
