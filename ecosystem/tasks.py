from celery import shared_task


@shared_task(name="ecosystem.extract_resource_text", acks_late=True)
def extract_resource_text(resource_file_id):
    from .library_services import extract_text

    extract_text(resource_file_id=resource_file_id)


@shared_task(name="ecosystem.send_weekly_digests")
def send_weekly_digests():
    from .digests import send_weekly_digests as send

    return send()
