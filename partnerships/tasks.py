"""The partnerships part's scheduled work (Celery beat, see ``CELERY_BEAT_SCHEDULE``). The tasks
only call services."""

from celery import shared_task

from . import watches
from .profiles import services as profile_services


@shared_task(name="partnerships.send_profile_renewal_reminders")
def send_profile_renewal_reminders():
    return profile_services.send_renewal_reminders()


@shared_task(name="partnerships.expire_profiles")
def expire_profiles():
    return profile_services.expire()


# Watches (partnerships/watches.py).
@shared_task(name="partnerships.send_weekly_watch_digests")
def send_weekly_watch_digests():
    return watches.send_weekly_digests()
