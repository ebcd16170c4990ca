"""Checks of the services the portal depends on."""

from django.conf import settings

from .celery import app


def broker_state():
    """``eager`` when no broker is configured, else ``ok`` or ``unavailable``."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises many kinds, all meaning "not reachable"
        return "unavailable"
    return "ok"
