"""A large, realistic registry for benchmarks: ``seed_bench --initiatives 10000 [--seed 1]``
(the registry's ``parts.BenchStep``).

Writes with ``bulk_create`` straight to the tables, not through the services: benchmark data needs
no history or notifications, and ten thousand initiatives must load in seconds. Every initiative is
published, its slug starts with ``bench-``, and the command tops up to the requested number, so
running it again adds only what is missing. The texts are composed from the phrase lists of
``initiatives/data/bench/phrases.yaml`` in the five languages, so that stemming and the fallback
between languages matter as they would in real use.
"""

import random
import re
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import (
    CostRange,
    Evidence,
    Funding,
    ImpactFigure,
    Initiative,
    Licence,
    Stage,
    Status,
)
from initiatives.search import update_search_index
from initiatives.snapshots import LANGUAGE_CODES
from ncc_portal.choices import Contribution
from ncc_portal.datafiles import load_yaml
from ncc_portal.models import (
    Organisation,
    OrganisationKind,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
)
from ncc_portal.reference import load_reference_data

SLUG_PREFIX = "bench-"
ORGANISATION_COUNT = 500
BATCH_SIZE = 1000

# The phrases the registry is composed from, and the weights of the draws (a data file).
_PHRASES = load_yaml(Path(__file__).resolve().parent / "data" / "bench" / "phrases.yaml")
# country -> (share of initiatives, original language, chance of a translation per language)
COUNTRIES = {
    c["country"]: (c["share"], c["language"], c["translations"]) for c in _PHRASES["countries"]
}
# Each topic: themes, target groups, SDGs, and per language (title stems, sentences).
TOPICS = [
    {
        "themes": topic["themes"],
        "target_groups": topic["target_groups"],
        "sdgs": topic["sdgs"],
        **{code: (t["stems"], t["sentences"]) for code, t in topic["texts"].items()},
    }
    for topic in _PHRASES["topics"]
]
GENERAL_SENTENCES = _PHRASES["general_sentences"]
TITLE_PATTERNS = _PHRASES["title_patterns"]
# (label per language, unit per language, typical range)
IMPACT_FIGURES = [
    (figure["label"], figure["unit"], tuple(figure["range"]))
    for figure in _PHRASES["impact_figures"]
]
FUNDING_WEIGHTS = _PHRASES["funding_weights"]
ORGANISATION_KINDS = _PHRASES["organisation_kinds"]


def _place(region):
    # "Gelsenkirchen, Kreisfreie Stadt" reads as "Gelsenkirchen" in running text.
    return region.name.split(",")[0].strip()


def _bench_number(slug):
    match = re.match(rf"{SLUG_PREFIX}(\d+)-", slug)
    return int(match.group(1)) if match else 0


