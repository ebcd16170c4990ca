from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .centres import portal_name
from .siteaddress import site_url


class PortalSite:
    """What allauth's e-mails call the "site": the portal's name (not the host name, as
    without django.contrib.sites), and the address it is served under (``url``, used by our
    own account e-mails in templates/account/email/)."""

    def __init__(self, request):
        self.name = portal_name()
        self.url = site_url()
        self.domain = request.get_host() if request else urlsplit(self.url).netloc

    def __str__(self):
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Everyone who signs up is an innovator; emails go out in the language they signed up in.
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as allauth_context

        request = allauth_context.request
        super().send_mail(template_prefix, email, {"current_site": PortalSite(request), **context})
