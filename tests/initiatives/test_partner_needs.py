"""An initiative's needs and offers in the partners' vocabulary (ncc_portal.choices.Contribution):
the migration from the old flag, the form, the derived flag, the "need" facet, the detail page,
the exports and the coordinators' diff of pending changes."""

import csv
import importlib
import io

import pytest
from django.apps import apps

from initiatives import services
from initiatives.models import Initiative, PendingChange
from initiatives.review import describe_changes
from initiatives.snapshots import snapshot_of

from ..factories import InitiativeFactory
from .conftest import initiative_post

migration = importlib.import_module("initiatives.migrations.0006_partner_needs_from_flag")


def facet(response, name):
    options = {n: options for n, _label, options in response.context["facets"]}[name]
    return {value: count for value, _label, count, _selected in options}


def titles(response):
    pks = [card.pk for card in response.context["page"].object_list]
    by_pk = Initiative.objects.in_bulk(pks)
    return sorted(by_pk[pk].title_en for pk in pks)


# The migration


@pytest.mark.parametrize(
    "kinds,needs",
    [
        (["funder"], ["funding"]),
        (["academia", "funder"], ["research", "funding"]),
        (["public_authority", "ministry", "managing_authority"], ["pilot_site"]),
        (
            ["private_company", "third_sector", "intermediary"],
            ["expertise", "volunteers", "network"],
        ),
        ([], ["expertise"]),
        (["no_longer_a_kind"], ["expertise"]),
    ],
)
def test_migration_maps_kinds_of_partners_to_needs(kinds, needs):
    assert migration.needs_from_partner_kinds(kinds) == needs


@pytest.mark.django_db
def test_migration_derives_needs_from_the_flag_and_back(organisation, reference_data):
    seeking = InitiativeFactory(organisation=organisation, title_en="Seeking")
    unspecific = InitiativeFactory(organisation=organisation, title_en="Unspecific")
    content = InitiativeFactory(organisation=organisation, title_en="Content")
    draft = InitiativeFactory(organisation=organisation, status="draft", indexed=False)
    # As the data stood before the migration.
    Initiative.objects.filter(pk=seeking.pk).update(
        seeking_partners=True, partner_kinds=["funder", "academia"]
    )
    Initiative.objects.filter(pk=unspecific.pk).update(seeking_partners=True, partner_kinds=[])
    Initiative.objects.update(
        facet_tokens=["country:DE", "partners:no"], partner_needs=[], partner_offers=[]
    )
    Initiative.objects.filter(pk=draft.pk).update(facet_tokens=[])
    old_snapshot = snapshot_of(content)
    del old_snapshot["partner_needs"], old_snapshot["partner_offers"]
    old_snapshot |= {"seeking_partners": True, "partner_kinds": ["intermediary"]}
    change = PendingChange.objects.create(initiative=content, data=old_snapshot)

    migration.needs_from_flag(apps, None)

    rows = {i.title_en: i for i in Initiative.objects.exclude(pk=draft.pk)}
    assert rows["Seeking"].partner_needs == ["funding", "research"]
    assert rows["Seeking"].facet_tokens == [
        "country:DE",
        "need:funding",
        "need:research",
        "partners:yes",
    ]
    assert rows["Unspecific"].partner_needs == ["expertise"]
    assert (rows["Content"].partner_needs, rows["Content"].seeking_partners) == ([], False)
    assert rows["Content"].facet_tokens == ["country:DE", "partners:no"]
    assert Initiative.objects.get(pk=draft.pk).facet_tokens == []
    change.refresh_from_db()
    assert "seeking_partners" not in change.data
    assert (change.data["partner_needs"], change.data["partner_offers"]) == (["network"], [])

    migration.flag_from_needs(apps, None)

    seeking.refresh_from_db()
    content.refresh_from_db()
    assert (seeking.seeking_partners, content.seeking_partners) == (True, False)
    assert seeking.facet_tokens == ["country:DE", "partners:yes"]
    change.refresh_from_db()
    assert change.data["seeking_partners"] is True
    assert "partner_needs" not in change.data


# The form and the services


