"""Personal lists, saved searches, the weekly digest and its one-click unsubscribe."""

from datetime import timedelta

import factory
import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from ecosystem.library.services import update_search_vectors
from ecosystem.models import Audience, Bookmark, BookmarkList, SavedSearch
from ecosystem.personal import gdpr
from ecosystem.personal import services as personal_services
from ecosystem.personal.digests import send_weekly_digests

from ..factories import InitiativeFactory, UserFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, public guide, written in English."""

    class Meta:
        model = "ecosystem.Resource"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"resource-{n}")
    title_en = factory.Sequence(lambda n: f"Guide number {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    abstract_en = "How to start a social-innovation programme."
    abstract = factory.LazyAttribute(lambda o: o.abstract_en)
    type = "guide"
    year = 2025
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            update_search_vectors(resource_ids=[self.pk])


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ecosystem.CaseStudy"

    slug = factory.Sequence(lambda n: f"case-study-{n}")
    title_en = factory.Sequence(lambda n: f"The ecosystem of town {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    summary_en = "A lively ecosystem."
    summary = factory.LazyAttribute(lambda o: o.summary_en)
    original_language = "en"
    country = "DE"
    period_start = 2020
    authors = "R. Searcher"
    status = "published"


@pytest.fixture
def researcher(db):
    return UserFactory(email="rosa@university.example", name="Rosa Researcher", role="researcher")


PERSONAS = ["innovator", "public_sector_user", "researcher", "coordinator_de", "administrator"]


# ---------------------------------------------------------------------------------------------
# Bookmarks and lists
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_bookmark_creates_the_default_list(client, innovator):
    resource = ResourceFactory()
    client.force_login(innovator)
    response = client.post("/en/my/bookmarks/add/", {"kind": "resource", "slug": resource.slug})
    bookmark_list = BookmarkList.objects.get(owner=innovator)
    assert bookmark_list.title == "My bookmarks"
    assert response.status_code == 302
    assert response["Location"] == f"/en/my/lists/{bookmark_list.pk}/"
    assert [b.resource for b in bookmark_list.bookmarks.all()] == [resource]


@pytest.mark.django_db
def test_bookmarking_twice_keeps_one_bookmark(client, innovator):
    case_study = CaseStudyFactory()
    client.force_login(innovator)
    for _n in range(2):
        client.post("/en/my/bookmarks/add/", {"kind": "case_study", "slug": case_study.slug})
    assert Bookmark.objects.filter(case_study=case_study).count() == 1
    assert BookmarkList.objects.filter(owner=innovator).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_bookmark_of_the_same_thing(innovator):
    from django.db import IntegrityError, transaction

    case_study = CaseStudyFactory()
    bookmark = personal_services.add_bookmark(owner=innovator, case_study=case_study)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bookmark.objects.create(bookmark_list=bookmark.bookmark_list, case_study=case_study)
    # Another list may hold it too.
    other = BookmarkList.objects.create(owner=innovator, title="Reading")
    Bookmark.objects.create(bookmark_list=other, case_study=case_study)


@pytest.mark.django_db
def test_bookmark_goes_into_the_chosen_list(client, innovator):
    resource = ResourceFactory()
    personal_services.create_list(owner=innovator, title="Reading")
    chosen = personal_services.create_list(owner=innovator, title="For the ministry")
    client.force_login(innovator)
    client.post(
        "/en/my/bookmarks/add/", {"kind": "resource", "slug": resource.slug, "list": chosen.pk}
    )
    assert list(Bookmark.objects.values_list("bookmark_list", flat=True)) == [chosen.pk]


@pytest.mark.django_db
def test_bookmark_into_someone_elses_list_is_not_found(client, innovator, other_innovator):
    resource = ResourceFactory()
    theirs = personal_services.create_list(owner=other_innovator, title="Theirs")
    client.force_login(innovator)
    response = client.post(
        "/en/my/bookmarks/add/", {"kind": "resource", "slug": resource.slug, "list": theirs.pk}
    )
    assert response.status_code == 404
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["resource", "case_study"])
def test_unpublished_things_cannot_be_bookmarked(client, innovator, kind):
    target = (ResourceFactory if kind == "resource" else CaseStudyFactory)(status="draft")
    client.force_login(innovator)
    response = client.post("/en/my/bookmarks/add/", {"kind": kind, "slug": target.slug})
    assert response.status_code == 404
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    resource = ResourceFactory()
    for url in ["/en/my/lists/", "/en/my/searches/"]:
        assert client.get(url)["Location"].startswith("/en/accounts/login/")
    response = client.post("/en/my/bookmarks/add/", {"kind": "resource", "slug": resource.slug})
    assert response["Location"].startswith("/en/accounts/login/")
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_sees_and_changes_a_list(client, request, other_innovator, persona):
    user = request.getfixturevalue(persona)
    resource = ResourceFactory(title_en="Social finance primer")
    theirs = personal_services.create_list(owner=other_innovator, title="Private reading")
    their_bookmark = personal_services.add_bookmark(
        owner=other_innovator, resource=resource, bookmark_list=theirs
    )
    own = personal_services.create_list(owner=user, title="Mine")
    client.force_login(user)

    assert client.get(f"/en/my/lists/{own.pk}/").status_code == 200
    assert client.get(f"/en/my/lists/{theirs.pk}/").status_code == 404
    assert client.get(f"/en/my/lists/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/en/my/lists/{theirs.pk}/edit/", {"title": "Mine now"}).status_code == 404
    assert client.post(f"/en/my/lists/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/en/my/bookmarks/{their_bookmark.pk}/remove/").status_code == 404
    index = client.get("/en/my/lists/").content.decode()
    assert "Mine" in index
    assert "Private reading" not in index
    theirs.refresh_from_db()
    assert theirs.title == "Private reading"
    assert Bookmark.objects.filter(pk=their_bookmark.pk).exists()


@pytest.mark.django_db
def test_owner_creates_renames_and_deletes_a_list(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/my/lists/new/", {"title": "Toolkits"})
    bookmark_list = BookmarkList.objects.get(owner=innovator)
    assert response["Location"] == f"/en/my/lists/{bookmark_list.pk}/"
    client.post(f"/en/my/lists/{bookmark_list.pk}/edit/", {"title": "Toolkits 2025"})
    bookmark_list.refresh_from_db()
    assert bookmark_list.title == "Toolkits 2025"
    assert client.get(f"/en/my/lists/{bookmark_list.pk}/delete/").status_code == 405
    response = client.post(f"/en/my/lists/{bookmark_list.pk}/delete/")
    assert response["Location"] == "/en/my/lists/"
    assert not BookmarkList.objects.exists()


@pytest.mark.django_db
def test_empty_list_name_is_refused_with_a_message(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/my/lists/new/", {"title": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not BookmarkList.objects.exists()


@pytest.mark.django_db
def test_owner_removes_a_bookmark(client, innovator):
    bookmark = personal_services.add_bookmark(owner=innovator, resource=ResourceFactory())
    client.force_login(innovator)
    response = client.post(f"/en/my/bookmarks/{bookmark.pk}/remove/")
    assert response["Location"] == f"/en/my/lists/{bookmark.bookmark_list_id}/"
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_next_goes_back_to_a_page_of_this_site(client, innovator):
    resource = ResourceFactory()
    client.force_login(innovator)
    response = client.post(
        "/en/my/bookmarks/add/",
        {"kind": "resource", "slug": resource.slug, "next": "/en/library/?q=finance"},
    )
    assert response["Location"] == "/en/library/?q=finance"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path", "http://testserver.evil.example/"]
)
def test_next_refuses_other_hosts(client, innovator, target):
    resource = ResourceFactory()
    client.force_login(innovator)
    response = client.post(
        "/en/my/bookmarks/add/", {"kind": "resource", "slug": resource.slug, "next": target}
    )
    bookmark_list = BookmarkList.objects.get(owner=innovator)
    assert response["Location"] == f"/en/my/lists/{bookmark_list.pk}/"
    response = client.post(
        "/en/my/searches/save/", {"name": "Finance", "query": "q=finance", "next": target}
    )
    assert response["Location"] == "/en/my/searches/"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_lists_page_query_count_does_not_grow_with_rows(
    client, innovator, rows, django_assert_num_queries
):
    for n in range(rows):
        bookmark_list = personal_services.create_list(owner=innovator, title=f"List {n}")
        personal_services.add_bookmark(
            owner=innovator, resource=ResourceFactory(), bookmark_list=bookmark_list
        )
        personal_services.add_bookmark(
            owner=innovator, case_study=CaseStudyFactory(), bookmark_list=bookmark_list
        )
    client.force_login(innovator)
    # session, user; the user's and their groups' permissions, once, for the menus;
    # the lists; their bookmarks with resources and case studies
    with django_assert_num_queries(6):
        response = client.get("/en/my/lists/")
    assert response.content.decode().count("<li>") >= 2 * rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_list_page_query_count_does_not_grow_with_rows(
    client, innovator, rows, django_assert_num_queries
):
    bookmark_list = personal_services.create_list(owner=innovator, title="Reading")
    for _n in range(rows):
        personal_services.add_bookmark(
            owner=innovator, resource=ResourceFactory(), bookmark_list=bookmark_list
        )
    client.force_login(innovator)
    # session, user; the user's and their groups' permissions, once, for the menus;
    # the list; its bookmarks with resources and case studies
    with django_assert_num_queries(6):
        client.get(f"/en/my/lists/{bookmark_list.pk}/")


# ---------------------------------------------------------------------------------------------
# Saved searches
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_search_keeps_the_query_and_the_language(client, public_sector_user):
    client.force_login(public_sector_user)
    response = client.post(
        "/nl/my/searches/save/",
        {
            "name": "Beheersautoriteiten",
            "query": "q=financiering&audience=managing-authorities&page=3",
            "next": "/nl/library/?q=financiering&audience=managing-authorities&page=3",
        },
    )
    assert (
        response["Location"] == "/nl/library/?q=financiering&audience=managing-authorities&page=3"
    )
    saved = SavedSearch.objects.get(owner=public_sector_user)
    assert saved.name == "Beheersautoriteiten"
    assert saved.query == "audience=managing-authorities&q=financiering"
    assert saved.language == "nl"


@pytest.mark.django_db
def test_saving_a_search_without_a_name_is_refused(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/my/searches/save/", {"name": "", "query": "q=x"})
    assert response["Location"] == "/en/my/searches/"
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_sees_and_deletes_a_saved_search(client, request, other_innovator, persona):
    user = request.getfixturevalue(persona)
    theirs = personal_services.save_search(
        owner=other_innovator, name="Their secret search", query="q=x", language="en"
    )
    mine = personal_services.save_search(owner=user, name="My search", query="q=y", language="en")
    client.force_login(user)
    page = client.get("/en/my/searches/").content.decode()
    assert "My search" in page
    assert "Their secret search" not in page
    assert client.post(f"/en/my/searches/{theirs.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    assert client.post(f"/en/my/searches/{mine.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_saved_searches_page_query_count_does_not_grow_with_rows(
    client, innovator, rows, django_assert_num_queries
):
    for n in range(rows):
        personal_services.save_search(
            owner=innovator, name=f"Search {n}", query=f"q=word{n}", language="en"
        )
    client.force_login(innovator)
    # session, user; the user's and their groups' permissions, once, for the menus;
    # the saved searches
    with django_assert_num_queries(5):
        response = client.get("/en/my/searches/")
    assert response.content.decode().count('<th scope="row">') == rows


# ---------------------------------------------------------------------------------------------
# The weekly digest
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def dutch_search(public_sector_user, reference_data):
    """A Dutch ministry user follows bicycle-library material for managing authorities,
    saved a day ago."""
    public_sector_user.language = "nl"
    public_sector_user.save()
    return personal_services.save_search(
        owner=public_sector_user,
        name="Fietsbibliotheken",
        query="q=fietsbibliotheek&audience=managing-authorities",
        language="nl",
    )


def _age(saved_search, **delta):
    SavedSearch.objects.filter(pk=saved_search.pk).update(
        created_at=timezone.now() - timedelta(**delta)
    )
    saved_search.refresh_from_db()


@pytest.mark.django_db
def test_digest_lists_new_matches_in_the_owners_language_once(dutch_search):
    _age(dutch_search, days=1)
    authorities = Audience.objects.get(slug="managing-authorities")
    ministries = Audience.objects.get(slug="ministries")
    # Published before the search was saved: not news.
    ResourceFactory(
        title_en="Old bicycle library guide",
        title_nl="Oude fietsbibliotheek gids",
        audiences=[authorities],
        published_at=timezone.now() - timedelta(days=3),
    )
    ResourceFactory(
        title_en="Bicycle library guide",
        title_nl="Handleiding fietsbibliotheek",
        audiences=[authorities],
    )
    ResourceFactory(
        title_en="Bicycle library for ministries",
        title_nl="Fietsbibliotheek voor ministeries",
        audiences=[ministries],
    )
    ResourceFactory(title_en="Unrelated", audiences=[authorities], status="draft")

    assert send_weekly_digests() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@ministry.example"]
    assert "Fietsbibliotheken" in message.subject
    # Rendered in Dutch: the greeting from the catalogue, the Dutch title, Dutch addresses.
    assert message.body.startswith("Goedendag,")
    assert "Handleiding fietsbibliotheek" in message.body
    assert "Bicycle library guide" not in message.body
    assert "voor ministeries" not in message.body
    assert "Oude fietsbibliotheek" not in message.body
    unsubscribe_url = f"http://127.0.0.1:8000/nl/my/searches/unsubscribe/{dutch_search.token}/"
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()
    dutch_search.refresh_from_db()
    assert dutch_search.last_sent_at is not None

    # A second run in the same week sends nothing again.
    assert send_weekly_digests() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_digest_sends_only_what_is_new_since_the_last_email(dutch_search):
    _age(dutch_search, days=8)
    authorities = Audience.objects.get(slug="managing-authorities")
    ResourceFactory(
        title_nl="Eerste fietsbibliotheek",
        audiences=[authorities],
        published_at=timezone.now() - timedelta(days=2),
    )
    send_weekly_digests(now=timezone.now() - timedelta(days=1))
    ResourceFactory(title_nl="Tweede fietsbibliotheek", audiences=[authorities])
    send_weekly_digests()
    assert len(mail.outbox) == 2
    assert "Eerste fietsbibliotheek" in mail.outbox[0].body
    assert "Tweede" not in mail.outbox[0].body
    assert "Tweede fietsbibliotheek" in mail.outbox[1].body
    assert "Eerste" not in mail.outbox[1].body


@pytest.mark.django_db
def test_digest_sends_nothing_when_nothing_is_new(dutch_search):
    _age(dutch_search, days=1)
    ResourceFactory(title_en="Social finance primer")
    assert send_weekly_digests() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_digest_includes_new_matching_initiatives(dutch_search):
    _age(dutch_search, days=1)
    InitiativeFactory(title_en="Fietsbibliotheek Utrecht", country="NL", regions=["NL350"])
    InitiativeFactory(title_en="Repair café Berlin")
    InitiativeFactory(
        title_en="Fietsbibliotheek Amsterdam",
        published_at=timezone.now() - timedelta(days=2),
    )
    send_weekly_digests()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Fietsbibliotheek Utrecht" in body
    assert "http://127.0.0.1:8000/nl/initiatives/" in body
    assert "Repair café" not in body
    assert "Amsterdam" not in body


@pytest.mark.django_db
def test_transnational_search_does_not_list_every_initiative(public_sector_user, reference_data):
    saved = personal_services.save_search(
        owner=public_sector_user, name="Transnational", query="country=transnational", language="en"
    )
    _age(saved, days=1)
    InitiativeFactory(title_en="Repair café Berlin")
    ResourceFactory(title_en="European toolkit", country="")
    send_weekly_digests()
    body = mail.outbox[0].body
    assert "European toolkit" in body
    assert "Repair café" not in body


# ---------------------------------------------------------------------------------------------
# Unsubscribing
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_unsubscribe_link_asks_before_it_unsubscribes(client, dutch_search):
    # Mail scanners and link previews open links: a GET must change nothing.
    url = f"/nl/my/searches/unsubscribe/{dutch_search.token}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Fietsbibliotheken" in response.content.decode()
    dutch_search.refresh_from_db()
    assert dutch_search.sends_emails

    # The confirmation needs no signing in either.
    response = client.post(url)
    assert response.status_code == 200
    assert "Fietsbibliotheken" in response.content.decode()
    dutch_search.refresh_from_db()
    assert not dutch_search.sends_emails  # the search itself is kept
    # Twice is fine, and a link to a deleted search says so.
    assert client.post(url).status_code == 200
    dutch_search.delete()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200


@pytest.mark.django_db
def test_the_owner_switches_the_email_off_and_on_again(client, dutch_search):
    _age(dutch_search, days=14)
    client.force_login(dutch_search.owner)
    url = f"/nl/my/searches/{dutch_search.pk}/emails/"
    client.post(url, {"enabled": "no"})
    dutch_search.refresh_from_db()
    assert not dutch_search.sends_emails
    assert 'name="enabled" value="yes"' in client.get("/nl/my/searches/").content.decode()
    ResourceFactory(
        title_nl="Handleiding fietsbibliotheek",
        audiences=[Audience.objects.get(slug="managing-authorities")],
    )
    assert send_weekly_digests() == 0

    client.post(url, {"enabled": "yes"})
    dutch_search.refresh_from_db()
    assert dutch_search.sends_emails
    # Back on, it reports what is new from now on, not what came while it was off.
    assert send_weekly_digests() == 0
    # The page offers to switch it off again.
    assert 'name="enabled" value="no"' in client.get("/nl/my/searches/").content.decode()


@pytest.mark.django_db
def test_only_the_owner_switches_a_search_email(client, dutch_search, innovator):
    client.force_login(innovator)
    response = client.post(f"/nl/my/searches/{dutch_search.pk}/emails/", {"enabled": "no"})
    assert response.status_code == 404
    dutch_search.refresh_from_db()
    assert dutch_search.sends_emails


@pytest.mark.django_db
def test_one_click_unsubscribe_by_post_needs_no_session_or_csrf_token(dutch_search):
    _age(dutch_search, days=1)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/nl/my/searches/unsubscribe/{dutch_search.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    dutch_search.refresh_from_db()
    assert not dutch_search.sends_emails
    ResourceFactory(
        title_nl="Handleiding fietsbibliotheek",
        audiences=[Audience.objects.get(slug="managing-authorities")],
    )
    assert send_weekly_digests() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_unknown_token_changes_nothing(client, dutch_search):
    response = client.get("/en/my/searches/unsubscribe/not-a-token/")
    assert response.status_code == 200
    assert SavedSearch.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Includes and the data export
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bookmark_button_offers_a_form_or_a_sign_in_link(innovator):
    from django.contrib.auth.models import AnonymousUser

    resource = ResourceFactory(slug="social-finance")
    request = RequestFactory().get("/en/library/social-finance/")
    context = {"kind": "resource", "object": resource, "request": request}
    signed_in = render_to_string(
        "ecosystem/includes/bookmark_button.html", {**context, "user": innovator}
    )
    assert 'action="/en/my/bookmarks/add/"' in signed_in
    assert 'name="slug" value="social-finance"' in signed_in
    assert 'name="next" value="/en/library/social-finance/"' in signed_in
    anonymous = render_to_string(
        "ecosystem/includes/bookmark_button.html", {**context, "user": AnonymousUser()}
    )
    assert "/en/accounts/login/?next=/en/library/social-finance/" in anonymous
    assert "<form" not in anonymous


@pytest.mark.django_db
def test_save_search_form_carries_the_current_query(innovator):
    request = RequestFactory().get("/en/library/", {"q": "finance", "type": "guide"})
    html = render_to_string(
        "ecosystem/includes/save_search_form.html", {"request": request, "user": innovator}
    )
    assert 'action="/en/my/searches/save/"' in html
    assert 'name="query" value="q=finance&amp;type=guide"' in html


@pytest.mark.django_db
def test_personal_data_export_holds_lists_and_searches(innovator):
    resource = ResourceFactory(slug="social-finance", title_en="Social finance")
    personal_services.add_bookmark(owner=innovator, resource=resource)
    personal_services.save_search(owner=innovator, name="Finance", query="q=finance", language="en")
    data = gdpr.export_personal_data(innovator)
    assert data["bookmark_lists"][0]["title"] == "My bookmarks"
    assert data["bookmark_lists"][0]["bookmarks"][0]["slug"] == "social-finance"
    assert data["bookmark_lists"][0]["bookmarks"][0]["kind"] == "resource"
    assert data["saved_searches"][0]["query"] == "q=finance"
    assert "token" not in data["saved_searches"][0]
