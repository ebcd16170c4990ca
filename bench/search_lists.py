"""Every kind of list request of the registry and the library, each asking what nobody asked
before in the run, against the home page (issue 13's targets; see bench/README.md).

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench .venv/bin/python bench/search_lists.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench_100k \\
        .venv/bin/python bench/search_lists.py --initiatives 100000 --resources 10000

Prepares the database as ``initiatives_list.py`` does (migrate, demo data, ``seed_bench`` with the
numbers asked, ``VACUUM ANALYZE``), then measures in rounds: in each round the home page and one
request of every list kind, each with a new search word, a new pair of words, a new facet pair
or a new facet value, so that no cached facet counts and no answer of an earlier request help.
The plain lists are requested right after a change of their list (as after a publication). It
prints the median and 95th percentile of each kind, its query count, how many records its
requests matched (median), and PASS or FAIL against the target: every kind's median within
``--max-ratio`` times the home page's (2 by default; use 4 with 100,000 initiatives). The exit
status is 1 on a FAIL.
"""

import argparse
import itertools
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

# A bench run's environment (the bench database, DEBUG off, a throwaway key, …) is the one
# initiatives_list sets when it is imported (bench/ is on the path).
from initiatives_list import ROOT, create_database, percentile

WARM_UP = 3
ROUNDS = 30


