import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ncc_portal.reports.kinds import all_kinds, get_kind
from ncc_portal.reports.rendering import render_html, render_pdf


class Command(BaseCommand):
    help = "Build a report synchronously and write the PDF to a file (operations, benchmarks)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        kinds = ", ".join(sorted(all_kinds()))
        parser.epilog = f"Kinds of report: {kinds}."
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", help="the kind of report: " + ", ".join(sorted(all_kinds())))
        parser.add_argument("--initiative", help="slug of the initiative (initiative-profile)")
        parser.add_argument("--country", help="DE, EE, LU or NL (registry-overview)")
        parser.add_argument(
            "--language",
            required=True,
            choices=[code for code, _name in settings.LANGUAGES],
        )
        parser.add_argument("--output", required=True, help="where to write the PDF")

    def handle(self, *args, **options):
        started = time.perf_counter()
        params = {
            key: options[key] for key in ("initiative", "country") if options.get(key) is not None
        }
        try:
            kind = get_kind(options["kind"])
            params = kind.clean_params(params)
            with translation.override(options["language"]):
                context = kind.build_context(params, lambda percent: None)
                context["title"] = kind.title(params)
                context["kind_label"] = str(kind.label)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        html = render_html(kind.template, context, language=options["language"])
        pdf, pages = render_pdf(html)
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            f"{options['output']}: {pages} pages, {len(pdf) // 1024} KiB, "
            f"{time.perf_counter() - started:.2f} s"
        )
