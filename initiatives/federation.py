"""Federation between the national centres' portals: each portal harvests, through a peer
portal's public API, the peer's published initiatives that are open for replication, and keeps
them as read-only records (``Initiative`` rows with the status ``harvested`` and a
``PeerRecord`` of where they come from).

A harvest walks the peer's list ``/api/v1/initiatives/?replication=yes`` page by page. Each
page is asked for with the ETag and Last-Modified the peer gave the last time, so an unchanged
page costs a 304 and no writing. A record the peer no longer lists (withdrawn, archived, no
longer open for replication) is taken out of the lists here in the same harvest; it stays
archived, so that a scouting card that refers to it keeps its history, and comes back if the
peer lists it again.

A peer that does not answer, or answers with something that is not its API, is retried with
back-off (the harvest interval, doubled after each failure, at most a day); its records stay as
they were and the peers' status page shows them as stale. Nothing a visitor asks for waits on a
peer: harvests run in the Celery worker (``initiatives.harvest_peers``, every few minutes, for
the peers that are due).
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ncc_portal.choices import Contribution
from ncc_portal.models import (
    Country,
    Language,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)
from ncc_portal.richtext import sanitise
from ncc_portal.services import unique_slug
from ncc_portal.siteaddress import site_url

from . import search
from .filters import peers_changed, registry_changed
from .models import (
    TRANSLATED_FIELDS,
    CostRange,
    Evidence,
    Funding,
    FundingKind,
    Initiative,
    Licence,
    PeerPortal,
    PeerRecord,
    Stage,
    Status,
)

logger = logging.getLogger(__name__)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGE_SIZE = 100
# A list longer than this many pages is not a registry but a loop.
MAX_PAGES = 500
MAX_BODY_BYTES = 20 * 1024 * 1024
MAX_BACKOFF = timedelta(days=1)
# The longest a harvest may hold its portal's lock (a worker killed meanwhile leaves it).
HARVEST_LOCK_SECONDS = 30 * 60
LIST_PATH = "/api/v1/initiatives/"


class HarvestError(Exception):
    """The peer's answer cannot be harvested; the message says why (shown to coordinators)."""


@dataclass
class HarvestResult:
    ok: bool
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged_pages: int = 0
    skipped: list = field(default_factory=list)
    error: str = ""


def interval():
    return timedelta(seconds=settings.PEER_HARVEST_INTERVAL)


def is_stale(portal, now=None):
    """Whether the records of ``portal`` may be out of date: no successful harvest within
    three intervals."""
    now = now or timezone.now()
    return portal.last_success_at is None or portal.last_success_at < now - 3 * interval()


def first_page_url(portal):
    query = f"?replication=yes&translations=all&page_size={PAGE_SIZE}"
    return portal.base_url.rstrip("/") + LIST_PATH + query


def _same_origin(url, base):
    one, other = urlsplit(url), urlsplit(base)
    return (one.scheme, one.netloc) == (other.scheme, other.netloc)


