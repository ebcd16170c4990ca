"""What a new person is shown to do next: on the home page once signed in, and back to the
initiative form after creating the organisation it asked for."""

import pytest

from ncc_portal.models import Organisation

pytestmark = pytest.mark.django_db

ORGANISATION = {"name": "Tartu Commons", "kind": "third_sector", "country": "EE"}


def test_the_home_page_shows_a_signed_in_person_what_to_do_next(client, innovator):
    assert "What you can do now" not in client.get("/en/").content.decode()
    client.force_login(innovator)
    html = client.get("/en/").content.decode()
    assert "What you can do now" in html
    assert 'href="/en/initiatives/new/" class="button">Register your initiative' in html
    assert 'href="/en/training/"' in html
    assert 'href="/en/library/"' in html
    assert "Was Sie jetzt tun können" in client.get("/de/").content.decode()


def test_creating_the_organisation_the_initiative_form_asked_for_leads_back_to_it(
    client, innovator
):
    client.force_login(innovator)
    response = client.get("/et/initiatives/new/")
    assert response.status_code == 302
    assert response["Location"] == "/et/organisations/new/?next=%2Fet%2Finitiatives%2Fnew%2F"
    form = client.get(response["Location"]).content.decode()
    assert '<input type="hidden" name="next" value="/et/initiatives/new/">' in form

    # A mistake keeps the way back.
    failed = client.post("/et/organisations/new/", {"next": "/et/initiatives/new/", "name": ""})
    assert 'name="next" value="/et/initiatives/new/"' in failed.content.decode()

    response = client.post(
        "/et/organisations/new/", {**ORGANISATION, "next": "/et/initiatives/new/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/et/initiatives/new/"
    assert Organisation.objects.filter(name="Tartu Commons").exists()
    assert client.get("/et/initiatives/new/").status_code == 200


def test_a_way_back_to_another_site_is_ignored(client, innovator):
    client.force_login(innovator)
    response = client.post(
        "/en/organisations/new/", {**ORGANISATION, "next": "https://elsewhere.example/"}
    )
    organisation = Organisation.objects.get(name="Tartu Commons")
    assert response["Location"] == f"/en/organisations/{organisation.slug}/"


def test_the_language_blocks_start_with_the_writing_language(
    client, innovator, organisation, reference_data
):
    import re

    client.force_login(innovator)
    html = client.get("/et/initiatives/new/").content.decode()
    groups = re.findall(r'<details class="language-fields" data-language="(\w\w)"( open)?>', html)
    assert [code for code, _open in groups] == ["et", "de", "en", "nl", "fr"]
    assert [code for code, is_open in groups if is_open] == ["et"]

    # A failed save written in Dutch opens Dutch first, and the German block that holds text.
    html = client.post(
        "/et/initiatives/new/",
        {"original_language": "nl", "title_nl": "Repaircafé", "title_de": "Reparaturcafé"},
    ).content.decode()
    groups = re.findall(r'<details class="language-fields" data-language="(\w\w)"( open)?>', html)
    assert [code for code, _open in groups][0] == "nl"
    assert [code for code, is_open in groups if is_open] == ["nl", "de"]
