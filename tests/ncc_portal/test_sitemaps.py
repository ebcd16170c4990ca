"""The sitemap (/sitemap.xml and its sections) and robots.txt: every public page in every
language with its hreflang alternates, nothing a visitor may not open, one query per section
page, and robots.txt keeping crawlers off the personal and coordinators' pages."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecosystem.library import services as library_services
from training import services as training_services

from ..ecosystem.test_casestudies import CaseStudyFactory
from ..factories import InitiativeFactory, OrganisationFactory, PartnerProfileFactory
from ..training.sample import offer_values, session_values, training_world

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ["de", "en", "et", "nl", "fr"]
SECTIONS = [
    "pages",
    "initiatives",
    "case-studies",
    "library-resources",
    "library-collections",
    "ecosystem-pages",
    "training-offers",
    "training-sessions",
    "training-pages",
    "partner-profiles",
    "organisations",
]


def index(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return [loc.text for loc in ET.fromstring(response.content).findall("sm:sitemap/sm:loc", NS)]


def entries(client, address):
    """The entries of one sitemap page: [(loc, lastmod, {hreflang: href})]."""
    response = client.get(address)
    assert response.status_code == 200, address
    found = []
    for url in ET.fromstring(response.content).findall("sm:url", NS):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        lastmod = url.find("sm:lastmod", NS)
        found.append(
            (url.find("sm:loc", NS).text, lastmod.text if lastmod is not None else None, alternates)
        )
    return found


def all_entries(client):
    return [entry for address in index(client) for entry in entries(client, address)]


def pages_of(found):
    """The listed pages without the site's address and the language: {path: [languages]}."""
    pages = {}
    for loc, _lastmod, _alternates in found:
        path = urlsplit(loc).path
        language, rest = re.match(r"^/([a-z]{2})(/.*)$", path).groups()
        pages.setdefault(rest, []).append(language)
    return pages


def _resource(coordinator, *, publish=True, **data):
    resource = library_services.create_resource(
        author=coordinator,
        data={
            "title_en": "Guide",
            "abstract_en": "How to.",
            "type": "guide",
            "country": "DE",
            "year": 2026,
            "access_level": "public",
            **data,
        },
    )
    if publish:
        library_services.publish_resource(resource=resource, actor=coordinator)
    return resource


@pytest.fixture
def world(reference_data, coordinator_de):
    """One thing of each kind a visitor may open, and beside it those they may not."""
    today = timezone.localdate()
    public_resource = _resource(coordinator_de, title_en="Open guide")
    restricted = _resource(coordinator_de, title_en="For ministries", access_level="public_sector")
    archived = _resource(coordinator_de, title_en="Old guide")
    library_services.archive_resource(resource=archived, actor=coordinator_de)
    collection = library_services.save_collection(
        curator=coordinator_de,
        data={"title_en": "Social finance", "introduction_en": "Money for good."},
        resources=[public_resource],
    )
    offer, session = training_world(coordinator_de)
    cancelled = training_services.create_session(
        offer=offer, actor=coordinator_de, values=session_values()
    )
    training_services.cancel_session(session=cancelled, actor=coordinator_de, reason="Ill.")
    draft_offer = training_services.create_offer(
        author=coordinator_de,
        values=offer_values(coordinator_de.centre, title_en="Not yet"),
    )
    draft_session = training_services.create_session(
        offer=draft_offer, actor=coordinator_de, values=session_values()
    )
    withdrawn_offer, withdrawn_session = training_world(coordinator_de)
    training_services.withdraw_offer(offer=withdrawn_offer, actor=coordinator_de)
    profile = PartnerProfileFactory()
    return {
        "public": [
            f"/initiatives/{InitiativeFactory(slug='published').slug}/",
            f"/ecosystem/{CaseStudyFactory(slug='ruhr').slug}/",
            f"/library/{public_resource.slug}/",
            f"/library/{restricted.slug}/",
            f"/library/collections/{collection.slug}/",
            f"/training/{offer.slug}/",
            f"/training/sessions/{session.pk}/",
            f"/training/sessions/{cancelled.pk}/",
            f"/partners/{profile.slug}/",
            f"/organisations/{profile.organisation.slug}/",
            "/",
            "/privacy/",
            "/imprint/",
            "/accessibility/",
            "/initiatives/",
            "/ecosystem/",
            "/library/",
            "/library/collections/",
            "/ecosystem/map/",
            "/ecosystem/strategy/",
            "/ecosystem/strategy/de/",
            "/training/",
            "/training/archive/",
            "/partners/",
            "/organisations/",
        ],
        "hidden": [
            *(
                f"/initiatives/{InitiativeFactory(slug=status, status=status).slug}/"
                for status in ["draft", "submitted", "changes_requested", "rejected", "archived"]
            ),
            f"/ecosystem/{CaseStudyFactory(slug='draft-case', status='draft').slug}/",
            f"/ecosystem/{CaseStudyFactory(slug='old-case', status='archived').slug}/",
            f"/library/{archived.slug}/",
            f"/library/{_resource(coordinator_de, publish=False, title_en='Draft').slug}/",
            f"/training/{draft_offer.slug}/",
            f"/training/sessions/{draft_session.pk}/",
            f"/training/{withdrawn_offer.slug}/",
            f"/training/sessions/{withdrawn_session.pk}/",
            f"/partners/{PartnerProfileFactory(status='draft', published_at=None).slug}/",
            f"/partners/{PartnerProfileFactory(status='withdrawn').slug}/",
            f"/partners/{PartnerProfileFactory(valid_until=today - timedelta(days=1)).slug}/",
        ],
    }


