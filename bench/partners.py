"""Partner suggestions among 5,000 profiles and 10,000 initiatives, and the partner list with
two facets and a search term, compared with the home page.

Run from the repository root against PostgreSQL (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench .venv/bin/python bench/partners.py

Prepares the database as ``initiatives_list.py`` does (10,000 bench initiatives), then tops the
bench partner profiles up with ``seed_bench --initiatives 0 --profiles 5000``. Each timed
suggestion is for an initiative created just before (its needs, themes and region drawn in
turn), so nothing computed for an earlier one helps; each timed list request asks for a facet
pair and a search word not asked before in the run. Prints the medians and 95th percentiles,
the SQL queries of each, and PASS or FAIL; the exit status is 1 on FAIL.
"""

import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from initiatives_list import INITIATIVES, ROOT, create_database, percentile  # noqa: E402

PROFILES = 5_000
RUNS = 40
MAX_RATIO_TO_HOME = 3
NEEDS = ["funding", "pilot_site", "expertise", "research", "data", "network", "premises"]
COUNTRIES = ["DE", "EE", "NL", "LU"]
WORDS = {
    "en": ["municipality", "foundation", "university", "housing", "volunteers", "research"],
    "de": ["Stiftung", "Gemeinde", "Universität", "Wohnen", "Ehrenamt", "Forschung"],
}


def prepare():
    started = time.monotonic()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["seed_demo"],
        ["seed_bench", "--initiatives", str(INITIATIVES), "--seed", "1"],
        ["seed_bench", "--initiatives", "0", "--profiles", str(PROFILES)],
    ]:
        subprocess.run([*manage, *command], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Database ready in {time.monotonic() - started:.1f} s ({connection.vendor}).")


def new_initiatives(count):
    """Published initiatives, each seeking two things and offering one, with a theme and a
    region taken in turn from the reference data."""
    from django.utils import timezone

    from initiatives.models import Initiative
    from ncc_portal.models import Organisation, Region, Theme

    themes = list(Theme.objects.order_by("pk"))
    regions = list(Region.objects.filter(level=2).order_by("code"))
    organisation = Organisation.objects.order_by("pk").first()
    made = []
    for number in range(count):
        region = regions[number % len(regions)]
        initiative = Initiative.objects.create(
            organisation=organisation,
            title=f"Bench suggestion initiative {number}",
            title_en=f"Bench suggestion initiative {number}",
            summary="An initiative created for the partner benchmark.",
            summary_en="An initiative created for the partner benchmark.",
            original_language="en",
            slug=f"bench-partners-{time.time_ns()}-{number}",
            country=region.country,
            stage="implementation",
            status="published",
            published_at=timezone.now(),
            confirmed_at=timezone.now(),
            partner_needs=[NEEDS[number % len(NEEDS)], NEEDS[(number + 3) % len(NEEDS)]],
            partner_offers=[NEEDS[(number + 1) % len(NEEDS)]],
            seeking_partners=True,
            open_for_replication=number % 2 == 0,
            materials_languages=["en"],
        )
        initiative.themes.set(themes[number % len(themes) : number % len(themes) + 2])
        initiative.regions.set([region])
        made.append(initiative)
    return made


def list_queries():
    combinations = itertools.product(["en", "de"], NEEDS, COUNTRIES, range(len(WORDS["en"])))
    for language, need, country, word in combinations:
        yield f"/{language}/partners/?offer={need}&country={country}&q={WORDS[language][word]}"


def measure(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatives.models import Initiative
    from partnerships import matching

    fresh = new_initiatives(RUNS + 1)
    queries = list_queries()
    timings = {"home": [], "suggestions": [], "partner list": []}
    for url in ["/en/", "/en/partners/"]:
        client.get(url)  # warm-up: the templates and vocabularies
    found = []
    for run in range(RUNS):
        started = time.perf_counter()
        client.get("/en/")
        timings["home"].append((time.perf_counter() - started) * 1000)

        # Read as a page would: the initiative from the database, then its suggestions.
        started = time.perf_counter()
        initiative = Initiative.objects.without_search_vectors().get(pk=fresh[run].pk)
        found.append(len(matching.suggest_partners(initiative)))
        timings["suggestions"].append((time.perf_counter() - started) * 1000)

        url = next(queries)
        started = time.perf_counter()
        response = client.get(url)
        timings["partner list"].append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    counts = {}
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    counts["home"] = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        initiative = Initiative.objects.without_search_vectors().get(pk=fresh[RUNS].pk)
        matching.suggest_partners(initiative)
    counts["suggestions"] = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get(next(queries))
    counts["partner list"] = len(captured.captured_queries)
    Initiative.objects.filter(pk__in=[i.pk for i in fresh]).delete()
    return timings, counts, found


def main():
    create_database(os.environ["DATABASE_URL"])
    prepare()
    from django.test import Client

    from initiatives.models import Initiative
    from partnerships.models import PartnerProfile

    print(
        f"{Initiative.objects.published().count()} published initiatives, "
        f"{PartnerProfile.objects.valid().count()} valid partner profiles."
    )
    timings, counts, found = measure(Client())
    print(f"\n{'measured':<14} {'median':>9} {'p95':>9} {'queries':>8}")
    medians = {}
    for name, values in timings.items():
        medians[name] = statistics.median(values)
        print(
            f"{name:<14} {medians[name]:>6.1f} ms {percentile(values, 0.95):>6.1f} ms "
            f"{counts[name]:>8}"
        )
    print(f"\nSuggestions per initiative: median {statistics.median(found)}, min {min(found)}")
    checks = []
    for name in ["suggestions", "partner list"]:
        ratio = medians[name] / medians["home"]
        print(f"Ratio {name} / home: {ratio:.2f}")
        checks.append(
            (f"{name} median ≤ {MAX_RATIO_TO_HOME}× home median", ratio <= MAX_RATIO_TO_HOME)
        )
    checks.append(("every initiative gets suggestions", min(found) > 0))
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}: {label}")
    return 0 if all(passed for _label, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
