"""Every change of state at the advice desk: asking, answering, replying, notes, assigning,
closing, the desk's settings, and turning an answered question into an FAQ entry of the
library.

Each function is one transaction; a change to a question runs under a lock on its row
(``SELECT … FOR UPDATE`` on PostgreSQL), so that two coordinators answering at once, or an
answer crossing a withdrawal, leave one consistent state. Emails are queued to go out once
the transaction commits, each rendered in its recipient's language. Internal notes never
leave the centre: no email carries them.
"""

import re
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.library import services as library
from ecosystem.models import AccessLevel, ResourceLicence, ResourceType
from ncc_portal.centres import deployment_centre
from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Role, User

from ..models import (
    AdviceAttachment,
    AdviceDesk,
    AdviceMessage,
    AdviceQuestion,
    AdviceTopic,
    MessageKind,
    QuestionStatus,
)
from .rules import allowed
from .workdays import add_working_days

MAX_ATTACHMENTS = 5
RUNNING = {QuestionStatus.OPEN, QuestionStatus.ANSWERED}


# --- The desk ------------------------------------------------------------------------------


def desk_of(centre):
    """The centre's desk settings; an unsaved default (closed to all but public-sector staff,
    ``ADVICE_TARGET_WORKING_DAYS``) when the centre has not set any."""
    desk = AdviceDesk.objects.filter(centre=centre).first()
    if desk is None:
        desk = AdviceDesk(centre=centre, target_working_days=settings.ADVICE_TARGET_WORKING_DAYS)
    return desk


@transaction.atomic
def update_desk(*, centre, actor, open_to_everyone, target_working_days):
    """Change who may ask the centre and its answer target. Questions already asked keep the
    due date they were given."""
    if not allowed(actor, "advice.change_desk", centre):
        raise PermissionDenied
    if not 1 <= target_working_days <= 60:
        raise ValidationError(
            {"target_working_days": _("Choose between 1 and 60 working days.")}, code="range"
        )
    desk, _created = AdviceDesk.objects.update_or_create(
        centre=centre,
        defaults={
            "open_to_everyone": open_to_everyone,
            "target_working_days": target_working_days,
        },
    )
    return desk


# --- Attachments ---------------------------------------------------------------------------


def check_attachments(files):
    """Check each file as the library checks its files (size, content type, optional virus
    scan). Returns ``[(upload, kind)]``; raises ValidationError on the ``files`` field naming
    each refused file."""
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "files": ngettext(
                    "You can attach at most %(max)d file.",
                    "You can attach at most %(max)d files.",
                    MAX_ATTACHMENTS,
                )
                % {"max": MAX_ATTACHMENTS}
            },
            code="too_many",
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, library.check_upload(upload)))
        except ValidationError as error:
            name = getattr(upload, "name", "") or _("file")
            errors.extend(
                ValidationError(
                    _("%(name)s: %(reason)s") % {"name": name, "reason": message}, code=error.code
                )
                for message in error.messages
            )
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _stored_name(name, kind):
    stem = Path(name or "file").stem[:120]
    return f"{get_valid_filename(stem) or 'file'}.{kind.extension}"


def _store(message, checked):
    for upload, kind in checked:
        name = _stored_name(getattr(upload, "name", ""), kind)
        upload.seek(0)
        attachment = AdviceAttachment(
            message=message, original_name=name, content_type=kind.content_type, size=upload.size
        )
        attachment.file.save(name, ContentFile(upload.read()), save=False)
        attachment.save()


def delete_stored_files(attachments):
    """Delete the files of ``attachments`` once the transaction deleting them commits."""
    for attachment in attachments:
        if attachment.file:
            transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))


# --- Helpers -------------------------------------------------------------------------------


def _locked(question):
    return AdviceQuestion.objects.select_for_update().select_related("centre").get(pk=question.pk)


def _coordinators(centre):
    return User.objects.filter(role=Role.COORDINATOR, centre=centre, is_active=True)


def _add_message(question, *, kind, author, body, files=(), now):
    checked = check_attachments(files)
    message = AdviceMessage.objects.create(
        question=question, kind=kind, author=author, body=body, created_at=now
    )
    _store(message, checked)
    return message


def _context(question, user):
    """What the emails about ``question`` say, in ``user``'s language."""
    with translation.override(user.language):
        return {
            "question_id": question.pk,
            "subject": question.subject,
            "centre": str(question.centre),
            "topic": str(AdviceTopic(question.topic).label),
            "due": date_format(timezone.localtime(question.due_at), "DATE_FORMAT"),
        }


def _email(user, template, question, **context):
    if user is None or not user.is_active or not user.email:
        return
    queue_email_to_user(user, template=template, context={**_context(question, user), **context})


def _require(user, permission, obj):
    if not allowed(user, permission, obj):
        raise PermissionDenied


