from celery import shared_task
from django.conf import settings

from . import emails


@shared_task(
    name="ncc_portal.send_templated_email",
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=True,
)
def send_templated_email(*, to, language, template, context, attachments=()):
    emails.render_and_send(
        to=to, language=language, template=template, context=context, attachments=attachments
    )


@shared_task(
    name="ncc_portal.build_report",
    soft_time_limit=settings.REPORT_BUILD_TIME_LIMIT - 60,
    time_limit=settings.REPORT_BUILD_TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
)
def build_report(report_id):
    from .reports import services as reports

    reports.build_report(report_id)


@shared_task(name="ncc_portal.warm_facet_index", ignore_result=True)
def warm_facet_index(namespace):
    from . import facets

    return facets.warm_facet_index(namespace)


@shared_task(name="ncc_portal.refresh_term_index", ignore_result=True)
def refresh_term_index(index_name):
    from . import parts
    from .fulltext import memory

    for index in parts.search_indexes:
        if index.name == index_name:
            return memory.refresh(index)
    return False


@shared_task(name="ncc_portal.purge_report_files")
def purge_report_files():
    from .reports import services as reports

    return reports.purge_report_files()


@shared_task(name="ncc_portal.resume_interrupted_reports")
def resume_interrupted_reports():
    from .reports import services as reports

    return reports.resume_interrupted_reports()


# Thousands of rows per kind take longer than the default limits allow.
@shared_task(
    name="ncc_portal.build_open_data",
    ignore_result=True,
    soft_time_limit=29 * 60,
    time_limit=30 * 60,
)
def build_open_data():
    from .opendata import dumps

    dumps.build_open_data()
