"""Training for benchmarks: ``seed_bench --offers 2000 --sessions 10000 [--seed 1]`` (training's
``parts.BenchStep``).

Writes with ``bulk_create`` straight to the tables, as the registry's ``seed_bench`` does: no
emails, no history. Offers are published, their slugs start with ``bench-``, and the command
tops up to the requested numbers. Texts come from the registry's bench phrases (five
languages), titled by the kind of offer, so that search and the language fallback matter.
Sessions spread over the past half year and the year to come, with registrations filling
them to a random share (some full).
"""

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from initiatives.bench import COUNTRIES, TOPICS
from ncc_portal.models import NationalCentre, Region, Theme, User
from ncc_portal.reference import load_reference_data
from training.models import (
    COUNTRY_TIME_ZONES,
    Audience,
    Offer,
    OfferFormat,
    OfferKind,
    OfferStatus,
    Registration,
    RegistrationStatus,
    Session,
)
from training.search import update_search_index

SLUG_PREFIX = "bench-"
LANGUAGES = ["de", "en", "et", "nl", "fr"]
BATCH_SIZE = 1000
PEOPLE = 400


class TrainingBench:
    """Tops up the published bench offers and their sessions to the numbers asked."""

    def __init__(self, write):
        self.write = write

    def seed(self, *, offers, sessions, seed):
        rng = random.Random(seed)
        if not Region.objects.exists():
            load_reference_data()
        centres = {c.country: c for c in NationalCentre.objects.all()}
        if not centres:
            raise CommandError("No national centres: run seed_demo first.")
        existing = Offer.objects.filter(slug__startswith=SLUG_PREFIX).count()
        people = self._people()
        themes = list(Theme.objects.all())
        regions = {
            country: list(Region.objects.filter(country=country, level=3)) for country in centres
        }
        with transaction.atomic():
            created = self._offers(rng, existing, offers - existing, centres, themes)
        target = Session.objects.filter(offer__slug__startswith=SLUG_PREFIX).count()
        bench_offers = list(
            Offer.objects.filter(slug__startswith=SLUG_PREFIX).select_related("centre")
        )
        with transaction.atomic():
            added = self._sessions(rng, sessions - target, bench_offers, regions, people)
        update_search_index(Offer.objects.filter(slug__startswith=SLUG_PREFIX))
        self.write(f"Added {created} offers and {added} sessions.")

    def _people(self):
        existing = {u.email: u for u in User.objects.filter(email__startswith="bench.participant.")}
        missing = [
            User(email=f"bench.participant.{n}@example.org", name=f"Participant {n}")
            for n in range(PEOPLE)
            if f"bench.participant.{n}@example.org" not in existing
        ]
        for user in missing:
            user.set_unusable_password()
        User.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        return list(User.objects.filter(email__startswith="bench.participant."))

    def _offers(self, rng, first, count, centres, themes):
        if count <= 0:
            return 0
        now = timezone.now()
        kinds = OfferKind.values
        offers, chosen_themes = [], []
        countries = [c for c in COUNTRIES if c in centres]
        weights = [COUNTRIES[c][0] for c in countries]
        for number in range(first + 1, first + count + 1):
            country = rng.choices(countries, weights)[0]
            _share, language, more = COUNTRIES[country]
            languages = [language] + [code for code, p in more.items() if rng.random() < p]
            topic = rng.choice(TOPICS)
            kind = rng.choice(kinds)
            stem = rng.randrange(3)
            texts = {}
            for code in LANGUAGES:
                if code not in languages:
                    texts[code] = ("", "", "")
                    continue
                stems, sentences = topic[code]
                with translation.override(code):
                    title = f"{OfferKind(kind).label}: {stems[stem]}"
                texts[code] = (title, " ".join(sentences[:2]), " ".join(sentences))
            offers.append(
                Offer(
                    centre=centres[country],
                    kind=kind,
                    format=rng.choice(OfferFormat.values),
                    audiences=rng.sample(Audience.values, rng.randint(1, 2)),
                    languages=sorted(set(languages[: rng.randint(1, len(languages))])),
                    title=texts[language][0],
                    summary=texts[language][1],
                    description=texts[language][2],
                    **{f"title_{c}": texts[c][0] for c in LANGUAGES},
                    **{f"summary_{c}": texts[c][1] for c in LANGUAGES},
                    **{f"description_{c}": texts[c][2] for c in LANGUAGES},
                    **{f"prerequisites_{c}": "" for c in LANGUAGES},
                    prerequisites="",
                    original_language=language,
                    fee=None if rng.random() < 0.7 else rng.choice([25, 50, 120, 300]),
                    slug=f"{SLUG_PREFIX}{number}-{slugify(texts[language][0])[:80]}",
                    status=OfferStatus.PUBLISHED,
                    published_at=now - timedelta(days=rng.randint(1, 400)),
                )
            )
            chosen_themes.append(
                [t for t in themes if t.slug in topic["themes"]] or rng.sample(themes, 1)
            )
        Offer.objects.bulk_create(offers, batch_size=BATCH_SIZE)
        links = [
            Offer.themes.through(offer_id=offer.pk, theme_id=theme.pk)
            for offer, picked in zip(offers, chosen_themes, strict=True)
            for theme in picked
        ]
        Offer.themes.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return len(offers)

    def _sessions(self, rng, count, offers, regions, people):
        if count <= 0 or not offers:
            return 0
        now = timezone.now()
        sessions = []
        for _ in range(count):
            offer = rng.choice(offers)
            zone = COUNTRY_TIME_ZONES[offer.centre.country]
            day = now + timedelta(days=rng.randint(-180, 365))
            start = day.astimezone(ZoneInfo(zone)).replace(
                hour=rng.choice([9, 10, 14, 17]), minute=0, second=0, microsecond=0
            )
            on_site = offer.format != OfferFormat.ONLINE
            sessions.append(
                Session(
                    offer=offer,
                    starts_at=start,
                    ends_at=start + timedelta(hours=rng.choice([1, 2, 3, 7])),
                    time_zone=zone,
                    venue="Bench venue" if on_site else "",
                    address="Bench street 1" if on_site else "",
                    region=rng.choice(regions[offer.centre.country]) if on_site else None,
                    online_url="" if on_site else "https://meet.example.org/bench",
                    capacity=rng.choice([10, 15, 20, 30, 50]),
                    created_at=now,
                )
            )
        Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
        registrations = []
        for session in sessions:
            taken = min(session.capacity, int(session.capacity * rng.random() * 1.2))
            for person in rng.sample(people, min(taken, len(people))):
                registrations.append(
                    Registration(
                        session=session,
                        user=person,
                        status=RegistrationStatus.CONFIRMED,
                        created_at=session.starts_at - timedelta(days=3),
                        confirmed_at=session.starts_at - timedelta(days=3),
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
        return len(sessions)


def seed_bench(*, offers, sessions, seed, write):
    TrainingBench(write).seed(offers=offers, sessions=sessions, seed=seed)
