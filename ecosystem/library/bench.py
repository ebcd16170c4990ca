"""A large library for benchmarks: ``seed_bench --resources 10000 [--seed 1]`` (the library's
``parts.BenchStep``).

Written with ``bulk_create`` straight to the tables, as the registry's bench data is: published
resources whose slugs start with ``bench-``, topped up to the number asked. Titles, abstracts and
the files' text are composed from the registry's bench phrases (``initiatives.bench``) in the
language of the country, with an English version for most; each resource has one to three file
records (language and extracted text; no stored file behind them, so their download answers
"not found": the list and the search never open them).
"""

import random
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.bench import COUNTRIES, GENERAL_SENTENCES, TOPICS
from ncc_portal.models import Theme
from ncc_portal.reference import load_reference_data

from ..models import (
    AccessLevel,
    Audience,
    PublicationStatus,
    Resource,
    ResourceFile,
    ResourceLicence,
    ResourceType,
)
from .search import update_search_index

SLUG_PREFIX = "bench-"
BATCH_SIZE = 1000
LANGUAGE_CODES = ["de", "en", "et", "nl", "fr"]
# What a bench resource's title says it is, per language.
KINDS = {
    "de": ["Leitfaden", "Studie", "Werkzeugkasten", "Handbuch"],
    "en": ["Guide", "Study", "Toolkit", "Handbook"],
    "et": ["Juhend", "Uuring", "Tööriistakast", "Käsiraamat"],
    "nl": ["Handreiking", "Onderzoek", "Gereedschapskist", "Handboek"],
    "fr": ["Guide", "Étude", "Boîte à outils", "Manuel"],
}


def seed_bench(*, resources, seed, write):
    started = time.monotonic()
    load_reference_data()
    existing = Resource.objects.filter(slug__startswith=SLUG_PREFIX)
    missing = resources - existing.count()
    if missing <= 0:
        write(f"{existing.count()} bench resources exist; nothing to add.")
        return
    first = existing.count()
    rng = random.Random(f"library-{seed}-{first}")
    themes = list(Theme.objects.values_list("slug", "pk"))
    theme_pks = dict(themes)
    audiences = list(Audience.objects.values_list("pk", flat=True))
    countries = [*COUNTRIES, ""]
    weights = [share for share, _language, _more in COUNTRIES.values()] + [0.1]
    now = timezone.now()
    pks = []
    with transaction.atomic():
        for batch_start in range(0, missing, BATCH_SIZE):
            rows, links = [], []
            for n in range(batch_start, min(missing, batch_start + BATCH_SIZE)):
                country = rng.choices(countries, weights)[0]
                resource, facts = _resource(rng, first + n + 1, country, now)
                rows.append(resource)
                facts["themes"] = [theme_pks[slug] for slug in facts["themes"] if slug in theme_pks]
                facts["audiences"] = rng.sample(audiences, min(len(audiences), rng.randint(0, 2)))
                links.append(facts)
            Resource.objects.bulk_create(rows)
            _relations(rows, links)
            pks.extend(row.pk for row in rows)
            write(f"  {len(pks)} / {missing} resources")
        write(f"Created {len(pks)} resources; building the search index …")
        for start in range(0, len(pks), BATCH_SIZE):
            update_search_index(pks[start : start + BATCH_SIZE])
    write(f"{existing.count()} bench resources in {time.monotonic() - started:.1f} s.")


def _resource(rng, number, country, now):
    language = COUNTRIES[country][1] if country else "en"
    languages = sorted({language, *(["en"] if rng.random() < 0.7 else [])})
    topic = rng.choice(TOPICS)
    kind = rng.randrange(4)
    stem = rng.randrange(3)
    texts = {}
    for code in LANGUAGE_CODES:
        if code not in languages:
            texts[code] = ("", "", "")
            continue
        stems, sentences = topic[code]
        title = f"{KINDS[code][kind]}: {stems[stem]}"
        abstract = " ".join(sentences[i] for i in sorted(rng.sample(range(3), 2)))
        fill = {"place": "", "year": 2020, "count": 100}
        body = " ".join([*sentences, *(s.format(**fill) for s in GENERAL_SENTENCES[code])] * 3)
        texts[code] = (title, abstract, body)
    published_at = now - timedelta(days=rng.randint(1, 5 * 365), minutes=rng.randint(0, 1440))
    resource = Resource(
        slug=f"{SLUG_PREFIX}{number}-{slugify(texts[language][0])[:80]}",
        title=texts[language][0],
        abstract=texts[language][1],
        **{f"title_{code}": texts[code][0] for code in LANGUAGE_CODES},
        **{f"abstract_{code}": texts[code][1] for code in LANGUAGE_CODES},
        type=rng.choice(ResourceType.values),
        country=country,
        year=published_at.year,
        licence=rng.choice(ResourceLicence.values),
        access_level=rng.choices(AccessLevel.values, [0.8, 0.1, 0.1])[0],
        status=PublicationStatus.PUBLISHED,
        created_at=published_at - timedelta(days=rng.randint(1, 30)),
        published_at=published_at,
    )
    facts = {
        "themes": rng.sample(list(topic["themes"]), rng.randint(1, len(topic["themes"]))),
        "files": [(code, texts[code][2]) for code in languages if rng.random() < 0.8],
    }
    return resource, facts


def _relations(rows, links):
    themes, audiences, files = [], [], []
    for resource, facts in zip(rows, links, strict=True):
        themes.extend((resource.pk, pk) for pk in facts["themes"])
        audiences.extend((resource.pk, pk) for pk in facts["audiences"])
        for code, text in facts["files"]:
            files.append(
                ResourceFile(
                    resource_id=resource.pk,
                    language=code,
                    file=f"library/bench/{resource.pk}-{code}.pdf",
                    original_name=f"{resource.slug[:60]}-{code}.pdf",
                    content_type="application/pdf",
                    size=len(text),
                    extracted_text=text,
                    text_extracted_at=resource.published_at,
                )
            )
    for name, pairs in (("themes", themes), ("audiences", audiences)):
        field = Resource._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_column_name(), field.m2m_reverse_name()
        through.objects.bulk_create(
            [through(**{source: a, target: b}) for a, b in pairs], batch_size=5000
        )
    ResourceFile.objects.bulk_create(files, batch_size=2000)
