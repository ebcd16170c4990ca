from celery import shared_task

from . import federation, images, services


@shared_task(name="initiatives.send_freshness_reminders")
def send_freshness_reminders():
    return services.send_freshness_reminders()


@shared_task(name="initiatives.purge_unused_images")
def purge_unused_images():
    return images.purge_unused_images()


@shared_task(name="initiatives.harvest_peers")
def harvest_peers():
    """Harvest the peer portals that are due (initiatives.federation)."""
    results = federation.harvest_due_peers()
    return {slug: result.ok for slug, result in results.items()}
