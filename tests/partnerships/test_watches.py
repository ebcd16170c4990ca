"""Partner alerts (watches): the weekly digest of new matching profiles or initiatives, switching
it off and on, one-click unsubscribe, the list page and the data export."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from partnerships import watches
from partnerships.models import Watch

from ..factories import (
    InitiativeFactory,
    OrganisationFactory,
    PartnerProfileFactory,
    UserFactory,
)

WEEK_AGO = timedelta(days=7)


@pytest.fixture
def profile_pages():
    """The digests link the profiles' pages (partnerships.profiles, built alongside)."""
    try:
        reverse("partnerships:profile-detail", kwargs={"slug": "x"})
    except NoReverseMatch:
        pytest.skip("The partner profile pages are not there yet.")


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def watcher(db):
    return UserFactory(email="wim@example.org", name="Wim", language="nl")


def _aged(watch, now):
    Watch.objects.filter(pk=watch.pk).update(created_at=now - WEEK_AGO)
    watch.refresh_from_db()
    return watch


@pytest.fixture
def search_watch(watcher, now, reference_data):
    watch = watches.create_watch(
        owner=watcher,
        kind="profiles",
        name="Pilot sites in NL",
        query="?offer=pilot_site&country=NL&page=3",
        language="nl",
    )
    return _aged(watch, now)


@pytest.mark.django_db
def test_a_search_watch_keeps_the_search_without_paging(search_watch):
    assert search_watch.query == "country=NL&offer=pilot_site"
    assert search_watch.sends_emails


@pytest.mark.django_db
def test_digest_lists_new_matching_profiles_once_with_one_click_unsubscribe(
    search_watch, now, profile_pages
):
    new = PartnerProfileFactory(
        organisation=OrganisationFactory(name="Gemeente Emmen", country="NL"),
        offers=["pilot_site"],
        published_at=now - timedelta(days=1),
    )
    PartnerProfileFactory(
        organisation=OrganisationFactory(name="Gemeente Oud", country="NL"),
        offers=["pilot_site"],
        published_at=now - timedelta(days=30),
    )
    PartnerProfileFactory(
        organisation=OrganisationFactory(name="Stiftung Geld", country="DE"),
        offers=["funding"],
        published_at=now - timedelta(days=1),
    )
    mail.outbox.clear()
    assert watches.send_weekly_digests(now=now) == 1
    [message] = mail.outbox
    assert message.to == ["wim@example.org"]
    assert "Gemeente Emmen" in message.body
    assert "Gemeente Oud" not in message.body and "Stiftung Geld" not in message.body
    assert f"/nl/partners/{new.slug}/" in message.body
    unsubscribe = f"/nl/partners/watches/unsubscribe/{search_watch.token}/"
    assert unsubscribe in message.body
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Running it again finds nothing new.
    later = now + timedelta(minutes=1)
    assert watches.send_weekly_digests(now=later) == 0
    search_watch.refresh_from_db()
    assert search_watch.last_sent_at == later


@pytest.mark.django_db
def test_nothing_new_sends_nothing_but_moves_on(search_watch, now):
    assert watches.send_weekly_digests(now=now) == 0
    search_watch.refresh_from_db()
    assert search_watch.last_sent_at == now


@pytest.mark.django_db
def test_switched_off_watches_send_nothing_and_switching_on_starts_from_now(search_watch, now):
    watches.set_watch_emails(watch=search_watch, enabled=False)
    PartnerProfileFactory(offers=["pilot_site"], published_at=now - timedelta(days=1))
    assert watches.send_weekly_digests(now=now) == 0
    watches.set_watch_emails(watch=search_watch, enabled=True)
    search_watch.refresh_from_db()
    assert search_watch.sends_emails and search_watch.last_sent_at is not None
    assert watches.send_weekly_digests(now=timezone.now()) == 0


@pytest.mark.django_db
def test_suggestions_for_my_initiative(innovator, organisation, reference_data, now, profile_pages):
    initiative = InitiativeFactory(organisation=organisation, partner_needs=["pilot_site"])
    watch = _aged(
        watches.create_watch(
            owner=innovator, kind="for_initiative", initiative=initiative, language="en"
        ),
        now,
    )
    assert watch.name == f"Partners for {initiative.title}"
    PartnerProfileFactory(
        organisation=OrganisationFactory(name="Gemeente Zwolle", country="NL"),
        offers=["pilot_site"],
        published_at=now - timedelta(days=2),
    )
    mail.outbox.clear()
    assert watches.send_weekly_digests(now=now) == 1
    body = mail.outbox[0].body
    assert "Gemeente Zwolle" in body
    assert "pilot site" in body.lower()  # the reasons of the suggestion


