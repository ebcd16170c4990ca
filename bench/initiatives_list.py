"""How fast the registry list is with 10,000 published initiatives, compared with the home page.

Run from the repository root (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench .venv/bin/python bench/initiatives_list.py

Creates the database if it is missing, migrates it, loads the demo data and tops the bench
initiatives up to 10,000 (``seed_bench``), then requests each page through Django's test client:
a few warm-up requests, then 30 timed ones. It prints the median and 95th percentile, the number of
SQL queries per page and PASS or FAIL against the targets; the exit status is 1 on FAIL.
"""

import math
import os
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ncc_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/ncc_bench")
# The test client's requests come from the host "testserver".
os.environ["ALLOWED_HOSTS"] = ",".join(
    [*filter(None, os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")), "testserver"]
)
# Measure as production runs: DEBUG off (cached templates, no query log). A throwaway key.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_ROOT", "/tmp/ncc-bench-static")
# The demo data's workflow queues emails; nobody needs to read them here.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

INITIATIVES = 10_000
WARM_UP = 3
RUNS = 40
# A German query in an inflected form: the stemmer must reduce "Geflüchteten" to the stem of
# "Geflüchtete" for it to match.
THEME = "migration-and-integration"
QUERY = "Geflüchteten"
# Targets for the filtered list.
MAX_MEDIAN_MS = 100
MAX_RATIO_TO_HOME = 3


def create_database(url):
    import dj_database_url

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    command = ["createdb", "-h", config["HOST"] or "127.0.0.1", "-p", str(config["PORT"] or 5432)]
    if config["USER"]:
        command += ["-U", config["USER"]]
    result = subprocess.run([*command, config["NAME"]], capture_output=True, text=True)
    if result.returncode and "already exists" not in result.stderr:
        sys.exit(f"createdb failed: {result.stderr.strip()}")


def prepare():
    """Migrate and load the data in child processes: the process that measures starts like a
    server worker, without the seeding's objects in its memory (they would make every garbage
    collection, and so every request, slower)."""
    started = time.monotonic()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [
        ["migrate", "--verbosity", "0"],
        # DEBUG is off: pages name their static files through the collected manifest.
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["seed_demo"],
        ["seed_bench", "--initiatives", str(INITIATIVES), "--seed", "1"],
    ]:
        subprocess.run([*manage, *command], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        # Freshly bulk-loaded tables have neither statistics nor a vacuumed heap and GIN index
        # (GIN keeps new entries in a pending list) until autovacuum comes round; a database in
        # use has them, so the measured one should too.
        cursor.execute("VACUUM ANALYZE")
    print(f"Database ready in {time.monotonic() - started:.1f} s ({connection.vendor}).")


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(client, pages):
    """Timings in ms of RUNS requests of each page, after WARM_UP ones, and the queries of one
    request of each. ``pages``: [(name, url, cold)]; ``cold``: before each request the registry
    changes (as when a coordinator publishes), so no cached facet counts help. The pages take
    turns, round after round, so that a machine that slows down or speeds up during the run
    affects all of them alike and the ratios stay fair."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatives.filters import registry_changed

    for _name, url, _cold in pages:
        for _ in range(WARM_UP):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
    timings = {name: [] for name, _url, _cold in pages}
    for _ in range(RUNS):
        for name, url, cold in pages:
            if cold:
                registry_changed()
            started = time.perf_counter()
            client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
    query_counts = {}
    for name, url, cold in pages:
        if cold:
            registry_changed()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_counts[name] = len(queries.captured_queries)
    return timings, query_counts


def matches(params, language):
    """How many initiatives the list would show, so the figures can be judged."""
    from django.http import QueryDict
    from django.utils import translation

    from initiatives.filters import InitiativeFilter
    from initiatives.models import Initiative

    with translation.override(language):
        filterset = InitiativeFilter(QueryDict(params), queryset=Initiative.objects.published())
        return filterset.qs.count()


def main():
    create_database(os.environ["DATABASE_URL"])
    prepare()

    from urllib.parse import quote

    from django.test import Client

    from initiatives.models import Initiative

    detail = (
        Initiative.objects.published()
        .filter(slug__startswith="bench-", country="DE", title_en__gt="")
        .order_by("-published_at")
        .first()
    )
    filters = f"country=DE&theme={THEME}&q={quote(QUERY)}"
    # (name, url, cold cache): the targets are judged on cold figures, where every facet
    # count is computed; warm figures show what repeated visitors of the same list get.
    pages = [
        ("home", "/en/", True),
        ("list, filtered", f"/de/initiatives/?{filters}", True),
        ("list, filt. warm", f"/de/initiatives/?{filters}", False),
        ("list, plain", "/en/initiatives/", True),
        ("list, plain warm", "/en/initiatives/", False),
        ("detail", f"/de/initiatives/{detail.slug}/", True),
    ]
    try:
        found = matches(filters, "de")
        total = Initiative.objects.published().count()
        print(f"Filtered list: {found} of {total} published initiatives match {filters}")
    except Exception:  # the list's filters may be under construction; the timings still count
        print("Could not count the filtered list's results:")
        traceback.print_exc()

    client = Client()
    try:
        timings, query_counts = measure(client, pages)
    except Exception:
        print("Could not measure the pages:")
        traceback.print_exc()
        return 1
    results = {}
    print(f"\n{'page':<16} {'median':>9} {'p95':>9} {'queries':>8}  url")
    for name, url, _cold in pages:
        median = statistics.median(timings[name])
        results[name] = median
        print(
            f"{name:<16} {median:>6.1f} ms {percentile(timings[name], 0.95):>6.1f} ms "
            f"{query_counts[name]:>8}  {url}"
        )

    home, listed = results.get("home"), results.get("list, filtered")
    if home is None or listed is None:
        print("\nFAIL: the home page or the filtered list could not be measured.")
        return 1
    ratio = listed / home
    print(f"\nRatio filtered list / home: {ratio:.2f}")
    if "list, plain" in results:
        print(f"Ratio plain list / home:    {results['list, plain'] / home:.2f}")
    checks = [
        (f"filtered list median < {MAX_MEDIAN_MS} ms", listed < MAX_MEDIAN_MS),
        (f"filtered list median ≤ {MAX_RATIO_TO_HOME}× home median", ratio <= MAX_RATIO_TO_HOME),
    ]
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}: {label}")
    return 0 if all(passed for _label, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
