from celery import shared_task

from .library import services as library_services
from .personal import digests


@shared_task(name="ecosystem.extract_resource_text", acks_late=True)
def extract_resource_text(resource_file_id):
    library_services.extract_text(resource_file_id=resource_file_id)


@shared_task(name="ecosystem.send_weekly_digests")
def send_weekly_digests():
    return digests.send_weekly_digests()
