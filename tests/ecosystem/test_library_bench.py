"""``seed_bench --resources N`` fills the library for its benchmark through the library's
registered step: published resources, found by the list's facets and its search."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from ecosystem.library.filters import ResourceFilter
from ecosystem.library.search import facet_tokens
from ecosystem.models import Resource

pytestmark = pytest.mark.django_db


def test_seed_bench_tops_up_a_searchable_library(client, reference_data):
    call_command("seed_bench", initiatives=0, resources=40, seed=3, stdout=StringIO())
    resources = Resource.objects.filter(slug__startswith="bench-")
    assert resources.count() == 40
    assert set(resources.values_list("status", flat=True)) == {"published"}
    for resource in resources.prefetch_related("themes", "audiences", "files")[:10]:
        assert resource.facet_tokens == facet_tokens(resource)

    listed = client.get("/en/library/").context["page"].paginator.count
    assert listed == 40
    german = resources.exclude(title_de="").first()
    word = german.title_de.split(": ", 1)[1].split()[0]
    data = {"q": word, "country": german.country or "transnational", "type": german.type}
    with translation.override("de"):
        found = ResourceFilter(data, queryset=Resource.objects.published()).qs
        assert german in found

    call_command("seed_bench", initiatives=0, resources=45, stdout=StringIO())
    assert resources.count() == 45
