"""The demo step (twice, safely) and the bench step of partner profiles."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ncc_portal.demo import seed_centres, seed_organisations, seed_users
from partnerships.bench import SLUG_PREFIX, seed_bench
from partnerships.filters import listed_profiles
from partnerships.models import PartnerProfile, ProfileStatus
from partnerships.profiles.demo import demo_profiles, seed_profiles

pytestmark = pytest.mark.django_db


def test_the_demo_step_runs_twice_safely(reference_data):
    seed_centres()
    seed_organisations()
    seed_users()
    assert seed_profiles() == len(demo_profiles())
    assert seed_profiles() == 0
    profiles = PartnerProfile.objects.all()
    assert profiles.count() == len(demo_profiles())
    assert profiles.filter(status=ProfileStatus.SUBMITTED).count() == 1
    soon = timezone.localdate() + timedelta(days=30)
    assert listed_profiles().filter(valid_until__lte=soon).count() == 1
    zwolle = profiles.get(organisation__name="Gemeente Zwolle (Demo)")
    assert "offer:pilot_site" in zwolle.facet_tokens
    assert zwolle.items.get(kind="pilot_site").text_en.startswith("Pilot site")
    assert set(profiles.values_list("organisation__country", flat=True)) == {"DE", "EE", "LU", "NL"}


def test_the_bench_tops_up_quickly(reference_data):
    started = time.monotonic()
    seed_bench(profiles=500, seed=1, write=lambda _message: None)
    assert time.monotonic() - started < 30
    bench = PartnerProfile.objects.filter(slug__startswith=SLUG_PREFIX)
    assert bench.count() == 500
    assert all(p.facet_tokens for p in bench.only("facet_tokens")[:50])
    seed_bench(profiles=500, seed=1, write=lambda _message: None)
    assert bench.count() == 500
