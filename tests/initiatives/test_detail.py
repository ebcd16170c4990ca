import json
import re

import pytest

from ..factories import InitiativeFactory


@pytest.fixture
def initiative(organisation, reference_data):
    return InitiativeFactory(
        organisation=organisation,
        title_en="Housing first",
        summary_en="Homes without preconditions.",
        regions=["DE300"],
        contact_name="Ines",
        contact_email="ines@example.org",
        contact_consent=False,
        website="https://housing.example",
        start_year=2021,
    )


@pytest.mark.django_db
def test_detail_shows_facts_map_and_metadata(client, initiative):
    content = client.get(f"/en/initiatives/{initiative.slug}/").content.decode()
    assert "<h1>Housing first</h1>" in content
    assert "<svg" in content and "Berlin" in content
    assert '<meta property="og:title" content="Housing first">' in content
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    )
    assert data["@type"] == "Project" and data["name"] == "Housing first"
    assert data["foundingDate"] == "2021"


@pytest.mark.django_db
def test_contact_details_appear_only_with_consent(client, initiative):
    assert (
        "ines@example.org" not in client.get(f"/en/initiatives/{initiative.slug}/").content.decode()
    )
    initiative.contact_consent = True
    initiative.save()
    assert "ines@example.org" in client.get(f"/en/initiatives/{initiative.slug}/").content.decode()


@pytest.mark.django_db
def test_detail_falls_back_to_another_language(client, reference_data):
    initiative = InitiativeFactory(
        title_en="",
        title_nl="Alleen Nederlands",
        summary_en="",
        summary_nl="Samenvatting.",
        original_language="nl",
    )
    content = client.get(f"/et/initiatives/{initiative.slug}/").content.decode()
    assert "Alleen Nederlands" in content


@pytest.mark.django_db
@pytest.mark.parametrize("extra_rows", [1, 3])
def test_detail_query_count_does_not_depend_on_related_rows(
    client, reference_data, extra_rows, django_assert_num_queries
):
    from initiatives.models import Funding, ImpactFigure
    from ncc_portal.models import Theme

    initiative = InitiativeFactory(
        regions=["DE300", "DE600", "DE212"][:extra_rows],
        themes=list(Theme.objects.all()[:extra_rows]),
    )
    for n in range(extra_rows):
        ImpactFigure.objects.create(initiative=initiative, label=f"L{n}", value=n)
    Funding.objects.create(initiative=initiative, kind="esf_plus")
    # initiative, then regions, themes, SDGs, target groups, funding, impact figures
    with django_assert_num_queries(7):
        client.get(f"/en/initiatives/{initiative.slug}/")


@pytest.mark.django_db
def test_possibly_outdated_initiative_says_so(client, reference_data):
    from datetime import timedelta

    from django.utils import timezone

    initiative = InitiativeFactory(confirmed_at=timezone.now() - timedelta(days=500))
    assert "may be outdated" in client.get(f"/en/initiatives/{initiative.slug}/").content.decode()
