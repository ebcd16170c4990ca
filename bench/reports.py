"""How fast the PDF reports are built, and how much memory one takes.

Run from the repository root against PostgreSQL and Redis (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/ncc_bench_reports \
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/reports.py

Prints, and judges against the targets:
- the registry overview of 500 initiatives (about 30+ pages): time and peak memory of one
  process building it (`manage.py build_report`), target < 10 s and < 500 MB;
- one initiative profile: target < 1.5 s;
- the five-language request on a Celery worker with two processes against one language:
  target < 3x the time of one language.
Exit status 1 when a target is missed (after printing every figure).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ncc_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/ncc_bench_reports")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
PRIVATE = tempfile.mkdtemp(prefix="ncc-bench-reports-")
os.environ["PRIVATE_MEDIA_ROOT"] = PRIVATE

INITIATIVES = 500
PYTHON = sys.executable


def manage(*args):
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, env=os.environ
    )
    if result.returncode:
        sys.exit(result.stderr)
    return time.perf_counter() - started, result.stdout.strip()


def prepare():
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", name], capture_output=True)
    manage("migrate", "--no-input")
    manage("seed_bench", "--initiatives", str(INITIATIVES), "--seed", "2")


def build(kind, *options):
    """Build one report in a fresh process. Returns the build time the command measured (without
    starting Python and Django), the process's peak resident memory and the command's line."""
    output = Path(PRIVATE) / f"{kind}.pdf"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _wall, line = manage("build_report", kind, *options, "--output", str(output))
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = float(line.rsplit(",", 1)[1].strip().removesuffix(" s"))
    return seconds, max(peak_kib, before) / 1024, line


def wait_for(report_ids, timeout=600):
    from ncc_portal.models import Report

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(r.is_finished for r in Report.objects.filter(pk__in=report_ids)):
            return True
        time.sleep(0.1)
    return False


def parallel_languages():
    import django

    django.setup()
    from ncc_portal.models import Report, User
    from ncc_portal.reports import services

    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin@example.org", "bench-password-123"
    )
    worker = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "ncc_portal",
            "worker",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # let the worker connect and fork its processes
        # Warm both processes (fonts, templates) the way a running service is warm.
        warm = services.request_report_in_all_languages(
            kind="registry-overview", params={"country": "EE"}, user=user
        )
        wait_for([r.pk for r in warm])
        started = time.perf_counter()
        one = services.request_report(kind="registry-overview", params={}, language="de", user=user)
        wait_for([one.pk])
        single = time.perf_counter() - started
        started = time.perf_counter()
        five = services.request_report_in_all_languages(
            kind="registry-overview", params={}, user=user
        )
        wait_for([r.pk for r in five])
        all_five = time.perf_counter() - started
        statuses = set(
            Report.objects.filter(pk__in=[r.pk for r in five]).values_list("status", flat=True)
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return single, all_five, statuses


def main():
    prepare()
    results = []
    seconds, memory, line = build("registry-overview", "--language", "de")
    print(f"registry overview, {INITIATIVES} initiatives: {line}; peak memory {memory:.0f} MB")
    results += [("overview < 10 s", seconds < 10), ("overview peak memory < 500 MB", memory < 500)]
    import django

    django.setup()
    from initiatives.models import Initiative

    slug = Initiative.objects.published().order_by("pk").values_list("slug", flat=True).first()
    seconds, _memory, line = build("initiative-profile", "--initiative", slug, "--language", "et")
    print(f"initiative profile: {line}")
    results.append(("profile < 1.5 s", seconds < 1.5))
    single, all_five, statuses = parallel_languages()
    print(
        f"worker with 2 processes: one language {single:.2f} s, five languages "
        f"{all_five:.2f} s (ratio {all_five / single:.2f}); statuses {sorted(statuses)}"
    )
    results.append(("five languages < 3x one language", all_five < 3 * single))
    for label, passed in results:
        print(f"{'PASS' if passed else 'FAIL'}: {label}")
    return 0 if all(passed for _label, passed in results) else 1


if __name__ == "__main__":
    sys.exit(main())
