"""Who may do what at the advice desk ("Ask the NCC"): one permission per action.

- Public-sector staff may ask any centre; anyone else signed in may ask a centre whose desk is
  open to everyone. Coordinators and administrators answer, they do not ask.
- The requester sees their question's thread (never the internal notes), replies, marks it
  answered or withdraws it while it waits.
- Coordinators of the question's country work it: answer, notes, assign, close, turn it into
  an FAQ entry, and set their desk's target. Administrators may do all of it everywhere.
"""

import rules

from ncc_portal.models import Role
from ncc_portal.rules import is_administrator, is_coordinator

from ..models import AdviceDesk, QuestionStatus

STILL_RUNNING = {QuestionStatus.OPEN, QuestionStatus.ANSWERED}


def _question_of(obj):
    """The question of a question, a message or an attachment."""
    if hasattr(obj, "message"):  # an attachment
        obj = obj.message
    return getattr(obj, "question", obj)


def _answers_questions(user):
    return user.role in {Role.COORDINATOR, Role.ADMINISTRATOR} or user.is_superuser


@rules.predicate
def may_ask_some_centre(user):
    if not user.is_authenticated or _answers_questions(user):
        return False
    return (
        user.role == Role.PUBLIC_SECTOR or AdviceDesk.objects.filter(open_to_everyone=True).exists()
    )


@rules.predicate
def may_ask_the_centre(user, centre):
    if not user.is_authenticated or centre is None or _answers_questions(user):
        return False
    if user.role == Role.PUBLIC_SECTOR:
        return True
    return AdviceDesk.objects.filter(centre=centre, open_to_everyone=True).exists()


@rules.predicate
def asked_it(user, obj):
    return user.is_authenticated and obj is not None and _question_of(obj).asked_by_id == user.pk


@rules.predicate
def coordinates_its_centre(user, obj):
    if not user.is_authenticated or obj is None or user.role != Role.COORDINATOR:
        return False
    return user.centre_id is not None and user.centre_id == _question_of(obj).centre_id


@rules.predicate
def coordinates_the_centre(user, centre):
    return (
        user.is_authenticated
        and centre is not None
        and user.role == Role.COORDINATOR
        and user.centre_id == centre.pk
    )


@rules.predicate
def is_running(user, question):
    return question is not None and question.status in STILL_RUNNING


@rules.predicate
def is_waiting(user, question):
    return question is not None and question.status == QuestionStatus.OPEN


@rules.predicate
def has_an_answer(user, question):
    return question is not None and question.first_response_at is not None


@rules.predicate
def may_become_faq(user, question):
    return (
        question is not None
        and question.faq_resource_id is None
        and question.first_response_at is not None
        and question.status in {QuestionStatus.ANSWERED, QuestionStatus.CLOSED}
    )


@rules.predicate
def is_internal_note(user, attachment):
    return attachment is not None and attachment.message.kind == "note"


def allowed(user, permission, obj=None):
    """Whether the rule ``permission`` admits ``user``. Unlike ``user.has_perm`` it does not let
    superusers do everything: an administrator must not reply or mark answered in the name of
    the person who asked, nor ask the centre."""
    return rules.has_perm(permission, user, obj)


works_it = coordinates_its_centre | is_administrator

rules.add_perm("advice.ask", may_ask_some_centre)
rules.add_perm("advice.ask_centre", may_ask_the_centre)
rules.add_perm("advice.work_queue", is_coordinator | is_administrator)
rules.add_perm("advice.change_desk", coordinates_the_centre | is_administrator)
rules.add_perm("advice.view_question", asked_it | works_it)
rules.add_perm("advice.view_internal_notes", works_it)
rules.add_perm("advice.answer", works_it & is_running)
rules.add_perm("advice.add_note", works_it)
rules.add_perm("advice.assign", works_it & is_running)
rules.add_perm("advice.close", works_it & is_running)
rules.add_perm("advice.convert_to_faq", works_it & may_become_faq)
rules.add_perm("advice.reply", asked_it & is_running)
rules.add_perm("advice.mark_answered", asked_it & is_running & has_an_answer)
rules.add_perm("advice.withdraw", asked_it & is_waiting)
rules.add_perm("advice.download_attachment", works_it | (asked_it & ~is_internal_note))
