"""The API answers as its own OpenAPI schema says: schemathesis generates requests for every
operation of /api/v1/schema/ (valid and invalid parameters, a bounded number of each) over a
world of published data, and checks each answer: no server error, a status code, content type
and body that the schema describes (the error answers and ``?translations=all`` included)."""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ecosystem.library import services as library_services
from ecosystem.models import ResourceFile
from initiatives.models import Funding
from ncc_portal.models import SustainableDevelopmentGoal, TargetGroup, Theme
from ncc_portal.wsgi import application

from ..ecosystem.test_casestudies import CaseStudyFactory
from ..factories import InitiativeFactory, PartnerProfileFactory
from ..training.sample import training_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def published_world(coordinator, participant):
    """One published record or more of every resource, with translations, relations and
    files; the slugs of the records, by path of their detail operation."""
    theme = Theme.objects.get(slug="education-and-skills")
    repair = InitiativeFactory(
        slug="reparatur-cafe",
        title_en="Repair café Leipzig",
        title_de="Reparatur-Café Leipzig",
        summary_de="Ehrenamtliche reparieren mit den Besitzern.",
        original_language="de",
        regions=["DED51"],
        themes=[theme],
        contact_name="Jana Beispiel",
        contact_email="jana@example.org",
        contact_consent=True,
        open_for_replication=True,
        replication_conditions_en="A room and volunteers.",
        seeking_partners=True,
        start_year=2019,
        website="https://repair.example.org",
    )
    repair.sdgs.set(SustainableDevelopmentGoal.objects.filter(number__in=[8, 12]))
    repair.target_groups.set(TargetGroup.objects.all()[:1])
    Funding.objects.create(initiative=repair, kind="esf_plus")
    InitiativeFactory(
        slug="buurtwerk",
        title_nl="Buurtwerk Utrecht",
        title_en="",
        original_language="nl",
        country="NL",
        regions=["NL350"],
    )
    InitiativeFactory(slug="not-yet", status="draft", published_at=None)
    case_study = CaseStudyFactory(slug="ruhr", title_de="Ruhrgebiet", regions=["DEA32"])
    case_study.initiatives.set([repair])
    resource = library_services.create_resource(
        author=coordinator,
        data={
            "title_en": "Guide for social finance",
            "abstract_en": "How to fund social innovation.",
            "type": "guide",
            "country": "DE",
            "year": 2026,
            "access_level": "public",
            "themes": [theme],
        },
    )
    library_services.publish_resource(resource=resource, actor=coordinator)
    file = ResourceFile(resource=resource, language="en", original_name="guide.pdf")
    file.content_type, file.size = "application/pdf", 4
    file.file.save("guide.pdf", ContentFile(b"%PDF"))
    offer, _session = training_world(coordinator, participant)
    PartnerProfileFactory(
        slug="gemeente-zwolle",
        offers=[("pilot_site", "A district for a pilot")],
        seeks=["research"],
        regions=["NL211"],
        themes=[theme],
    )
    return {
        "/api/v1/initiatives/{slug}/": ["reparatur-cafe", "buurtwerk"],
        "/api/v1/case-studies/{slug}/": ["ruhr"],
        "/api/v1/resources/{slug}/": [resource.slug],
        "/api/v1/training-offers/{slug}/": [offer.slug],
        "/api/v1/partner-profiles/{slug}/": ["gemeente-zwolle"],
        "/api/v1/themes/{slug}/": [theme.slug],
        "/api/v1/sdgs/{number}/": [8],
        "/api/v1/target-groups/{slug}/": [TargetGroup.objects.first().slug],
        "/api/v1/regions/{code}/": ["DE", "EE001"],
    }


@pytest.fixture
def world(reference_data, coordinator_de, innovator, settings):
    # Schemathesis makes hundreds of requests from one address.
    settings.API_RATE = "100000/minute"
    # Its requests go to the WSGI application itself, which closes the database connection
    # after each (ending the test's transaction); as in Django's test client, it must not.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield published_world(coordinator_de, innovator)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The schema as the app serves it (drf-spectacular builds it without the database).
# schemathesis.pytest.from_fixture() would load it inside a test, but fails under pytest 9.2.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


# One test per operation, each with schemathesis' phases (the schema's examples, its coverage
# cases with boundary and invalid values, then generated valid and invalid requests).
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        # The world is made once for all examples of an operation, on purpose: nothing the
        # API does changes it.
        HealthCheck.function_scoped_fixture,
    ],
)
# Without a pytest parametrization of their own, pytest 9.2 gives all of schemathesis' tests
# the function's node id alone (one id for every operation, which pytest-xdist's scheduling
# cannot tell apart); with it, each id names its operation.
@pytest.mark.parametrize("data", ["published"])
@pytest.mark.django_db
def test_every_operation_answers_as_its_schema_says(case, data, world):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
def test_every_detail_answers_as_its_schema_says_for_the_published_records(world):
    """Generated slugs find nothing (404): here each detail operation with real records, in
    two languages, with and without every translation."""
    details = [operation for operation in OPERATIONS if operation.path_parameters]
    assert {operation.path for operation in details} == set(world)
    for operation in details:
        (parameter,) = [parameter.name for parameter in operation.path_parameters]
        for key in world[operation.path]:
            for query in [{}, {"lang": "et", "translations": "all"}]:
                case = operation.Case(path_parameters={parameter: key}, query=query)
                response = case.call_and_validate(checks=CHECKS)
                assert response.status_code == 200, (operation.path, key, response.text)
