"""The API's initiative list (``/api/v1/initiatives/``) with 10,000 published initiatives, each
request asking what nobody asked before in the run, against the home page (see bench/README.md).

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench .venv/bin/python bench/api_list.py

Prepares the database as ``initiatives_list.py`` does (migrate, demo data, ``seed_bench
--initiatives 10000 --seed 1``, ``VACUUM ANALYZE``), then measures in rounds: in each round the
home page and one request of every kind below, with a new search word, a new facet value or
pair (the HTML list's facets) or a new cursor position. It prints each kind's median and 95th
percentile, its ratio to the home page's median, its query count and how many initiatives its
requests matched (median), then PASS or FAIL against the target: every kind's median within
``--max-ratio`` times the home page's (3 by default). The exit status is 1 on a FAIL.
"""

import argparse
import base64
import os
import statistics
import sys
import time
from urllib.parse import urlencode

# A bench run's environment (the bench database, DEBUG off, a throwaway key, …) is the one
# initiatives_list sets when it is imported (bench/ is on the path).
from initiatives_list import create_database, percentile, prepare
from search_lists import ROUNDS, Novel, _pairs, vocabulary

# One process makes every request: no throttling of the bench's own address.
os.environ["API_RATE"] = "1000000/minute"

WARM_UP = 3
# How deep the cursor page is: as page 20 of the HTML list (20 cards a page).
DEEP_ROWS = 20 * 20


def kinds(vocab):
    """[(name, make a new query: {parameter: value})]."""
    from initiatives.models import Stage
    from ncc_portal.models import Country, SustainableDevelopmentGoal, TargetGroup, Theme

    themes = list(Theme.objects.values_list("slug", flat=True))
    sdgs = [str(n) for n in SustainableDevelopmentGoal.objects.values_list("number", flat=True)]
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    countries = [c for c in Country.values if c in {"DE", "NL", "EE", "LU"}]
    searched = Novel(vocab["topical"]["de"], 21)
    single = [("theme", t) for t in themes] + [("sdg", s) for s in sdgs]
    single += [("target_group", g) for g in groups]
    one_facet = Novel(single, 22)
    two_facets = Novel(
        [("theme", t, "country", c) for t in themes for c in countries]
        + [("sdg", s, "stage", st) for s in sdgs for st in Stage.values]
        + [("target_group", g, "country", c) for g in groups for c in countries],
        23,
    )
    deep = Novel(single, 24)
    return [
        ("plain", lambda: {}),
        ("search (a new German word)", lambda: {"lang": "de", "q": next(searched)}),
        ("one facet", lambda: _pairs(next(one_facet))),
        ("two facets", lambda: _pairs(next(two_facets))),
        ("a facet, cursor 400 rows deep", lambda: deep_page(deep)),
        ("plain, translations=all", lambda: {"translations": "all"}),
    ]


def matching(query):
    """The initiatives the list shows for ``query``, in the API's order (newest row first)."""
    from django.http import QueryDict
    from django.utils import translation

    from initiatives.filters import InitiativeFilter
    from initiatives.models import Initiative

    data = QueryDict(mutable=True)
    data.update({k: v for k, v in query.items() if k not in {"lang", "translations", "cursor"}})
    with translation.override(query.get("lang", "en")):
        filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
        return filterset.qs.order_by("-pk")


def deep_page(facets):
    """The next of ``facets`` that matches something, with the cursor of the page that starts
    DEEP_ROWS rows into its list (or in the middle of a shorter one), as a client that
    followed the ``next`` links gets it."""
    pks = []
    while not pks:
        query = _pairs(next(facets))
        pks = list(matching(query).values_list("pk", flat=True))
    position = pks[min(DEEP_ROWS, len(pks) // 2)]
    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
    return {**query, "cursor": cursor}


def measure(client, request_kinds):
    """{kind: [ms]}, {kind: queries of one request}, {kind: [matches]}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        client.get("/en/")
        client.get("/api/v1/initiatives/")
    timings = {"home": [], **{name: [] for name, _query in request_kinds}}
    queries_asked = {name: [] for name, _query in request_kinds}
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get("/en/")
        timings["home"].append((time.perf_counter() - started) * 1000)
        for name, make_query in request_kinds:
            query = make_query()
            url = "/api/v1/initiatives/?" + urlencode(query)
            started = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content}")
            queries_asked[name].append(query)
    counts = {}
    for name, make_query in request_kinds:
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/initiatives/?" + urlencode(make_query()))
        counts[name] = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    counts["home"] = len(captured.captured_queries)
    matches = {
        name: [matching(query).count() for query in asked[:7]]
        for name, asked in queries_asked.items()
    }
    return timings, counts, matches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-ratio", type=float, default=3)
    arguments = parser.parse_args()

    create_database(os.environ["DATABASE_URL"])
    prepare()

    from django.test import Client

    from initiatives.models import Initiative

    request_kinds = kinds(vocabulary())
    timings, counts, matches = measure(Client(), request_kinds)

    print(
        f"\n{Initiative.objects.published().count()} published initiatives; {ROUNDS} rounds, "
        "every search and facet request new to the run; 25 initiatives a page."
    )
    home = statistics.median(timings["home"])
    print(f"\n{'kind':<32} {'median':>9} {'p95':>9} {'ratio':>6} {'queries':>8} {'matches':>8}")
    failed = []
    for name in ["home", *[name for name, _query in request_kinds]]:
        median = statistics.median(timings[name])
        ratio = median / home
        found = f"{statistics.median(matches[name]):.0f}" if matches.get(name) else "–"
        print(
            f"{name:<32} {median:>6.1f} ms {percentile(timings[name], 0.95):>6.1f} ms "
            f"{ratio:>6.2f} {counts[name]:>8} {found:>8}"
        )
        if ratio > arguments.max_ratio:
            failed.append(name)
    for name in failed:
        print(f"FAIL: {name} is over {arguments.max_ratio}× the home page's median")
    if not failed:
        print(f"PASS: every kind within {arguments.max_ratio}× the home page's median")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
