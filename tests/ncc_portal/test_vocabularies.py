import pytest
from django.utils import translation

from ncc_portal.models import Region, Theme
from ncc_portal.reference import load_reference_data
from ncc_portal.vocabularies import labels


def theme_names():
    return {slug: name for _pk, slug, name in labels()["themes"]}


@pytest.mark.django_db
def test_labels_are_cached_per_language(reference_data, django_assert_num_queries):
    with translation.override("de"):
        german = theme_names()
        with django_assert_num_queries(0):
            assert theme_names() == german
    with translation.override("fr"):
        assert theme_names()["digital-inclusion"] != german["digital-inclusion"]


@pytest.mark.django_db
def test_an_edited_theme_shows_its_new_name(reference_data):
    with translation.override("en"):
        theme_names()  # cached
        theme = Theme.objects.get(slug="digital-inclusion")
        theme.name_en = "Digital participation"
        theme.save()
        assert theme_names()["digital-inclusion"] == "Digital participation"
        theme.delete()
        assert "digital-inclusion" not in theme_names()


@pytest.mark.django_db
def test_reloading_the_reference_data_refreshes_the_regions(reference_data):
    Region.objects.filter(code="DE3").update(name="Renamed")  # sends no signal
    assert ("DE3", "Renamed", 1, "DE") in labels()["regions"]  # now cached
    load_reference_data()  # restores the shipped name, with bulk writes that send no signals
    assert ("DE3", "Berlin", 1, "DE") in labels()["regions"]
