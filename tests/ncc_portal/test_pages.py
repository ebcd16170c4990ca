import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["de", "en", "et", "nl", "fr"]


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_answers_in_every_language_with_its_html_lang(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert html_lang(response) == language


@pytest.mark.django_db
def test_root_redirects_to_a_language_prefix(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


@pytest.mark.django_db
def test_home_shows_translated_interface_text(client):
    assert "Zum Hauptinhalt springen" in client.get("/de/").content.decode()
    assert "Liigu põhisisu juurde" in client.get("/et/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["privacy", "imprint", "accessibility"])
def test_legal_pages_are_translated(client, centre_de, name):
    english = client.get(f"/en/{name}/")
    german = client.get(f"/de/{name}/")
    assert english.status_code == german.status_code == 200
    # The first heading differs between the languages: the text is really translated.
    heading = re.compile(r"<h1>(.*?)</h1>")
    assert heading.search(english.content.decode()).group(1) != heading.search(
        german.content.decode()
    ).group(1)


@pytest.mark.django_db
def test_imprint_lists_each_centre_with_its_contact(client, centre_de):
    content = client.get("/de/imprint/").content.decode()
    assert "NKZ Deutschland" in content
    assert "info@ncc-de.example" in content


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_each_language(client, organisation):
    content = client.get(f"/en/organisations/{organisation.slug}/?x=1").content.decode()
    for language in LANGUAGES:
        assert (
            f'href="/{language}/organisations/{organisation.slug}/?x=1" lang="{language}"'
            in content
        )


@pytest.mark.django_db
def test_language_switcher_on_a_missing_page_keeps_the_path(client):
    content = client.get("/en/no-such-page/").content.decode()
    assert 'href="/fr/no-such-page/" lang="fr"' in content


@pytest.mark.django_db
def test_404_page_is_styled_and_translated(client):
    response = client.get("/nl/does-not-exist/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina niet gevonden" in content
    assert "skip-link" in content


@pytest.mark.django_db
def test_403_page_is_translated(client, organisation, other_innovator):
    client.force_login(other_innovator)
    response = client.get(f"/fr/organisations/{organisation.slug}/edit/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_translated(innovator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(innovator)
    response = client.post("/de/organisations/new/", {"name": "X"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()


def test_500_page_renders_without_request_context(rf):
    from ncc_portal.views.site import server_error

    with translation.override("et"):
        response = server_error(rf.get("/et/"))
    assert response.status_code == 500
    assert '<html lang="et"' in response.content.decode()
    assert "Midagi läks valesti" in response.content.decode()


@pytest.mark.django_db
def test_navigation_hides_apps_without_pages(client):
    content = client.get("/en/").content.decode()
    assert reverse("organisations:organisation-list") in content
    assert "/en/partnerships/" not in content  # an app with no pages yet


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style(client, organisation):
    for url in [
        "/en/",
        "/en/organisations/",
        f"/en/organisations/{organisation.slug}/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
    ]:
        content = client.get(url).content.decode()
        assert "<style" not in content
        assert " style=" not in content
        for script in re.findall(r"<script[^>]*>", content):
            # A JSON-LD description is a data block, which browsers neither run nor check
            # against the policy.
            data_block = script == '<script type="application/ld+json">'
            assert "src=" in script or data_block, f"inline script on {url}"


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_code(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
