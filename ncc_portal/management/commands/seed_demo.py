from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from ncc_portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_users, seed_demo
from ncc_portal.models import Role


class Command(BaseCommand):
    help = "Create or refresh the demo data: centres, partners, one user per role (idempotent)."

    def handle(self, *args, **options):
        # The demo workflow would notify the demo users: nobody should receive that.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo sign-ins:"))
        for user in demo_users():
            country = user["country"]
            label = f"{Role(user['role']).label}{f' ({country})' if country else ''}"
            self.stdout.write(f"  {label:<28} {user['email']:<40} password: {DEMO_PASSWORD}")
        self.stdout.write(
            f"Coordinators and the administrator use two-factor authentication with the TOTP "
            f"secret {DEMO_TOTP_SECRET};\n`python manage.py demo_totp` prints the current code."
        )
