"""htmx attributes carry the `data-` prefix, which the HTML standard allows (issue 14)."""

import re

import pytest

BARE_HTMX = re.compile(r"""[\s"']hx-[a-z-]+=""")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/initiatives/", "/en/library/", "/en/ecosystem/", "/en/organisations/"]
)
def test_filter_forms_use_only_data_hx_attributes(client, reference_data, url):
    html = client.get(url).content.decode()
    assert 'data-hx-get="' in html
    assert not BARE_HTMX.search(html), BARE_HTMX.search(html).group(0)
