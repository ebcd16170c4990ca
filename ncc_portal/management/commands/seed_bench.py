"""Benchmark data from every app that registers a ``parts.BenchStep``, e.g.
``seed_bench --initiatives 10000 --offers 2000 --sessions 10000 [--seed 1]``."""

import time

from django.core.management.base import BaseCommand

from ncc_portal import parts


class Command(BaseCommand):
    help = (
        "Top up the benchmark data (slugs starting with 'bench-') to the numbers given, for the "
        "scripts under bench/; not for the demo."
    )

    def add_arguments(self, parser):
        for step in parts.bench_steps:
            for name, (default, help_text) in step.counts.items():
                parser.add_argument(
                    f"--{name.replace('_', '-')}", type=int, default=default, help=help_text
                )
        parser.add_argument("--seed", type=int, default=1, help="The random generator's seed.")

    def handle(self, *args, seed, **options):
        for step in parts.bench_steps:
            counts = {name: options[name] for name in step.counts}
            if not any(counts.values()):
                continue
            started = time.monotonic()
            step.seed(seed=seed, write=self.stdout.write, **counts)
            self.stdout.write(
                self.style.SUCCESS(f"{step.name}: done in {time.monotonic() - started:.1f} s.")
            )
