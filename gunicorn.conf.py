"""gunicorn's settings for the production stack (Procfile, docker-compose.yml, deploy/prod.sh).

Every value can be set from the environment. Database connections: each worker thread holds
at most one (CONN_MAX_AGE keeps it open), so WEB_CONCURRENCY × WEB_THREADS plus the Celery
worker's concurrency must stay below PostgreSQL's max_connections (100 by default)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
# PDF reports are built by Celery, so no request should take long.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
# Requests queue in the kernel while every thread is busy, instead of being refused.
backlog = 2048
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The address of the client is taken by Django from X-Forwarded-For (TRUSTED_PROXY_COUNT);
# gunicorn only needs to trust the proxy's X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
