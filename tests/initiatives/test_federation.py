"""Federation: this portal harvests another centre's portal through its public API.

The peer is a real second instance (``peer``): the portal's code served by gunicorn on a port
of its own, with a SQLite database of its own (this instance is the test's database, served on
``live_server``'s port), where initiatives are published and withdrawn
through the review workflow. A peer that misbehaves is a small HTTP server of the test's."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from initiatives import federation
from initiatives.models import Initiative, PeerPortal, PeerRecord, Status
from partnerships.models import ScoutingCard

from ..factories import AdministratorFactory, CoordinatorFactory, InitiativeFactory

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PeerInstance:
    """A second portal on loopback: its own database, its own port."""

    def __init__(self, directory):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory / 'peer.sqlite3'}",
            "REDIS_URL": "",
            "MEDIA_ROOT": str(directory / "media"),
            "SITE_URL": self.url,
            "API_RATE": "10000/minute",
            "DEBUG": "false",
            # Plain HTTP on loopback: no TLS in front of it.
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECRET_KEY": "peer-instance-of-the-federation-test-" + "x" * 40,
        }
        self.env.pop("NCC_REQUIRE_SERVICES", None)
        self.manage("migrate", "-v0")
        self.manage("load_reference_data")
        self.server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "ncc_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--config",
                "/dev/null",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or self.server.poll() is not None:
                    self.stop()
                    raise RuntimeError("The peer instance did not start.") from None
                time.sleep(0.2)

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]

    def run(self, code):
        self.manage("shell", "-c", f"from tests.initiatives.peer_instance import *; {code}")

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    instance = PeerInstance(tmp_path_factory.mktemp("peer"))
    yield instance
    instance.stop()


@pytest.fixture
def peer_portal(db, peer):
    return PeerPortal.objects.create(name="NCC Estonia", slug="ncc-ee", base_url=peer.url)


def _listed(server, query=""):
    """This instance's registry list, asked over HTTP on its own port."""
    with urllib.request.urlopen(f"{server.url}/en/initiatives/{query}", timeout=30) as answer:
        return answer.read().decode()


@pytest.mark.django_db(transaction=True)
def test_publish_on_one_harvest_on_the_other_withdraw_harvest_again(
    peer, peer_portal, client, live_server, reference_data
):
    peer.run('publish("tugiisikud", "Volunteer companions for seniors")')
    peer.run('publish("toidupank", "Village food bank")')
    own = InitiativeFactory(title_en="Neighbourhood café", open_for_replication=True)

    result = federation.harvest_peer(peer_portal)

    assert result.ok and result.created == 2, result
    record = PeerRecord.objects.get(source_id="tugiisikud")
    harvested = record.initiative
    assert harvested.status == Status.HARVESTED and harvested.organisation is None
    assert record.source_url == f"{peer.url}/en/initiatives/tugiisikud/"
    assert record.organisation_name == "Kogukond MTÜ"
    assert harvested.title_et == "Volunteer companions for seniors (et)"
    assert [region.pk for region in harvested.regions.all()] == ["EE001"]
    assert harvested.contact_email == ""  # contact details are never harvested

    # The registry lists both portals' records, with a "source" facet and the origin marked;
    # a harvested card links to the original page.
    page = _listed(live_server)
    assert "Volunteer companions for seniors" in page and "Neighbourhood café" in page
    assert 'name="source"' in page and "NCC Estonia" in page
    assert f'href="{peer.url}/en/initiatives/tugiisikud/"' in page
    only_peer = _listed(live_server, "?source=ncc-ee")
    assert "Village food bank" in only_peer and "Neighbourhood café" not in only_peer
    only_here = _listed(live_server, "?source=here")
    assert "Village food bank" not in only_here and "Neighbourhood café" in only_here
    # … found by a word of its texts, in another language too.
    assert "Village food bank" in _listed(live_server, "?q=food+bank")
    # The page of a harvested record is the original.
    detail = client.get(f"/en/initiatives/{harvested.slug}/")
    assert detail.status_code == 302 and detail["Location"] == record.source_url
    # On the map.
    from ecosystem.map.queries import initiatives_per_region

    assert initiatives_per_region(level=1)["EE0"] == 2
    # Not in this portal's own API (each portal publishes its own records).
    api = client.get("/api/v1/initiatives/").json()
    assert [item["slug"] for item in api["results"]] == [own.slug]

    # Unchanged pages cost a 304.
    again = federation.harvest_peer(peer_portal)
    assert again.ok and again.unchanged_pages == 1 and not (again.created or again.updated)

    # Withdrawn at the source: out of the lists after one harvest.
    peer.run('withdraw("toidupank")')
    after = federation.harvest_peer(peer_portal)
    assert after.ok and after.removed == 1
    assert Initiative.objects.get(peer_record__source_id="toidupank").status == Status.ARCHIVED
    page = _listed(live_server)
    assert "Village food bank" not in page and "Volunteer companions for seniors" in page