class RegistryBench:
    """Tops up the published bench initiatives (slug prefix 'bench-') to ``initiatives``, with
    about 500 bench organisations."""

    def __init__(self, write):
        self.write = write

    def seed(self, *, initiatives, seed):
        started = time.monotonic()
        load_reference_data()
        existing = Initiative.objects.filter(slug__startswith=SLUG_PREFIX)
        missing = initiatives - existing.count()
        if missing <= 0:
            self.write(f"{existing.count()} bench initiatives exist; nothing to add.")
            return
        first = max((_bench_number(s) for s in existing.values_list("slug", flat=True)), default=0)
        rng = random.Random(f"{seed}-{first}")
        with transaction.atomic():
            organisations = self._organisations(rng)
            pks = self._initiatives(rng, missing, first + 1, organisations)
            self.write(
                f"Created {len(pks)} initiatives in {time.monotonic() - started:.1f} s; "
                "building search vectors …"
            )
            for start in range(0, len(pks), BATCH_SIZE * 2):
                update_search_index(
                    Initiative.objects.filter(pk__in=pks[start : start + BATCH_SIZE * 2])
                )
        self.write(f"{existing.count()} bench initiatives in {time.monotonic() - started:.1f} s.")

    def _regions(self):
        regions = {}
        for region in Region.objects.filter(level=3, country__in=COUNTRIES).order_by("code"):
            regions.setdefault(region.country, []).append(region)
        return regions

    def _organisations(self, rng):
        regions = self._regions()
        have = set(
            Organisation.objects.filter(slug__startswith="bench-org-").values_list(
                "slug", flat=True
            )
        )
        countries = list(COUNTRIES)
        weights = [share for share, _language, _more in COUNTRIES.values()]
        new = []
        for n in range(1, ORGANISATION_COUNT + 1):
            country = rng.choices(countries, weights)[0]
            if f"bench-org-{n}" not in have:
                new.append(
                    Organisation(
                        name=f"Bench org {n}",
                        slug=f"bench-org-{n}",
                        kind=rng.choice(ORGANISATION_KINDS),
                        country=country,
                        region=rng.choice(regions[country]),
                    )
                )
        Organisation.objects.bulk_create(new)
        by_country = {}
        for organisation in Organisation.objects.filter(slug__startswith="bench-org-"):
            by_country.setdefault(organisation.country, []).append(organisation.pk)
        return by_country

    def _initiatives(self, rng, count, first_number, organisations):
        regions = self._regions()
        self.neighbours = {}
        for region in sum(regions.values(), []):
            self.neighbours.setdefault(region.parent_id, []).append(region)
        themes = dict(Theme.objects.values_list("slug", "pk"))
        target_groups = dict(TargetGroup.objects.values_list("slug", "pk"))
        sdgs = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))
        countries = list(COUNTRIES)
        weights = [share for share, _language, _more in COUNTRIES.values()]
        now = timezone.now()
        pks = []
        for batch_start in range(0, count, BATCH_SIZE):
            rows, relations = [], []
            for n in range(batch_start, min(count, batch_start + BATCH_SIZE)):
                country = rng.choices(countries, weights)[0]
                initiative, facts = self._initiative(
                    rng, first_number + n, country, regions[country], now
                )
                initiative.organisation_id = rng.choice(
                    organisations.get(country) or sum(organisations.values(), [])
                )
                facts["themes"] = [themes[slug] for slug in facts["themes"]]
                facts["target_groups"] = [target_groups[slug] for slug in facts["target_groups"]]
                facts["sdgs"] = sorted(
                    set(facts["sdgs"]) | set(rng.sample(sdgs, rng.randint(0, 2)))
                )
                rows.append(initiative)
                relations.append(facts)
            Initiative.objects.bulk_create(rows)
            self._relations(rng, rows, relations)
            pks.extend(row.pk for row in rows)
            self.write(f"  {len(pks)} / {count}")
        return pks

    def _initiative(self, rng, number, country, country_regions, now):
        _share, language, more = COUNTRIES[country]
        languages = [language] + [code for code, p in more.items() if rng.random() < p]
        topic = rng.choice(TOPICS)
        # One to three neighbouring NUTS-3 regions (of the same NUTS-2 region).
        first_region = rng.choice(country_regions)
        neighbours = self.neighbours[first_region.parent_id]
        chosen_regions = [first_region] + rng.sample(
            [r for r in neighbours if r != first_region],
            min(len(neighbours) - 1, rng.choice([0, 0, 1, 2])),
        )
        place = _place(chosen_regions[0])
        start_year = rng.randint(2010, 2025)
        stem = rng.randrange(3)
        summary_sentences = sorted(rng.sample(range(3), 2))
        topic_order = rng.sample(range(3), 3)
        general = rng.sample(range(len(GENERAL_SENTENCES["de"])), rng.randint(2, 4))
        head_count = rng.randint(3, 200) * 10

        texts = {}
        for code in LANGUAGE_CODES:
            if code not in languages:
                texts[code] = ("", "", "")
                continue
            stems, sentences = topic[code]
            fill = {"place": place, "year": start_year, "count": head_count}
            title = TITLE_PATTERNS[code].format(stem=stems[stem], place=place)
            summary = " ".join(sentences[i] for i in summary_sentences)
            description = (
                "<p>"
                + " ".join(sentences[i] for i in topic_order)
                + "</p>\n<p>"
                + " ".join(GENERAL_SENTENCES[code][i].format(**fill) for i in general)
                + "</p>"
            )
            texts[code] = (title, summary, description)

        published_at = now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1440))
        confirmed_at = published_at + (now - published_at) * rng.random()
        open_for_replication = rng.random() < 0.35
        seeking_partners = rng.random() < 0.3
        # Those seeking partners seek 1–3 things and most offer something in return, drawn
        # apart so that the rest of the bench data stays what it was for a given seed.
        partner_rng = random.Random(f"partners-{number}")
        partner_needs = (
            sorted(partner_rng.sample(Contribution.values, partner_rng.randint(1, 3)))
            if seeking_partners
            else []
        )
        partner_offers = (
            sorted(partner_rng.sample(Contribution.values, partner_rng.randint(1, 3)))
            if seeking_partners and partner_rng.random() < 0.7
            else []
        )
        initiative = Initiative(
            # The untranslated columns mirror the original language; all language columns are
            # given, so that modeltranslation does not route ``title`` to the active language.
            title=texts[language][0],
            summary=texts[language][1],
            description=texts[language][2],
            **{f"title_{code}": texts[code][0] for code in LANGUAGE_CODES},
            **{f"summary_{code}": texts[code][1] for code in LANGUAGE_CODES},
            **{f"description_{code}": texts[code][2] for code in LANGUAGE_CODES},
            original_language=language,
            slug=f"{SLUG_PREFIX}{number}-{slugify(texts[language][0])[:80]}",
            country=country,
            stage=rng.choice(Stage.values),
            start_year=start_year,
            website=f"https://initiative-{number}.example",
            open_for_replication=open_for_replication,
            replication_cost=rng.choice(CostRange.values) if open_for_replication else "",
            materials_languages=sorted(set(rng.sample(languages, 1) + [language]))
            if open_for_replication
            else [],
            materials_licence=rng.choice(Licence.values) if open_for_replication else "",
            evidence=rng.choice(["", "", *Evidence.values]),
            partner_needs=partner_needs,
            partner_offers=partner_offers,
            seeking_partners=seeking_partners,
            partner_kinds=rng.sample(OrganisationKind.values, rng.randint(1, 2))
            if seeking_partners
            else [],
            status=Status.PUBLISHED,
            created_at=published_at - timedelta(days=rng.randint(2, 30)),
            updated_at=published_at,
            submitted_at=published_at - timedelta(days=rng.randint(1, 10)),
            published_at=published_at,
            confirmed_at=confirmed_at,
        )
        extra_themes = rng.sample(list(topic["themes"]), rng.randint(1, len(topic["themes"])))
        facts = {
            "regions": [r.code for r in chosen_regions],
            "themes": extra_themes,
            "target_groups": rng.sample(
                topic["target_groups"], rng.randint(1, len(topic["target_groups"]))
            ),
            "sdgs": rng.sample(topic["sdgs"], rng.randint(1, len(topic["sdgs"]))),
        }
        return initiative, facts

    def _relations(self, rng, rows, relations):
        links = {"regions": [], "themes": [], "sdgs": [], "target_groups": []}
        funding, impact = [], []
        for initiative, facts in zip(rows, relations, strict=True):
            for name in links:
                links[name].extend((initiative.pk, pk) for pk in facts[name])
            for kind, p in FUNDING_WEIGHTS.items():
                if rng.random() < p:
                    amount = Decimal(rng.randint(1, 400) * 2500) if rng.random() < 0.7 else None
                    funding.append(Funding(initiative_id=initiative.pk, kind=kind, amount=amount))
            language = initiative.original_language
            for position, (labels, units, (low, high)) in enumerate(
                rng.sample(IMPACT_FIGURES, rng.randint(1, 3))
            ):
                impact.append(
                    ImpactFigure(
                        initiative_id=initiative.pk,
                        label=labels[language],
                        value=Decimal(rng.randint(low, high)),
                        unit=units[language],
                        year=rng.randint(max(initiative.start_year, 2018), 2025),
                        position=position,
                    )
                )
        for name, pairs in links.items():
            field = Initiative._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            through.objects.bulk_create(
                [through(**{source: a, target: b}) for a, b in pairs], batch_size=5000
            )
        Funding.objects.bulk_create(funding, batch_size=5000)
        ImpactFigure.objects.bulk_create(impact, batch_size=5000)


def seed_bench(*, initiatives, seed, write):
    RegistryBench(write).seed(initiatives=initiatives, seed=seed)
