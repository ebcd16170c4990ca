from celery import shared_task

from . import services


@shared_task(name="initiatives.send_freshness_reminders")
def send_freshness_reminders():
    return services.send_freshness_reminders()
