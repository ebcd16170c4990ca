"""Which partner profiles suit an initiative, and which initiatives suit a profile, with the
reasons in words ("offers funding (you seek funding) · 2 shared themes: housing, ageing · works
in Gelderland · speaks Dutch").

A suggestion needs at least one complementarity: the profile offers something the initiative
seeks, or seeks something the initiative offers. On top of that, the score adds:

============================  =====================================================
``COMPLEMENT_WEIGHT`` (10)    per matching offer or request, in either direction
``THEME_WEIGHT`` (3)          per shared theme
``REGION_WEIGHT`` (4)         the profile serves the initiative's NUTS region, one
                              containing it or one inside it
``COUNTRY_WEIGHT`` (2)        otherwise, the profile serves the initiative's country
``REPLICATION_WEIGHT`` (2)    the initiative is open for replication and the
                              profile serves another country
``LANGUAGE_WEIGHT`` (2)       a working language of the profile is the initiative's
                              original language or a language of its materials
``FRESHNESS_WEIGHT`` (1)      the candidate was published, renewed or confirmed in the
                              last ``FRESH_DAYS`` days, less down to 0 at a year
============================  =====================================================

The weights live here only (and in ``docs/partnerships-matching.md``). A pair with an open or a
declined introduction, and an initiative with its own organisation's profile, are never
suggested.

Scores come from one cached in-memory pass: the facts of every valid profile are read in four
queries and kept in the process's memory, indexed by what each offers and seeks, while two
small queries per call show that nothing changed (``_valid_profiles``). An initiative meets only
the profiles that complement it; thousands are scored, and only the best few are worded and
loaded as objects. Initiatives for a profile are read from the database in a constant number of
queries (their needs and offers, then the complementing ones' themes and regions).
"""

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import Initiative
from ncc_portal.choices import Contribution, Country, Language
from ncc_portal.models import Theme

from .models import (
    OPEN_STAGES,
    VALIDITY,
    Direction,
    Introduction,
    PartnerProfile,
    ProfileItem,
    ProfileStatus,
    Stage,
)

COMPLEMENT_WEIGHT = 10
THEME_WEIGHT = 3
REGION_WEIGHT = 4
COUNTRY_WEIGHT = 2
REPLICATION_WEIGHT = 2
LANGUAGE_WEIGHT = 2
FRESHNESS_WEIGHT = 1
FRESH_DAYS = 90
# The valid profiles' facts are kept in memory at most this long (and while none changed).
CACHE_SECONDS = 300
# At most this many of a country's initiatives (and profiles), the most recent first, are
# paired on the coordinators' page.
COUNTRY_SAMPLE = 50

# A pair in one of these stages is not suggested again.
NOT_AGAIN = [*OPEN_STAGES, Stage.DECLINED]
SEPARATOR = " · "


@dataclass
class Suggestion:
    initiative: Initiative
    profile: PartnerProfile
    score: float
    reasons: list = field(default_factory=list)

    @property
    def explanation(self):
        return SEPARATOR.join(self.reasons)


@dataclass
class _InitiativeFacts:
    pk: int
    organisation_id: int
    country: str
    needs: set
    offers: set
    replicable: bool
    languages: list
    fresh_at: datetime | None
    theme_ids: set = field(default_factory=set)
    regions: list = field(default_factory=list)


@dataclass
class _ProfileFacts:
    pk: int
    organisation_id: int
    countries: list
    languages: list
    fresh_at: datetime | None
    offers: set = field(default_factory=set)
    seeks: set = field(default_factory=set)
    theme_ids: set = field(default_factory=set)
    regions: dict = field(default_factory=dict)  # NUTS code -> name


def _label(choices, code):
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _in_sentence(code):
    """A vocabulary label inside a sentence: lower case, except in German, whose nouns keep
    their capital."""
    label = _label(Contribution, code)
    if (translation.get_language() or "en").startswith("de"):
        return label
    return label[:1].lower() + label[1:]


