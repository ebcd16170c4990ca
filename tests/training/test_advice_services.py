"""Ask the NCC: working days, asking with checked attachments, answering, replying, notes,
assigning, closing, the desk's settings, FAQ entries and the GDPR section, through the
services (real database, real templates for the emails)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecosystem.models import PublicationStatus, Resource
from ncc_portal.models import Membership
from training.advice import gdpr, queries, services
from training.advice.workdays import add_working_days, working_days_between
from training.models import (
    AdviceAttachment,
    AdviceDesk,
    AdviceMessage,
    AdviceQuestion,
    MessageKind,
    QuestionStatus,
)

from ..factories import CoordinatorFactory, OrganisationFactory, UserFactory
from .conftest import mail_to

pytestmark = pytest.mark.django_db

# A small but complete PDF (one empty page).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SECRET_NOTE = "Internal: the minister's office already asked us twice."


def pdf(name="brief.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def executable(name="budget.pdf"):
    # Named and announced as a PDF, but a Windows program.
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\0" * 200, content_type="application/pdf")


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CLAMD_ADDRESS = ""


@pytest.fixture
def ask(centre_de, public_sector_user):
    def make(user=None, centre=None, files=(), **values):
        data = {
            "topic": "esf_article_13",
            "subject": "Selection criteria for an Article 13 call",
            "body": "Which criteria have worked elsewhere?",
            "language": "en",
            **values,
        }
        return services.ask_question(
            user=user or public_sector_user, centre=centre or centre_de, files=files, **data
        )

    return make


@pytest.fixture
def question(ask):
    return ask()


# --- Working days --------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    friday = local(2026, 3, 6, 15)
    assert add_working_days(friday, 1) == local(2026, 3, 9, 15)  # Monday
    assert add_working_days(friday, 5) == local(2026, 3, 13, 15)  # next Friday
    assert add_working_days(local(2026, 3, 2), 10) == local(2026, 3, 16)  # two weeks


def test_working_days_run_across_the_end_of_a_month_and_a_year():
    thursday = local(2026, 4, 30, 9)
    assert add_working_days(thursday, 3) == local(2026, 5, 5, 9)
    assert add_working_days(local(2026, 12, 30, 9), 3) == local(2027, 1, 4, 9)


def test_a_question_asked_at_the_weekend_counts_from_monday():
    saturday = local(2026, 3, 7, 11)
    assert add_working_days(saturday, 1) == local(2026, 3, 10, 0)


def test_working_days_between_counts_weekdays_begun():
    friday = local(2026, 3, 6, 17)
    assert working_days_between(friday, local(2026, 3, 8, 12)) == 0  # Sunday
    assert working_days_between(friday, local(2026, 3, 9, 8)) == 1
    assert working_days_between(friday, local(2026, 3, 20, 8)) == 10


# --- Asking --------------------------------------------------------------------------------


def test_asking_sets_the_due_date_from_the_desk_and_emails_the_coordinators(
    ask,
    centre_de,
    coordinator_de,
    coordinator_nl,
    public_sector_user,
    django_capture_on_commit_callbacks,
):
    AdviceDesk.objects.create(centre=centre_de, target_working_days=3)
    friday = local(2026, 3, 6, 15)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(now=friday, urgency="urgent")
    assert question.due_at == local(2026, 3, 11, 15)
    assert question.waiting_since == friday
    assert question.status == QuestionStatus.OPEN
    first = question.messages.get()
    assert (first.kind, first.body, first.author) == (
        MessageKind.QUESTION,
        "Which criteria have worked elsewhere?",
        public_sector_user,
    )
    [email] = mail.outbox
    assert email.to == [coordinator_de.email]
    # In the coordinator's language (German): the catalogs may lack the text, the link not.
    assert f"/de/advice/{question.pk}/" in email.body
    assert "Selection criteria for an Article 13 call" in email.subject


def test_without_a_desk_the_setting_gives_the_target(ask, settings):
    settings.ADVICE_TARGET_WORKING_DAYS = 2
    question = ask(now=local(2026, 3, 2, 9))
    assert question.due_at == local(2026, 3, 4, 9)


def test_a_changed_target_does_not_move_questions_already_asked(ask, centre_de, coordinator_de):
    question = ask(now=local(2026, 3, 2, 9))
    services.update_desk(
        centre=centre_de, actor=coordinator_de, open_to_everyone=False, target_working_days=1
    )
    question.refresh_from_db()
    assert question.due_at == local(2026, 3, 16, 9)
    assert ask(now=local(2026, 3, 2, 9)).due_at == local(2026, 3, 3, 9)


def test_only_public_sector_staff_may_ask_unless_the_desk_is_open(
    ask, centre_de, centre_nl, innovator, coordinator_de
):
    with pytest.raises(PermissionDenied):
        ask(user=innovator)
    services.update_desk(
        centre=centre_de, actor=coordinator_de, open_to_everyone=True, target_working_days=10
    )
    assert ask(user=innovator).asked_by == innovator
    with pytest.raises(PermissionDenied):
        ask(user=innovator, centre=centre_nl)  # the Dutch desk stays closed
    with pytest.raises(PermissionDenied):
        ask(user=coordinator_de)  # coordinators answer, they do not ask


def test_the_desk_target_is_between_1_and_60_and_only_for_its_coordinators(
    centre_de, coordinator_de, coordinator_nl
):
    with pytest.raises(ValidationError):
        services.update_desk(
            centre=centre_de, actor=coordinator_de, open_to_everyone=False, target_working_days=61
        )
    with pytest.raises(PermissionDenied):
        services.update_desk(
            centre=centre_de, actor=coordinator_nl, open_to_everyone=True, target_working_days=5
        )
    assert not AdviceDesk.objects.exists()


def test_accepted_attachments_are_stored_privately(ask):
    question = ask(files=[pdf("Brief des Ministeriums.pdf"), pdf("annex.pdf")])
    attachments = AdviceAttachment.objects.filter(message__question=question).order_by("pk")
    assert [a.original_name for a in attachments] == ["Brief_des_Ministeriums.pdf", "annex.pdf"]
    assert {a.content_type for a in attachments} == {"application/pdf"}
    stored = attachments[0]
    assert stored.file.name.startswith(f"advice/{question.pk}/")
    assert stored.file.storage.__class__.__name__ == "PrivateStorage"
    with stored.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def test_a_refused_attachment_stores_nothing(ask):
    with pytest.raises(ValidationError) as error:
        ask(files=[pdf(), executable()])
    [message] = error.value.message_dict["files"]
    assert message.startswith("budget.pdf: This file is not a PDF, Word")
    assert not AdviceQuestion.objects.exists()
    assert not AdviceAttachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(ask, settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError) as error:
        ask(files=[pdf()])
    assert "larger than 0 MB" in error.value.message_dict["files"][0]


def test_at_most_five_attachments(ask):
    with pytest.raises(ValidationError) as error:
        ask(files=[pdf(f"{n}.pdf") for n in range(6)])
    assert "at most 5 files" in error.value.message_dict["files"][0]


# --- Working the question ------------------------------------------------------------------


def test_answering_sets_the_first_response_and_emails_the_requester(
    question, coordinator_de, public_sector_user, django_capture_on_commit_callbacks
):
    answered_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(
            question=question,
            author=coordinator_de,
            body="Look at the Saxon call of 2025.",
            files=[pdf("grid.pdf")],
            now=answered_at,
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.first_response_at == answered_at
    assert question.waiting_since is None
    assert question.assigned_to == coordinator_de  # who answers an unassigned question has it
    [email] = mail_to(mail.outbox, public_sector_user)
    assert "Look at the Saxon call of 2025." in email.body
    assert "grid.pdf" in email.body
    assert f"/en/advice/{question.pk}/" in email.body

    later = answered_at + timedelta(hours=1)
    services.answer_question(question=question, author=coordinator_de, body="And", now=later)
    question.refresh_from_db()
    assert question.first_response_at == answered_at


def test_a_reply_makes_the_question_wait_again_keeping_its_first_due_date(
    question, coordinator_de, public_sector_user, django_capture_on_commit_callbacks
):
    due = question.due_at
    services.answer_question(question=question, author=coordinator_de, body="Answer")
    replied_at = local(2026, 3, 6, 15)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_question(
            question=question, author=public_sector_user, body="And for ESF+ calls?", now=replied_at
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert question.waiting_since == replied_at
    assert question.due_at == due  # the target is for the first answer
    [email] = mail.outbox  # to the assignee only
    assert email.to == [coordinator_de.email]


def test_a_reply_to_an_unassigned_question_goes_to_all_the_centres_coordinators(
    question, coordinator_de, public_sector_user, centre_de, django_capture_on_commit_callbacks
):
    colleague = CoordinatorFactory(centre=centre_de)
    services.answer_question(question=question, author=coordinator_de, body="Answer")
    services.assign_question(question=question, actor=coordinator_de, assignee=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_question(question=question, author=public_sector_user, body="More?")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator_de.email, colleague.email])


def test_the_requester_marks_it_answered_only_once_there_is_an_answer(
    question, coordinator_de, public_sector_user
):
    with pytest.raises(PermissionDenied):
        services.mark_answered(question=question, user=public_sector_user)
    services.answer_question(question=question, author=coordinator_de, body="Answer")
    with pytest.raises(PermissionDenied):
        services.mark_answered(question=question, user=coordinator_de)
    services.mark_answered(question=question, user=public_sector_user)
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    assert question.closed_at is not None


def test_the_requester_withdraws_only_a_waiting_question(
    ask, coordinator_de, public_sector_user, other_innovator
):
    waiting = ask()
    with pytest.raises(PermissionDenied):
        services.withdraw_question(question=waiting, user=other_innovator)
    services.withdraw_question(question=waiting, user=public_sector_user)
    waiting.refresh_from_db()
    assert waiting.status == QuestionStatus.WITHDRAWN

    answered = ask()
    services.answer_question(question=answered, author=coordinator_de, body="Answer")
    with pytest.raises(PermissionDenied):
        services.withdraw_question(question=answered, user=public_sector_user)
    with pytest.raises(PermissionDenied):  # nothing more to answer on a withdrawn question
        services.answer_question(question=waiting, author=coordinator_de, body="Late")


def test_coordinators_close_a_question(question, coordinator_de, coordinator_nl):
    with pytest.raises(PermissionDenied):
        services.close_question(question=question, actor=coordinator_nl)
    services.close_question(question=question, actor=coordinator_de)
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED


def test_assigning_only_to_a_coordinator_of_the_same_centre(
    question,
    coordinator_de,
    coordinator_nl,
    public_sector_user,
    centre_de,
    django_capture_on_commit_callbacks,
):
    for outsider in [coordinator_nl, public_sector_user]:
        with pytest.raises(ValidationError) as error:
            services.assign_question(question=question, actor=coordinator_de, assignee=outsider)
        assert "assignee" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.assign_question(question=question, actor=coordinator_nl, assignee=coordinator_nl)
    colleague = CoordinatorFactory(centre=centre_de, language="de")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_question(question=question, actor=coordinator_de, assignee=colleague)
    question.refresh_from_db()
    assert question.assigned_to == colleague
    [email] = mail.outbox
    assert email.to == [colleague.email]
    assert list(services.colleagues(question)) == sorted(
        [coordinator_de, colleague], key=lambda u: (u.name, u.email)
    )


def test_internal_notes_stay_out_of_the_requesters_emails_and_thread(
    question, coordinator_de, public_sector_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_internal_note(question=question, author=coordinator_de, body=SECRET_NOTE)
        services.answer_question(question=question, author=coordinator_de, body="Answer")
        services.reply_to_question(question=question, author=public_sector_user, body="Thanks")
    assert mail.outbox  # the answer and the reply were emailed
    assert not any(SECRET_NOTE in m.body or SECRET_NOTE in m.subject for m in mail.outbox)
    bodies = [m.body for m in queries.thread(question, with_notes=False)]
    assert SECRET_NOTE not in bodies
    assert SECRET_NOTE in [m.body for m in queries.thread(question, with_notes=True)]
    with pytest.raises(PermissionDenied):
        services.add_internal_note(question=question, author=public_sector_user, body="Me too")


def test_overdue_questions(ask, coordinator_de):
    long_ago = timezone.now() - timedelta(days=30)
    late = ask(now=long_ago)
    recent = ask()
    assert late.is_overdue and not recent.is_overdue
    assert list(queries.queue(coordinator_de, overdue=True)) == [late]
    assert queries.queue_counts(coordinator_de) == {"waiting": 2, "overdue": 1}
    services.answer_question(question=late, author=coordinator_de, body="Sorry for the wait")
    services.reply_to_question(question=late, author=late.asked_by, body="One more thing")
    late.refresh_from_db()
    # Waiting again, but the first answer came: overdue is about the first answer only.
    assert late.status == QuestionStatus.OPEN and not late.is_overdue
    assert list(queries.queue(coordinator_de, overdue=True)) == []
    assert queries.queue_counts(coordinator_de) == {"waiting": 2, "overdue": 0}


def test_the_queue_filters_and_sorts(ask, coordinator_de, coordinator_nl, centre_nl):
    now = timezone.now()
    older = ask(now=now - timedelta(days=3), topic="calls")
    newer = ask(now=now - timedelta(days=1))
    ask(centre=centre_nl)  # another country's
    services.assign_question(question=newer, actor=coordinator_de, assignee=coordinator_de)
    assert list(queries.queue(coordinator_de)) == [older, newer]
    assert list(queries.queue(coordinator_de, sort="newest")) == [newer, older]
    assert list(queries.queue(coordinator_de, assigned="me")) == [newer]
    assert list(queries.queue(coordinator_de, assigned="nobody")) == [older]
    assert list(queries.queue(coordinator_de, topic="calls")) == [older]
    assert list(queries.queue(coordinator_de, status="answered")) == []
    assert len(queries.queue(coordinator_nl)) == 1


# --- FAQ entries ---------------------------------------------------------------------------


@pytest.fixture
def answered(question, coordinator_de):
    services.answer_question(
        question=question, author=coordinator_de, body="Use the grid of the 2021–2027 programme."
    )
    question.refresh_from_db()
    return question


def test_the_faq_draft_holds_the_question_and_the_answers_without_notes(answered, coordinator_de):
    services.add_internal_note(question=answered, author=coordinator_de, body=SECRET_NOTE)
    draft = services.faq_draft(answered)
    assert draft["title"] == "Selection criteria for an Article 13 call"
    assert draft["text"] == (
        "Question\n\nWhich criteria have worked elsewhere?\n\n"
        "Answer\n\nUse the grid of the 2021–2027 programme."
    )


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "Write to maria@ministry.example for the grid.",
            "an e-mail address (maria@ministry.example)",
        ),
        ("Call +49 30 18 527 0 for the grid.", "a phone number (+49 30 18 527 0)"),
        ("Call (030) 123 45 67 for the grid.", "a phone number ((030) 123 45 67)"),
        ("Maria Ministry asked about the grid.", "the name “Maria Ministry”"),
        ("The Federal Ministry (test) asked.", "the name “Federal Ministry (test)”"),
    ],
)
def test_the_faq_refuses_personal_details(answered, coordinator_de, ministry_de, text, found):
    Membership.objects.create(user=answered.asked_by, organisation=ministry_de)
    with pytest.raises(ValidationError) as error:
        services.convert_to_faq(
            question=answered, actor=coordinator_de, title="Criteria", text=text
        )
    assert error.value.message_dict["text"] == [f"Please remove {found} before publishing."]
    assert not Resource.objects.exists()


def test_dates_years_and_article_numbers_are_not_phone_numbers(answered):
    text = "On 01.03.2026 the 2021-2027 programme (Regulation (EU) 2021/1057, Article 13) opened."
    assert services.personal_details_in(text, answered) == []


def test_an_faq_entry_is_a_published_public_resource_linked_to_the_question(
    answered, coordinator_de, client
):
    answered.language = "de"
    answered.save()
    services.mark_answered(question=answered, user=answered.asked_by)
    resource = services.convert_to_faq(
        question=answered,
        actor=coordinator_de,
        title="Auswahlkriterien für einen Aufruf nach Artikel 13",
        text="Frage\n\nWelche Kriterien?\n\nAntwort\n\nDas Raster des Programms.",
    )
    assert resource.type == "faq"
    assert resource.status == PublicationStatus.PUBLISHED
    assert (resource.access_level, resource.licence, resource.country) == ("public", "cc_by", "DE")
    assert resource.year == timezone.localdate().year
    assert resource.publisher is None
    assert resource.title_de == "Auswahlkriterien für einen Aufruf nach Artikel 13"
    assert resource.abstract_de.startswith("Frage\n\nWelche Kriterien?")
    answered.refresh_from_db()
    assert answered.faq_resource == resource
    with pytest.raises(PermissionDenied):  # once is enough
        services.convert_to_faq(question=answered, actor=coordinator_de, title="x", text="y")

    listed = client.get("/de/library/?type=faq")
    assert [r.pk for r in listed.context["page"].object_list] == [resource.pk]
    assert "Häufig gestellte Frage" in listed.text or "Frequently asked question" in listed.text
    detail = client.get(resource.get_absolute_url().replace("/en/", "/de/"))
    assert "<p>Das Raster des Programms.</p>" in detail.text
    assert 'id="files-heading"' not in detail.text  # an FAQ has no files


def test_a_waiting_question_cannot_become_an_faq(question, coordinator_de):
    with pytest.raises(PermissionDenied):
        services.convert_to_faq(question=question, actor=coordinator_de, title="x", text="y")


# --- GDPR ----------------------------------------------------------------------------------


def test_the_export_holds_the_thread_without_internal_notes(answered, coordinator_de):
    services.add_internal_note(question=answered, author=coordinator_de, body=SECRET_NOTE)
    services.reply_to_question(
        question=answered, author=answered.asked_by, body="Thanks", files=[pdf("annex.pdf")]
    )
    [exported] = gdpr.export_personal_data(answered.asked_by)["advice_questions"]
    assert exported["subject"] == "Selection criteria for an Article 13 call"
    assert [(m["kind"], m["body"], m["written_by_you"]) for m in exported["messages"]] == [
        ("question", "Which criteria have worked elsewhere?", True),
        ("answer", "Use the grid of the 2021–2027 programme.", False),
        ("reply", "Thanks", True),
    ]
    assert exported["messages"][2]["attachments"] == ["annex.pdf"]
    assert SECRET_NOTE not in repr(exported)
    assert gdpr.export_personal_data(coordinator_de) == {"advice_questions": []}


def test_erasing_blanks_the_persons_texts_and_deletes_their_files(
    ask, coordinator_de, public_sector_user, django_capture_on_commit_callbacks
):
    question = ask(files=[pdf()])
    services.answer_question(question=question, author=coordinator_de, body="Answer")
    stored = AdviceAttachment.objects.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        from ncc_portal.services import delete_account

        delete_account(user=public_sector_user)
    question.refresh_from_db()
    assert question.asked_by is None
    assert question.subject != "Selection criteria for an Article 13 call"
    assert question.created_at is not None and question.first_response_at is not None
    kinds = dict(AdviceMessage.objects.filter(question=question).values_list("kind", "body"))
    assert kinds == {"question": "", "answer": "Answer"}
    assert not AdviceAttachment.objects.exists()
    assert not storage.exists(name)


def test_another_persons_questions_are_untouched_by_an_erasure(ask, public_sector_user):
    other = UserFactory(role="public_sector")
    kept = ask(user=other)
    OrganisationFactory()  # unrelated data
    gdpr.erase_personal_data(public_sector_user)
    kept.refresh_from_db()
    assert kept.messages.get().body == "Which criteria have worked elsewhere?"


# --- Demo ----------------------------------------------------------------------------------


def test_the_demo_step_gives_each_state_once_and_runs_again_without_duplicates():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    questions = {q.centre.country: q for q in AdviceQuestion.objects.select_related("centre")}
    assert len(questions) == AdviceQuestion.objects.count() == 4
    assert questions["DE"].is_overdue and questions["DE"].messages.filter(kind="note").exists()
    assert questions["EE"].status == QuestionStatus.OPEN and not questions["EE"].is_overdue
    assert questions["NL"].status == QuestionStatus.ANSWERED
    faq = questions["LU"].faq_resource
    assert questions["LU"].status == QuestionStatus.CLOSED
    assert (faq.type, faq.status, faq.title_fr[:20]) == ("faq", "published", "Peut-on réserver des")
    assert "Sophie Weber" not in faq.abstract_fr