@pytest.mark.django_db(transaction=True)
def test_a_harvested_record_is_a_scouting_candidate(
    peer, peer_portal, client, reference_data, centre_de
):
    peer.run('publish("kogukonnaaed", "Community garden on school grounds")')
    assert federation.harvest_peer(peer_portal).ok
    coordinator = CoordinatorFactory(centre=centre_de)
    client.force_login(coordinator)
    board = client.get("/en/scouting/").content.decode()
    assert "Community garden on school grounds" in board and "NCC Estonia" in board
    harvested = Initiative.objects.get(peer_record__source_id="kogukonnaaed")
    response = client.post("/en/scouting/new/", {"initiative": harvested.pk, "note": ""})
    assert response.status_code == 302
    card = ScoutingCard.objects.get(initiative=harvested)
    detail = client.get(card.get_absolute_url()).content.decode()
    assert "Kogukond MTÜ" in detail and "NCC Estonia" in detail


# --- A peer that is down or misbehaves ------------------------------------------------------


class FakePeer:
    """A tiny HTTP server that answers with what the test gives it."""

    def __init__(self):
        self.pages = {}
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                body = fake.pages.get(self.path.split("?")[0], None)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_peer():
    fake = FakePeer()
    yield fake
    fake.close()


def _record(slug, **fields):
    return {
        "slug": slug,
        "url": f"https://peer.example/en/initiatives/{slug}/",
        "title": "Shown title",
        "original_language": "nl",
        "country": "NL",
        "stage": "pilot",
        "regions": ["NL35", "XX999"],
        "themes": ["digital-inclusion", "no-such-theme"],
        "sdgs": [4, 99],
        "target_groups": [],
        "funding": ["esf_plus", "lottery"],
        "open_for_replication": True,
        "partner_needs": ["funding", "nonsense"],
        "organisation": {"name": "Buurtwerk"},
        "updated_at": "2026-12-01T10:00:00Z",
        "translations": {
            "title": {"nl": "Buurtmoestuin", "en": "Neighbourhood vegetable garden"},
            "summary": {"nl": "Samen tuinieren."},
            "description": {"nl": '<p>Elke zaterdag.</p><script>alert("x")</script>'},
        },
        **fields,
    }


def test_what_a_peer_sends_is_checked_and_cleaned(db, reference_data, fake_peer):
    fake_peer.pages[federation.LIST_PATH] = {
        "next": None,
        "results": [
            _record("moestuin"),
            _record("bad-link", url="javascript:alert(1)"),
            _record("bad-country", country="XX"),
            "not a record",
        ],
    }
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)

    result = federation.harvest_peer(portal)

    assert result.ok and result.created == 1 and len(result.skipped) == 2
    initiative = Initiative.objects.get(peer_record__source_id="moestuin")
    assert initiative.title_nl == "Buurtmoestuin" and initiative.title_en.startswith("Neighb")
    assert (
        "<script>" not in initiative.description_nl and "Elke zaterdag" in initiative.description_nl
    )
    assert [r.pk for r in initiative.regions.all()] == ["NL35"]
    assert [t.slug for t in initiative.themes.all()] == ["digital-inclusion"]
    assert [g.pk for g in initiative.sdgs.all()] == [4]
    assert [f.kind for f in initiative.funding.all()] == ["esf_plus"]
    assert initiative.partner_needs == ["funding"] and initiative.seeking_partners
    assert "source:ncc-nl" in initiative.facet_tokens
    portal.refresh_from_db()
    assert "bad-link" in portal.last_error and "bad-country" in portal.last_error


def test_a_next_page_on_another_site_is_not_followed(db, reference_data, fake_peer):
    fake_peer.pages[federation.LIST_PATH] = {
        "next": "https://elsewhere.example/api/v1/initiatives/?cursor=x",
        "results": [_record("moestuin")],
    }
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)
    result = federation.harvest_peer(portal)
    assert not result.ok and "another site" in result.error