def _joined(names):
    """ "Dutch", "Dutch and English", "Dutch, English and German"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _languages_of(original_language, materials_languages):
    languages = [original_language] if original_language else []
    languages += [code for code in materials_languages or [] if code not in languages]
    return languages


def _profile_fresh_at(published_at, valid_until):
    """When a profile was last published or renewed (a renewal moves its validity on)."""
    renewed = None
    if valid_until is not None:
        renewed = timezone.make_aware(datetime.combine(valid_until - VALIDITY, datetime.min.time()))
    dates = [d for d in (published_at, renewed) if d is not None]
    return max(dates) if dates else None


def _freshness(fresh_at, now):
    if fresh_at is None:
        return 0.0
    age = (now - fresh_at).days
    if age <= FRESH_DAYS:
        return float(FRESHNESS_WEIGHT)
    if age >= 365:
        return 0.0
    return FRESHNESS_WEIGHT * (365 - age) / (365 - FRESH_DAYS)


def _regions_meet(a, b):
    """The same NUTS region, or one containing the other (NUTS codes nest by prefix); country
    codes alone (two letters) do not count as a region."""
    return len(a) > 2 and len(b) > 2 and (a.startswith(b) or b.startswith(a))


# --- Reading the facts ---------------------------------------------------------------------


def _profile_facts(profiles, *, matched=None, theme_ids=None, region_country=None):
    """The facts of ``profiles`` (a queryset), in four queries: rows, items, themes, regions.

    With ``matched`` (profile id -> the complementing (direction, kind) pairs, already read),
    the items are not read again, and only the themes among ``theme_ids`` and the regions of
    ``region_country`` are: the others cannot score."""
    rows = profiles.values_list(
        "pk", "organisation_id", "countries", "languages", "published_at", "valid_until"
    )
    facts = {
        pk: _ProfileFacts(pk, org, countries or [], languages or [], _profile_fresh_at(p, v))
        for pk, org, countries, languages, p, v in rows
    }
    if not facts:
        return facts
    ids = list(facts)
    if matched is None:
        items = ProfileItem.objects.filter(profile_id__in=ids)
        matched = {}
        for profile_id, direction, kind in items.values_list("profile_id", "direction", "kind"):
            matched.setdefault(profile_id, []).append((direction, kind))
    for profile_id, pairs in matched.items():
        if profile_id in facts:
            p = facts[profile_id]
            for direction, kind in pairs:
                (p.offers if direction == Direction.OFFERS else p.seeks).add(kind)
    if theme_ids is None or theme_ids:
        themes = PartnerProfile.themes.through.objects.filter(partnerprofile_id__in=ids)
        if theme_ids is not None:
            themes = themes.filter(theme_id__in=list(theme_ids))
        for profile_id, theme_id in themes.values_list("partnerprofile_id", "theme_id"):
            facts[profile_id].theme_ids.add(theme_id)
    regions = PartnerProfile.regions.through.objects.filter(partnerprofile_id__in=ids)
    if region_country is not None:
        regions = regions.filter(region__country=region_country)
    for profile_id, code, name in regions.values_list(
        "partnerprofile_id", "region_id", "region__name"
    ):
        facts[profile_id].regions[code] = name
    return facts


@dataclass
class _ValidProfiles:
    key: tuple
    read_at: float
    by_offer: dict  # Contribution code -> the facts of the profiles offering it
    by_request: dict  # ... seeking it


_valid_profiles_cache = {}


def _valid_profiles():
    """The facts of every valid profile, indexed by what they offer and seek: read in one pass
    and kept in the process's memory while nothing changed (two small queries check that: the
    number of valid profiles and their latest change, the number of items and the latest),
    for ``CACHE_SECONDS`` at most."""
    today = timezone.localdate()
    profiles = PartnerProfile.objects.valid(today).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    items = ProfileItem.objects.aggregate(n=Count("pk"), last=Max("pk"))
    key = (today, *profiles.values(), *items.values())
    cached = _valid_profiles_cache.get("valid")
    if cached and cached.key == key and time.monotonic() - cached.read_at < CACHE_SECONDS:
        return cached
    facts = _profile_facts(PartnerProfile.objects.valid(today))
    by_offer, by_request = {}, {}
    for p in facts.values():
        for code in p.offers:
            by_offer.setdefault(code, []).append(p)
        for code in p.seeks:
            by_request.setdefault(code, []).append(p)
    cached = _ValidProfiles(key, time.monotonic(), by_offer, by_request)
    _valid_profiles_cache["valid"] = cached
    return cached


def _initiative_facts(initiatives):
    """The facts of ``initiatives`` (a queryset), in three queries: rows, themes, regions."""
    facts = {}
    for row in initiatives.values_list(
        "pk",
        "organisation_id",
        "country",
        "partner_needs",
        "partner_offers",
        "open_for_replication",
        "original_language",
        "materials_languages",
        "published_at",
        "confirmed_at",
    ):
        pk, org, country, needs, offers, replicable, original, materials, published, confirmed = row
        facts[pk] = _InitiativeFacts(
            pk,
            org,
            country,
            set(needs or []),
            set(offers or []),
            replicable,
            _languages_of(original, materials),
            confirmed or published,
        )
    if not facts:
        return facts
    ids = list(facts)
    themes = Initiative.themes.through.objects.filter(initiative_id__in=ids)
    for initiative_id, theme_id in themes.values_list("initiative_id", "theme_id"):
        facts[initiative_id].theme_ids.add(theme_id)
    regions = Initiative.regions.through.objects.filter(initiative_id__in=ids)
    for initiative_id, code in regions.values_list("initiative_id", "region_id"):
        facts[initiative_id].regions.append(code)
    return facts


def _facts_of_initiative(initiative):
    return _InitiativeFacts(
        initiative.pk,
        initiative.organisation_id,
        initiative.country,
        set(initiative.partner_needs or []),
        set(initiative.partner_offers or []),
        initiative.open_for_replication,
        _languages_of(initiative.original_language, initiative.materials_languages),
        initiative.confirmed_at or initiative.published_at,
        {theme.pk for theme in initiative.themes.all()},
        [region.pk for region in initiative.regions.all()],
    )


def _facts_of_profile(profile):
    facts = _ProfileFacts(
        profile.pk,
        profile.organisation_id,
        profile.countries or [],
        profile.languages or [],
        _profile_fresh_at(profile.published_at, profile.valid_until),
    )
    for item in profile.items.all():
        (facts.offers if item.direction == Direction.OFFERS else facts.seeks).add(item.kind)
    facts.theme_ids = {theme.pk for theme in profile.themes.all()}
    facts.regions = {region.pk: region.name for region in profile.regions.all()}
    return facts


def _theme_names(theme_ids):
    return {theme.pk: str(theme.name) for theme in Theme.objects.filter(pk__in=theme_ids)}


def _blocked_pairs(*conditions, **filters):
    return set(
        Introduction.objects.filter(*conditions, stage__in=NOT_AGAIN, **filters).values_list(
            "initiative_id", "profile_id"
        )
    )


# --- Scoring -------------------------------------------------------------------------------


def _score(i, p, now, *, for_initiative):
    """The score of the pair, or None without any complementarity (the numbers of
    ``_explained``, without wording the reasons: thousands of candidates are scored, a few
    explained)."""
    complements = len(i.needs & p.offers) + len(i.offers & p.seeks)
    if not complements:
        return None
    score = COMPLEMENT_WEIGHT * complements + THEME_WEIGHT * len(i.theme_ids & p.theme_ids)
    if any(_regions_meet(code, r) for code in p.regions for r in i.regions):
        score += REGION_WEIGHT
    elif i.country in p.countries:
        score += COUNTRY_WEIGHT
    if i.replicable and any(c != i.country for c in p.countries):
        score += REPLICATION_WEIGHT
    if any(code in p.languages for code in i.languages):
        score += LANGUAGE_WEIGHT
    return score + _freshness(p.fresh_at if for_initiative else i.fresh_at, now)


def _explained(i, p, theme_names, now, *, for_initiative):
    """The score of the pair and its reasons (worded for the initiative's side when
    ``for_initiative``, else for the profile's), or None without any complementarity."""
    offered = sorted(i.needs & p.offers)
    sought = sorted(i.offers & p.seeks)
    if not (offered or sought):
        return None
    reasons = []
    for code in offered:
        label = _in_sentence(code)
        if for_initiative:
            reasons.append(_("offers %(what)s (you seek %(what)s)") % {"what": label})
        else:
            reasons.append(_("seeks %(what)s (you offer %(what)s)") % {"what": label})
    for code in sought:
        label = _in_sentence(code)
        if for_initiative:
            reasons.append(_("seeks %(what)s (you offer %(what)s)") % {"what": label})
        else:
            reasons.append(_("offers %(what)s (you seek %(what)s)") % {"what": label})
    score = COMPLEMENT_WEIGHT * (len(offered) + len(sought))

    shared = sorted(theme_names.get(pk, "") for pk in i.theme_ids & p.theme_ids)
    if shared:
        score += THEME_WEIGHT * len(shared)
        reasons.append(
            ngettext(
                "%(count)d shared theme: %(themes)s",
                "%(count)d shared themes: %(themes)s",
                len(shared),
            )
            % {"count": len(shared), "themes": ", ".join(shared)}
        )

    regions = sorted(
        {name for code, name in p.regions.items() if any(_regions_meet(code, r) for r in i.regions)}
    )
    other_countries = [c for c in p.countries if c != i.country]
    if regions:
        score += REGION_WEIGHT
        reasons.append(_("works in %(regions)s") % {"regions": _joined(regions)})
    elif i.country in p.countries:
        score += COUNTRY_WEIGHT
        reasons.append(_("works in %(country)s") % {"country": _label(Country, i.country)})
    if i.replicable and other_countries:
        score += REPLICATION_WEIGHT
        names = _joined(_label(Country, c) for c in other_countries)
        if for_initiative:
            reasons.append(
                _("works in %(countries)s, where the initiative could be replicated")
                % {"countries": names}
            )
        else:
            reasons.append(_("open for replication in %(countries)s") % {"countries": names})

    languages = [code for code in i.languages if code in p.languages]
    if languages:
        score += LANGUAGE_WEIGHT
        names = _joined(_label(Language, code) for code in languages)
        if for_initiative:
            reasons.append(_("speaks %(languages)s") % {"languages": names})
        else:
            reasons.append(_("available in %(languages)s") % {"languages": names})

    fresh_at = p.fresh_at if for_initiative else i.fresh_at
    freshness = _freshness(fresh_at, now)
    score += freshness
    if freshness >= FRESHNESS_WEIGHT:
        reasons.append(_("recently updated"))
    return score, reasons


def _ranked(pairs, limit):
    """``pairs`` of (score, fresh_at, initiative_id, profile_id, what explains it), best
    first."""
    oldest = timezone.make_aware(datetime(2000, 1, 1))
    pairs.sort(key=lambda pair: (-pair[0], -(pair[1] or oldest).timestamp(), pair[2], pair[3]))
    return pairs[:limit]


def _suggestions(ranked, initiatives=None, profiles=None):
    """Objects for the ranked pairs, loaded in at most two queries."""
    if initiatives is None:
        ids = {pair[2] for pair in ranked}
        initiatives = Initiative.objects.without_search_vectors().select_related("organisation")
        initiatives = initiatives.in_bulk(ids) if ids else {}
    if profiles is None:
        ids = {pair[3] for pair in ranked}
        profiles = PartnerProfile.objects.without_search_vectors().select_related("organisation")
        profiles = profiles.in_bulk(ids) if ids else {}
    suggestions = []
    for score, _fresh, i, p, (i_facts, p_facts, for_initiative, theme_names, now) in ranked:
        _same, reasons = _explained(
            i_facts, p_facts, theme_names, now, for_initiative=for_initiative
        )
        suggestions.append(Suggestion(initiatives[i], profiles[p], round(score, 2), reasons))
    return suggestions


def _complementing_items(needs, offers):
    """The offers of ``needs`` and requests of ``offers`` of valid profiles (a queryset)."""
    wanted = Q(pk__in=[])
    if needs:
        wanted |= Q(direction=Direction.OFFERS, kind__in=list(needs))
    if offers:
        wanted |= Q(direction=Direction.SEEKS, kind__in=list(offers))
    return ProfileItem.objects.filter(
        wanted,
        profile__status=ProfileStatus.PUBLISHED,
        profile__valid_until__gte=timezone.localdate(),
    )


def _complementing_profiles(needs, offers):
    """Valid profiles offering one of ``needs`` or seeking one of ``offers`` (a queryset)."""
    items = _complementing_items(needs, offers)
    return PartnerProfile.objects.filter(pk__in=items.values("profile_id"))


def _complementing_initiatives(offers, seeks):
    """Published initiatives seeking one of ``offers`` or offering one of ``seeks`` (a
    queryset of their primary keys, read in one query: the needs are JSON lists)."""
    ids = [
        pk
        for pk, needs, their_offers in Initiative.objects.published().values_list(
            "pk", "partner_needs", "partner_offers"
        )
        if set(needs or []) & offers or set(their_offers or []) & seeks
    ]
    return Initiative.objects.filter(pk__in=ids)


# --- The three entry points ----------------------------------------------------------------


def suggest_partners(initiative, *, limit=10, now=None):
    """The valid partner profiles that suit ``initiative`` best, best first, each with its
    reasons worded for the initiative's side."""
    now = now or timezone.now()
    i = _facts_of_initiative(initiative)
    if not (i.needs or i.offers):
        return []
    valid = _valid_profiles()
    candidates = {p.pk: p for code in i.needs for p in valid.by_offer.get(code, [])}
    candidates.update({p.pk: p for code in i.offers for p in valid.by_request.get(code, [])})
    blocked = _blocked_pairs(initiative=initiative)
    theme_names = _theme_names(i.theme_ids)
    pairs = []
    for p in candidates.values():
        if (i.pk, p.pk) in blocked or p.organisation_id == initiative.organisation_id:
            continue
        score = _score(i, p, now, for_initiative=True)
        if score is not None:
            pairs.append((score, p.fresh_at, i.pk, p.pk, (i, p, True, theme_names, now)))
    return _suggestions(_ranked(pairs, limit), initiatives={initiative.pk: initiative})


def suggest_initiatives(profile, *, limit=10, now=None):
    """The published initiatives that suit ``profile`` best, best first, each with its
    reasons worded for the profile's side. An expired or unpublished profile gets none."""
    now = now or timezone.now()
    if not PartnerProfile.objects.valid().filter(pk=profile.pk).exists():
        return []
    p = _facts_of_profile(profile)
    if not (p.offers or p.seeks):
        return []
    candidates = _complementing_initiatives(p.offers, p.seeks).exclude(
        organisation_id=profile.organisation_id
    )
    initiatives = _initiative_facts(candidates)
    blocked = _blocked_pairs(profile=profile)
    theme_names = _theme_names(p.theme_ids)
    pairs = []
    for i in initiatives.values():
        if (i.pk, p.pk) in blocked:
            continue
        score = _score(i, p, now, for_initiative=False)
        if score is not None:
            pairs.append((score, i.fresh_at, i.pk, p.pk, (i, p, False, theme_names, now)))
    return _suggestions(_ranked(pairs, limit), profiles={profile.pk: profile})


def suggestions_for_country(country, *, limit=20, now=None):
    """For a country's coordinators: the best pairs of one of the country's initiatives with
    a profile serving its country, and of another country's initiative with one of the
    country's profiles (those of its organisations), best first; across borders only for
    initiatives open for replication, or profiles serving the initiative's country. Reasons are
    worded for the initiative's side. At most ``COUNTRY_SAMPLE`` of the most recent initiatives
    and profiles of the country are paired."""
    now = now or timezone.now()
    own = Initiative.objects.published().for_country(country).order_by("-published_at")
    own_ids = [
        pk
        for pk, needs, offers in own.values_list("pk", "partner_needs", "partner_offers")
        if needs or offers
    ][:COUNTRY_SAMPLE]
    own_facts = _initiative_facts(Initiative.objects.filter(pk__in=own_ids)) if own_ids else {}
    needs = set().union(*(i.needs for i in own_facts.values())) if own_facts else set()
    offers = set().union(*(i.offers for i in own_facts.values())) if own_facts else set()
    profiles = _profile_facts(_complementing_profiles(needs, offers)) if own_facts else {}

    theirs = PartnerProfile.objects.valid().filter(organisation__country=country)
    their_ids = list(theirs.order_by("-published_at").values_list("pk", flat=True)[:COUNTRY_SAMPLE])
    missing = PartnerProfile.objects.filter(pk__in=[pk for pk in their_ids if pk not in profiles])
    profiles.update(_profile_facts(missing))
    country_profiles = [profiles[pk] for pk in their_ids if pk in profiles]
    country_ids = {p.pk for p in country_profiles}
    p_offers = set().union(*(p.offers for p in country_profiles)) if country_profiles else set()
    p_seeks = set().union(*(p.seeks for p in country_profiles)) if country_profiles else set()
    others = {}
    if country_profiles:
        others = _initiative_facts(
            _complementing_initiatives(p_offers, p_seeks).exclude(country=country)
        )

    blocked = _blocked_pairs(Q(country=country) | Q(profile__organisation__country=country))
    theme_names = _theme_names(
        set().union(*(i.theme_ids for i in [*own_facts.values(), *others.values()]))
    )
    seen = set()
    pairs = []

    def pair(i, p):
        key = (i.pk, p.pk)
        if key in seen or key in blocked or i.organisation_id == p.organisation_id:
            return
        seen.add(key)
        score = _score(i, p, now, for_initiative=True)
        if score is not None:
            pairs.append((score, p.fresh_at, i.pk, p.pk, (i, p, True, theme_names, now)))

    # Index the profiles by what they offer and seek: each initiative meets only those that
    # complement it, and (unless it is open for replication) only those serving its country.
    by_offer, by_request = {}, {}
    for p in profiles.values():
        for code in p.offers:
            by_offer.setdefault(code, []).append(p)
        for code in p.seeks:
            by_request.setdefault(code, []).append(p)
    for i in own_facts.values():
        met = [p for code in i.needs for p in by_offer.get(code, [])]
        met += [p for code in i.offers for p in by_request.get(code, [])]
        for p in met:
            if i.replicable or i.country in p.countries or p.pk in country_ids:
                pair(i, p)
    for i in others.values():
        for p in country_profiles:
            if i.replicable or i.country in p.countries:
                pair(i, p)
    return _suggestions(_ranked(pairs, limit))
