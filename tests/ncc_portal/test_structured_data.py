"""The schema.org descriptions (JSON-LD) of the public pages: their facts, in the page's
language with its fallback, safely escaped, and never what the page keeps from a visitor."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from ecosystem.library import services as library_services
from initiatives.models import Funding
from training import services as training_services

from ..ecosystem.test_casestudies import CaseStudyFactory
from ..factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory
from ..training.sample import training_world

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
BREAK_OUT = "</script><script>alert(1)</script>"


def json_ld(response):
    """The page's one JSON-LD description, parsed."""
    assert response.status_code == 200
    found = SCRIPT.findall(response.content.decode())
    assert len(found) == 1, found
    return json.loads(found[0])


def no_json_ld(response):
    assert response.status_code == 200
    return SCRIPT.findall(response.content.decode()) == []


def test_the_filter_escapes_what_could_end_the_element():
    html = Template("{% load structured_data %}{{ data|json_ld }}").render(
        Context({"data": {"name": "A & B <b>" + BREAK_OUT}})
    )
    assert html == (
        '<script type="application/ld+json">{"name": "A \\u0026 B \\u003Cb\\u003E'
        '\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"}</script>'
    )
    assert json.loads(SCRIPT.search(html).group(1))["name"] == "A & B <b>" + BREAK_OUT
    assert Template("{% load structured_data %}{{ data|json_ld }}").render(Context({})) == ""


