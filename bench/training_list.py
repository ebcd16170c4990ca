"""The training list with 2,000 offers and 10,000 sessions, compared with the home page; 50
simultaneous registrations for 10 seats.

Run from the repository root against PostgreSQL (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench .venv/bin/python bench/training_list.py

Prepares the database as ``initiatives_list.py`` does, then tops the bench training up with
``seed_bench --initiatives 0 --offers … --sessions …``. Every timed request of the filtered
list asks what nobody asked before in the run: a new pair of facets and a new search word, so
no cached counts help. Prints the
median and 95th percentile, the SQL queries per page, the time 50 concurrent registrations
take to settle, and PASS or FAIL; the exit status is 1 on FAIL.
"""

import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from initiatives_list import ROOT, create_database, percentile  # noqa: E402 (sets the env)

OFFERS = 2_000
SESSIONS = 10_000
RUNS = 40
MAX_RATIO_TO_HOME = 3
MAX_SETTLE_SECONDS = 2
# Words of the bench texts in each language, and facet values: combined into new queries.
WORDS = {
    "de": ["Werkstatt", "Reparatur", "Geflüchteten", "Bibliothek", "Arbeit", "Sprache"],
    "en": ["workshop", "repair", "refugees", "library", "work", "language"],
}
KINDS = ["training_course", "workshop", "webinar", "mentoring_programme", "advice_clinic"]
COUNTRIES = ["DE", "EE", "NL", "LU"]


def prepare():
    started = time.monotonic()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["seed_demo"],
        [
            "seed_bench",
            "--initiatives",
            "0",
            "--offers",
            str(OFFERS),
            "--sessions",
            str(SESSIONS),
        ],
    ]:
        subprocess.run([*manage, *command], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Database ready in {time.monotonic() - started:.1f} s ({connection.vendor}).")


def new_queries():
    """Filtered-list addresses, each a facet pair and a word not combined before."""
    combinations = itertools.product(["de", "en"], KINDS, COUNTRIES, range(len(WORDS["de"])))
    for language, kind, country, word in combinations:
        yield f"/{language}/training/?kind={kind}&country={country}&q={WORDS[language][word]}"


def measure(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.filters import training_changed
    from training.models import Offer

    detail = Offer.objects.filter(slug__startswith="bench-").order_by("pk").first()
    queries = new_queries()
    timings = {"home": [], "list, new query": [], "list, plain": [], "offer": []}
    for url in ["/en/", "/en/training/", detail.get_absolute_url()]:
        client.get(url)  # warm-up: the templates and vocabularies
    for _ in range(RUNS):
        for name, url in [
            ("home", "/en/"),
            ("list, new query", next(queries)),
            ("list, plain", "/en/training/"),
            ("offer", detail.get_absolute_url()),
        ]:
            if name == "list, plain":
                training_changed()  # as if a seat had been taken: counts computed afresh
            started = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
    counts = {}
    for name, url in [
        ("home", "/en/"),
        ("list, new query", next(queries)),
        ("list, plain", "/en/training/"),
        ("offer", detail.get_absolute_url()),
    ]:
        training_changed()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts[name] = len(captured.captured_queries)
    return timings, counts


def settle_registrations():
    """50 people register at once for 10 seats; seconds until all are answered."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from ncc_portal.models import User
    from training import services
    from training.models import Offer, RegistrationStatus, Session

    offer = Offer.objects.filter(slug__startswith="bench-").order_by("pk").first()
    starts = timezone.now() + timedelta(days=30)
    session = Session.objects.create(
        offer=offer, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=10
    )
    people = list(User.objects.filter(email__startswith="bench.participant.")[:50])
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        try:
            barrier.wait()
            services.register(session=session, user=person)
        except Exception as error:  # counted, and shown below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = session.registrations.filter(status=RegistrationStatus.WAITING).count()
    session.delete()
    return elapsed, confirmed, waiting, errors


def main():
    create_database(os.environ["DATABASE_URL"])
    prepare()
    from django.test import Client

    from training.models import Offer, Session

    print(
        f"{Offer.objects.published().count()} published offers, {Session.objects.count()} sessions."
    )
    timings, counts = measure(Client())
    print(f"\n{'page':<16} {'median':>9} {'p95':>9} {'queries':>8}")
    medians = {}
    for name, values in timings.items():
        medians[name] = statistics.median(values)
        print(
            f"{name:<16} {medians[name]:>6.1f} ms {percentile(values, 0.95):>6.1f} ms "
            f"{counts[name]:>8}"
        )
    ratio = medians["list, new query"] / medians["home"]
    print(f"\nRatio filtered list (new queries) / home: {ratio:.2f}")
    elapsed, confirmed, waiting, errors = settle_registrations()
    print(
        f"50 simultaneous registrations for 10 seats: {elapsed:.2f} s, "
        f"{confirmed} confirmed, {waiting} waiting, {len(errors)} errors"
    )
    for error in errors[:3]:
        print(f"  {error!r}")
    checks = [
        (f"filtered list median ≤ {MAX_RATIO_TO_HOME}× home median", ratio <= MAX_RATIO_TO_HOME),
        (
            f"registrations settle in < {MAX_SETTLE_SECONDS} s",
            elapsed < MAX_SETTLE_SECONDS,
        ),
        ("10 confirmed and 40 waiting", (confirmed, waiting, len(errors)) == (10, 40, 0)),
    ]
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}: {label}")
    return 0 if all(passed for _label, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
