"""Templated emails, rendered in the recipient's language by a Celery worker after commit.

A template named ``x`` lives in ``templates/emails/x_subject.txt`` and ``x_body.txt``. Its context
must be JSON-serialisable (ids, strings); absolute links are built from ``site_url`` (the
site's address when the email was queued, see ``ncc_portal.siteaddress``).
Attachments are ``[filename, content, mimetype]`` triples of text (e.g. an iCalendar event).
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .celery import run_task
from .siteaddress import site_url

logger = logging.getLogger(__name__)


def queue_email(*, to, language, template, context=None, attachments=None):
    context = {"site_url": site_url(), **(context or {})}
    kwargs = {"to": to, "language": language, "template": template, "context": context}
    if attachments:
        kwargs["attachments"] = [list(attachment) for attachment in attachments]
    transaction.on_commit(partial(_hand_over, kwargs))


def _hand_over(kwargs):
    """Give the email to the workers; when the broker does not answer, send it from here."""
    try:
        run_task("ncc_portal.send_templated_email", kwargs=kwargs, retry=False)
    except Exception:  # kombu raises many kinds, all meaning "the broker is not reachable"
        logger.warning("The broker is not reachable: sending the email %s now", kwargs["template"])
        try:
            render_and_send(**kwargs)
        except Exception:
            logger.exception("Could not send the email %s", kwargs["template"])


def queue_email_to_user(user, *, template, context=None, attachments=None):
    queue_email(
        to=user.email,
        language=user.language,
        template=template,
        context=context,
        attachments=attachments,
    )


def render_and_send(*, to, language, template, context, attachments=()):
    with translation.override(language):
        context = {"site_url": site_url(), **context}
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}_body.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
