"""Settings for NCC Portal, read from the environment.

One module for every environment. Development needs no variables at all (SQLite, eager Celery,
console email); production sets DEBUG=false and must provide a real SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)
TESTING = env_bool("NCC_TESTING", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- The national centre this deployment serves -------------------------------------------------
# Empty: the portal serves the whole alliance. A country code: that country's centre.
NCC_COUNTRY = env_str("NCC_COUNTRY", "").upper()
_CENTRE_LANGUAGES = {"DE": "de", "EE": "et", "NL": "nl", "LU": "fr"}
if NCC_COUNTRY and NCC_COUNTRY not in _CENTRE_LANGUAGES:
    raise ImproperlyConfigured("NCC_COUNTRY must be one of DE, EE, LU, NL or empty.")

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ncc_portal",
    "initiatives",
    "ecosystem",
    "training",
    "partnerships",
]

MIDDLEWARE = [
    "ncc_portal.middleware.ClientAddressBehindProxies",
    "django.middleware.security.SecurityMiddleware",
    "ncc_portal.siteaddress.SiteAddressOfRequest",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ncc_portal.api.ConditionalGet",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ncc_portal.middleware.RequireMfaForPrivilegedRoles",
]

ROOT_URLCONF = "ncc_portal.urls"
WSGI_APPLICATION = "ncc_portal.wsgi.application"
ASGI_APPLICATION = "ncc_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ncc_portal.context_processors.portal",
            ],
        },
    }
]

# Every {{ form }} starts with the summary of its errors, linked to the fields.
FORM_RENDERER = "ncc_portal.formrendering.PortalFormRenderer"

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits live here: use Redis in production) --------------------------
# The portal keeps working when Redis does not answer (ncc_portal/cache.py).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ncc_portal.cache.ResilientRedisCache",
            "LOCATION": env_str("CACHE_REDIS_URL", REDIS_URL),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ncc"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "ncc_portal.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "ncc_portal.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
if not env_bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True):
    ACCOUNT_RATE_LIMITS = False

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "NCC Portal")

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("et", _("Estonian")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", _CENTRE_LANGUAGES.get(NCC_COUNTRY, "en"))
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured("LANGUAGE_CODE must be one of de, en, et, nl, fr.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# 24-hour clock and day before month in every language (Django's English is American).
FORMAT_MODULE_PATH = ["ncc_portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
LANGUAGE_COOKIE_NAME = "ncc_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Content missing in the reader's language falls back to the centre's language, then English.
# The remaining languages follow, so content written in only one language is never invisible.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": tuple(dict.fromkeys([LANGUAGE_CODE, "en", "de", "nl", "fr", "et"])),
}
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Django serves public uploads in development only; in production (DEBUG off) the web server
# in front serves MEDIA_ROOT at MEDIA_URL (deploy/nginx.conf).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
# How permission-checked downloads (reports, restricted documents, attachments) are sent
# (ncc_portal.storage.file_download): "django" streams them from Python (development);
# "x-accel-redirect" (nginx) or "x-sendfile" (Apache) lets the web server send the file after
# the view has checked the permission. Production defaults to nginx's X-Accel-Redirect, with the
# internal locations PROTECTED_FILES_URL + "private/" (PRIVATE_MEDIA_ROOT) and + "media/".
FILE_DOWNLOADS = env_str("FILE_DOWNLOADS", "django" if DEBUG else "x-accel-redirect")
if FILE_DOWNLOADS not in {"django", "x-accel-redirect", "x-sendfile"}:
    raise ImproperlyConfigured(
        f"FILE_DOWNLOADS is {FILE_DOWNLOADS!r}: use django, x-accel-redirect or x-sendfile."
    )
PROTECTED_FILES_URL = env_str("PROTECTED_FILES_URL", "/protected/")
# Files that only some users may fetch (reports, restricted documents): never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "ncc_portal.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NCC Portal <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The address the site is served under, for the links in emails, calendars, PDFs and exports
# (ncc_portal.siteaddress). Set it in production. Left empty, a link uses the address of the
# request that caused it (in development: the host and port the server really runs on), or
# http://127.0.0.1:8000 for work no request caused (scheduled tasks).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
ADMINS = [("Operators", address) for address in env_list("ADMIN_EMAILS")]

# --- Celery -------------------------------------------------------------------------------------
# No broker configured: tasks run eagerly in the web process (the zero-service default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 100)
# WeasyPrint can grow; recycle a worker child above this many kilobytes.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000)
# Longer than the longest task, so that a slow task is not delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "ncc"
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
# A report build is stopped after this many seconds (hard limit; the soft one a minute earlier).
REPORT_BUILD_TIME_LIMIT = env_int("REPORT_BUILD_TIME_LIMIT", 300)
# A running report silent for longer than its time limit lost its worker: it is built again
# (resume_interrupted_reports, every minute). A queued one no worker took for this long is sent
# again (its message was lost with the broker).
REPORT_STALE_AFTER_SECONDS = env_int("REPORT_STALE_AFTER_SECONDS", REPORT_BUILD_TIME_LIMIT + 30)
REPORT_RESEND_AFTER_SECONDS = env_int("REPORT_RESEND_AFTER_SECONDS", 600)
# Public PDFs (initiative profiles, case studies) anyone may ask for: new builds are refused
# while this many wait for a worker, and after this many per account or address in an hour.
PUBLIC_REPORTS_WAITING_MAX = env_int("PUBLIC_REPORTS_WAITING_MAX", 20)
PUBLIC_REPORT_BUILDS_PER_HOUR = env_int("PUBLIC_REPORT_BUILDS_PER_HOUR", 60)
LIBRARY_MAX_UPLOAD_MB = env_int("LIBRARY_MAX_UPLOAD_MB", 25)
# ClamAV: "host:port" or a unix socket path of clamd; empty = no virus scan (the default).
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS", "")
# Training: a seat freed from a full session is offered to the next person on the waiting list
# for this many hours (less when the session is near); reminders go out this many hours before
# a session; the answers to a session's questions are deleted this many days after it.
TRAINING_SEAT_OFFER_HOURS = env_int("TRAINING_SEAT_OFFER_HOURS", 24)
TRAINING_REMINDER_HOURS = env_int("TRAINING_REMINDER_HOURS", 24)
TRAINING_ANSWERS_KEPT_DAYS = env_int("TRAINING_ANSWERS_KEPT_DAYS", 30)
# "Ask the NCC": the answer target in working days (Monday to Friday) of a centre that has not
# set its own on the advice desk's settings page.
ADVICE_TARGET_WORKING_DAYS = env_int("ADVICE_TARGET_WORKING_DAYS", 10)
# Partnerships: expressions of interest one organisation may send a day.
PARTNER_INTEREST_DAILY_LIMIT = env_int("PARTNER_INTEREST_DAILY_LIMIT", 10)
# Federation: how often the peer portals' records are harvested (seconds; after failures the
# interval doubles, at most a day) and how long one request to a peer may take.
PEER_HARVEST_INTERVAL = env_int("PEER_HARVEST_INTERVAL", 60 * 60)
PEER_HARVEST_TIMEOUT = env_int("PEER_HARVEST_TIMEOUT", 20)
CELERY_BEAT_SCHEDULE = {
    "harvest-peer-portals": {"task": "initiatives.harvest_peers", "schedule": 5 * 60},
    "purge-report-files": {"task": "ncc_portal.purge_report_files", "schedule": 6 * 60 * 60},
    "resume-interrupted-reports": {"task": "ncc_portal.resume_interrupted_reports", "schedule": 60},
    "weekly-digests": {
        "task": "ecosystem.send_weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    },
    "initiative-freshness-reminders": {
        "task": "initiatives.send_freshness_reminders",
        "schedule": 24 * 60 * 60,
    },
    "purge-unused-initiative-images": {
        "task": "initiatives.purge_unused_images",
        "schedule": 24 * 60 * 60,
    },
    "expire-training-seat-offers": {"task": "training.expire_seat_offers", "schedule": 5 * 60},
    "training-reminders": {"task": "training.send_reminders", "schedule": 60 * 60},
    "training-feedback-requests": {
        "task": "training.send_feedback_requests",
        "schedule": 60 * 60,
    },
    "purge-training-answers": {"task": "training.purge_answers", "schedule": 24 * 60 * 60},
    "refresh-training-search-index": {
        "task": "training.refresh_search_index",
        "schedule": 5 * 60,
    },
    "partner-profile-renewal-reminders": {
        "task": "partnerships.send_profile_renewal_reminders",
        "schedule": 24 * 60 * 60,
    },
    "expire-partner-profiles": {"task": "partnerships.expire_profiles", "schedule": 60 * 60},
    "partner-watch-digests": {
        "task": "partnerships.send_weekly_watch_digests",
        "schedule": crontab(hour=6, minute=45, day_of_week="mon"),
    },
    "open-data-dumps": {
        "task": "ncc_portal.build_open_data",
        "schedule": crontab(hour=3, minute=15),
    },
}

# --- Public API (ncc_portal.api) -----------------------------------------------------------------
# Requests per client address and period (second, minute, hour or day).
API_RATE = env_str("API_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ncc_portal.api.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NCC Portal API",
    "DESCRIPTION": (
        "The published data of the National Competence Centre for Social Innovation's portal, "
        "read-only and open, with the filters of the portal's lists. No key is needed. Texts "
        "come in the language asked for (?lang= or Accept-Language) with the portal's "
        "fallbacks; `languages` says which language each text is in."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
}

# --- Open data (ncc_portal.opendata) ------------------------------------------------------------
# The nightly dumps of every API resource (JSON Lines, CSV) and their DCAT-AP catalogue. Empty
# root: open-data/ in MEDIA_ROOT, which the web and the worker share.
OPEN_DATA_ROOT = env_str("OPEN_DATA_ROOT", "")
OPEN_DATA_LICENCE = {
    "name": env_str("OPEN_DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": env_str("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
# How re-users should credit the data; empty: the portal's name and address.
OPEN_DATA_ATTRIBUTION = env_str("OPEN_DATA_ATTRIBUTION", "")
# The catalogue's contact point; empty: the deployment centre's email address, if any.
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "")

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many proxies of ours stand in front (0: none; X-Forwarded-For is then ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if env_bool("BEHIND_TLS_PROXY", default=False):
    # The proxy terminates TLS and tells us so; /healthz stays reachable over plain HTTP.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_FAILURE_VIEW = "ncc_portal.views.site.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
