"""The address the site is served under, for absolute links (emails, calendars, PDFs, exports).

``SITE_URL`` when it is configured (production). Otherwise the address of the request being
served — the host and port the development server really runs on — which
``SiteAddressOfRequest`` records for the request's duration (emails queued by the request
carry it to the worker); and ``DEFAULT_SITE_URL`` for work no request caused (scheduled tasks).
"""

from contextvars import ContextVar

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"

_request_address: ContextVar[str] = ContextVar("request_address", default="")


def site_url():
    return settings.SITE_URL or _request_address.get() or DEFAULT_SITE_URL


class SiteAddressOfRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        token = _request_address.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_address.reset(token)


def check_site_url(app_configs, **kwargs):
    """``manage.py check --deploy``: production must say where it is served, or the links of
    scheduled emails (reminders, digests) point to the development address."""
    from django.core.checks import Warning

    if settings.SITE_URL:
        return []
    return [
        Warning(
            f"SITE_URL is not set: emails sent by scheduled tasks will link to {DEFAULT_SITE_URL}.",
            hint="Set SITE_URL to the address the portal is served under.",
            id="ncc_portal.W001",
        )
    ]