# --- Initiatives -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_initiative_is_a_project_of_its_organisation(client, reference_data):
    organisation = OrganisationFactory(
        name="Quartierswerk", slug="quartierswerk", kind="third_sector"
    )
    initiative = InitiativeFactory(
        organisation=organisation,
        slug="housing-first",
        title_en="Housing first",
        title_de="Wohnen zuerst",
        summary_en="Homes <em>without</em> preconditions.",
        summary_de="Wohnungen ohne Vorbedingungen.",
        regions=["DE300"],
        start_year=2021,
        website="https://housing.example",
        contact_email="ines@example.org",
        contact_consent=False,
    )
    Funding.objects.create(initiative=initiative, kind="esf_plus", amount=25000)
    data = json_ld(client.get("/en/initiatives/housing-first/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Project"
    assert data["name"] == "Housing first"
    assert data["description"] == "Homes without preconditions."
    assert data["url"] == "http://testserver/en/initiatives/housing-first/"
    assert data["parentOrganization"] == {
        "@type": "NGO",
        "name": "Quartierswerk",
        "url": "http://testserver/en/organisations/quartierswerk/",
    }
    assert data["areaServed"] == [
        {"@type": "AdministrativeArea", "name": "Berlin", "identifier": "DE300"}
    ]
    assert data["foundingDate"] == "2021"
    assert data["sameAs"] == ["https://housing.example"]
    assert data["funding"] == [
        {
            "@type": "MonetaryGrant",
            "name": "ESF+",
            "amount": {"@type": "MonetaryAmount", "value": "25000.00", "currency": "EUR"},
        }
    ]
    page = data["mainEntityOfPage"]
    assert page["@type"] == "WebPage" and page["@id"] == data["url"]
    assert page["inLanguage"] == "en"
    initiative.refresh_from_db()
    assert datetime.fromisoformat(page["dateModified"]) == initiative.updated_at.replace(
        microsecond=initiative.updated_at.microsecond // 1000 * 1000
    )
    assert "ines@example.org" not in json.dumps(data)

    german = json_ld(client.get("/de/initiatives/housing-first/"))
    assert german["name"] == "Wohnen zuerst"
    assert german["url"] == "http://testserver/de/initiatives/housing-first/"
    assert german["mainEntityOfPage"]["inLanguage"] == "de"


@pytest.mark.django_db
def test_an_initiative_texts_fall_back_as_the_page_does(client, reference_data):
    InitiativeFactory(
        slug="alleen-nl",
        title_en="",
        title_nl="Alleen Nederlands",
        summary_en="",
        summary_nl="Samenvatting.",
        original_language="nl",
    )
    data = json_ld(client.get("/et/initiatives/alleen-nl/"))
    assert data["name"] == "Alleen Nederlands"
    assert data["mainEntityOfPage"]["inLanguage"] == "nl"


@pytest.mark.django_db
def test_a_title_cannot_break_out_of_the_script(client, reference_data):
    InitiativeFactory(slug="attack", title_en=BREAK_OUT, summary_en=BREAK_OUT)
    response = client.get("/en/initiatives/attack/")
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert json_ld(response)["name"] == BREAK_OUT


@pytest.mark.django_db
def test_an_unpublished_initiative_has_no_description(
    client, reference_data, organisation, innovator
):
    InitiativeFactory(organisation=organisation, slug="draft", status="draft", published_at=None)
    client.force_login(innovator)
    assert no_json_ld(client.get("/en/initiatives/draft/"))


# --- Case studies and the library --------------------------------------------------------------


@pytest.mark.django_db
def test_a_case_study_is_an_article(client, reference_data):
    CaseStudyFactory(
        slug="ruhr",
        title_en="Ruhr area",
        title_de="Ruhrgebiet",
        authors="Muster, A.; Beispiel, B.",
        regions=["DEA32"],
    )
    data = json_ld(client.get("/de/ecosystem/ruhr/"))
    assert data["@type"] == "Article"
    assert data["headline"] == data["name"] == "Ruhrgebiet"
    # The summary has no German: it falls back to the original, English.
    assert data["abstract"].startswith("Neighbourhood networks") and data["inLanguage"] == "en"
    assert data["url"] == "http://testserver/de/ecosystem/ruhr/"
    assert data["author"] == [
        {"@type": "Person", "name": "Muster, A."},
        {"@type": "Person", "name": "Beispiel, B."},
    ]
    assert data["datePublished"] == "2025-03-01"
    assert data["temporalCoverage"] == "2018/2024"
    assert data["spatialCoverage"][0] == {
        "@type": "Country",
        "identifier": "DE",
        "name": "Deutschland",
    }
    assert data["spatialCoverage"][1]["identifier"] == "DEA32"
    assert "dateModified" in data


@pytest.fixture
def resources(reference_data, coordinator_de):
    publisher = OrganisationFactory(name="Ministerium", slug="ministerium", kind="ministry")

    def resource(**data):
        made = library_services.create_resource(
            author=coordinator_de,
            data={
                "title_en": "Evaluation of social labs",
                "abstract_en": "What worked.",
                "type": "study",
                "country": "DE",
                "year": 2025,
                "publisher": publisher,
                "licence": "cc_by",
                "access_level": "public",
                **data,
            },
        )
        return library_services.publish_resource(resource=made, actor=coordinator_de)

    return resource


@pytest.mark.django_db
def test_a_library_resource_is_a_document_of_its_type(client, resources):
    resource = resources()
    data = json_ld(client.get(resource.get_absolute_url()))
    assert data["@type"] == "Report"
    assert data["name"] == "Evaluation of social labs"
    assert data["abstract"] == "What worked."
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert (
        data["author"]
        == data["publisher"]
        == {
            "@type": "GovernmentOrganization",
            "name": "Ministerium",
            "url": "http://testserver/en/organisations/ministerium/",
        }
    )
    assert data["datePublished"] == "2025"
    assert data["inLanguage"] == "en"
    assert "conditionsOfAccess" not in data


@pytest.mark.django_db
def test_a_restricted_resource_says_so_and_names_no_file(client, resources):
    resource = resources(
        title_en="Guide for managing authorities",
        type="guide",
        licence="all_rights",
        access_level="public_sector",
    )
    data = json_ld(client.get(resource.get_absolute_url()))
    assert data["@type"] == "DigitalDocument"
    assert "license" not in data
    assert data["conditionsOfAccess"] == "Public-sector staff only"
    assert "/files/" not in json.dumps(data)


# --- Training sessions -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_is_an_education_event_in_its_time_zone(client, reference_data, coordinator_de):
    offer, session = training_world(coordinator_de)
    data = json_ld(client.get(f"/en/training/sessions/{session.pk}/"))
    assert data["@type"] == "EducationEvent"
    assert data["name"] == "Impact measurement workshop"
    assert data["url"] == f"http://testserver/en/training/sessions/{session.pk}/"
    berlin = ZoneInfo("Europe/Berlin")
    assert data["startDate"] == session.starts_at.astimezone(berlin).isoformat()
    assert data["endDate"] == session.ends_at.astimezone(berlin).isoformat()
    assert re.search(r"T\d\d:\d\d:\d\d\+0[12]:00$", data["startDate"])
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {
            "@type": "Place",
            "name": "Werkhaus",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Musterstraße 5, 10115 Berlin",
                "addressRegion": "Berlin",
                "addressCountry": "DE",
            },
        },
        {"@type": "VirtualLocation", "name": "Online"},
    ]
    assert data["organizer"]["name"] == offer.centre.name
    assert data["offers"] == {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "EUR",
        "url": data["url"],
    }
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == ["de", "en"]
    # The online link is for participants: never in the description.
    assert "meet.example.org" not in json.dumps(data)