@pytest.mark.django_db
def test_the_index_has_one_section_per_kind_on_the_sites_address(client, world):
    assert index(client) == [f"http://testserver/sitemap-{name}.xml" for name in SECTIONS]
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_every_public_page_is_listed_once_per_language_with_all_alternates(client, world):
    found = all_entries(client)
    pages = pages_of(found)
    for path in world["public"]:
        assert sorted(pages.get(path, [])) == sorted(LANGUAGES), path
    for loc, _lastmod, alternates in found:
        path = re.sub(r"^/[a-z]{2}/", "/", urlsplit(loc).path)
        assert alternates == {
            **{language: f"http://testserver/{language}{path}" for language in LANGUAGES},
            "x-default": f"http://testserver{path}",
        }
    # Nothing is listed twice.
    assert len({loc for loc, _lastmod, _alternates in found}) == len(found)


@pytest.mark.django_db
def test_what_a_visitor_may_not_open_is_not_listed(client, world):
    pages = pages_of(all_entries(client))
    for path in world["hidden"]:
        assert path not in pages
        # …and indeed it is not found by a visitor.
        assert client.get(f"/en{path}").status_code == 404, path


@pytest.mark.django_db
def test_every_listed_address_answers_a_visitor(client, world, settings):
    found = all_entries(client)
    # Besides the world's pages: the other countries' strategy pages, the core's open-data page
    # and the pages of the organisations the factories made.
    others = {"/ecosystem/strategy/ee/", "/ecosystem/strategy/lu/", "/ecosystem/strategy/nl/"}
    unexpected = set(pages_of(found)) - set(world["public"]) - others - {"/open-data/"}
    assert {path for path in unexpected if not path.startswith("/organisations/")} == set()
    for loc, _lastmod, _alternates in found:
        response = client.get(loc)
        assert response.status_code == 200, loc
    # x-default is the address without the language, which sends the reader to theirs.
    response = client.get(found[0][2]["x-default"], headers={"accept-language": "nl"})
    assert response.status_code == 302 and response["Location"].startswith("/nl/")


@pytest.mark.django_db
def test_lastmod_is_the_rows_update_time(client, world):
    from initiatives.models import Initiative

    Initiative.objects.filter(slug="published").update(
        updated_at=datetime(2026, 5, 4, 12, tzinfo=UTC)
    )
    found = entries(client, "/sitemap-initiatives.xml")
    assert {lastmod for _loc, lastmod, _alternates in found} == {"2026-05-04"}
    # Resources keep no update time: no lastmod rather than a wrong one.
    assert {lastmod for _loc, lastmod, _a in entries(client, "/sitemap-library-resources.xml")} == {
        None
    }


