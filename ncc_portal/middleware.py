import contextlib
import ipaddress

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class ClientAddressBehindProxies:
    """Behind ``TRUSTED_PROXY_COUNT`` proxies of our own, the client's address is the one the
    first of them saw: that many entries from the right of ``X-Forwarded-For`` (the entries
    further left were written by the client and can be anything). It replaces ``REMOTE_ADDR``,
    so that rate limits, the public reports' limits and the logs see the visitor, not the
    proxy. Without trusted proxies the header is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        forwarded = request.headers.get("x-forwarded-for", "")
        if count and forwarded:
            addresses = [a.strip() for a in forwarded.split(",")]
            # Too few entries, or not an address: not written by our proxy; keep the peer's.
            if len(addresses) >= count:
                with contextlib.suppress(ValueError):
                    address = str(ipaddress.ip_address(addresses[-count]))
                    request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


# Pages a coordinator or administrator may still reach before setting up two-factor
# authentication: the setup itself, signing out, and the pages that are not about them.
_MFA_EXEMPT_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "account_login",
    "account_confirm_email",
    "healthz",
    "privacy",
    "imprint",
    "accessibility",
    "set_language",
}


class RequireMfaForPrivilegedRoles:
    """Coordinators and administrators must use TOTP. allauth offers MFA but has no switch to
    require it for a role, so until they activate it, every page sends them to the setup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_use_mfa:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in _MFA_EXEMPT_URL_NAMES:
            return None
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None
        messages.warning(
            request,
            _("Your role requires two-factor authentication. Please set it up to continue."),
        )
        return redirect("mfa_activate_totp")
