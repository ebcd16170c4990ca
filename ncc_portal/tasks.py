from celery import shared_task

from . import emails


@shared_task(
    name="ncc_portal.send_templated_email",
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=True,
)
def send_templated_email(*, to, language, template, context):
    emails.render_and_send(to=to, language=language, template=template, context=context)