def test_a_peer_that_is_down_is_retried_with_back_off_and_its_records_stay(
    db, reference_data, fake_peer, client
):
    fake_peer.pages[federation.LIST_PATH] = {"next": None, "results": [_record("moestuin")]}
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)
    assert federation.harvest_peer(portal).ok
    fake_peer.close()  # the peer goes down

    start = timezone.now()
    first = federation.harvest_peer(portal, now=start)
    second = federation.harvest_peer(portal, now=start + timedelta(hours=1))

    assert not first.ok and not second.ok and "could not be reached" in first.error
    portal.refresh_from_db()
    assert portal.failures == 2
    # Twice the interval after the second failure in a row.
    assert portal.next_attempt_at == start + timedelta(hours=1) + 2 * federation.interval()
    # Not due before then.
    assert federation.harvest_due_peers(now=start + timedelta(hours=2)) == {}
    # The records stay listed, and the lists keep working.
    assert Initiative.objects.get(peer_record__source_id="moestuin").status == Status.HARVESTED
    response = client.get("/en/initiatives/")
    assert response.status_code == 200 and "Buurtmoestuin" not in response.content.decode()
    assert "Neighbourhood vegetable garden" in response.content.decode()


def test_a_page_that_is_not_the_api_is_a_failure(db, reference_data, fake_peer):
    fake_peer.pages[federation.LIST_PATH] = b"<html>maintenance</html>"
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)
    result = federation.harvest_peer(portal)
    assert not result.ok and "not JSON" in result.error


# --- The peers' status page ---------------------------------------------------------------


def test_coordinators_see_the_status_and_administrators_add_peers(
    db, client, centre_de, reference_data
):
    stale = PeerPortal.objects.create(
        name="NCC Luxembourg",
        slug="ncc-lu",
        base_url="https://ncc.example.lu",
        last_success_at=timezone.now() - timedelta(days=2),
    )
    coordinator = CoordinatorFactory(centre=centre_de)
    client.force_login(coordinator)
    page = client.get("/en/initiatives/peers/").content.decode()
    assert "NCC Luxembourg" in page and "stale" in page
    assert "Add a peer portal" not in page
    assert (
        client.post("/en/initiatives/peers/", {"name": "X", "base_url": "https://x"}).status_code
        == 403
    )

    client.force_login(AdministratorFactory())
    invalid = client.post("/en/initiatives/peers/", {"name": "NCC NL", "base_url": "not a url"})
    assert invalid.status_code == 200 and "Enter a valid URL." in invalid.content.decode()
    assert 'value="NCC NL"' in invalid.content.decode()  # what was typed is kept
    duplicate = client.post(
        "/en/initiatives/peers/", {"name": "Once more", "base_url": stale.base_url + "/"}
    )
    assert "This portal is already a peer." in duplicate.content.decode()
    added = client.post(
        "/en/initiatives/peers/", {"name": "NCC Netherlands", "base_url": "https://ncc.example.nl/"}
    )
    assert added.status_code == 302
    portal = PeerPortal.objects.get(slug="ncc-netherlands")
    assert portal.base_url == "https://ncc.example.nl"
    response = client.post(f"/en/initiatives/peers/{stale.slug}/active/", {"active": "no"})
    assert response.status_code == 302
    stale.refresh_from_db()
    assert not stale.active


def test_anonymous_visitors_do_not_see_the_status_page(client, db):
    response = client.get("/en/initiatives/peers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_harvested_record_is_read_only_in_the_admin(db, client, reference_data, fake_peer):
    fake_peer.pages[federation.LIST_PATH] = {"next": None, "results": [_record("moestuin")]}
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)
    assert federation.harvest_peer(portal).ok
    harvested = Initiative.objects.get(peer_record__source_id="moestuin")
    client.force_login(AdministratorFactory())
    address = f"/en/admin/initiatives/initiative/{harvested.pk}/change/"
    page = client.get(address)
    assert page.status_code == 200 and "Neighbourhood vegetable garden" in page.content.decode()
    client.post(address, {"title_en": "Changed"})
    harvested.refresh_from_db()
    assert harvested.title_en == "Neighbourhood vegetable garden"


def test_a_peer_is_not_harvested_twice_at_once(db, reference_data, fake_peer):
    fake_peer.pages[federation.LIST_PATH] = {"next": None, "results": [_record("moestuin")]}
    portal = PeerPortal.objects.create(name="NCC NL", slug="ncc-nl", base_url=fake_peer.url)
    from django.core.cache import cache

    cache.add(f"initiatives:harvesting:{portal.pk}", True, 60)  # another harvest is busy
    assert federation.harvest_peer(portal) is None and federation.harvest_due_peers() == {}
    assert not fake_peer.requests
    cache.delete(f"initiatives:harvesting:{portal.pk}")
    assert federation.harvest_due_peers()["ncc-nl"].ok