@pytest.mark.django_db
def test_a_closed_event_keeps_its_address_from_visitors(client, reference_data, coordinator_de):
    participant = UserFactory()
    _offer, session = training_world(coordinator_de, participant, closed_event=True)
    visitor = json_ld(client.get(f"/en/training/sessions/{session.pk}/"))
    assert "Musterstraße" not in json.dumps(visitor, ensure_ascii=False)
    assert "meet.example.org" not in json.dumps(visitor)
    assert visitor["location"][0]["address"] == {
        "@type": "PostalAddress",
        "addressRegion": "Berlin",
        "addressCountry": "DE",
    }
    # A confirmed participant's page shows the address, and so does its description; the link
    # is on the page, not in the description.
    client.force_login(participant)
    response = client.get(f"/en/training/sessions/{session.pk}/")
    assert "meet.example.org" in response.content.decode()
    mine = json_ld(response)
    assert mine["location"][0]["address"]["streetAddress"] == "Musterstraße 5, 10115 Berlin"
    assert "meet.example.org" not in json.dumps(mine)


@pytest.mark.django_db
def test_a_paid_online_session_and_a_cancelled_one(client, reference_data, coordinator_de):
    offer, session = training_world(coordinator_de, venue="", address="", region_id=None)
    offer.format, offer.fee = "online", 120
    offer.save()
    data = json_ld(client.get(f"/en/training/sessions/{session.pk}/"))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "name": "Online"}]
    assert data["offers"]["price"] == "120.00" and data["isAccessibleForFree"] is False
    training_services.cancel_session(session=session, actor=coordinator_de, reason="Ill.")
    data = json_ld(client.get(f"/de/training/sessions/{session.pk}/"))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["startDate"].startswith(
        (session.starts_at.astimezone(ZoneInfo("Europe/Berlin"))).date().isoformat()
    )


@pytest.mark.django_db
def test_a_session_of_an_unpublished_offer_has_no_description(
    client, reference_data, coordinator_de
):
    offer, session = training_world(coordinator_de)
    training_services.withdraw_offer(offer=offer, actor=coordinator_de)
    client.force_login(coordinator_de)
    assert no_json_ld(client.get(f"/en/training/sessions/{session.pk}/"))


# --- Organisations -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_organisation_has_no_personal_contact_details(client, reference_data):
    organisation = OrganisationFactory(
        name="Quartierswerk",
        slug="quartierswerk",
        kind="third_sector",
        country="DE",
        region_id="DE300",
        website="https://quartierswerk.example",
        description_en="A neighbourhood association.",
    )
    member = UserFactory(email="member@example.org", name="Mia Member")
    MembershipFactory(organisation=organisation, user=member)
    expected = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": "Quartierswerk",
        "url": "http://testserver/en/organisations/quartierswerk/",
        "description": "A neighbourhood association.",
        "address": {"@type": "PostalAddress", "addressRegion": "Berlin", "addressCountry": "DE"},
        "sameAs": ["https://quartierswerk.example"],
    }
    assert json_ld(client.get("/en/organisations/quartierswerk/")) == expected
    # A member's page lists the members; the description does not.
    client.force_login(member)
    response = client.get("/en/organisations/quartierswerk/")
    assert "member@example.org" in response.content.decode()
    assert json_ld(response) == expected


@pytest.mark.django_db
def test_the_description_is_valid_html_in_the_head(client, reference_data):
    """The script is a data block in the head, which a strict CSP does not block."""
    InitiativeFactory(slug="head", title_en="Head")
    content = client.get("/en/initiatives/head/").content.decode()
    head = content.split("</head>")[0]
    assert '<script type="application/ld+json">' in head
