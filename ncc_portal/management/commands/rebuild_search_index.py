"""Rebuild the full-text indexes of every searchable list and their suggestion vocabularies."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ncc_portal import fulltext, parts
from ncc_portal.models import SearchIndexState


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search indexes (all, or those named). With --if-outdated only "
        "those built with an older text analysis or never (after an upgrade: run it after "
        "migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("indexes", nargs="*", help="names of indexes (default: all)")
        parser.add_argument(
            "--if-outdated",
            action="store_true",
            help="only the indexes not built with the current text analysis",
        )

    def handle(self, *names, if_outdated=False, **options):
        known = {index.name: index for index in parts.search_indexes}
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise SystemExit(
                f"Unknown search index: {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
            )
        chosen = [known[name] for name in names] if names else list(known.values())
        if if_outdated:
            current = set(
                SearchIndexState.objects.filter(
                    analysis_version=fulltext.ANALYSIS_VERSION
                ).values_list("index", flat=True)
            )
            chosen = [index for index in chosen if index.name not in current]
        for index in chosen:
            started = timezone.now()
            with transaction.atomic():
                count = index.rebuild()
                SearchIndexState.objects.update_or_create(
                    index=index.name,
                    defaults={
                        "analysis_version": fulltext.ANALYSIS_VERSION,
                        "rebuilt_at": timezone.now(),
                    },
                )
            seconds = (timezone.now() - started).total_seconds()
            self.stdout.write(f"{index.name}: {count} records indexed in {seconds:.1f} s")
