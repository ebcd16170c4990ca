"""Ask the NCC through real HTTP requests: who may do what (a matrix of roles and actions), the
pages and their query counts, bad input that keeps what was typed, internal notes kept out of
the requester's page, attachment downloads and the FAQ form."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from training.advice import services
from training.models import AdviceAttachment, AdviceDesk, AdviceQuestion, QuestionStatus

from ..factories import UserFactory
from .test_advice_services import PDF_BYTES, SECRET_NOTE, executable, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CLAMD_ADDRESS = ""


@pytest.fixture
def other_public_sector(db):
    return UserFactory(email="piet@overheid.example", name="Piet Overheid", role="public_sector")


@pytest.fixture
def personas(
    innovator,
    public_sector_user,
    other_public_sector,
    coordinator_de,
    coordinator_nl,
    administrator,
):
    return {
        "anonymous": None,
        "innovator": innovator,
        "requester": public_sector_user,
        "other_public_sector": other_public_sector,
        "coordinator_de": coordinator_de,
        "coordinator_nl": coordinator_nl,
        "administrator": administrator,
    }


def ask(user, centre, files=(), **values):
    data = {
        "topic": "calls",
        "subject": "Eligibility of municipalities",
        "body": "May municipalities apply as lead partners?",
        "language": "en",
        **values,
    }
    return services.ask_question(user=user, centre=centre, files=files, **data)


@pytest.fixture
def question(public_sector_user, centre_de):
    return ask(public_sector_user, centre_de, files=[pdf("letter.pdf")])


@pytest.fixture
def answered(question, coordinator_de):
    services.answer_question(question=question, author=coordinator_de, body="Yes, they may.")
    question.refresh_from_db()
    return question


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- The permission matrix -----------------------------------------------------------------

PERSONAS = [
    "anonymous",
    "innovator",
    "requester",
    "other_public_sector",
    "coordinator_de",
    "coordinator_nl",
    "administrator",
]
LOGIN = "login"


def expect(*codes):
    return dict(zip(PERSONAS, codes, strict=True))


# (name, method, address with {pk} and {attachment}, the question's state, expected per persona)
MATRIX = [
    ("home", "get", "/en/advice/", "open", expect(200, 200, 200, 200, 200, 200, 200)),
    ("view", "get", "/en/advice/{pk}/", "open", expect(LOGIN, 404, 200, 404, 200, 404, 200)),
    (
        "answer",
        "post",
        "/en/advice/{pk}/answer/",
        "open",
        expect(LOGIN, 404, 403, 404, 302, 404, 302),
    ),
    ("note", "post", "/en/advice/{pk}/note/", "open", expect(LOGIN, 404, 403, 404, 302, 404, 302)),
    (
        "assign",
        "post",
        "/en/advice/{pk}/assign/",
        "open",
        expect(LOGIN, 404, 403, 404, 302, 404, 302),
    ),
    (
        "close",
        "post",
        "/en/advice/{pk}/close/",
        "open",
        expect(LOGIN, 404, 403, 404, 302, 404, 302),
    ),
    (
        "reply",
        "post",
        "/en/advice/{pk}/reply/",
        "answered",
        expect(LOGIN, 404, 302, 404, 403, 404, 403),
    ),
    (
        "mark answered",
        "post",
        "/en/advice/{pk}/mark-answered/",
        "answered",
        expect(LOGIN, 404, 302, 404, 403, 404, 403),
    ),
    (
        "withdraw",
        "post",
        "/en/advice/{pk}/withdraw/",
        "open",
        expect(LOGIN, 404, 302, 404, 403, 404, 403),
    ),
    (
        "attachment",
        "get",
        "/en/advice/attachments/{attachment}/",
        "open",
        expect(LOGIN, 404, 200, 404, 200, 404, 200),
    ),
    ("faq", "get", "/en/advice/{pk}/faq/", "answered", expect(LOGIN, 404, 403, 404, 200, 404, 200)),
    ("queue", "get", "/en/advice/queue/", "open", expect(LOGIN, 403, 403, 403, 200, 200, 200)),
    (
        "desk settings",
        "get",
        "/en/advice/queue/settings/",
        "open",
        expect(LOGIN, 403, 403, 403, 200, 200, 200),
    ),
]
POSTED = {
    "answer": {"answer-body": "An answer"},
    "note": {"note-body": "A note"},
    "reply": {"reply-body": "A reply"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "action, method, address, state, expected", MATRIX, ids=[row[0] for row in MATRIX]
)
def test_permission_matrix(
    client, personas, question, coordinator_de, persona, action, method, address, state, expected
):
    if state == "answered":
        services.answer_question(question=question, author=coordinator_de, body="Yes")
    attachment = AdviceAttachment.objects.get()
    url = address.format(pk=question.pk, attachment=attachment.pk)
    data = POSTED.get(action, {})
    if action == "assign":
        data = {"assign-assignee": coordinator_de.pk}
    response = getattr(as_(client, personas[persona]), method)(url, data)
    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected[persona]
        if expected[persona] == 302:
            assert response["Location"] == f"/en/advice/{question.pk}/"


# --- Asking --------------------------------------------------------------------------------


def test_the_home_page_explains_who_can_ask_to_others(client, innovator):
    anonymous = client.get("/en/advice/")
    assert "Who can ask" in anonymous.text and 'name="subject"' not in anonymous.text
    as_(client, innovator)
    response = client.get("/en/advice/")
    assert "Who can ask" in response.text
    assert 'href="/en/accounts/public-sector-role/"' in response.text
    assert 'name="subject"' not in response.text
    assert client.post("/en/advice/", {"subject": "x"}).status_code == 403


def test_the_home_page_shows_coordinators_the_queue(client, coordinator_de):
    response = as_(client, coordinator_de).get("/en/advice/")
    assert 'href="/en/advice/queue/"' in response.text
    assert 'name="subject"' not in response.text


def test_public_sector_staff_ask_with_attachments(
    client,
    public_sector_user,
    centre_de,
    centre_nl,
    coordinator_de,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    as_(client, public_sector_user)
    page = client.get("/de/advice/")
    assert page.status_code == 200
    assert page.context["form"]["language"].value() == "de"  # the interface language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/advice/",
            {
                "centre": centre_de.pk,
                "topic": "evaluation",
                "urgency": "normal",
                "subject": "Impact indicators",
                "body": "Which indicators fit small projects?",
                "language": "en",
                "files": [pdf("one.pdf"), pdf("two.pdf")],
            },
        )
    question = AdviceQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/advice/{question.pk}/"
    assert question.asked_by == public_sector_user
    assert sorted(AdviceAttachment.objects.values_list("original_name", flat=True)) == [
        "one.pdf",
        "two.pdf",
    ]
    assert [m.to for m in mailoutbox] == [[coordinator_de.email]]
    mine = client.get("/en/advice/")
    assert "Impact indicators" in mine.text
    assert "Waiting for the centre" in mine.text


def test_a_refused_file_keeps_what_was_typed(client, public_sector_user, centre_de):
    as_(client, public_sector_user)
    response = client.post(
        "/en/advice/",
        {
            "centre": centre_de.pk,
            "topic": "evaluation",
            "urgency": "urgent",
            "subject": "Impact indicators",
            "body": "Which indicators fit small projects?",
            "language": "en",
            "files": [executable("budget.pdf")],
        },
    )
    assert response.status_code == 400
    assert "budget.pdf: This file is not a PDF, Word" in response.text
    assert 'value="Impact indicators"' in response.text
    assert "Which indicators fit small projects?</textarea>" in response.text
    assert '<option value="urgent" selected>' in response.text
    assert not AdviceQuestion.objects.exists()


def test_a_missing_subject_is_explained(client, public_sector_user, centre_de):
    as_(client, public_sector_user)
    response = client.post(
        "/en/advice/",
        {
            "centre": centre_de.pk,
            "topic": "calls",
            "urgency": "normal",
            "body": "Kept text",
            "language": "en",
        },
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Kept text</textarea>" in response.text


def test_an_open_desk_lets_innovators_ask_that_centre_only(
    client, innovator, centre_de, centre_nl, coordinator_de
):
    services.update_desk(
        centre=centre_de, actor=coordinator_de, open_to_everyone=True, target_working_days=10
    )
    response = as_(client, innovator).get("/en/advice/")
    assert [c.pk for c in response.context["form"].fields["centre"].queryset] == [centre_de.pk]
    refused = client.post(
        "/en/advice/",
        {
            "centre": centre_nl.pk,
            "topic": "calls",
            "urgency": "normal",
            "subject": "S",
            "body": "B",
            "language": "en",
        },
    )
    assert refused.status_code == 400
    assert not AdviceQuestion.objects.exists()


# --- The thread ----------------------------------------------------------------------------


def test_internal_notes_are_hidden_from_the_requester(
    client, question, coordinator_de, public_sector_user
):
    services.add_internal_note(question=question, author=coordinator_de, body=SECRET_NOTE)
    services.answer_question(question=question, author=coordinator_de, body="Yes, they may.")
    coordinator_page = as_(client, coordinator_de).get(question.get_absolute_url())
    assert escape(SECRET_NOTE) in coordinator_page.text
    assert "Internal note (only coordinators see it)" in coordinator_page.text
    client.logout()
    requester_page = as_(client, public_sector_user).get(question.get_absolute_url())
    assert requester_page.status_code == 200
    assert "Yes, they may." in requester_page.text
    assert escape(SECRET_NOTE) not in requester_page.text
    assert "already asked us twice" not in requester_page.text
    assert "Internal note" not in requester_page.text
    assert 'name="reply-body"' in requester_page.text
    assert "/mark-answered/" in requester_page.text


def test_the_requester_downloads_their_attachment(
    client, question, coordinator_de, public_sector_user
):
    attachment = AdviceAttachment.objects.get()
    response = as_(client, public_sector_user).get(f"/en/advice/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_answer_with_an_empty_body_keeps_the_page(client, question, coordinator_de):
    response = as_(client, coordinator_de).post(
        f"/en/advice/{question.pk}/answer/", {"answer-body": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_assigning_to_another_countrys_coordinator_is_refused_with_a_reason(
    client, question, coordinator_de, coordinator_nl
):
    response = as_(client, coordinator_de).post(
        f"/en/advice/{question.pk}/assign/", {"assign-assignee": coordinator_nl.pk}
    )
    assert response.status_code == 400
    assert "Only a coordinator of the question’s national centre can take it." in response.text
    question.refresh_from_db()
    assert question.assigned_to is None


def test_the_requester_replies_then_marks_it_answered(client, answered, public_sector_user):
    as_(client, public_sector_user)
    client.post(f"/en/advice/{answered.pk}/reply/", {"reply-body": "And partnerships?"})
    answered.refresh_from_db()
    assert answered.status == QuestionStatus.OPEN
    client.post(f"/en/advice/{answered.pk}/mark-answered/")
    answered.refresh_from_db()
    assert answered.status == QuestionStatus.CLOSED


def test_the_question_page_takes_constant_queries(
    client, question, coordinator_de, django_assert_max_num_queries
):
    as_(client, coordinator_de)
    services.answer_question(question=question, author=coordinator_de, body="One", files=[pdf()])
    with django_assert_max_num_queries(30) as one:
        assert client.get(question.get_absolute_url()).status_code == 200
    for n in range(3):
        services.add_internal_note(question=question, author=coordinator_de, body=f"Note {n}")
        services.answer_question(
            question=question, author=coordinator_de, body=f"More {n}", files=[pdf()]
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(question.get_absolute_url()).status_code == 200


# --- The queue -----------------------------------------------------------------------------


def test_the_queue_shows_overdue_questions_with_text_and_filters(
    client, public_sector_user, centre_de, centre_nl, coordinator_de
):
    long_ago = timezone.now() - timedelta(days=30)
    late = ask(public_sector_user, centre_de, subject="Late question", now=long_ago)
    ask(public_sector_user, centre_de, subject="Fresh question", topic="policy")
    ask(public_sector_user, centre_nl, subject="Dutch question")
    as_(client, coordinator_de)
    response = client.get("/en/advice/queue/")
    assert response.status_code == 200
    rows = [q.subject for q in response.context["page"].object_list]
    assert rows == ["Late question", "Fresh question"]  # oldest waiting first
    assert "Overdue" in response.text
    assert "2 questions wait for an answer" in response.text
    overdue = client.get("/en/advice/queue/?status=open&overdue=on")
    assert [q.pk for q in overdue.context["page"].object_list] == [late.pk]
    by_topic = client.get("/en/advice/queue/?status=&topic=policy")
    assert [q.subject for q in by_topic.context["page"].object_list] == ["Fresh question"]
    wrong = client.get("/en/advice/queue/?status=nonsense")
    assert wrong.status_code == 200
    assert "could not be understood" in wrong.text
    assert len(wrong.context["page"].object_list) == 2


def test_the_queue_takes_constant_queries(
    client, public_sector_user, centre_de, coordinator_de, django_assert_max_num_queries
):
    as_(client, coordinator_de)
    first = ask(public_sector_user, centre_de)
    services.assign_question(question=first, actor=coordinator_de, assignee=coordinator_de)
    with django_assert_max_num_queries(20) as one:
        client.get("/en/advice/queue/")
    for _n in range(3):
        question = ask(UserFactory(role="public_sector"), centre_de)
        services.assign_question(question=question, actor=coordinator_de, assignee=coordinator_de)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/en/advice/queue/")
    assert len(response.context["page"].object_list) == 4


def test_the_desk_settings_page_saves_and_keeps_bad_input(client, coordinator_de, centre_de):
    as_(client, coordinator_de)
    bad = client.post(
        "/en/advice/queue/settings/", {"target_working_days": "0", "open_to_everyone": "on"}
    )
    assert bad.status_code == 400
    assert 'value="0"' in bad.text
    assert "greater than or equal to 1" in bad.text
    assert not AdviceDesk.objects.exists()
    good = client.post(
        "/en/advice/queue/settings/", {"target_working_days": "5", "open_to_everyone": "on"}
    )
    assert good.status_code == 302
    desk = AdviceDesk.objects.get()
    assert (desk.centre, desk.target_working_days, desk.open_to_everyone) == (centre_de, 5, True)


# --- FAQ -----------------------------------------------------------------------------------


def test_the_faq_form_is_prefilled_refuses_a_phone_number_and_publishes(
    client, answered, coordinator_de
):
    as_(client, coordinator_de)
    page = client.get(f"/en/advice/{answered.pk}/faq/")
    assert page.context["form"]["title"].value() == "Eligibility of municipalities"
    assert "Remove names of people and organisations" in page.text
    text = "Question\n\nMay municipalities lead?\n\nAnswer\n\nYes. Call 030 1234 5678."
    refused = client.post(
        f"/en/advice/{answered.pk}/faq/", {"title": "Municipalities as lead partners", "text": text}
    )
    assert refused.status_code == 400
    assert "Please remove a phone number (030 1234 5678) before publishing." in refused.text
    assert "Municipalities as lead partners" in refused.text  # kept
    published = client.post(
        f"/en/advice/{answered.pk}/faq/",
        {
            "title": "Municipalities as lead partners",
            "text": text.replace(" Call 030 1234 5678.", ""),
        },
    )
    answered.refresh_from_db()
    resource = answered.faq_resource
    assert published.status_code == 302 and published["Location"] == resource.get_absolute_url()
    question_page = client.get(answered.get_absolute_url())
    assert resource.get_absolute_url() in question_page.text
    library = client.get("/en/library/?type=faq")
    assert "Municipalities as lead partners" in library.text


def test_the_admin_lists_desks_and_questions_and_saves_a_desk_through_the_service(
    client, question, administrator, centre_de
):
    as_(client, administrator)
    assert client.get("/en/admin/training/advicequestion/").status_code == 200
    assert client.get(f"/en/admin/training/advicequestion/{question.pk}/change/").status_code == 200
    response = client.post(
        "/en/admin/training/advicedesk/add/",
        {"centre": centre_de.pk, "target_working_days": "7", "open_to_everyone": "on"},
    )
    assert response.status_code == 302
    assert AdviceDesk.objects.get().target_working_days == 7
    assert client.get("/en/admin/training/advicedesk/").status_code == 200
