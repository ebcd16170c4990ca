"""Every form sent with mistakes starts with a summary whose links lead to the wrong fields."""

import re

import pytest

pytestmark = pytest.mark.django_db


def summary_links(html):
    summary = re.search(r"<div class=\"error-summary\" data-error-summary.*?</div>", html, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))


def test_a_plain_form_lists_its_errors_with_links(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/organisations/new/", {"name_en": "", "kind": "", "country": ""})
    assert response.status_code in {200, 400}
    html = response.content.decode()
    links = dict(summary_links(html))
    assert "id_kind" in links and links["id_kind"].startswith("Kind")
    assert "id_country" in links
    for field_id in links:
        assert f'id="{field_id}"' in html  # each link leads to a field on the page
    assert html.count("data-error-summary") == 1


def test_a_form_without_mistakes_has_no_summary(client, innovator):
    client.force_login(innovator)
    assert "data-error-summary" not in client.get("/en/organisations/new/").content.decode()


def test_the_summary_is_translated(client, innovator):
    client.force_login(innovator)
    html = client.post("/de/organisations/new/", {"name_de": ""}).content.decode()
    assert "Bitte korrigieren Sie die markierten Felder" in html
    assert summary_links(html)


def test_the_initiative_form_links_to_its_fields(client, innovator, organisation, reference_data):
    client.force_login(innovator)
    response = client.post(
        "/en/initiatives/new/", {"organisation": organisation.pk, "original_language": "en"}
    )
    html = response.content.decode()
    links = summary_links(html)
    assert links
    for field_id, _text in links:
        assert f'id="{field_id}"' in html
