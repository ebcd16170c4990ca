import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ncc_portal.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo coordinators and administrator."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes are only available in development (DEBUG on).")
        period = getattr(settings, "MFA_TOTP_PERIOD", 30)
        counter = int(time.time()) // period
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
