"""The registry's search index: facet tokens stay true to the initiatives' relations, and the
facet counts built from them agree with what the relations say."""

import io

import pytest
from django.db.models import Q

from initiatives import services
from initiatives.models import Funding, Initiative
from initiatives.search import facet_tokens, update_search_index
from initiatives.snapshots import snapshot_of
from ncc_portal.models import TargetGroup, Theme

from ..factories import InitiativeFactory


def titles(response):
    pks = [card.pk for card in response.context["page"].object_list]
    return sorted(Initiative.objects.filter(pk__in=pks).values_list("title_en", flat=True))


@pytest.mark.django_db
def test_tokens_name_every_facet_value_and_the_regions_around_a_region(reference_data):
    initiative = InitiativeFactory(
        country="DE",
        stage="pilot",
        open_for_replication=True,
        regions=["DE300", "DEA11"],
        themes=[Theme.objects.get(slug="digital-inclusion")],
        indexed=False,
    )
    initiative.sdgs.set([4, 10])
    initiative.target_groups.set([TargetGroup.objects.get(slug="older-people")])
    Funding.objects.create(initiative=initiative, kind="esf_plus", amount=1000)
    Funding.objects.create(initiative=initiative, kind="national")
    theme = Theme.objects.get(slug="digital-inclusion")
    group = TargetGroup.objects.get(slug="older-people")
    assert facet_tokens(initiative) == sorted(
        [
            "source:here",
            "country:DE",
            "stage:pilot",
            "replication:yes",
            "partners:no",
            f"theme:{theme.pk}",
            "sdg:4",
            "sdg:10",
            f"target_group:{group.pk}",
            "funding:esf_plus",
            "funding:national",
            *["region:DE3", "region:DE30", "region:DE300"],
            *["region:DEA", "region:DEA1", "region:DEA11"],
        ]
    )


@pytest.mark.django_db
def test_a_plain_save_leaves_the_index_alone(client, reference_data):
    initiative = InitiativeFactory(title_en="Saved again", country="EE", regions=["EE008"])
    # This instance still holds the empty index it was created with.
    initiative.summary_en = "Edited in the admin."
    initiative.save()
    assert Initiative.objects.get(pk=initiative.pk).facet_tokens != []
    assert titles(client.get("/en/initiatives/?country=EE")) == ["Saved again"]


@pytest.mark.django_db
def test_approved_changes_move_the_initiative_to_its_new_facets(
    client, organisation, innovator, coordinator_de, reference_data
):
    housing = Theme.objects.get(slug="housing-and-homelessness")
    digital = Theme.objects.get(slug="digital-inclusion")
    initiative = InitiativeFactory(organisation=organisation, title_en="Moving", themes=[housing])
    data = snapshot_of(initiative) | {"themes": [digital.pk], "regions": ["DEA11"]}
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.submit_initiative(initiative=initiative, actor=innovator)
    # Waiting for review: the public version, and so its facets, stay.
    assert titles(client.get("/en/initiatives/?theme=housing-and-homelessness")) == ["Moving"]
    assert titles(client.get("/en/initiatives/?region=DEA")) == []

    services.publish_initiative(initiative=initiative, actor=coordinator_de)
    assert titles(client.get("/en/initiatives/?theme=housing-and-homelessness")) == []
    assert titles(client.get("/en/initiatives/?theme=digital-inclusion")) == ["Moving"]
    assert titles(client.get("/en/initiatives/?region=DEA1")) == ["Moving"]
    assert titles(client.get("/en/initiatives/?region=DE3")) == []


# What each facet means, said through the relations rather than the tokens.
RELATIONS = {
    "country": lambda v: Q(country=v),
    "stage": lambda v: Q(stage=v),
    "theme": lambda v: Q(themes__slug=v),
    "sdg": lambda v: Q(sdgs__number=v),
    "target_group": lambda v: Q(target_groups__slug=v),
    "funding": lambda v: Q(funding__kind=v),
    "replication": lambda v: Q(open_for_replication=v == "yes"),
    "partners": lambda v: Q(seeking_partners=v == "yes"),
    # (SQLite has no JSON containment lookup.)
    "need": lambda v: Q(pk__in=[i.pk for i in Initiative.objects.all() if v in i.partner_needs]),
    "region": lambda v: Q(regions__code__startswith=v),
    "source": lambda v: (
        Q(peer_record__isnull=True) if v == "here" else Q(peer_record__portal__slug=v)
    ),
}


