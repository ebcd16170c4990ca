"""The advice desk's part of a person's data export (GDPR Art. 15 and 20) and of erasing them.

Export: the questions the person asked, each with its thread as they saw it (the question, the
centre's answers and their replies, with the names of the attached files), never the centre's
internal notes.

Erasure: the questions stay, so that the centre's figures (how many questions, how fast they
were answered) still add up, but nothing of the person remains. The texts they wrote are their
data: the bodies of their questions and replies are blanked and their attachments deleted (the
stored files once the deletion commits); the subject of their questions is replaced, since it
is their text too; ``asked_by`` and the messages' ``author`` become empty when the account
goes (SET_NULL). Timestamps, topic, status and the centre's own answers are kept for the figures.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..models import AdviceAttachment, AdviceMessage, AdviceQuestion, MessageKind
from . import services


def export_personal_data(user):
    public = AdviceMessage.objects.exclude(kind=MessageKind.NOTE).prefetch_related("attachments")
    questions = (
        AdviceQuestion.objects.filter(asked_by=user)
        .select_related("centre", "faq_resource")
        .prefetch_related(Prefetch("messages", queryset=public))
    )
    return {
        "advice_questions": [
            {
                "centre": question.centre.country,
                "topic": question.topic,
                "urgency": question.urgency,
                "subject": question.subject,
                "language": question.language,
                "status": question.status,
                "asked_at": question.created_at,
                "first_answered_at": question.first_response_at,
                "closed_at": question.closed_at,
                "faq_entry": question.faq_resource.slug if question.faq_resource else None,
                "messages": [
                    {
                        "kind": message.kind,
                        "written_by_you": message.author_id == user.pk,
                        "sent_at": message.created_at,
                        "body": message.body,
                        "attachments": [a.original_name for a in message.attachments.all()],
                    }
                    for message in question.messages.all()
                ],
            }
            for question in questions
        ]
    }


@transaction.atomic
def erase_personal_data(user):
    # What they wrote as the person asking; answers and notes written as a coordinator are the
    # centre's work and stay (their author becomes empty).
    own_messages = AdviceMessage.objects.filter(
        author=user, kind__in=[MessageKind.QUESTION, MessageKind.REPLY]
    )
    attachments = list(AdviceAttachment.objects.filter(message__in=own_messages))
    services.delete_stored_files(attachments)
    AdviceAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    own_messages.update(body="")
    AdviceQuestion.objects.filter(asked_by=user).update(
        subject=_("(deleted with the account of the person who asked)")
    )
