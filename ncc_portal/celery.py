"""The Celery application. Without a broker (no REDIS_URL) tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ncc_portal.settings")

app = Celery("ncc_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def run_task(name, *, args=(), kwargs=None, **options):
    """Queue the task registered as ``name`` (run eagerly without a broker).

    The services queue work by the task's name, so that they need not import the task modules,
    which import the services."""
    # NccPortalConfig.ready() imported every app's tasks.py.
    return app.tasks[name].apply_async(args=args, kwargs=kwargs or {}, **options)
