"""CSV exports cannot carry formulas into a spreadsheet program (OWASP "CSV injection")."""

import csv
import io
import json

import pytest

from ncc_portal.spreadsheets import safe_cell

from ..factories import InitiativeFactory

DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_cells_that_a_spreadsheet_would_run_become_plain_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Repair café", "", "a=b", 42, -3, None, 1.5])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.django_db
def test_the_registry_export_neutralises_formulas_and_the_json_keeps_them(client, reference_data):
    InitiativeFactory(title_en='=HYPERLINK("http://evil.example","Click")', summary_en="@SUM(A1)")
    body = b"".join(client.get("/en/initiatives/export.csv").streaming_content)
    row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["summary"] == "'@SUM(A1)"
    record = json.loads(client.get("/en/initiatives/export.json").content)["initiatives"][0]
    assert record["title"] == '=HYPERLINK("http://evil.example","Click")'


@pytest.mark.django_db
def test_dashboard_downloads_neutralise_formulas(client, administrator, reference_data):
    from ncc_portal.models import Theme

    Theme.objects.filter(slug="digital-inclusion").update(name_en="=1+1")
    InitiativeFactory(themes=[Theme.objects.get(slug="digital-inclusion")])
    client.force_login(administrator)
    body = client.get("/en/dashboard/?download=themes").content.decode("utf-8-sig")
    assert ["'=1+1", "1"] in list(csv.reader(io.StringIO(body)))


@pytest.mark.django_db
def test_the_library_export_neutralises_formulas(client, reference_data):
    from ecosystem.models import Resource

    Resource.objects.create(
        slug="formula",
        title_en="+SUM(1;2)",
        abstract_en="-2+3",
        type="guide",
        year=2026,
        status="published",
    )
    body = b"".join(client.get("/en/library/export.csv").streaming_content)
    row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert (row["title"], row["abstract"]) == ("'+SUM(1;2)", "'-2+3")
