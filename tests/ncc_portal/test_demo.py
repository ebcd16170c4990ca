from io import StringIO

import pytest
from django.core.management import call_command

from ncc_portal.models import (
    NationalCentre,
    Organisation,
    Region,
    Role,
    SustainableDevelopmentGoal,
    User,
)


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_one_user_per_role():
    call_command("seed_demo", stdout=StringIO())
    counts = (NationalCentre.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        NationalCentre.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
    ) == counts
    assert counts[0] == 4
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Region.objects.filter(level=3, country="EE").count() == 5
    assert Region.objects.count() == 524
    assert SustainableDevelopmentGoal.objects.get(number=8).name_et


@pytest.mark.django_db
def test_demo_sign_in_works_with_the_printed_password(client):
    from ncc_portal.demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=StringIO())
    response = client.post(
        "/en/accounts/login/", {"login": "innovator@ncc-demo.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
