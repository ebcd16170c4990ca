"""Checks of the services the portal depends on."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

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


def cache_state():
    """``local`` for a cache in the process's memory, else ``ok`` or ``unavailable`` (the portal
    then works without it, slower: see ``ncc_portal.cache``)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return "local"
    try:
        backend._cache.get_client().ping()
    except Exception:  # redis raises many kinds, all meaning "not reachable"
        return "unavailable"
    return "ok"
