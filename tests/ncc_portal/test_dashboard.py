import csv
import io

import pytest

from ..factories import InitiativeFactory


@pytest.fixture
def registry(reference_data):
    from ncc_portal.models import Theme

    theme = Theme.objects.get(slug="digital-inclusion")
    InitiativeFactory(country="DE", regions=["DE300"], themes=[theme], open_for_replication=True)
    InitiativeFactory(country="NL", regions=["NL350"], themes=[theme], seeking_partners=True)
    InitiativeFactory(country="DE", status="submitted", published_at=None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,status",
    [
        ("innovator", 403),
        ("public_sector_user", 403),
        ("coordinator_de", 200),
        ("administrator", 200),
    ],
)
def test_dashboard_access_per_role(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/en/dashboard/").status_code == status


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/en/dashboard/")["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_coordinator_sees_the_figures_of_their_country(client, registry, coordinator_de):
    client.force_login(coordinator_de)
    response = client.get("/en/dashboard/?country=NL")  # a coordinator cannot switch country
    context = response.context
    assert context["country"] == "DE"
    assert context["flags"] == {"total": 1, "open_for_replication": 1, "seeking_partners": 0}
    assert context["queue"]["size"] == 1
    themes = next(t for t in context["tables"] if t["key"] == "themes")
    row = next(r for r in themes["rows"] if r["count"])
    assert row["link"] == "/en/initiatives/?country=DE&theme=digital-inclusion"
    assert "<svg" in response.content.decode()


@pytest.mark.django_db
def test_administrator_sees_the_whole_alliance_or_one_country(client, registry, administrator):
    client.force_login(administrator)
    assert client.get("/en/dashboard/").context["flags"]["total"] == 2
    assert client.get("/en/dashboard/?country=NL").context["flags"]["total"] == 1


@pytest.mark.django_db
def test_date_range_filters_and_wrong_range_is_explained(client, registry, administrator):
    client.force_login(administrator)
    assert client.get("/en/dashboard/?since=2100-01-01").context["flags"]["total"] == 0
    response = client.get("/en/dashboard/?since=2026-05-01&until=2026-01-01")
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.django_db
def test_each_chart_downloads_as_csv(client, registry, administrator):
    client.force_login(administrator)
    response = client.get("/en/dashboard/?download=countries")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Initiatives by country", "Initiatives"]
    assert ["Germany", "1"] in rows and ["Netherlands", "1"] in rows
    monthly = client.get("/en/dashboard/?download=monthly").content.decode("utf-8-sig")
    assert monthly.splitlines()[0] == "Month,Submissions,Publications"
    assert client.get("/en/dashboard/?download=nonsense").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 3])
def test_dashboard_makes_a_fixed_number_of_queries(
    client, registry, administrator, extra, django_assert_num_queries
):
    for _n in range(extra):
        InitiativeFactory(country="EE", regions=["EE001"])
    client.force_login(administrator)
    # session, user, TOTP check (3); queue (2); flags; per month; countries, stages, funding (3);
    # themes, SDGs, target groups, each counts and names (6); NUTS-2 counts and regions (2);
    # most downloaded resources (1); training: sessions, registrations and feedback in figures,
    # per month, by country (5); mentoring figures (5), advice figures (2), their months (3)
    # and countries (3); the partnership pipeline by stage and country, by month, outcomes (3)
    with django_assert_num_queries(40):
        client.get("/en/dashboard/")


@pytest.mark.django_db
def test_dashboard_lists_the_most_downloaded_resources(client, coordinator_de, reference_data):
    from ecosystem.models import Resource

    Resource.objects.create(
        slug="guide",
        title_en="Guide",
        abstract_en="A.",
        type="guide",
        year=2026,
        status="published",
        download_count=7,
        country="DE",
    )
    Resource.objects.create(
        slug="dutch",
        title_en="Dutch only",
        abstract_en="A.",
        type="guide",
        year=2026,
        status="published",
        download_count=9,
        country="NL",
    )
    client.force_login(coordinator_de)
    response = client.get("/en/dashboard/")
    assert [r.slug for r in response.context["downloads"]] == ["guide"]
    assert "/en/library/guide/" in response.content.decode()
