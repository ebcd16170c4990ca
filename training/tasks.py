"""The training part's scheduled work (Celery beat, see ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from . import services


@shared_task(name="training.expire_seat_offers")
def expire_seat_offers():
    return services.expire_seat_offers()


@shared_task(name="training.send_reminders")
def send_reminders():
    return services.send_reminders()


@shared_task(name="training.purge_answers")
def purge_answers():
    return services.purge_answers()


@shared_task(name="training.refresh_search_index")
def refresh_search_index():
    return services.refresh_search_index()


@shared_task(name="training.send_feedback_requests")
def send_feedback_requests():
    return services.send_feedback_requests()