def fetch(url, *, etag="", last_modified=""):
    """GET ``url`` as JSON: (status, headers, data); status 304 gives data None."""
    headers = {
        "Accept": "application/json",
        "Accept-Language": settings.LANGUAGE_CODE,
        "User-Agent": "NCC-Portal-harvester/1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=settings.PEER_HARVEST_TIMEOUT) as answer:
            body = answer.read(MAX_BODY_BYTES + 1)
            status, answer_headers = answer.status, answer.headers
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, error.headers, None
        raise HarvestError(
            _("The peer portal answered %(url)s with HTTP %(status)s.")
            % {"url": url, "status": error.code}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise HarvestError(
            _("The peer portal could not be reached (%(reason)s).") % {"reason": reason}
        ) from error
    if len(body) > MAX_BODY_BYTES:
        raise HarvestError(_("The peer portal's answer is too large."))
    try:
        data = json.loads(body)
    except ValueError as error:
        raise HarvestError(_("The peer portal's answer is not JSON.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise HarvestError(_("The peer portal's answer is not a list of initiatives."))
    return status, answer_headers, data


def harvest_due_peers(now=None):
    """Harvest every active peer whose next attempt is due; returns {slug: HarvestResult} of
    those harvested (not those another harvest is busy with)."""
    now = now or timezone.now()
    due = PeerPortal.objects.filter(active=True).exclude(next_attempt_at__gt=now)
    results = {portal.slug: harvest_peer(portal, now=now) for portal in due}
    return {slug: result for slug, result in results.items() if result is not None}


def harvest_peer(portal, now=None):
    """Harvest ``portal`` once: store what it lists, archive what it no longer lists, and
    note the outcome (and on failure the next attempt, with back-off) on the portal. None when
    another harvest of the portal is under way (the beat's and a coordinator's "harvest now")."""
    lock = f"initiatives:harvesting:{portal.pk}"
    if not cache.add(lock, True, HARVEST_LOCK_SECONDS):
        return None
    try:
        return _harvest(portal, now or timezone.now())
    finally:
        cache.delete(lock)


def _harvest(portal, now):
    result = HarvestResult(ok=True)
    pages = {}
    seen = []
    try:
        url = first_page_url(portal)
        for _number in range(MAX_PAGES):
            known = portal.pages.get(url) or {}
            status, headers, data = fetch(
                url, etag=known.get("etag", ""), last_modified=known.get("last_modified", "")
            )
            if status == 304 and known:
                ids, next_url = known["ids"], known.get("next")
                result.unchanged_pages += 1
            else:
                if data is None:
                    raise HarvestError(_("The peer portal answered 304 to a first request."))
                ids = _store_page(portal, data["results"], now, result)
                next_url = data.get("next")
            if next_url:
                next_url = urljoin(url, next_url)
                if not _same_origin(next_url, portal.base_url):
                    raise HarvestError(_("The peer portal's next page lies on another site."))
            pages[url] = {
                "etag": headers.get("ETag", ""),
                "last_modified": headers.get("Last-Modified", ""),
                "ids": ids,
                "next": next_url,
            }
            seen.extend(ids)
            if not next_url:
                break
            url = next_url
        else:
            raise HarvestError(_("The peer portal's list does not end."))
    except HarvestError as error:
        return _failed(portal, now, str(error))
    result.removed = _archive_unlisted(portal, seen)
    PeerRecord.objects.filter(portal=portal, source_id__in=seen).update(last_seen_at=now)
    portal.pages = pages
    portal.last_attempt_at = portal.last_success_at = now
    portal.next_attempt_at = now + interval()
    portal.failures = 0
    portal.last_error = "; ".join(result.skipped[:5])
    portal.save()
    if result.created or result.updated or result.removed:
        registry_changed()
    return result


def _failed(portal, now, message):
    logger.warning("Harvesting %s failed: %s", portal.base_url, message)
    failures = portal.failures + 1
    PeerPortal.objects.filter(pk=portal.pk).update(
        failures=failures,
        last_attempt_at=now,
        last_error=message,
        next_attempt_at=now + min(interval() * 2 ** (failures - 1), MAX_BACKOFF),
    )
    portal.refresh_from_db()
    return HarvestResult(ok=False, error=message)


def _archive_unlisted(portal, seen):
    gone = Initiative.objects.filter(peer_record__portal=portal, status=Status.HARVESTED).exclude(
        peer_record__source_id__in=seen
    )
    return gone.update(status=Status.ARCHIVED)


# --- Reading one record ---------------------------------------------------------------------


class _Vocabularies:
    """The vocabularies a page of records is mapped onto, read once per page."""

    def __init__(self, items):
        codes = {code for item in items for code in _strings(item.get("regions"))}
        self.regions = set(Region.objects.filter(pk__in=codes).values_list("pk", flat=True))
        self.themes = dict(Theme.objects.values_list("slug", "pk"))
        self.target_groups = dict(TargetGroup.objects.values_list("slug", "pk"))
        self.sdgs = set(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))


def _strings(value):
    return [str(item) for item in value] if isinstance(value, list) else []


def _choice(value, choices, default=""):
    return value if value in choices.values else default


def _text(item, name, language, limit=None):
    """The peer's text of field ``name`` in ``language`` (from ``?translations=all``, as a
    ``translations`` object or as ``<name>_<code>`` fields)."""
    translations = item.get("translations")
    if isinstance(translations, dict) and isinstance(translations.get(name), dict):
        value = translations[name].get(language)
    else:
        value = item.get(f"{name}_{language}")
    value = value if isinstance(value, str) else ""
    return value[:limit] if limit else value


def _web_address(value, limit=500):
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value[:limit]
    return ""


def _moment(value):
    return parse_datetime(value) if isinstance(value, str) else None


def _fields(portal, item, vocabularies):
    """The initiative's fields from a peer's API record, or a reason why it cannot be kept."""
    source_id = item.get("slug")
    if not isinstance(source_id, str) or not source_id:
        return None, _("a record without a slug")
    source_url = _web_address(item.get("url"))
    if not source_url:
        return None, _("%(slug)s has no page address") % {"slug": source_id}
    if item.get("country") not in Country.values:
        return None, _("%(slug)s has an unknown country") % {"slug": source_id}
    if item.get("stage") not in Stage.values:
        return None, _("%(slug)s has an unknown stage") % {"slug": source_id}
    texts = {}
    for name in TRANSLATED_FIELDS:
        limit = Initiative._meta.get_field(name).max_length
        for code in LANGUAGES:
            value = _text(item, name, code, limit)
            texts[f"{name}_{code}"] = sanitise(value) if name == "description" else value
    original = _choice(item.get("original_language"), Language)
    if not original or not texts[f"title_{original}"]:
        original = next((code for code in LANGUAGES if texts[f"title_{code}"]), "")
    if not original:
        return None, _("%(slug)s has no title") % {"slug": source_id}
    start_year = item.get("start_year")
    organisation = item.get("organisation")
    fields = {
        **texts,
        "original_language": original,
        "country": item["country"],
        "stage": item["stage"],
        "start_year": start_year if isinstance(start_year, int) and start_year > 0 else None,
        "website": _web_address(item.get("website"), 200),
        "open_for_replication": bool(item.get("open_for_replication")),
        "replication_cost": _choice(item.get("replication_cost"), CostRange),
        "materials_languages": [
            code for code in _strings(item.get("materials_languages")) if code in LANGUAGES
        ],
        "materials_licence": _choice(item.get("materials_licence"), Licence),
        "evidence": _choice(item.get("evidence"), Evidence),
        "partner_needs": [
            code for code in _strings(item.get("partner_needs")) if code in Contribution.values
        ],
        "partner_offers": [
            code for code in _strings(item.get("partner_offers")) if code in Contribution.values
        ],
        # (Never empty: the registry lists newest first, and an empty date would come first.)
        "published_at": _moment(item.get("published_at")) or timezone.now(),
        "updated_at": _moment(item.get("updated_at")) or timezone.now(),
    }
    fields["seeking_partners"] = bool(fields["partner_needs"])
    relations = {
        "regions": [code for code in _strings(item.get("regions")) if code in vocabularies.regions],
        "themes": [
            vocabularies.themes[slug]
            for slug in _strings(item.get("themes"))
            if slug in vocabularies.themes
        ],
        "target_groups": [
            vocabularies.target_groups[slug]
            for slug in _strings(item.get("target_groups"))
            if slug in vocabularies.target_groups
        ],
        "sdgs": [
            number
            for number in item.get("sdgs") or []
            if isinstance(number, int) and number in vocabularies.sdgs
        ],
        "funding": sorted(
            {kind for kind in _strings(item.get("funding")) if kind in FundingKind.values}
        ),
    }
    origin = {
        "source_url": source_url,
        "organisation_name": (
            str(organisation.get("name", ""))[:200] if isinstance(organisation, dict) else ""
        ),
        "source_updated_at": _moment(item.get("updated_at")),
    }
    return (source_id[:220], fields, relations, origin), None


@transaction.atomic
def _store_page(portal, items, now, result):
    """Store a page of the peer's records; returns the source ids it holds."""
    items = [item for item in items if isinstance(item, dict)]
    vocabularies = _Vocabularies(items)
    existing = {
        record.source_id: record
        for record in PeerRecord.objects.filter(
            portal=portal, source_id__in=[str(item.get("slug")) for item in items]
        ).select_related("initiative")
    }
    ids, changed = [], []
    for item in items:
        parsed, problem = _fields(portal, item, vocabularies)
        if parsed is None:
            result.skipped.append(problem)
            continue
        source_id, fields, relations, origin = parsed
        ids.append(source_id)
        record = existing.get(source_id)
        if record is None:
            initiative = Initiative(
                slug=f"{portal.slug}--{source_id}"[:220], status=Status.HARVESTED, created_at=now
            )
            # Attribute by attribute, as initiatives.snapshots writes them: modeltranslation
            # maps a constructor's ``title`` to the active language.
            for name, value in fields.items():
                setattr(initiative, name, value)
            initiative.save()
            record = PeerRecord.objects.create(
                initiative=initiative,
                portal=portal,
                source_id=source_id,
                last_seen_at=now,
                **origin,
            )
            result.created += 1
        else:
            initiative = record.initiative
            same = (
                initiative.status == Status.HARVESTED
                and record.source_updated_at is not None
                and record.source_updated_at == origin["source_updated_at"]
            )
            if same:
                continue
            for name, value in {**fields, "status": Status.HARVESTED}.items():
                setattr(initiative, name, value)
            initiative.save()
            for name, value in origin.items():
                setattr(record, name, value)
            record.save()
            result.updated += 1
        initiative.regions.set(relations["regions"])
        initiative.themes.set(relations["themes"])
        initiative.target_groups.set(relations["target_groups"])
        initiative.sdgs.set(relations["sdgs"])
        initiative.funding.all().delete()
        Funding.objects.bulk_create(
            Funding(initiative=initiative, kind=kind) for kind in relations["funding"]
        )
        changed.append(initiative.pk)
    if changed:
        search.update_search_index(Initiative.objects.filter(pk__in=changed))
    return ids


def harvest_now(portal):
    """A coordinator's "harvest now": the next harvest is due at once."""
    PeerPortal.objects.filter(pk=portal.pk).update(next_attempt_at=timezone.now())


# --- Configuring the peers (administrators) ---------------------------------------------------


def add_peer_portal(*, name, base_url):
    """Add a peer portal; its first harvest is due at once."""
    base_url = base_url.strip().rstrip("/")
    if PeerPortal.objects.filter(base_url=base_url).exists():
        raise ValidationError(_("This portal is already a peer."))
    own = urlsplit(site_url())
    if (urlsplit(base_url).scheme, urlsplit(base_url).netloc) == (own.scheme, own.netloc):
        raise ValidationError(_("This is the address of this portal itself."))
    slug = unique_slug(PeerPortal, name, max_length=40)
    if slug == search.HERE:  # the "source" facet's value of this portal's own initiatives
        slug = unique_slug(PeerPortal, f"{name} peer", max_length=40)
    portal = PeerPortal(
        name=name.strip(),
        slug=slug,
        base_url=base_url,
        next_attempt_at=timezone.now(),
    )
    portal.full_clean()
    portal.save()
    peers_changed()
    return portal


def set_peer_active(*, portal, active):
    """Pause or resume harvesting ``portal``. A paused peer's records leave the lists; they
    come back with the next harvest once it is resumed."""
    PeerPortal.objects.filter(pk=portal.pk).update(
        active=active, next_attempt_at=timezone.now() if active else None
    )
    if not active:
        Initiative.objects.filter(peer_record__portal=portal, status=Status.HARVESTED).update(
            status=Status.ARCHIVED
        )
        # The next harvest asks for every page again.
        PeerPortal.objects.filter(pk=portal.pk).update(pages={})
        registry_changed()
    portal.refresh_from_db()
    return portal
