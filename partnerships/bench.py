"""Partner profiles for benchmarks: ``seed_bench --profiles 5000 [--seed 1]`` (partnerships'
``parts.BenchStep``).

Writes with ``bulk_create`` straight to the tables, as the registry's and training's benches do:
no emails, no history. Each profile gets its own bench organisation (slugs start with
``bench-partner-``); profiles are published and valid (a few close to expiry, a few expired),
with two to five offers and requests, themes, NUTS regions and working languages; texts come
from the registry's bench phrases in the organisation's language (sometimes translated), so that
search and the language fallback matter. The command tops up to the number asked. The facet
tokens and search vectors are built at the end by ``partnerships.search.update_search_index``
in batches.
"""

import random
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from initiatives.bench import COUNTRIES, TOPICS
from ncc_portal.choices import Contribution
from ncc_portal.models import Organisation, OrganisationKind, Region, Theme
from ncc_portal.reference import load_reference_data

from .models import (
    SECTOR_OF_KIND,
    Direction,
    PartnerProfile,
    ProfileItem,
    ProfileStatus,
)
from .search import profiles_changed, update_search_index

SLUG_PREFIX = "bench-partner-"
LANGUAGES = ["de", "en", "et", "nl", "fr"]
BATCH_SIZE = 1000
KIND_NAMES = {
    OrganisationKind.PUBLIC_AUTHORITY: "Municipality",
    OrganisationKind.MINISTRY: "Ministry",
    OrganisationKind.MANAGING_AUTHORITY: "Managing authority",
    OrganisationKind.ACADEMIA: "University",
    OrganisationKind.PRIVATE_COMPANY: "Company",
    OrganisationKind.THIRD_SECTOR: "Association",
    OrganisationKind.INTERMEDIARY: "Network",
    OrganisationKind.FUNDER: "Foundation",
}


class ProfileBench:
    def __init__(self, write):
        self.write = write

    def seed(self, *, profiles, seed):
        rng = random.Random(seed)
        if not Region.objects.exists():
            load_reference_data()
        existing = PartnerProfile.objects.filter(slug__startswith=SLUG_PREFIX).count()
        missing = profiles - existing
        if missing <= 0:
            self.write("Bench partner profiles: nothing to add.")
            return
        themes = list(Theme.objects.all())
        regions = {
            country: list(
                Region.objects.filter(country=country, level__gte=2).values_list("pk", flat=True)
            )
            for country in COUNTRIES
        }
        if not themes:
            raise CommandError("No themes: load the reference data first.")
        with transaction.atomic():
            added = self._profiles(rng, existing, missing, themes, regions)
        update_search_index(PartnerProfile.objects.filter(slug__startswith=SLUG_PREFIX))
        profiles_changed()
        self.write(f"Added {added} partner profiles.")

    def _profiles(self, rng, first, count, themes, regions):
        today = timezone.localdate()
        now = timezone.now()
        countries = list(COUNTRIES)
        weights = [COUNTRIES[c][0] for c in countries]
        kinds = list(KIND_NAMES)
        organisations, rows = [], []
        for number in range(first + 1, first + count + 1):
            country = rng.choices(countries, weights)[0]
            _share, language, more = COUNTRIES[country]
            kind = rng.choice(kinds)
            topic = rng.choice(TOPICS)
            organisations.append(
                Organisation(
                    name=f"{KIND_NAMES[kind]} {number} ({country}, bench)",
                    slug=f"{SLUG_PREFIX}{number}",
                    kind=kind,
                    country=country,
                )
            )
            rows.append((number, country, language, more, kind, topic))
        Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
        profiles, relations = [], []
        for organisation, (number, country, language, more, kind, topic) in zip(
            organisations, rows, strict=True
        ):
            texts = {}
            for code in LANGUAGES:
                translated = code == language or (code in more and rng.random() < more[code])
                if not translated or code not in topic:
                    texts[code] = ("", "")
                    continue
                _stems, sentences = topic[code]
                texts[code] = (" ".join(sentences[:2])[:600], " ".join(sentences))
            age = rng.random()
            if age < 0.05:
                valid_until = today - timedelta(days=rng.randint(1, 60))
            elif age < 0.15:
                valid_until = today + timedelta(days=rng.randint(0, 30))
            else:
                valid_until = today + timedelta(days=rng.randint(31, 365))
            served = sorted({country, *rng.sample(countries, rng.randint(0, 2))})
            profiles.append(
                PartnerProfile(
                    organisation=organisation,
                    slug=f"{SLUG_PREFIX}{number}",
                    sector=SECTOR_OF_KIND[kind],
                    summary=texts[language][0] or "Partner",
                    description=texts[language][1],
                    **{f"summary_{c}": texts[c][0] for c in LANGUAGES},
                    **{f"description_{c}": texts[c][1] for c in LANGUAGES},
                    original_language=language,
                    countries=served,
                    languages=sorted({language, *(["en"] if rng.random() < 0.7 else [])}),
                    contact_name=f"Bench contact {number}",
                    contact_email=f"bench.partner.{number}@example.org",
                    status=ProfileStatus.PUBLISHED,
                    published_at=now - timedelta(days=rng.randint(1, 400)),
                    valid_until=valid_until,
                )
            )
            offered = rng.sample(Contribution.values, rng.randint(1, 3))
            sought = rng.sample(
                [c for c in Contribution.values if c not in offered], rng.randint(1, 2)
            )
            picked_themes = [t for t in themes if t.slug in topic["themes"]] or rng.sample(
                themes, 1
            )
            picked_regions = rng.sample(
                regions[country], min(len(regions[country]), rng.randint(0, 2))
            )
            relations.append((offered, sought, picked_themes, picked_regions))
        PartnerProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
        items, theme_links, region_links = [], [], []
        for profile, (offered, sought, picked_themes, picked_regions) in zip(
            profiles, relations, strict=True
        ):
            for direction, kinds_ in ((Direction.OFFERS, offered), (Direction.SEEKS, sought)):
                for kind in kinds_:
                    items.append(
                        ProfileItem(profile=profile, direction=direction, kind=kind, text="")
                    )
            theme_links += [
                PartnerProfile.themes.through(partnerprofile_id=profile.pk, theme_id=t.pk)
                for t in picked_themes
            ]
            region_links += [
                PartnerProfile.regions.through(partnerprofile_id=profile.pk, region_id=code)
                for code in picked_regions
            ]
        ProfileItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
        PartnerProfile.themes.through.objects.bulk_create(theme_links, batch_size=BATCH_SIZE)
        PartnerProfile.regions.through.objects.bulk_create(region_links, batch_size=BATCH_SIZE)
        return len(profiles)


def seed_bench(*, profiles, seed, write):
    ProfileBench(write).seed(profiles=profiles, seed=seed)