# --- Asking --------------------------------------------------------------------------------


@transaction.atomic
def ask_question(
    *, user, centre, topic, subject, body, language, urgency="normal", files=(), now=None
):
    """Ask ``centre`` a question. The answer is due the desk's target in working days from now
    (fixed now: a later change of the target does not move it). The question text is the
    thread's first message; the attachments are checked as the library checks files. The
    centre's coordinators are emailed. Raises PermissionDenied for someone who may not ask the
    centre, ValidationError for a refused file (nothing is stored then)."""
    _require(user, "advice.ask_centre", centre)
    now = now or timezone.now()
    checked = check_attachments(files)
    desk = desk_of(centre)
    question = AdviceQuestion(
        centre=centre,
        asked_by=user,
        topic=topic,
        urgency=urgency,
        subject=subject,
        language=language,
        created_at=now,
        waiting_since=now,
        due_at=add_working_days(now, desk.target_working_days),
    )
    question.full_clean()
    question.save()
    message = AdviceMessage.objects.create(
        question=question, kind=MessageKind.QUESTION, author=user, body=body, created_at=now
    )
    _store(message, checked)
    for coordinator in _coordinators(centre):
        _email(
            coordinator,
            "advice_question_received",
            question,
            asked_by=user.name or user.email,
            urgent=urgency == "urgent",
        )
    return question


# --- The centre's side ---------------------------------------------------------------------


@transaction.atomic
def answer_question(*, question, author, body, files=(), now=None):
    """The centre answers: the question is ``answered`` and no longer waits; the first answer
    sets ``first_response_at``. The requester is emailed the answer in their language."""
    question = _locked(question)
    _require(author, "advice.answer", question)
    now = now or timezone.now()
    message = _add_message(
        question, kind=MessageKind.ANSWER, author=author, body=body, files=files, now=now
    )
    question.status = QuestionStatus.ANSWERED
    question.waiting_since = None
    if question.first_response_at is None:
        question.first_response_at = now
    if question.assigned_to_id is None:
        question.assigned_to = author if author.role == Role.COORDINATOR else None
    question.save(update_fields=["status", "waiting_since", "first_response_at", "assigned_to"])
    _email(
        question.asked_by,
        "advice_answered",
        question,
        answer=body,
        file_names=[a.original_name for a in message.attachments.all()],
    )
    return question


@transaction.atomic
def add_internal_note(*, question, author, body, now=None):
    """A note for the centre's coordinators only: never shown to the requester, never emailed,
    never exported to them."""
    question = _locked(question)
    _require(author, "advice.add_note", question)
    return AdviceMessage.objects.create(
        question=question,
        kind=MessageKind.NOTE,
        author=author,
        body=body,
        created_at=now or timezone.now(),
    )


def colleagues(question):
    """Whom ``question`` may be assigned to: the active coordinators of its centre."""
    return _coordinators(question.centre_id).order_by("name", "email")


@transaction.atomic
def assign_question(*, question, actor, assignee):
    """Give the question to a coordinator of its centre (``None``: to nobody). The assignee is
    emailed unless they assigned it to themselves."""
    question = _locked(question)
    _require(actor, "advice.assign", question)
    if assignee is not None and not colleagues(question).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("Only a coordinator of the question’s national centre can take it.")},
            code="not_a_colleague",
        )
    question.assigned_to = assignee
    question.save(update_fields=["assigned_to"])
    if assignee is not None and assignee.pk != actor.pk:
        _email(assignee, "advice_assigned", question, assigned_by=actor.name or actor.email)
    return question


@transaction.atomic
def close_question(*, question, actor, now=None):
    """A coordinator closes the question (answered elsewhere, by phone, or out of scope)."""
    question = _locked(question)
    _require(actor, "advice.close", question)
    question.status = QuestionStatus.CLOSED
    question.waiting_since = None
    question.closed_at = now or timezone.now()
    question.save(update_fields=["status", "waiting_since", "closed_at"])
    return question


# --- The requester's side ------------------------------------------------------------------


@transaction.atomic
def reply_to_question(*, question, author, body, files=(), now=None):
    """The requester follows up: the question waits for the centre again, from now
    (``waiting_since``). ``due_at`` stays: the target is for the first answer, as the
    dashboard's "answered within the target" counts it. The assignee is emailed, or all the
    centre's coordinators when nobody has it."""
    question = _locked(question)
    _require(author, "advice.reply", question)
    now = now or timezone.now()
    _add_message(question, kind=MessageKind.REPLY, author=author, body=body, files=files, now=now)
    question.status = QuestionStatus.OPEN
    question.waiting_since = now
    question.save(update_fields=["status", "waiting_since"])
    recipients = [question.assigned_to] if question.assigned_to else _coordinators(question.centre)
    for coordinator in recipients:
        _email(coordinator, "advice_reply_received", question, asked_by=author.name or author.email)
    return question