def prepare(initiatives, resources):
    started = time.monotonic()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["seed_demo"],
        ["seed_bench", "--initiatives", str(initiatives), "--resources", str(resources)],
    ]:
        subprocess.run([*manage, *command], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Database ready in {time.monotonic() - started:.1f} s ({connection.vendor}).")


def words(texts, minimum=5):
    """The distinct words of ``texts`` of at least ``minimum`` letters, in a stable order."""
    found = {}
    for text in texts:
        for word in re.findall(r"[^\W\d_]+", text):
            if len(word) >= minimum:
                found.setdefault(word, None)
    return list(found)


def vocabulary():
    """Words to search for, per use: what the bench texts are made of."""
    from initiatives.bench import GENERAL_SENTENCES, TOPICS
    from ncc_portal.models import Region

    general = {code: words(sentences) for code, sentences in GENERAL_SENTENCES.items()}
    topical = {
        code: words(sentence for topic in TOPICS for sentence in topic[code][1])
        for code in ["de", "en", "et", "nl", "fr"]
    }
    stems = words(s for topic in TOPICS for code in ["de", "nl", "fr"] for s in topic[code][0])
    places = words(
        name.split(",")[0]
        for name in Region.objects.filter(level=3, country__in=["DE", "NL"]).values_list(
            "name", flat=True
        )
    )
    return {"general": general, "topical": topical, "stems": stems, "places": places}


class Novel:
    """Yields, in turn, values never yielded before in the run (the URLs they make are new)."""

    def __init__(self, values, seed):
        self.values = list(values)
        if len(self.values) <= ROUNDS:
            raise RuntimeError(f"only {len(self.values)} new queries for {ROUNDS + 1} requests")
        random.Random(seed).shuffle(self.values)
        self.position = 0

    def __next__(self):
        if self.position >= len(self.values):
            raise RuntimeError("the bench ran out of new queries; lower ROUNDS")
        self.position += 1
        return self.values[self.position - 1]


def registry_kinds(vocab):
    from initiatives.models import Stage
    from ncc_portal.models import Country, SustainableDevelopmentGoal, TargetGroup, Theme

    themes = list(Theme.objects.values_list("slug", flat=True))
    sdgs = [str(n) for n in SustainableDevelopmentGoal.objects.values_list("number", flat=True)]
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    countries = [c for c in Country.values if c in {"DE", "NL", "EE", "LU"}]
    general = vocab["general"]["de"]
    broad = Novel([f"{a} or {b} or {c}" for a, b, c in itertools.combinations(general[:24], 3)], 1)
    selective = Novel(vocab["places"], 2)
    estonian = Novel(vocab["topical"]["et"], 4)
    search_facet = Novel(itertools.product(vocab["topical"]["en"], countries), 5)
    two_facets = Novel(
        [("theme", t, "country", c) for t in themes for c in countries]
        + [("sdg", s, "stage", st) for s in sdgs for st in Stage.values]
        + [("target_group", g, "country", c) for g in groups for c in countries],
        6,
    )
    single = Novel(
        [("theme", t) for t in themes]
        + [("sdg", s) for s in sdgs]
        + [("target_group", g) for g in groups],
        7,
    )
    return [
        ("plain list after a change", lambda: "/en/initiatives/", "registry"),
        ("broad search (or)", lambda: "/de/initiatives/?" + urlencode({"q": next(broad)}), None),
        ("selective search", lambda: "/de/initiatives/?" + urlencode({"q": next(selective)}), None),
        (
            "search and a facet",
            lambda: (
                "/en/initiatives/?"
                + urlencode(dict(zip(["q", "country"], next(search_facet), strict=True)))
            ),
            None,
        ),
        (
            "two facets",
            lambda: "/en/initiatives/?" + urlencode(_pairs(next(two_facets))),
            None,
        ),
        (
            "page 20 of a facet",
            lambda: "/en/initiatives/?" + urlencode({**_pairs(next(single)), "page": 20}),
            None,
        ),
        ("Estonian search", lambda: "/et/initiatives/?" + urlencode({"q": next(estonian)}), None),
    ]


def library_kinds(vocab):
    from ecosystem.models import AccessLevel, ResourceType
    from ncc_portal.models import Country, Theme

    themes = list(Theme.objects.values_list("slug", flat=True))
    countries = [c for c in Country.values if c in {"DE", "NL", "EE", "LU"}] + ["transnational"]
    years = [str(y) for y in range(2021, 2027)]
    general = vocab["general"]["en"]
    broad = Novel([f"{a} or {b} or {c}" for a, b, c in itertools.combinations(general[:24], 3)], 11)
    selective = Novel(vocab["stems"], 12)
    estonian = Novel(vocab["topical"]["et"][::-1], 14)
    search_facet = Novel(itertools.product(vocab["topical"]["de"], ResourceType.values), 15)
    two_facets = Novel(
        [("type", t, "country", c) for t in ResourceType.values for c in countries]
        + [("theme", t, "year", y) for t in themes for y in years],
        16,
    )
    single = Novel(
        [("theme", t) for t in themes]
        + [("year", y) for y in years]
        + [("country", c) for c in countries]
        + [("access_level", a) for a in AccessLevel.values]
        + [("type", t) for t in ResourceType.values]
        + [("file_language", code) for code in ["de", "en", "et", "nl", "fr"]],
        17,
    )
    return [
        ("plain list after a change", lambda: "/en/library/", "library"),
        ("broad search (or)", lambda: "/en/library/?" + urlencode({"q": next(broad)}), None),
        ("selective search", lambda: "/en/library/?" + urlencode({"q": next(selective)}), None),
        (
            "search and a facet",
            lambda: (
                "/de/library/?"
                + urlencode(dict(zip(["q", "type"], next(search_facet), strict=True)))
            ),
            None,
        ),
        ("two facets", lambda: "/en/library/?" + urlencode(_pairs(next(two_facets))), None),
        (
            "page 20 of a facet",
            lambda: "/en/library/?" + urlencode({**_pairs(next(single)), "page": 20}),
            None,
        ),
        ("Estonian search", lambda: "/et/library/?" + urlencode({"q": next(estonian)}), None),
    ]


def _pairs(values):
    return dict(zip(values[::2], values[1::2], strict=True))


_changed = itertools.count()


def change(list_name):
    """What a publication does to the list: one record indexed anew (which every search then
    reads from the database, on top of the term index built before), and the facet counts
    expired (the worker's warming of the facet index included)."""
    step = next(_changed)
    if list_name == "registry":
        from initiatives.filters import registry_changed
        from initiatives.models import Initiative
        from initiatives.search import update_search_index

        pk = Initiative.objects.published().order_by("pk").values_list("pk", flat=True)[step]
        update_search_index(Initiative.objects.filter(pk=pk))
        registry_changed()
    else:
        from ecosystem.library.search import index
        from ecosystem.library.services import library_changed
        from ecosystem.models import Resource

        index.update(
            ids=[Resource.objects.published().order_by("pk").values_list("pk", flat=True)[step]]
        )
        library_changed()


def build_term_indexes():
    """The term indexes of both lists, as the worker builds them (``fulltext.memory``)."""
    from ecosystem.library.search import index as library_index
    from initiatives.search import index as registry_index
    from ncc_portal.fulltext import memory

    for index in (registry_index, library_index):
        started = time.perf_counter()
        memory.build(index)
        print(f"Term indexes of {index.name} built in {time.perf_counter() - started:.1f} s.")
    # (Linux reports the peak resident size in kilobytes.)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"The measuring process holds them in a peak of {peak:.0f} MB.")


def matched(url):
    """How many records the list at ``url`` shows in all."""
    from django.http import QueryDict
    from django.utils import translation

    from ecosystem.library.filters import ResourceFilter
    from ecosystem.models import Resource
    from initiatives.filters import InitiativeFilter
    from initiatives.models import Initiative

    language, path, query = re.match(r"/(\w+)/(\w+)/\??(.*)", url).groups()
    data = QueryDict(query, mutable=True)
    data.pop("page", None)
    with translation.override(language):
        if path == "initiatives":
            return InitiativeFilter(data, queryset=Initiative.objects.published()).qs.count()
        return ResourceFilter(data, queryset=Resource.objects.published()).qs.count()


def measure(client, kinds):
    """{kind: [ms]}, {kind: queries of one request}, {kind: [matches]}, [ms of a change]."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_term_indexes()
    for _ in range(WARM_UP):
        client.get("/en/")
        client.get("/en/initiatives/")
        client.get("/en/library/")
    timings = {name: [] for name, _url, _list in kinds}
    timings["home"] = []
    urls = {name: [] for name, _url, _list in kinds}
    changes = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get("/en/")
        timings["home"].append((time.perf_counter() - started) * 1000)
        for name, make_url, list_name in kinds:
            url = make_url()
            if list_name:
                started = time.perf_counter()
                change(list_name)
                changes.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            urls[name].append(url)
    queries = {}
    for name, make_url, list_name in kinds:
        url = make_url()
        if list_name:
            change(list_name)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    queries["home"] = len(captured.captured_queries)
    matches = {name: [matched(url) for url in found[:7]] for name, found in urls.items()}
    return timings, queries, matches, changes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--max-ratio", type=float, default=None)
    arguments = parser.parse_args()
    max_ratio = arguments.max_ratio or (4 if arguments.initiatives > 50_000 else 2)

    create_database(os.environ["DATABASE_URL"])
    prepare(arguments.initiatives, arguments.resources)

    from django.test import Client

    from ecosystem.models import Resource
    from initiatives.models import Initiative

    vocab = vocabulary()
    kinds = [(f"registry: {name}", *rest) for name, *rest in registry_kinds(vocab)]
    kinds += [(f"library: {name}", *rest) for name, *rest in library_kinds(vocab)]
    timings, queries, matches, changes = measure(Client(), kinds)

    print(
        f"\n{Initiative.objects.published().count()} published initiatives, "
        f"{Resource.objects.published().count()} published resources; {ROUNDS} rounds, "
        "every list request new to the run."
    )
    home = statistics.median(timings["home"])
    print(f"\n{'kind':<38} {'median':>9} {'p95':>9} {'ratio':>6} {'queries':>8} {'matches':>8}")
    failed = []
    for name in ["home", *[name for name, _url, _list in kinds]]:
        median = statistics.median(timings[name])
        ratio = median / home
        found = f"{statistics.median(matches[name]):.0f}" if matches.get(name) else "–"
        print(
            f"{name:<38} {median:>6.1f} ms {percentile(timings[name], 0.95):>6.1f} ms "
            f"{ratio:>6.2f} {queries[name]:>8} {found:>8}"
        )
        if ratio > max_ratio:
            failed.append(name)
    print(
        "\nA change of a list (a record indexed anew, version moved, facet index rebuilt as "
        f"the worker does): "
        f"median {statistics.median(changes):.1f} ms."
    )
    for name in failed:
        print(f"FAIL: {name} is over {max_ratio}× the home page's median")
    if not failed:
        print(f"PASS: every kind within {max_ratio}× the home page's median")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
