"""A Redis cache that the portal survives losing.

The cache is an accelerator: when Redis does not answer, every operation goes to a small cache
in the process's memory instead, so pages are computed afresh and allauth's rate limits keep
counting (per process) instead of the request failing. A warning is logged at most once a
minute per process.

While Redis was away, writes that invalidate cached figures (a bumped version key, a deleted
entry) reached only the memory of one process. So when Redis answers again, the process that
noticed the outage deletes the portal's keys (those under ``KEY_PREFIX``, never the whole
database, which may hold the Celery queue): nothing stale survives the outage.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 60
# After a failure, Redis is tried again at most this often (each try may wait for a timeout).
RETRY_EVERY_SECONDS = 5


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**_default_timeouts(), **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        # Named after the server: the threads of a process share it (and its rate-limit counts).
        self._fallback = LocMemCache(f"fallback:{server}", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._lock = threading.Lock()
        self._down_since = None  # monotonic time of the first failure of the current outage
        self._next_try = 0.0
        self._last_warning = None

    # -- state ------------------------------------------------------------------------------

    @property
    def available(self):
        """Whether Redis answered the last operation (for the health endpoint)."""
        return self._down_since is None

    def _failed(self, error):
        now = time.monotonic()
        with self._lock:
            if self._down_since is None:
                self._down_since = now
            self._next_try = now + RETRY_EVERY_SECONDS
            warn = self._last_warning is None or now - self._last_warning >= WARN_EVERY_SECONDS
            if warn:
                self._last_warning = now
        if warn:
            logger.warning("The cache (Redis) is not reachable; serving without it: %s", error)

    def _recovered(self):
        with self._lock:
            if self._down_since is None:
                return
            self._down_since = None
            self._last_warning = None
        self._forget_portal_keys()
        self._fallback.clear()
        logger.warning("The cache (Redis) is reachable again; its entries were renewed.")

    def _forget_portal_keys(self):
        if not self.key_prefix:
            return  # without a prefix of our own, deleting "our" keys would delete everything
        try:
            client = self._cache.get_client(write=True)
            batch = []
            for key in client.scan_iter(match=f"{self.key_prefix}:*", count=500):
                batch.append(key)
                if len(batch) == 500:
                    client.delete(*batch)
                    batch = []
            if batch:
                client.delete(*batch)
        except UNAVAILABLE as error:
            self._failed(error)

    def _reconnected(self):
        """After an outage: whether Redis answers again; if it does, the portal's keys are
        renewed before anything is read from it."""
        if time.monotonic() < self._next_try:
            return False
        try:
            self._cache.get_client(write=True).ping()
        except UNAVAILABLE as error:
            self._failed(error)
            return False
        self._recovered()
        return True

    def _call(self, name, *args, **kwargs):
        if self._down_since is not None and not self._reconnected():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(error)
            return getattr(self._fallback, name)(*args, **kwargs)

    # -- the cache API ----------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")


def _default_timeouts():
    # A Redis that does not answer must not hold a request for long.
    return {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