@pytest.mark.django_db
def test_form_saves_needs_and_offers_and_derives_the_flag(client, innovator, organisation_nl):
    client.force_login(innovator)
    response = client.post(
        "/en/initiatives/new/",
        initiative_post(
            organisation_nl,
            partner_needs=["pilot_site", "funding"],
            partner_offers=["data"],
            partner_kinds=[],
        ),
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert sorted(initiative.partner_needs) == ["funding", "pilot_site"]
    assert initiative.partner_offers == ["data"]
    assert initiative.partner_kinds == []
    assert initiative.seeking_partners is True


@pytest.mark.django_db
def test_an_initiative_that_seeks_nothing_is_not_seeking_partners(
    client, innovator, organisation_nl
):
    client.force_login(innovator)
    client.post(
        "/en/initiatives/new/",
        initiative_post(organisation_nl, partner_offers=["volunteers"], partner_kinds=["funder"]),
    )
    initiative = Initiative.objects.get()
    assert (initiative.partner_needs, initiative.seeking_partners) == ([], False)


@pytest.mark.django_db
def test_form_shows_the_two_groups_of_the_vocabulary(client, innovator, organisation_nl):
    client.force_login(innovator)
    page = client.get("/en/initiatives/new/").content.decode()
    assert "What you seek from partners" in page
    assert "What you can offer partners" in page
    assert 'name="partner_needs" value="pilot_site"' in page
    assert 'name="partner_offers" value="translation"' in page
    assert 'name="seeking_partners"' not in page


@pytest.mark.django_db
def test_the_edit_form_starts_from_the_stored_needs(
    client, innovator, organisation, reference_data
):
    initiative = InitiativeFactory(
        organisation=organisation, partner_needs=["research"], seeking_partners=True
    )
    client.force_login(innovator)
    form = client.get(f"/en/initiatives/{initiative.slug}/edit/").context["form"]
    assert form["partner_needs"].value() == ["research"]


@pytest.mark.django_db
def test_approved_changes_update_the_needs_flag_and_facet(
    client, organisation, innovator, coordinator_de, reference_data
):
    initiative = InitiativeFactory(organisation=organisation, title_en="Repair café")
    data = snapshot_of(initiative) | {"partner_needs": ["pilot_site"], "partner_offers": ["data"]}
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.submit_initiative(initiative=initiative, actor=innovator)
    initiative.refresh_from_db()
    assert (initiative.partner_needs, initiative.seeking_partners) == ([], False)

    services.publish_initiative(initiative=initiative, actor=coordinator_de)
    initiative.refresh_from_db()
    assert initiative.partner_needs == ["pilot_site"]
    assert initiative.partner_offers == ["data"]
    assert initiative.seeking_partners is True
    assert {"need:pilot_site", "partners:yes"} <= set(initiative.facet_tokens)
    assert titles(client.get("/en/initiatives/?need=pilot_site")) == ["Repair café"]

    data = snapshot_of(initiative) | {"partner_needs": []}
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.submit_initiative(initiative=initiative, actor=innovator)
    services.publish_initiative(initiative=initiative, actor=coordinator_de)
    initiative.refresh_from_db()
    assert initiative.seeking_partners is False
    assert titles(client.get("/en/initiatives/?partners=yes")) == []


def test_snapshots_carry_needs_and_offers_not_the_derived_flag():
    data = snapshot_of(Initiative(partner_needs=["funding"], partner_offers=["network"]))
    assert (data["partner_needs"], data["partner_offers"]) == (["funding"], ["network"])
    assert "seeking_partners" not in data


# The registry


@pytest.fixture
def needy_registry(reference_data):
    return [
        InitiativeFactory(
            title_en="Pilot in Utrecht",
            country="NL",
            regions=["NL321"],
            partner_needs=["pilot_site", "funding"],
            seeking_partners=True,
        ),
        InitiativeFactory(
            title_en="Evaluated in Tartu",
            country="EE",
            regions=["EE008"],
            partner_needs=["research"],
            partner_offers=["pilot_site"],
            seeking_partners=True,
        ),
        InitiativeFactory(title_en="Content in Berlin", country="DE"),
        InitiativeFactory(
            title_en="Draft seeking funding",
            status="draft",
            partner_needs=["funding"],
            seeking_partners=True,
        ),
    ]


@pytest.mark.django_db
def test_need_facet_filters_and_counts(client, needy_registry):
    response = client.get("/en/initiatives/")
    counts = facet(response, "need")
    assert (counts["pilot_site"], counts["funding"], counts["research"]) == (1, 1, 1)
    assert counts["volunteers"] == 0
    assert facet(response, "partners") == {"yes": 2, "no": 1}

    response = client.get("/en/initiatives/?need=funding")
    assert titles(response) == ["Pilot in Utrecht"]
    # The other facets count within the chosen need; the need facet ignores its own choice.
    assert facet(response, "country") == {"DE": 0, "EE": 0, "LU": 0, "NL": 1}
    assert facet(response, "need")["research"] == 1

    response = client.get("/en/initiatives/?need=research&country=NL")
    assert titles(response) == []


@pytest.mark.django_db
def test_need_facet_is_in_the_filter_form_with_labels(client, needy_registry):
    page = client.get("/en/initiatives/").content.decode()
    assert '<label for="facet-need">Seeks from partners</label>' in page
    assert "Pilot site" in page


@pytest.mark.django_db
def test_an_unknown_need_is_an_error_not_a_crash(client, needy_registry):
    response = client.get("/en/initiatives/?need=teleportation")
    assert response.status_code == 200


@pytest.mark.django_db
def test_detail_page_shows_needs_and_offers_by_name(client, needy_registry):
    page = client.get(f"/en/initiatives/{needy_registry[1].slug}/").content.decode()
    assert "Seeks from partners" in page
    assert "<dd>Research and evaluation</dd>" in page
    assert "Offers partners" in page
    assert "<dd>Pilot site</dd>" in page

    page = client.get(f"/en/initiatives/{needy_registry[0].slug}/").content.decode()
    assert "<dd>Funding, Pilot site</dd>" in page  # in the vocabulary's order
    assert "Offers partners" not in page


@pytest.mark.django_db
def test_detail_page_of_an_initiative_offering_only(client, reference_data):
    initiative = InitiativeFactory(partner_offers=["mentoring"])
    page = client.get(f"/en/initiatives/{initiative.slug}/").content.decode()
    assert "<dd>Mentoring</dd>" in page
    assert "Seeks from partners" not in page


@pytest.mark.django_db
def test_the_card_still_says_seeking_partners(client, needy_registry):
    response = client.get("/en/initiatives/?country=NL")
    assert "Seeking partners</li>" in response.content.decode()


@pytest.mark.django_db
def test_exports_list_needs_and_offers(client, needy_registry):
    response = client.get("/en/initiatives/export.csv?country=EE")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert (row["seeking_partners"], row["partner_needs"], row["partner_offers"]) == (
        "True",
        "research",
        "pilot_site",
    )
    data = client.get("/en/initiatives/export.json?country=NL").json()
    assert data["initiatives"][0]["partner_needs"] == ["pilot_site", "funding"]


# The coordinators' review of pending changes


def test_diff_shows_needs_and_offers_by_name():
    before = {"partner_needs": [], "partner_offers": ["data"], "partner_kinds": ["funder"]}
    after = {
        "partner_needs": ["pilot_site", "funding"],
        "partner_offers": ["data"],
        "partner_kinds": ["funder", "academia"],
    }
    rows = {row["label"]: (row["before"], row["after"]) for row in describe_changes(before, after)}
    assert rows == {
        "what it seeks from partners": ("–", "Pilot site, Funding"),
        "kinds of partners sought": (
            "Foundation or funder",
            "Foundation or funder, Academia and research",
        ),
    }


@pytest.mark.django_db
def test_review_page_shows_the_changed_needs(
    client, organisation, innovator, coordinator_de, reference_data
):
    initiative = InitiativeFactory(organisation=organisation)
    data = snapshot_of(initiative) | {"partner_offers": ["translation"]}
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.submit_initiative(initiative=initiative, actor=innovator)
    client.force_login(coordinator_de)
    response = client.get(f"/en/initiatives/{initiative.slug}/review/")
    assert response.context["differences"] == [
        {
            "label": "what it offers partners",
            "before": "–",
            "after": "Translation and adaptation of materials",
        }
    ]
    assert "Translation and adaptation of materials" in response.content.decode()


# Demo and bench data


@pytest.mark.django_db
def test_demo_initiatives_seek_and_offer_in_the_vocabulary(reference_data):
    from initiatives.demo import seed_initiatives
    from ncc_portal import demo as core_demo
    from ncc_portal.choices import Contribution

    core_demo.seed_centres()
    core_demo.seed_organisations()
    core_demo.seed_users()
    seed_initiatives()

    seeking = Initiative.objects.filter(seeking_partners=True)
    assert seeking.count() >= 6
    for initiative in Initiative.objects.all():
        assert initiative.seeking_partners == bool(initiative.partner_needs)
        assert set(initiative.partner_needs + initiative.partner_offers) <= set(Contribution.values)
    needs = [code for i in seeking.published() for code in i.partner_needs]
    assert min(needs.count("funding"), needs.count("research"), needs.count("expertise")) >= 2
    assert any("pilot_site" in i.partner_needs for i in seeking.published().filter(country="NL"))
    replicable = seeking.published().filter(
        country="EE", open_for_replication=True, evidence="evaluated"
    )
    [passport] = [i for i in replicable if i.materials_languages and i.materials_licence]
    assert passport.replication_cost and passport.replication_conditions
    tokens = set(passport.facet_tokens)
    assert {f"need:{code}" for code in passport.partner_needs} <= tokens


@pytest.mark.django_db
def test_bench_initiatives_seek_partners_now_and_then(reference_data):
    from initiatives.bench import seed_bench

    seed_bench(initiatives=60, seed=5, write=lambda message: None)
    initiatives = list(Initiative.objects.filter(slug__startswith="bench-"))
    seeking = [i for i in initiatives if i.partner_needs]
    assert 5 <= len(seeking) <= 35
    assert all(1 <= len(i.partner_needs) <= 3 for i in seeking)
    assert all(i.seeking_partners == bool(i.partner_needs) for i in initiatives)
    assert all(not i.partner_offers for i in initiatives if not i.partner_needs)
    assert all(f"need:{i.partner_needs[0]}" in i.facet_tokens for i in seeking)
