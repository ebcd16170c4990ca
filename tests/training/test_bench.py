"""``seed_bench`` adds training's bench offers and sessions through its registered step."""

from io import StringIO

import pytest
from django.core.management import call_command

from initiatives.models import Initiative
from training.models import Offer, Registration, Session

pytestmark = pytest.mark.django_db


def test_seed_bench_tops_up_offers_and_sessions(reference_data, centre_de, centre_nl):
    out = StringIO()
    call_command("seed_bench", initiatives=0, offers=12, sessions=40, seed=2, stdout=out)
    offers = Offer.objects.filter(slug__startswith="bench-")
    assert offers.count() == 12
    assert set(offers.values_list("status", flat=True)) == {"published"}
    assert Session.objects.filter(offer__in=offers).count() == 40
    assert Registration.objects.filter(session__offer__in=offers).exists()
    assert not Initiative.objects.exists()  # --initiatives 0 skips the registry's step
    assert "training: done" in out.getvalue()

    call_command("seed_bench", initiatives=0, offers=15, sessions=40, stdout=StringIO())
    assert offers.count() == 15
    assert Session.objects.filter(offer__in=offers).count() == 40


def test_seed_bench_without_centres_says_what_to_do(reference_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="run seed_demo first"):
        call_command("seed_bench", initiatives=0, offers=1, sessions=1, stdout=StringIO())
