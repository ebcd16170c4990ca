"""Build the open-data dumps now (the Celery beat schedule builds them every night)."""

from django.core.management.base import BaseCommand

from ncc_portal.opendata import dumps


class Command(BaseCommand):
    help = (
        "Write every resource of the public API as JSON Lines and CSV, with a README, the "
        "licence and a manifest, and make them the files of the Open data page."
    )

    def handle(self, **options):
        manifest = dumps.build_open_data()
        for dataset in manifest["datasets"]:
            self.stdout.write(f"{dataset['name']}: {dataset['rows']} rows")
        self.stdout.write(self.style.SUCCESS(f"Open data written to {dumps.current_build()}"))
