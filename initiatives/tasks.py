from celery import shared_task

from . import images, services


@shared_task(name="initiatives.send_freshness_reminders")
def send_freshness_reminders():
    return services.send_freshness_reminders()


@shared_task(name="initiatives.purge_unused_images")
def purge_unused_images():
    return images.purge_unused_images()
