import pytest

from ncc_portal.models import Theme


def initiative_post(organisation, **overrides):
    """A complete, valid POST of the initiative form."""
    theme = Theme.objects.order_by("pk").first()
    data = {
        "organisation": organisation.pk,
        "original_language": "nl",
        "title_nl": "Buurtwerkplaats Utrecht",
        "summary_nl": "Een werkplaats waar buurtbewoners samen spullen repareren.",
        "description_nl": "Elke zaterdag open.\n\nIedereen is welkom.",
        "country": "NL",
        "regions": ["NL350"],
        "themes": [theme.pk],
        "stage": "pilot",
        "start_year": "2023",
        "website": "buurtwerkplaats.example",
        "social_links": "",
        "funding_esf_plus": "on",
        "funding_esf_plus_amount": "25000",
        "impact-TOTAL_FORMS": "2",
        "impact-INITIAL_FORMS": "0",
        "impact-MIN_NUM_FORMS": "0",
        "impact-MAX_NUM_FORMS": "20",
        "impact-0-label": "Repaired items",
        "impact-0-value": "1200",
        "impact-0-unit": "items",
        "impact-0-year": "2024",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def organisation_nl(innovator, reference_data):
    from ..factories import OrganisationFactory

    organisation = OrganisationFactory(
        name="Buurtwerk Utrecht", slug="buurtwerk-utrecht", country="NL"
    )
    organisation.memberships.create(user=innovator)
    return organisation
