from django.core.management.base import BaseCommand

from initiatives.filters import registry_changed
from initiatives.models import Initiative
from initiatives.search import update_search_index


class Command(BaseCommand):
    help = (
        "Rebuild the search vectors and facet tokens of every initiative, e.g. after data was "
        "changed directly in the database. The portal keeps them current by itself."
    )

    def handle(self, *args, **options):
        count = update_search_index(Initiative.objects.all())
        registry_changed()  # cached facet counts expire
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} initiatives."))
