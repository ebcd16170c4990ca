"""The advice desk's named reads: the coordinators' queue, a question's thread, a person's
questions."""

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from ncc_portal.models import Role

from ..models import AdviceAttachment, AdviceMessage, AdviceQuestion, MessageKind, QuestionStatus


def overdue_condition():
    """Waiting for a first answer past its due date (``AdviceQuestion.is_overdue``)."""
    return Q(status=QuestionStatus.OPEN, first_response_at__isnull=True, due_at__lt=timezone.now())


SORTS = {
    # Oldest waiting first; what does not wait (answered, closed) after, newest first.
    "waiting": [F("waiting_since").asc(nulls_last=True), F("created_at").desc()],
    "due": [F("due_at").asc(), F("created_at").asc()],
    "newest": [F("created_at").desc()],
}


def questions_worked_by(user):
    """The questions ``user`` works: their centre's, or every centre's for an administrator."""
    questions = AdviceQuestion.objects.all()
    if user.role == Role.COORDINATOR and not user.is_superuser:
        questions = questions.filter(centre_id=user.centre_id)
    return questions


def queue(user, *, status="", assigned="", topic="", overdue=False, sort="waiting", centre=None):
    """The queue as filtered and sorted, with what a row shows (one query, whatever its
    length)."""
    questions = questions_worked_by(user).select_related("centre", "asked_by", "assigned_to")
    if centre is not None:
        questions = questions.filter(centre=centre)
    if status:
        questions = questions.filter(status=status)
    if assigned == "me":
        questions = questions.filter(assigned_to=user)
    elif assigned == "nobody":
        questions = questions.filter(assigned_to__isnull=True)
    if topic:
        questions = questions.filter(topic=topic)
    if overdue:
        questions = questions.filter(overdue_condition())
    return questions.order_by(*SORTS.get(sort) or SORTS["waiting"])


def queue_counts(user):
    """How many of the user's centre's questions wait, and how many of those are overdue."""
    return questions_worked_by(user).aggregate(
        waiting=Count("pk", filter=Q(status=QuestionStatus.OPEN)),
        overdue=Count("pk", filter=overdue_condition()),
    )


def thread(question, *, with_notes):
    """The question's messages in order, with their authors and attachments; internal notes
    only ``with_notes`` (for the centre)."""
    messages = question.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=AdviceAttachment.objects.order_by("pk"))
    )
    if not with_notes:
        messages = messages.exclude(kind=MessageKind.NOTE)
    return list(messages)


def questions_of(user):
    return (
        AdviceQuestion.objects.filter(asked_by=user)
        .select_related("centre", "faq_resource")
        .order_by("-created_at")
    )


def public_messages(question):
    """What the requester may see of the thread: everything but the internal notes."""
    return AdviceMessage.objects.filter(question=question).exclude(kind=MessageKind.NOTE)
