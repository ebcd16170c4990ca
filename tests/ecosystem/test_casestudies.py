"""Ecosystem case studies: workflow and history, every role × action, the form, fallback search,
the comparison, query counts and both report kinds as real PDFs."""

import subprocess
from datetime import date

import factory
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from ecosystem.casestudies import services
from ecosystem.models import CaseStudy, CaseStudyActor, CaseStudyEvent, StrategyMilestone
from ecosystem.reports import CASE_STUDY, COUNTRY_ECOSYSTEM
from ncc_portal.models import Report, Theme
from ncc_portal.reports.rendering import render_html, render_pdf

from ..factories import InitiativeFactory, OrganisationFactory, UserFactory


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A published German case study written in English, unless told otherwise."""

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"case-study-{n}")
    title_en = factory.Sequence(lambda n: f"Ecosystem number {n}")
    summary_en = "Neighbourhood networks, a university and the job centre work together."
    enablers_en = "A strong welfare tradition."
    barriers_en = "Short project funding."
    original_language = "en"
    country = "DE"
    period_start = 2018
    period_end = 2024
    authors = "Muster, A.; Beispiel, B."
    status = "published"
    published_on = date(2025, 3, 1)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted if extracted is not None else ["DEA32"])

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            services.update_search_vectors(CaseStudy.objects.filter(pk=self.pk))


@pytest.fixture
def researcher(db):
    return UserFactory(email="rita@research.example", name="Rita Researcher", role="researcher")


@pytest.fixture
def other_researcher(db):
    return UserFactory(email="rolf@research.example", name="Rolf Researcher", role="researcher")


@pytest.fixture
def draft(researcher, reference_data):
    return CaseStudyFactory(
        slug="ruhr-draft",
        title_en="Ruhr draft",
        status="draft",
        published_on=None,
        created_by=researcher,
    )


@pytest.fixture
def published(researcher, reference_data):
    return CaseStudyFactory(slug="ruhr", title_en="Ruhr area", created_by=researcher)


def case_study_post(**overrides):
    theme = Theme.objects.order_by("pk").first()
    data = {
        "original_language": "de",
        "title_de": "Soziale Innovation im Ruhrgebiet",
        "summary_de": "Nachbarschaftsnetzwerke und Hochschulen arbeiten zusammen.",
        "enablers_de": "Starke Wohlfahrtsverbände.",
        "title_en": "Social innovation in the Ruhr area",
        "country": "DE",
        "regions": ["DEA32", "DEA5"],
        "municipality": "Gelsenkirchen",
        "period_start": "2015",
        "period_end": "2024",
        "themes": [theme.pk],
        "funding_sources": ["esf_plus", "national"],
        "sources": "Bericht 2023\nhttps://example.org/studie",
        "authors": "Muster, A.",
        "actors-TOTAL_FORMS": "3",
        "actors-INITIAL_FORMS": "0",
        "actors-MIN_NUM_FORMS": "0",
        "actors-MAX_NUM_FORMS": "60",
        "actors-0-helix": "academia",
        "actors-0-name": "Institut Arbeit und Technik",
        "actors-0-role": "Begleitforschung",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- Workflow, history and emails ---------------------------------------------------------------


@pytest.mark.django_db
def test_researcher_writes_asks_and_coordinator_publishes_with_history_and_emails(
    client,
    researcher,
    coordinator_de,
    coordinator_nl,
    reference_data,
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory(name="Stadt Gelsenkirchen", kind="public_authority")
    initiative = InitiativeFactory(country="DE")
    client.force_login(researcher)
    post = case_study_post(
        **{
            "actors-1-helix": "public",
            "actors-1-organisation": str(organisation.pk),
            "actors-1-role": "Sozialplanung",
            "initiatives": [initiative.pk],
        }
    )
    response = client.post("/de/ecosystem/new/", post)
    case_study = CaseStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == case_study.get_absolute_url()
    assert case_study.status == "draft" and case_study.created_by == researcher
    assert case_study.title_de == "Soziale Innovation im Ruhrgebiet"
    assert case_study.slug == "soziale-innovation-im-ruhrgebiet"
    assert sorted(r.code for r in case_study.regions.all()) == ["DEA32", "DEA5"]
    assert list(case_study.initiatives.all()) == [initiative]
    assert case_study.funding_sources == ["esf_plus", "national"]
    actors = list(case_study.actors.order_by("position"))
    assert [(a.helix, a.organisation, a.name) for a in actors] == [
        ("academia", None, "Institut Arbeit und Technik"),
        ("public", organisation, ""),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/de/ecosystem/{case_study.slug}/request-publication/")
    assert [m.to for m in mail.outbox] == [[coordinator_de.email]]
    # The coordinator reads it in German, her language.
    assert mail.outbox[0].body.startswith("Guten Tag,")
    assert f"/ecosystem/{case_study.slug}/" in mail.outbox[0].body
    case_study.refresh_from_db()
    assert case_study.status == "draft"

    mail.outbox.clear()
    client.force_login(coordinator_de)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/de/ecosystem/{case_study.slug}/publish/", {"comment": "Danke!"})
    case_study.refresh_from_db()
    assert case_study.status == "published" and case_study.published_on is not None
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert mail.outbox[0].body.startswith("Hello,")  # the researcher reads English

    client.post(f"/de/ecosystem/{case_study.slug}/archive/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/de/ecosystem/{case_study.slug}/unpublish/", {"comment": "Bitte überarbeiten"}
        )
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert "Bitte überarbeiten" in mail.outbox[0].body
    case_study.refresh_from_db()
    assert case_study.status == "draft"
    history = list(
        case_study.events.order_by("pk").values_list("actor__email", "action", "comment")
    )
    assert history == [
        (researcher.email, "created", ""),
        (researcher.email, "publication_requested", ""),
        (coordinator_de.email, "published", "Danke!"),
        (coordinator_de.email, "archived", ""),
        (coordinator_de.email, "returned_to_draft", "Bitte überarbeiten"),
    ]
    page = client.get(f"/de/ecosystem/{case_study.slug}/").content.decode()
    assert "Bitte überarbeiten" in page and gettext_in("de", "History") in page


def gettext_in(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.mark.django_db
def test_asking_twice_for_publication_is_refused(draft, researcher):
    services.request_publication(case_study=draft, actor=researcher)
    with pytest.raises(ValidationError):
        services.request_publication(case_study=draft, actor=researcher)
    assert draft.events.filter(action="publication_requested").count() == 1


@pytest.mark.django_db
def test_editing_keeps_a_published_case_study_online_and_records_it(
    client, published, coordinator_de
):
    client.force_login(coordinator_de)
    post = case_study_post(title_de="Ruhrgebiet neu")
    assert client.post(f"/de/ecosystem/{published.slug}/edit/", post).status_code == 302
    published.refresh_from_db()
    assert published.status == "published" and published.title_de == "Ruhrgebiet neu"
    assert published.slug == "ruhr"
    assert list(published.events.values_list("action", flat=True)) == ["edited"]


@pytest.mark.django_db
def test_edit_form_starts_from_the_case_study_and_its_actors(client, published, coordinator_de):
    CaseStudyActor.objects.create(
        case_study=published, helix="business", name="Zeche Zollverein GmbH", role="Ort"
    )
    client.force_login(coordinator_de)
    page = client.get(f"/en/ecosystem/{published.slug}/edit/").content.decode()
    assert 'value="Zeche Zollverein GmbH"' in page and "Ruhr area" in page
    assert 'name="actors-TOTAL_FORMS" value="4"' in page  # one actor, three empty rows


# --- Permissions: every role × action ----------------------------------------------------------

PERSONAS = [
    "anonymous",
    "innovator",
    "public_sector_user",
    "researcher",
    "other_researcher",
    "coordinator_de",
    "coordinator_nl",
    "administrator",
]


@pytest.fixture
def as_persona(client, request):
    def log_in(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


def expected(table, persona, default):
    return table.get(persona, default)


VIEW_DRAFT = {"researcher": 200, "coordinator_de": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_draft(as_persona, draft, persona):
    status = as_persona(persona).get(f"/en/ecosystem/{draft.slug}/").status_code
    assert status == VIEW_DRAFT.get(persona, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_published_case_study(as_persona, published, persona):
    response = as_persona(persona).get(f"/en/ecosystem/{published.slug}/")
    assert response.status_code == 200
    # Only its editors see the history.
    assert (response.context["events"] is not None) == (
        persona in {"researcher", "coordinator_de", "administrator"}
    )


CREATE = {
    "anonymous": 302,
    "innovator": 403,
    "public_sector_user": 403,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_open_the_create_form(as_persona, persona, reference_data):
    status = as_persona(persona).get("/en/ecosystem/new/").status_code
    assert status == CREATE.get(persona, 200)


EDIT_DRAFT = {"anonymous": 302, "researcher": 200, "coordinator_de": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_a_draft(as_persona, draft, persona):
    status = as_persona(persona).get(f"/en/ecosystem/{draft.slug}/edit/").status_code
    assert status == EDIT_DRAFT.get(persona, 404)


EDIT_PUBLISHED = {"anonymous": 302, "coordinator_de": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_a_published_case_study(as_persona, published, persona):
    status = as_persona(persona).get(f"/en/ecosystem/{published.slug}/edit/").status_code
    assert status == EDIT_PUBLISHED.get(persona, 403)


REQUEST = {"anonymous": 302, "researcher": 302, "coordinator_de": 302, "administrator": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_request_publication(as_persona, draft, persona):
    response = as_persona(persona).post(f"/en/ecosystem/{draft.slug}/request-publication/")
    assert response.status_code == REQUEST.get(persona, 404)
    requested = draft.events.filter(action="publication_requested").exists()
    assert requested == (persona in {"researcher", "coordinator_de", "administrator"})


PUBLISH = {"anonymous": 302, "researcher": 403, "coordinator_de": 302, "administrator": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_a_draft(as_persona, draft, persona):
    response = as_persona(persona).post(f"/en/ecosystem/{draft.slug}/publish/")
    assert response.status_code == PUBLISH.get(persona, 404)
    draft.refresh_from_db()
    assert draft.is_published == (persona in {"coordinator_de", "administrator"})


ARCHIVE = {"anonymous": 302, "coordinator_de": 302, "administrator": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_archive_a_published_case_study(as_persona, published, persona):
    response = as_persona(persona).post(f"/en/ecosystem/{published.slug}/archive/")
    assert response.status_code == ARCHIVE.get(persona, 403)
    published.refresh_from_db()
    archived = persona in {"coordinator_de", "administrator"}
    assert published.status == ("archived" if archived else "published")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_unpublish_a_published_case_study(as_persona, published, persona):
    response = as_persona(persona).post(f"/en/ecosystem/{published.slug}/unpublish/")
    assert response.status_code == ARCHIVE.get(persona, 403)
    published.refresh_from_db()
    back = persona in {"coordinator_de", "administrator"}
    assert published.status == ("draft" if back else "published")


@pytest.mark.django_db
def test_drafts_are_not_listed_or_found(client, draft, published):
    response = client.get("/en/ecosystem/")
    assert [c.slug for c in response.context["page"].object_list] == ["ruhr"]
    assert response.context["drafts"] == []


@pytest.mark.django_db
def test_the_list_shows_editors_their_own_drafts(client, draft, other_researcher):
    client.force_login(draft.created_by)
    assert [c.slug for c in client.get("/en/ecosystem/").context["drafts"]] == ["ruhr-draft"]
    client.force_login(other_researcher)
    assert list(client.get("/en/ecosystem/").context["drafts"]) == []


@pytest.mark.django_db
def test_coordinators_write_only_for_their_own_country(client, coordinator_nl, reference_data):
    client.force_login(coordinator_nl)
    response = client.post("/en/ecosystem/new/", case_study_post())
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not CaseStudy.objects.exists()


# --- The form: translated errors, nothing lost --------------------------------------------------


@pytest.mark.django_db
def test_form_errors_are_translated_and_keep_the_input(client, researcher, reference_data):
    client.force_login(researcher)
    post = case_study_post(
        title_de="",
        regions=["NL350"],
        period_end="2001",
        **{"actors-2-role": "Ohne Namen"},
    )
    response = client.post("/de/ecosystem/new/", post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte füllen Sie dieses Feld in der von Ihnen gewählten Sprache aus." in page
    assert "Bitte korrigieren Sie die markierten Felder." in page
    form = response.context["form"]
    assert set(form.errors) == {"title_de", "regions", "period_end"}
    formset = response.context["formset"]
    assert formset.forms[2].errors and not formset.forms[0].errors
    # What was typed is still there.
    assert "Nachbarschaftsnetzwerke und Hochschulen arbeiten zusammen." in page
    assert 'value="Institut Arbeit und Technik"' in page
    assert 'value="Ohne Namen"' in page
    assert not CaseStudy.objects.exists()


# --- Languages: fallback in the list, the search and the page -----------------------------------


@pytest.fixture
def dutch_only(reference_data):
    return CaseStudyFactory(
        slug="utrecht",
        title_en="",
        summary_en="",
        enablers_en="",
        barriers_en="",
        title_nl="Het ecosysteem van de regio Utrecht",
        summary_nl="Wijkteams, de universiteit en sociale ondernemers werken samen.",
        lessons_nl="Buurtcoöperaties hebben een vaste partner bij de gemeente nodig.",
        original_language="nl",
        country="NL",
        regions=["NL350"],
    )


@pytest.mark.django_db
def test_dutch_only_case_study_is_shown_and_found_from_estonian(client, dutch_only):
    listed = client.get("/et/ecosystem/")
    assert "Het ecosysteem van de regio Utrecht" in listed.content.decode()
    found = client.get("/et/ecosystem/?q=universiteit")
    assert [c.slug for c in found.context["page"].object_list] == ["utrecht"]
    found_in_lessons = client.get("/et/ecosystem/?q=Buurtcoöperaties")
    assert [c.slug for c in found_in_lessons.context["page"].object_list] == ["utrecht"]
    assert list(client.get("/et/ecosystem/?q=tundmatu").context["page"]) == []
    page = client.get("/et/ecosystem/utrecht/").content.decode()
    assert "Het ecosysteem van de regio Utrecht" in page and "Buurtcoöperaties" in page


@pytest.mark.django_db
def test_list_filters_by_country_and_theme(client, dutch_only, published):
    theme = Theme.objects.order_by("pk").first()
    published.themes.add(theme)
    assert [c.slug for c in client.get("/en/ecosystem/?country=NL").context["page"]] == ["utrecht"]
    by_theme = client.get(f"/en/ecosystem/?theme={theme.slug}").context["page"]
    assert [c.slug for c in by_theme] == ["ruhr"]


@pytest.mark.django_db
def test_htmx_gets_only_the_results_fragment(client, dutch_only, published):
    response = client.get("/en/ecosystem/?country=NL", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="casestudies"')
    assert "Het ecosysteem van de regio Utrecht" in page and "Ruhr area" not in page


@pytest.mark.django_db
def test_detail_shows_sections_actors_by_helix_and_citation(client, published, centre_de):
    organisation = OrganisationFactory(name="Hochschule Bochum", slug="hs-bochum")
    CaseStudyActor.objects.create(
        case_study=published, helix="academia", organisation=organisation, role="Forschung"
    )
    CaseStudyActor.objects.create(case_study=published, helix="public", name="Jobcenter")
    page = client.get("/en/ecosystem/ruhr/").content.decode()
    assert '<a href="/en/organisations/hs-bochum/">Hochschule Bochum</a>: Forschung' in page
    assert page.index("Public authorities") < page.index("Academia")
    assert "A strong welfare tradition." in page
    assert (
        "Muster, A.; Beispiel, B. (2025): Ruhr area. Case study, NCC Germany, "
        "http://testserver/en/ecosystem/ruhr/, accessed" in page
    )


# --- Comparison -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_compare_puts_case_studies_side_by_side(client, published, dutch_only, draft):
    response = client.get("/en/ecosystem/compare/?case=ruhr&case=utrecht")
    page = response.content.decode()
    assert [c.slug for c in response.context["compared"]] == ["ruhr", "utrecht"]
    assert '<th scope="col"><a href="/en/ecosystem/ruhr/" lang="en">Ruhr area</a></th>' in page
    assert '<a href="/en/ecosystem/utrecht/" lang="nl">' in page
    assert '<th scope="row">Barriers</th>' in page
    assert "Short project funding." in page and "Buurtcoöperaties" in page
    # Drafts cannot be chosen.
    assert "ruhr-draft" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["case=ruhr", "case=ruhr&case=ruhr-draft"])
def test_compare_needs_two_published_case_studies(client, published, draft, query):
    response = client.get(f"/en/ecosystem/compare/?{query}")
    assert response.status_code == 200
    assert response.context["compared"] == []
    assert response.context["form"].errors


@pytest.mark.django_db
def test_compare_without_a_choice_shows_only_the_form(client, published):
    response = client.get("/en/ecosystem/compare/")
    assert response.context["compared"] == [] and not response.context["form"].errors


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 6])
def test_list_query_count_does_not_depend_on_rows(
    client, rows, reference_data, django_assert_num_queries
):
    theme = Theme.objects.order_by("pk").first()
    for _n in range(rows):
        case_study = CaseStudyFactory(regions=["DEA32", "DEA5"])
        case_study.themes.add(theme)
    # theme lookup, count, page, its regions, its themes; the theme options of the filter; the
    # texts of the page's snippets (with fewer than three found, the suggestion looks too)
    with django_assert_num_queries(7):
        client.get(f"/en/ecosystem/?theme={theme.slug}&q=university")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_detail_query_count_does_not_depend_on_rows(
    client, rows, reference_data, django_assert_num_queries
):
    case_study = CaseStudyFactory(slug="counted", regions=["DEA32", "DEA5", "DEA1"][:rows])
    case_study.themes.set(Theme.objects.order_by("pk")[:rows])
    for n in range(rows):
        case_study.initiatives.add(InitiativeFactory())
        CaseStudyActor.objects.create(
            case_study=case_study, helix="business", organisation=OrganisationFactory(), role=n
        )
    # the case study; its regions, themes, actors (with organisations), initiatives (with
    # organisations); the centre for the citation
    with django_assert_num_queries(6):
        client.get("/en/ecosystem/counted/")


# --- Reports -------------------------------------------------------------------------------------


def pdf_text(kind, params, language, tmp_path):
    with translation.override(language):
        params = kind.clean_params(params)
        context = kind.build_context(params, lambda percent: None)
        context["title"] = kind.title(params)
        context["kind_label"] = str(kind.label)
    pdf, pages = render_pdf(render_html(kind.template, context, language=language))
    path = tmp_path / f"{kind.name}-{language}.pdf"
    path.write_bytes(pdf)
    assert pages >= 2
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture
def ruhr_with_everything(published, centre_de):
    published.title_de = "Soziale Innovation im Ruhrgebiet"
    published.lessons_de = "Übergänge brauchen verlässliche Partner."
    published.save()
    CaseStudyActor.objects.create(case_study=published, helix="public", name="Stadt Essen")
    published.initiatives.add(
        InitiativeFactory(title_en="Repair café Gelsenkirchen", regions=["DEA32"])
    )
    StrategyMilestone.objects.create(
        country="DE", title_en="Strategy adopted by the cabinet", status="done"
    )
    return published


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,title,words",
    [
        ("de", "Soziale Innovation im Ruhrgebiet", ["Inhalt", "Regionen", "Übergänge"]),
        ("nl", "Ruhr area", ["Inhoud", "Regio's", "Stadt Essen"]),
    ],
)
def test_case_study_report_is_a_translated_pdf(
    ruhr_with_everything, language, title, words, tmp_path
):
    text = pdf_text(CASE_STUDY, {"case_study": "ruhr"}, language, tmp_path)
    assert title in text
    for word in [*words, gettext_in(language, "Barriers"), "Repair café Gelsenkirchen"]:
        assert word in text, word


@pytest.mark.django_db
def test_case_study_report_refuses_drafts(draft):
    with pytest.raises(ValidationError):
        CASE_STUDY.clean_params({"case_study": draft.slug})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,words",
    [
        ("de", ["Kennzahlen", "Initiativen pro Region", "Soziale Innovation im Ruhrgebiet"]),
        ("nl", ["Kerncijfers", "Initiatieven per regio", "Ruhr area"]),
    ],
)
def test_country_ecosystem_report_is_a_translated_pdf(
    ruhr_with_everything, dutch_only, language, words, tmp_path
):
    # Table cells wrap and hyphenate ("ca‐ binet"): compare with both taken out.
    text = " ".join(pdf_text(COUNTRY_ECOSYSTEM, {"country": "de"}, language, tmp_path).split())
    text = text.replace("\u2010 ", "")
    for word in [*words, "Strategy adopted by the cabinet", gettext_in(language, "Done")]:
        assert word in text, word
    assert "Het ecosysteem van de regio Utrecht" not in text


@pytest.mark.django_db
def test_country_ecosystem_report_needs_a_country():
    with pytest.raises(ValidationError):
        COUNTRY_ECOSYSTEM.clean_params({"country": "FR"})
    assert CaseStudyEvent.objects.count() == 0


# --- Demo data -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_case_studies_are_seeded_once_with_links(client, django_capture_on_commit_callbacks):
    from ecosystem.casestudies.demo import seed_case_studies
    from ncc_portal.demo import seed_demo

    with django_capture_on_commit_callbacks(execute=False):
        seed_demo()  # includes the case studies
        assert CaseStudy.objects.count() == 5
        assert seed_case_studies() == 0
    assert CaseStudy.objects.filter(status="published").count() == 4
    assert list(CaseStudy.objects.filter(status="draft").values_list("country", flat=True)) == [
        "DE"
    ]
    ruhr = CaseStudy.objects.get(country="DE", status="published")
    assert ruhr.title_en and ruhr.title_de and ruhr.initiatives.count() == 3
    assert ruhr.actors.filter(organisation__name="Social Impact").exists()
    assert ruhr.actors.filter(organisation=None, name="Regionalverband Ruhr").exists()
    assert list(ruhr.events.order_by("pk").values_list("action", flat=True)) == [
        "created",
        "publication_requested",
        "published",
    ]
    utrecht = CaseStudy.objects.get(country="NL")
    assert utrecht.title_nl and not utrecht.title_en
    assert client.get(utrecht.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_anyone_gets_a_published_case_study_as_pdf(
    client, reference_data, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    case_study = CaseStudyFactory(slug="ruhr-pdf", title_en="Ruhr area")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/en/ecosystem/ruhr-pdf/report.pdf")
    report = Report.objects.get()
    assert response["Location"] == f"/en/reports/{report.pk}/"
    assert client.get("/en/ecosystem/ruhr-pdf/report.pdf")["Location"] == (
        f"/en/reports/{report.pk}/download/"
    )
    assert client.get(f"/en/reports/{report.pk}/download/")["Content-Type"] == "application/pdf"
    case_study.status = "draft"
    case_study.save()
    assert client.get("/en/ecosystem/ruhr-pdf/report.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en", "et", "nl", "fr"])
@pytest.mark.parametrize(
    "kind,params",
    [("case-study", {"case_study": "ruhr"}), ("country-ecosystem", {"country": "DE"})],
)
def test_knowledge_base_reports_in_every_language(
    ruhr_with_everything, coordinator_de, kind, params, language, settings, tmp_path
):
    from ncc_portal.reports import services as reports

    from ..ncc_portal.test_reports import pdf_info, pdf_language

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    report = reports.request_report(
        kind=kind,
        params=params,
        language=language,
        user=coordinator_de,
        centre=coordinator_de.centre,
    )
    reports.build_report(report.pk)
    report.refresh_from_db()
    assert report.status == "done", report.error
    path = report.file.path
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert gettext_in(language, "Contents") in text
    if language != "en":
        assert gettext_in(language, "Contents") != "Contents"
    info = pdf_info(path)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == report.title
    assert pdf_language(path) == language
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True).stdout
    assert all(" yes " in row for row in fonts.splitlines()[2:]), fonts