@pytest.mark.django_db
def test_suggestions_for_my_profile(reference_data, now):
    profile = PartnerProfileFactory(offers=["funding"], published_at=now - timedelta(days=60))
    member = UserFactory(email="anna@gemeente.example")
    profile.organisation.memberships.create(user=member)
    watch = _aged(
        watches.create_watch(owner=member, kind="for_profile", profile=profile, language="en"),
        now,
    )
    InitiativeFactory(
        title_en="Seeking money", partner_needs=["funding"], published_at=now - timedelta(days=1)
    )
    mail.outbox.clear()
    assert watches.send_weekly_digests(now=now) == 1
    assert "Seeking money" in mail.outbox[0].body
    assert watch.name in mail.outbox[0].subject


@pytest.mark.django_db
def test_only_members_watch_an_initiative_or_profile(other_innovator, organisation, reference_data):
    initiative = InitiativeFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        watches.create_watch(
            owner=other_innovator, kind="for_initiative", initiative=initiative, language="en"
        )
    with pytest.raises(PermissionDenied):
        watches.create_watch(
            owner=other_innovator,
            kind="for_profile",
            profile=PartnerProfileFactory(),
            language="en",
        )


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_watch_a_search_from_the_partner_list(client, watcher):
    client.force_login(watcher)
    response = client.post(
        "/nl/partners/watches/new/",
        {"kind": "profiles", "query": "offer=funding", "next": "/nl/partners/?offer=funding"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/nl/partners/?offer=funding"
    watch = watcher.partner_watches.get()
    assert (watch.query, watch.language) == ("offer=funding", "nl")


@pytest.mark.django_db
def test_watch_list_switches_emails_off_and_on(client, search_watch, watcher):
    client.force_login(watcher)
    page = client.get("/en/partners/watches/").content.decode()
    assert "Pilot sites in NL" in page
    client.post(f"/en/partners/watches/{search_watch.pk}/emails/", {"enabled": "no"})
    search_watch.refresh_from_db()
    assert not search_watch.sends_emails
    client.post(f"/en/partners/watches/{search_watch.pk}/emails/", {"enabled": "yes"})
    search_watch.refresh_from_db()
    assert search_watch.sends_emails


@pytest.mark.django_db
def test_others_cannot_touch_my_watch(client, search_watch, other_innovator):
    client.force_login(other_innovator)
    url = f"/en/partners/watches/{search_watch.pk}/"
    assert client.post(url + "emails/", {"enabled": "no"}).status_code == 404
    assert client.post(url + "delete/").status_code == 404
    assert "Pilot sites in NL" not in client.get("/en/partners/watches/").content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/en/partners/watches/").status_code == 302


@pytest.mark.django_db
def test_unsubscribe_link_asks_first_and_the_one_click_post_needs_no_login(search_watch):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/en/partners/watches/unsubscribe/{search_watch.token}/"
    assert client.get(url).status_code == 200
    search_watch.refresh_from_db()
    assert search_watch.sends_emails
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    search_watch.refresh_from_db()
    assert not search_watch.sends_emails
    assert client.post(url).status_code == 200  # twice is fine
    assert client.get("/en/partners/watches/unsubscribe/unknown/").status_code == 200


@pytest.mark.django_db
def test_watches_are_in_the_data_export(search_watch, watcher):
    exported = watches.export_personal_data(watcher)["partner_watches"]
    assert exported == [
        {
            "name": "Pilot sites in NL",
            "kind": "profiles",
            "query": "country=NL&offer=pilot_site",
            "initiative": None,
            "profile": None,
            "language": "nl",
            "weekly_email": True,
            "created_at": search_watch.created_at.isoformat(),
            "last_sent_at": None,
        }
    ]
    from ncc_portal import parts

    assert "partnerships.watches" in parts.data_export


@pytest.mark.django_db
def test_the_weekly_task_sends_the_digests(search_watch):
    from partnerships.tasks import send_weekly_watch_digests

    assert send_weekly_watch_digests.delay().get() == 0
    search_watch.refresh_from_db()
    assert search_watch.last_sent_at is not None


@pytest.mark.django_db
def test_the_partner_list_offers_to_watch_its_search(client, reference_data, innovator):
    from partnerships.models import Watch

    assert "Alert me" not in client.get("/en/partners/?offer=funding").content.decode()
    client.force_login(innovator)
    page = client.get("/en/partners/?offer=funding&q=stiftung").content.decode()
    assert 'name="kind" value="profiles"' in page and "Alert me" in page
    response = client.post(
        "/en/partners/watches/new/",
        {
            "kind": "profiles",
            "query": "offer=funding&q=stiftung",
            "next": "/en/partners/?offer=funding",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/en/partners/?offer=funding"
    watch = Watch.objects.get(owner=innovator)
    assert watch.kind == "profiles" and "offer=funding" in watch.query