@transaction.atomic
def mark_answered(*, question, user, now=None):
    """The requester is satisfied: the question is closed."""
    question = _locked(question)
    _require(user, "advice.mark_answered", question)
    question.status = QuestionStatus.CLOSED
    question.waiting_since = None
    question.closed_at = now or timezone.now()
    question.save(update_fields=["status", "waiting_since", "closed_at"])
    return question


@transaction.atomic
def withdraw_question(*, question, user, now=None):
    """The requester no longer needs an answer to a question that waits for one."""
    question = _locked(question)
    _require(user, "advice.withdraw", question)
    question.status = QuestionStatus.WITHDRAWN
    question.waiting_since = None
    question.closed_at = now or timezone.now()
    question.save(update_fields=["status", "waiting_since", "closed_at"])
    if question.assigned_to:
        _email(question.assigned_to, "advice_withdrawn", question)
    return question


# --- FAQ entries ---------------------------------------------------------------------------

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Starts with +, 00, 0 or "(0": international or national numbers; at least seven digits.
PHONE_NUMBER = re.compile(r"(?<![\w/.,-])(?:\+|\(0|0)[\d\s()./-]{5,}\d")
DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


def faq_draft(question):
    """The FAQ entry a coordinator starts from: the subject as the title, and the question and
    the centre's answers (not the replies, never the internal notes) as the text, with its
    headings in the question's language."""
    messages = question.messages.filter(kind__in=[MessageKind.QUESTION, MessageKind.ANSWER])
    with translation.override(question.language):
        parts = []
        for message in messages:
            heading = _("Question") if message.kind == MessageKind.QUESTION else _("Answer")
            parts.append(f"{heading}\n\n{message.body.strip()}")
    return {"title": question.subject, "text": "\n\n".join(parts)}


def personal_details_in(text, question):
    """What ``text`` still gives away: e-mail addresses, phone numbers, the requester's name
    and the names of their organisations. A list of messages for the coordinator."""
    found = []
    for match in EMAIL_ADDRESS.finditer(text):
        found.append(_("an e-mail address (%(value)s)") % {"value": match.group()})
    for match in PHONE_NUMBER.finditer(text):
        value = match.group().strip()
        if sum(c.isdigit() for c in value) >= 7 and not DATE_LIKE.fullmatch(value):
            found.append(_("a phone number (%(value)s)") % {"value": value})
    requester = question.asked_by
    if requester is not None:
        names = [requester.name] if requester.name else []
        names += [m.organisation.name for m in requester.memberships.select_related("organisation")]
        for name in names:
            if re.search(rf"(?<!\w){re.escape(name.strip())}(?!\w)", text, re.IGNORECASE):
                found.append(_("the name “%(value)s”") % {"value": name})
    return found


@transaction.atomic
def convert_to_faq(*, question, actor, title, text, themes=(), audiences=(), now=None):
    """Publish an anonymised question and answer as a public library resource of type FAQ, in
    the question's language (country: the centre's; no publisher; this year; CC BY 4.0), and
    link it to the question. Refuses text that still holds an e-mail address, a phone number or
    the requester's name."""
    question = _locked(question)
    _require(actor, "advice.convert_to_faq", question)
    left = personal_details_in(f"{title}\n{text}", question)
    if left:
        raise ValidationError(
            {
                "text": [
                    _("Please remove %(detail)s before publishing.") % {"detail": detail}
                    for detail in left
                ]
            },
            code="personal_details",
        )
    now = now or timezone.now()
    language = question.language
    resource = library.create_resource(
        author=actor,
        data={
            f"title_{language}": title.strip(),
            f"abstract_{language}": text.strip(),
            "type": ResourceType.FAQ,
            "country": question.centre.country,
            "year": timezone.localtime(now).year,
            "publisher": None,
            "licence": ResourceLicence.CC_BY,
            "external_url": "",
            "access_level": AccessLevel.PUBLIC,
            "themes": list(themes),
            "audiences": list(audiences),
        },
    )
    library.publish_resource(resource=resource, actor=actor)
    question.faq_resource = resource
    question.save(update_fields=["faq_resource"])
    return resource


# --- Reads shared by the views and the export ----------------------------------------------


def default_centre_for(user, centres):
    """The centre a person most likely asks: the deployment's, else that of the country of
    their organisation, else the first they may ask."""
    centres = list(centres)
    deployment = deployment_centre()
    if deployment is not None and deployment in centres:
        return deployment
    if user.is_authenticated:
        countries = set(user.memberships.values_list("organisation__country", flat=True))
        countries |= set(
            user.public_sector_requests.values_list("organisation__country", flat=True)
        )
        for centre in centres:
            if centre.country in countries:
                return centre
    return centres[0] if centres else None
