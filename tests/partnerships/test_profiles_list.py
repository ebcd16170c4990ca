"""The partner list: only valid profiles, facets with counts, search, no contact details, and a
constant number of queries; and the profile form, whose errors keep what was typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ncc_portal.models import Theme
from partnerships.models import PartnerProfile, ProfileStatus
from partnerships.search import profiles_changed, update_search_index

from ..factories import OrganisationFactory, PartnerProfileFactory

pytestmark = pytest.mark.django_db


def indexed(**kwargs):
    profile = PartnerProfileFactory(**kwargs)
    update_search_index(PartnerProfile.objects.filter(pk=profile.pk))
    profiles_changed()
    return profile


@pytest.fixture
def profiles(reference_data):
    housing = Theme.objects.first()
    funder = indexed(
        organisation=OrganisationFactory(name="Ruhr Social Finance", country="DE"),
        sector="funder",
        offers=[("funding", "Loans for social start-ups")],
        seeks=["pilot_site"],
        countries=["DE"],
        themes=[housing],
        regions=["DEA36"],
        contact_email="secret-funder@example.org",
        contact_name="Fiona Funder",
    )
    city = indexed(
        organisation=OrganisationFactory(name="Gemeente Zwolle", country="NL"),
        offers=[("pilot_site", "A neighbourhood to pilot in")],
        seeks=["funding"],
        countries=["NL"],
        contact_email="secret-city@example.org",
        contact_phone="+31 38 000 0000",
    )
    expired = indexed(
        organisation=OrganisationFactory(name="Expired Foundation", country="DE"),
        offers=["funding"],
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    draft = indexed(
        organisation=OrganisationFactory(name="Draft University", country="EE"),
        offers=["research"],
        status=ProfileStatus.DRAFT,
    )
    return {"funder": funder, "city": city, "expired": expired, "draft": draft, "theme": housing}


def names(response):
    return [p.organisation.name for p in response.context["page"].object_list]


def counts(response, facet):
    return {
        value: count
        for name, _label, options in response.context["facets"]
        if name == facet
        for value, _l, count, _selected in options
        if count
    }


def test_only_valid_profiles_are_listed(client, profiles):
    response = client.get("/en/partners/")
    assert response.status_code == 200
    assert sorted(names(response)) == ["Gemeente Zwolle", "Ruhr Social Finance"]


def test_facets_filter_and_count(client, profiles):
    response = client.get("/en/partners/", {"offer": "funding"})
    assert names(response) == ["Ruhr Social Finance"]
    assert counts(response, "offer") == {"funding": 1, "pilot_site": 1}
    assert counts(response, "seeks") == {"pilot_site": 1}
    assert counts(response, "sector") == {"funder": 1}
    assert names(client.get("/en/partners/", {"country": "NL"})) == ["Gemeente Zwolle"]
    assert names(client.get("/en/partners/", {"region": "DEA"})) == ["Ruhr Social Finance"]
    theme = profiles["theme"]
    assert names(client.get("/en/partners/", {"theme": theme.slug})) == ["Ruhr Social Finance"]
    assert sorted(names(client.get("/en/partners/", {"language": "nl"}))) == [
        "Gemeente Zwolle",
        "Ruhr Social Finance",
    ]
    assert names(client.get("/en/partners/", {"sector": "public"})) == ["Gemeente Zwolle"]


def test_search_finds_names_and_item_texts(client, profiles):
    assert names(client.get("/en/partners/", {"q": "zwolle"})) == ["Gemeente Zwolle"]
    assert names(client.get("/en/partners/", {"q": "neighbourhood"})) == ["Gemeente Zwolle"]
    assert names(client.get("/en/partners/", {"q": "nothing-like-this"})) == []


def test_htmx_returns_the_list_only(client, profiles):
    response = client.get("/en/partners/", {"offer": "funding"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="partners"' in html and "<html" not in html


def test_contact_details_are_never_shown(client, profiles, organisation, innovator):
    pages = [client.get("/en/partners/"), client.get(profiles["funder"].get_absolute_url())]
    client.force_login(profiles["funder"].organisation.memberships.create(user=innovator).user)
    pages.append(client.get(profiles["funder"].get_absolute_url()))
    for response in pages:
        html = response.content.decode()
        for secret in ("secret-funder@example.org", "Fiona Funder", "secret-city", "+31 38"):
            assert secret not in html


def test_query_count_does_not_grow_with_rows(client, profiles, django_assert_max_num_queries):
    client.get("/en/partners/")  # warm the vocabularies
    with django_assert_max_num_queries(10) as few:
        client.get("/en/partners/", {"offer": "funding"})
    for n in range(15):
        indexed(
            organisation=OrganisationFactory(name=f"More {n}", country="DE"),
            offers=["funding", "expertise"],
            seeks=["data"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/partners/", {"offer": "funding"})


FORM = {
    "original_language": "de",
    "summary_de": "",
    "summary_en": "Written in English only",
    "countries": ["DE"],
    "languages": ["de"],
    "offer_funding": "on",
    "offer_funding_text": "Mikrokredite für Gründerinnen",
    "contact_name": "Petra",
    "contact_email": "not-an-email",
}


def test_the_form_keeps_what_was_typed_on_errors(client, organisation, innovator, reference_data):
    client.force_login(innovator)
    response = client.post("/en/partners/new/", {**FORM, "organisation": organisation.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mikrokredite für Gründerinnen" in html
    assert "Written in English only" in html
    assert response.context["form"].errors
    assert not PartnerProfile.objects.exists()
    # The service's own checks (a summary in the writing language) come back on the form too.
    response = client.post(
        "/en/partners/new/",
        {**FORM, "organisation": organisation.pk, "contact_email": "petra@example.org"},
    )
    assert "summary_de" in response.context["form"].errors
    assert "Mikrokredite für Gründerinnen" in response.content.decode()


def test_the_form_creates_a_draft(client, organisation, innovator, reference_data):
    client.force_login(innovator)
    response = client.post(
        "/en/partners/new/",
        {
            **FORM,
            "organisation": organisation.pk,
            "summary_de": "Wir finanzieren soziale Gründungen.",
            "contact_email": "petra@example.org",
            "seeks_pilot_site": "on",
            "regions": ["DEA36"],
        },
    )
    assert response.status_code == 302
    profile = PartnerProfile.objects.get()
    assert profile.status == ProfileStatus.DRAFT
    assert profile.items.get(kind="funding").text_de == "Mikrokredite für Gründerinnen"
    assert "seeks:pilot_site" in profile.facet_tokens
    page = client.get(response["Location"])
    assert "Mikrokredite" in page.content.decode()
    assert "petra@example.org" not in page.content.decode()
    # Editing shows the same values.
    edit = client.get(f"/en/partners/{profile.slug}/edit/")
    assert "Mikrokredite für Gründerinnen" in edit.content.decode()


@pytest.mark.postgres
def test_full_text_search_in_the_readers_language(client, profiles):
    funder = profiles["funder"]
    funder.summary_de = "Wir finanzieren Sozialunternehmen im Ruhrgebiet."
    funder.save()
    update_search_index(PartnerProfile.objects.filter(pk=funder.pk))
    profiles_changed()
    assert names(client.get("/de/partners/", {"q": "Sozialunternehmen"})) == ["Ruhr Social Finance"]
    # The organisation's name and the items' texts are searched too, ranked by relevance.
    assert names(client.get("/en/partners/", {"q": "Zwolle"})) == ["Gemeente Zwolle"]
    assert names(client.get("/en/partners/", {"q": "loans"})) == ["Ruhr Social Finance"]
