"""Load on the production stack: wrk at 8 and 64 connections for 20 s over home, list, search,
detail and library, with 10,000 initiatives.

Run from the repository root (see bench/README.md; needs `apt-get install wrk`):

    .venv/bin/python bench/load.py

Prepares the database ``ncc_bench`` on 127.0.0.1:5432 as bench/initiatives_list.py does
(migrate, seed_demo, seed_bench --initiatives 10000), starts the stack as `make prod` does
(deploy/prod.sh: gunicorn with its settings, a Celery worker and beat, DEBUG off) on a spare
loopback port with the shared Redis (database 11), and drives it with wrk. Every search asks
words nobody asked before in the run (a counter is appended to a pool of real words, and facet
pairs rotate), so the figures are those of new visitors, not of a warm cache. Prints requests per
second, p50 and p99 latency, non-2xx/3xx answers and socket errors per load, and exits with 1 when
any request failed at 64 connections.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/ncc_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
CONNECTIONS = [8, 64]
DURATION = "20s"
INITIATIVES = 10_000

# wrk's script: each request picks the next page of the mix; searches get unseen words.
WRK_SCRIPT = r"""
local words = {"repair", "garden", "Nachbarschaft", "Pflege", "housing", "jobs", "wonen",
  "mentoring", "climate", "integration", "kogukond", "energie", "youth", "older", "food"}
local countries = {"DE", "NL", "EE", "LU"}
local paths = {}
local n = 0
init = function(args)
  for i, path in ipairs(args) do paths[i] = path end
end
request = function()
  n = n + 1
  local kind = n % 6
  local path
  if kind == 0 then path = "/en/"
  elseif kind == 1 then path = "/en/initiatives/?page=" .. (n % 20 + 1)
  elseif kind == 2 then
    path = "/de/initiatives/?q=" .. words[n % #words + 1] .. (n * 7919 % 100003)
      .. "&country=" .. countries[n % #countries + 1]
  elseif kind == 3 then path = paths[n % #paths + 1]
  elseif kind == 4 then path = "/en/library/?q=" .. words[(n * 3) % #words + 1]
  else path = "/en/library/"
  end
  local client = "198.51.100." .. (n % 250)
  return wrk.format("GET", path, {["Host"] = "127.0.0.1", ["X-Forwarded-For"] = client})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.1f %.1f %d %d\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(environment, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def prepare(environment):
    database = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", database], capture_output=True)
    manage(environment, "migrate", "--no-input", "-v", "0")
    manage(environment, "seed_demo")
    manage(environment, "seed_bench", "--initiatives", str(INITIATIVES), "--seed", "1")
    subprocess.run(["psql", "-h", "127.0.0.1", database, "-qc", "VACUUM ANALYZE"], check=True)


def detail_paths(port):
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/en/initiatives/?page=3").read()
    found = re.findall(rb'<article class="initiative-card">\s*<h2[^>]*><a href="([^"]+)"', html)
    return [path.decode() for path in found]


def main():
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("wrk is missing: apt-get install wrk")
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": "/tmp/ncc-bench-static",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    prepare(environment)
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115
    stack = subprocess.Popen(
        [str(ROOT / "deploy" / "prod.sh")],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    failed = False
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit(f"The stack did not start; see {log.name}")
        details = detail_paths(port)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        workers = os.environ.get("WEB_CONCURRENCY", "3")
        threads = os.environ.get("WEB_THREADS", "2")
        print(f"Stack: gunicorn {workers} workers × {threads} threads, {INITIATIVES} initiatives")
        print("connections  requests  req/s   p50 ms  p99 ms  bad answers  socket errors")
        for connections in CONNECTIONS:
            result = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(connections),
                    "-d",
                    DURATION,
                    "--timeout",
                    "10s",
                    "-s",
                    script.name,
                    f"http://127.0.0.1:{port}",
                    "--",
                    *details,
                ],
                capture_output=True,
                text=True,
            )
            line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
            requests, _duration, p50, p99, rate, bad, errors = line.split()[1:]
            print(
                f"{connections:>11}  {requests:>8}  {float(rate):6.1f}  {float(p50):6.0f}  "
                f"{float(p99):6.0f}  {bad:>11}  {errors:>13}"
            )
            if connections == max(CONNECTIONS) and (int(bad) or int(errors)):
                failed = True
        print("FAIL: requests failed at 64 connections" if failed else "PASS: no errors")
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        stack.wait(timeout=60)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
