from django.core.management.base import BaseCommand

from ncc_portal.models import Region, SustainableDevelopmentGoal, TargetGroup, Theme
from ncc_portal.reference import load_reference_data


class Command(BaseCommand):
    help = "Load NUTS 2024 regions, the 17 SDGs, themes and target groups (idempotent)."

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(
            f"{Region.objects.count()} regions, {SustainableDevelopmentGoal.objects.count()} SDGs, "
            f"{Theme.objects.count()} themes, {TargetGroup.objects.count()} target groups."
        )