@pytest.mark.django_db
def test_addresses_are_on_the_configured_site_address(client, world, settings):
    settings.SITE_URL = "https://ncc.example.eu"
    assert index(client)[0] == "https://ncc.example.eu/sitemap-pages.xml"
    loc, _lastmod, alternates = entries(client, "/sitemap-initiatives.xml")[0]
    assert loc == "https://ncc.example.eu/de/initiatives/published/"
    assert alternates["x-default"] == "https://ncc.example.eu/initiatives/published/"


def _more_rows(coordinator):
    """Two more things of each kind."""
    for n in range(2):
        InitiativeFactory()
        CaseStudyFactory()
        resource = _resource(coordinator, title_en=f"More {n}")
        library_services.save_collection(
            curator=coordinator,
            data={"title_en": f"Collection {n}", "introduction_en": "More."},
            resources=[resource],
        )
        training_world(coordinator)
        PartnerProfileFactory()
        OrganisationFactory()


@pytest.mark.django_db
def test_a_section_page_reads_its_rows_in_one_query(client, world, coordinator_de):
    def queries():
        counts = {}
        for name in SECTIONS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"/sitemap-{name}.xml").status_code == 200
            counts[name] = len(captured)
        with CaptureQueriesContext(connection) as captured:
            index(client)
        counts["index"] = len(captured)
        return counts

    before = queries()
    # One query per section with rows (the fixed pages need none), and as many for the index.
    assert before == {
        **dict.fromkeys(SECTIONS, 1),
        "pages": 0,
        "ecosystem-pages": 0,
        "training-pages": 0,
        "index": len(SECTIONS) - 3,
    }
    _more_rows(coordinator_de)
    assert queries() == before


@pytest.mark.django_db
def test_a_section_keeps_its_query_count_however_many_rows(
    client, world, coordinator_de, django_assert_max_num_queries
):
    _more_rows(coordinator_de)
    _more_rows(coordinator_de)
    for name in SECTIONS:
        with django_assert_max_num_queries(1):
            client.get(f"/sitemap-{name}.xml")


# --- robots.txt ------------------------------------------------------------------------------


def _rules(text):
    """robots.txt's Disallow rules as regular expressions (``*`` any characters, RFC 9309)."""
    return [
        re.compile(re.escape(line.split(":", 1)[1].strip()).replace(r"\*", ".*"))
        for line in text.splitlines()
        if line.startswith("Disallow:")
    ]


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_personal_pages(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("User-agent: *\nAllow: /\n")
    assert "Sitemap: http://testserver/sitemap.xml\n" in text
    for language in LANGUAGES:
        for path in [
            "accounts/",
            "admin/",
            "dashboard/",
            "reports/",
            "role-requests/",
            "my/",
            "initiatives/mine/",
            "initiatives/review/",
            "initiatives/*/profile.pdf",
            "training/mine/",
            "training/manage/",
            "certificates/",
            "mentoring/",
            "advice/",
            "matches/",
            "scouting/",
            "partners/review/",
        ]:
            assert f"\nDisallow: /{language}/{path}\n" in text
    assert "Disallow: /api" not in text

    settings.SITE_URL = "https://ncc.example.eu"
    assert (
        "Sitemap: https://ncc.example.eu/sitemap.xml" in client.get("/robots.txt").content.decode()
    )


@pytest.mark.django_db
def test_robots_txt_disallows_no_page_of_the_sitemap(client, world):
    rules = _rules(client.get("/robots.txt").content.decode())
    listed = [urlsplit(loc).path for loc, _lastmod, _alternates in all_entries(client)]
    blocked = [path for path in listed if any(rule.match(path) for rule in rules)]
    assert blocked == []
    # …while the pages of one person are.
    for path in ["/de/accounts/login/", "/en/training/sessions/3/participants/", "/fr/my/lists/"]:
        assert any(rule.match(path) for rule in rules), path