NEEDS = [["funding"], ["funding", "pilot_site"], ["expertise", "research"]]


@pytest.fixture
def varied_registry(reference_data):
    themes = list(Theme.objects.order_by("slug")[:3])
    groups = list(TargetGroup.objects.order_by("slug")[:3])
    places = [("DE", ["DE300"]), ("DE", ["DEA11", "DE300"]), ("NL", ["NL321"]), ("EE", ["EE008"])]
    for n in range(12):
        country, regions = places[n % 4]
        initiative = InitiativeFactory(
            title_en=f"Initiative {n}",
            summary_en="Repair cafés" if n % 3 else "Community gardens",
            country=country,
            regions=regions,
            themes=themes[: 1 + n % 3],
            stage=["idea", "pilot", "scaling"][n % 3],
            open_for_replication=n % 2 == 0,
            seeking_partners=n % 5 == 0,
            partner_needs=NEEDS[n % 3] if n % 5 == 0 else [],
            indexed=False,
        )
        initiative.sdgs.set([1 + n % 4, 5])
        initiative.target_groups.set(groups[n % 3 :])
        for kind in ["esf_plus", "national", "foundation"][: n % 4]:
            Funding.objects.create(initiative=initiative, kind=kind)
    InitiativeFactory(title_en="Not public", status="draft", country="DE")
    update_search_index(Initiative.objects.all())
    return {"themes": themes, "groups": groups}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=DE",
        "country=DE&theme={theme}",
        "region=DE3&stage=pilot&funding=esf_plus",
        "sdg=5&target_group={group}&replication=yes",
        "q=gardens&country=NL&partners=no",
        "need=funding&replication=yes",
        "need=research&partners=yes&country=DE",
        "region=DEA1&theme={theme}&sdg=2",
    ],
)
def test_facet_counts_agree_with_the_relations(client, varied_registry, query):
    query = query.format(
        theme=varied_registry["themes"][1].slug, group=varied_registry["groups"][2].slug
    )
    chosen = dict(pair.split("=") for pair in query.split("&") if pair)
    text = chosen.pop("q", "")
    response = client.get(f"/en/initiatives/?{query}")
    facets = {name: options for name, _label, options in response.context["facets"]}
    published = Initiative.objects.published()
    if text:
        published = published.filter(summary_en__icontains=text)
    checked = 0
    for facet, options in facets.items():
        others = published
        for name, value in chosen.items():
            if name != facet:
                others = others.filter(RELATIONS[name](value))
        for value, _label, count, _selected in options:
            expected = others.filter(RELATIONS[facet](value)).distinct().count()
            assert count == expected, (facet, value)
            checked += 1
    assert checked > 40
    # And the list itself shows what every chosen facet together selects.
    expected = published
    for name, value in chosen.items():
        expected = expected.filter(RELATIONS[name](value))
    assert titles(response) == sorted(expected.distinct().values_list("title_en", flat=True))


def test_every_facet_of_the_filter_is_described_here():
    from initiatives.filters import InitiativeFilter

    assert set(InitiativeFilter.FACETS) == set(RELATIONS)


@pytest.mark.django_db
def test_the_rebuild_command_repairs_changes_made_behind_the_portals_back(client, reference_data):
    from django.core.management import call_command

    initiative = InitiativeFactory(title_en="Moved by SQL", country="DE")
    Initiative.objects.filter(pk=initiative.pk).update(country="LU")
    response = client.get("/en/initiatives/?country=LU")
    assert titles(response) == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    response = client.get("/en/initiatives/?country=LU")
    assert titles(response) == ["Moved by SQL"]
    facets = {name: options for name, _label, options in response.context["facets"]}
    assert {value: count for value, _l, count, _s in facets["country"]}["LU"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=DE&sort=name",
        "q=repair",
        "q=repair&sort=newest",
        "region=DE3&funding=esf_plus&sort=name",
        "q=gardens&sdg=5",
    ],
)
def test_the_list_is_the_same_with_and_without_cached_counts(client, varied_registry, query):
    # Without cached counts one statement gives the ids with the counts; with them, the
    # filterset's own query gives the ids. Both must list the same, in the same order.
    cold = client.get(f"/en/initiatives/?{query}")
    warm = client.get(f"/en/initiatives/?{query}")
    assert [c.pk for c in cold.context["page"].object_list] == [
        c.pk for c in warm.context["page"].object_list
    ]
    assert cold.context["page"].paginator.count == warm.context["page"].paginator.count
