"""Web benchmark: the busiest pages under 10 concurrent clients, against gunicorn with 2 workers.

    python bench/bench_web.py           # PostgreSQL database kobling_bench, 100,000 participants, 60 s a page
    python bench/bench_web.py --quick   # SQLite in a temporary directory, 2,000 participants, 2 s a page

The full run creates the database on 127.0.0.1:5432 (user postgres) on first use and reuses it
afterwards when it already holds the data. For each page it prints the client's latency and the
server's own time, read from the `Server-Timing: app;dur=<ms>` header the project's middleware
adds, so queueing in front of the two workers can be told apart from time spent in Django.

It asserts nothing about time. It exits non-zero only if a page answered with errors. Standard
library only, so it adds no dependencies.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "kobling").exists() else Path(sys.executable).parent
PASSWORD = "kobling-demo-2026"
COORDINATOR = "koordinator@kobling.example"
ADVISOR = "veileder@kobling.example"
TARGETS_MS = {"list": 150, "search": 150, "portfolio": 150, "participant": 100}
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

FACTS_SCRIPT = """
import json
from django.db.models import Count
from kobling.core.models import User
from kobling.people.models import Participant, TimelineEntry
from kobling.programmes.models import Enrolment, EnrolmentStatus
provider = "fjordkompetanse"
people = Participant.objects.filter(organisation__slug=provider)
common = (people.values("last_name").annotate(n=Count("pk")).order_by("-n", "last_name").first() or {})
ids = list(
    people.filter(timeline__isnull=False).distinct().order_by("?").values_list("pk", flat=True)[:200]
)
advisor = User.objects.filter(email="veileder@kobling.example").first()
print(json.dumps({
    "participants": Participant.objects.count(),
    "enrolments": Enrolment.objects.count(),
    "history": EnrolmentStatus.objects.count(),
    "timeline": TimelineEntry.objects.count(),
    "provider_participants": people.count(),
    "portfolio": Participant.objects.filter(advisor=advisor).count() if advisor else 0,
    "common_last_name": common.get("last_name", "Hansen"),
    "common_last_name_count": common.get("n", 0),
    "participant_ids": ids,
}))
"""


def run(args: list, env: dict, *, capture: bool = False) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        env=env,
        cwd=REPO,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def ensure_postgres_database(name: str) -> None:
    code = (
        "import psycopg, sys\n"
        f"with psycopg.connect({PG_ADMIN_URL!r}, autocommit=True) as c:\n"
        f"    if not c.execute('select 1 from pg_database where datname = %s', ({name!r},)).fetchone():\n"
        f"        c.execute('create database {name}')\n"
        "        print('created')\n"
    )
    created = run([BIN / "python", "-c", code], os.environ.copy(), capture=True)
    print(f"PostgreSQL database {name}: {'created' if created.strip() else 'exists, reused'}")


def facts(env: dict) -> dict:
    out = run([BIN / "kobling", "shell", "-c", FACTS_SCRIPT], env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def prepare(env: dict, target: int) -> dict:
    run([BIN / "kobling", "migrate", "--noinput", "-v0"], env)
    known = facts(env)
    if known["participants"] >= target:
        print(f"Reusing the data set: {known['participants']:,} participants.")
    else:
        missing = target - known["participants"] if known["participants"] else target
        print(f"Building the data set: kobling demo --participants {missing:,}")
        started = time.perf_counter()
        run([BIN / "kobling", "demo", "--participants", missing], env)
        print(f"Data set built in {time.perf_counter() - started:.1f} s.")
        known = facts(env)
    # A reused data set may never have been analysed (autovacuum can be off or behind).
    run([BIN / "kobling", "shell", "-v", "0", "-c", "from kobling.demo.bulk import analyse; analyse()"], env)
    run([BIN / "kobling", "collectstatic", "--noinput", "-v0"], env)
    return known


# --------------------------------------------------------------------------- HTTP


def request(conn, method: str, path: str, headers: dict, body: str | None = None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    return response, content


def cookies_from(response) -> dict[str, str]:
    jar = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def login(port: int, email: str) -> str:
    """The same steps as a browser: fetch the form for its CSRF cookie and token, then post it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    response, content = request(conn, "GET", "/account/login/", {})
    jar = cookies_from(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if response.status != 200 or not token or "csrftoken" not in jar:
        raise RuntimeError(f"login page for {email}: HTTP {response.status}, no CSRF token")
    body = urllib.parse.urlencode(
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
    )
    headers = {
        "Cookie": f"csrftoken={jar['csrftoken']}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/account/login/",
    }
    response, _content = request(conn, "POST", "/account/login/", headers, body)
    jar.update(cookies_from(response))
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login as {email} failed: HTTP {response.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class Load:
    def __init__(self, port: int, cookie: str, paths: list[str], clients: int, seconds: float, limit: int):
        self.port, self.cookie, self.paths = port, cookie, paths
        self.clients, self.seconds, self.limit = clients, seconds, limit
        self.lock = threading.Lock()
        self.client_ms: list[float] = []
        self.server_ms: list[float] = []
        self.errors: list[str] = []
        self.issued = 0

    def next_path(self) -> str | None:
        with self.lock:
            if self.issued >= self.limit or time.perf_counter() >= self.deadline:
                return None
            self.issued += 1
            return self.paths[self.issued % len(self.paths)]

    def worker(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie}
        while (path := self.next_path()) is not None:
            started = time.perf_counter()
            try:
                response, _content = request(conn, "GET", path, headers)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                with self.lock:
                    self.errors.append(f"{path}: {type(exc).__name__}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            timing = re.search(r"app;dur=([\d.]+)", response.getheader("Server-Timing", ""))
            with self.lock:
                if response.status != 200:
                    self.errors.append(f"{path}: HTTP {response.status}")
                else:
                    self.client_ms.append(elapsed)
                    if timing:
                        self.server_ms.append(float(timing.group(1)))
        conn.close()

    def run(self) -> float:
        started = time.perf_counter()
        self.deadline = started + self.seconds
        threads = [threading.Thread(target=self.worker) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def process_memory(pid: int) -> dict[int, tuple[float, float]]:
    """RSS and peak RSS in MB of gunicorn's master and its workers."""
    memory = {}
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        peak = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
        memory[p] = (rss, peak)
    return memory


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            response, _content = request(conn, "GET", "/health/", {})
            conn.close()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /health/ within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="SQLite, 2,000 participants, 2 s a page (for CI)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, help="per page (default 60, or 5 with --quick)")
    parser.add_argument(
        "--participants", type=int, help="data-set size (default 100,000, or 2,000 with --quick)"
    )
    parser.add_argument("--max-requests", type=int, default=50_000, help="per page, whatever the time")
    args = parser.parse_args()
    seconds = args.seconds or (2 if args.quick else 60)
    target = args.participants or (2_000 if args.quick else 100_000)

    workdir = Path(tempfile.mkdtemp(prefix="kobling-bench-"))
    try:
        return benchmark(args, workdir, seconds, target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def benchmark(args, workdir: Path, seconds: float, target: int) -> int:
    if args.quick:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        ensure_postgres_database("kobling_bench")
        database_url = "postgres://postgres@127.0.0.1:5432/kobling_bench"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, as behind a TLS-ending proxy
        "MFA_ENFORCED": "0",  # the benchmark measures the pages, not the two-factor step before them
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    known = prepare(env, target)

    log = workdir / "gunicorn.log"
    command = [BIN / "gunicorn", "kobling.wsgi", "-w", "2", "-b", f"127.0.0.1:{args.port}"]
    server = subprocess.Popen(
        [str(c) for c in command], env=env, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    results = []
    load_before = os.getloadavg()
    try:
        wait_until_up(args.port, server, log)
        coordinator = login(args.port, COORDINATOR)
        advisor = login(args.port, ADVISOR)
        last_name = urllib.parse.quote(known["common_last_name"])
        pages = [
            ("list", "/participants/", coordinator, ["/participants/"]),
            ("search", f"/participants/?q={last_name}", coordinator, [f"/participants/?q={last_name}"]),
            ("portfolio", "/portfolio/", advisor, ["/portfolio/"]),
            (
                "participant",
                "/participants/<id>/",
                coordinator,
                [f"/participants/{pk}/" for pk in known["participant_ids"]] or ["/participants/1/"],
            ),
            ("health", "/health/ (bare Django view, the ceiling)", coordinator, ["/health/"]),
        ]
        for key, label, cookie, paths in pages:
            # One untimed request first, so the first measured ones do not pay for warming caches.
            warm = Load(args.port, cookie, paths[:1], 1, 30, 1)
            warm.run()
            if warm.errors:
                print(f"warning: {label}: {warm.errors[0]}")
            load = Load(args.port, cookie, paths, args.clients, seconds, args.max_requests)
            elapsed = load.run()
            results.append((key, label, load, elapsed))
            print(
                f"  {label}: {len(load.client_ms) + len(load.errors)} requests in {elapsed:.1f} s", flush=True
            )
        memory = process_memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    report(args, known, results, memory, seconds, database_url, (load_before, os.getloadavg()))
    return 1 if any(load.errors for _k, _l, load, _e in results) else 0


def report(args, known: dict, results: list, memory: dict, seconds: float, database_url: str, loads) -> None:
    engine = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    print()
    print(
        f"Kobling web benchmark ({'quick' if args.quick else 'full'}): {engine}, gunicorn -w 2, "
        f"{args.clients} clients, {seconds:g} s a page; "
        f"{os.cpu_count()} CPUs shared by clients, server and database"
    )
    print(
        f"Data set: {known['participants']:,} participants ({known['provider_participants']:,} at the "
        f"coordinator's provider), {known['enrolments']:,} enrolments, {known['history']:,} status rows, "
        f"{known['timeline']:,} timeline entries; the advisor follows {known['portfolio']:,}; "
        f"search term {known['common_last_name']!r} ({known['common_last_name_count']:,} at the provider)"
    )
    header = (
        f"{'page':<42} {'requests':>8} {'errors':>6} {'req/s':>7}  {'client p50/p95/p99 ms':>22}  "
        f"{'server p50/p95/p99 ms':>22}  target p95"
    )
    print(header)
    print("-" * len(header))
    for key, label, load, elapsed in results:
        c, s = load.client_ms, load.server_ms
        target = TARGETS_MS.get(key)
        verdict = "" if target is None else f"< {target} {'ok' if percentile(s, 95) < target else 'MISSED'}"
        print(
            f"{label:<42} {len(c) + len(load.errors):>8} {len(load.errors):>6} {len(c) / elapsed:>7.1f}  "
            f"{percentile(c, 50):>6.1f} {percentile(c, 95):>7.1f} {percentile(c, 99):>7.1f}  "
            f"{percentile(s, 50):>6.1f} {percentile(s, 95):>7.1f} {percentile(s, 99):>7.1f}  {verdict}"
        )
    for _key, label, load, _elapsed in results:
        if load.errors:
            print(f"errors on {label}: {statistics.mode(load.errors)} (most common of {len(load.errors)})")
    if memory:
        parts = [f"pid {pid}: {rss:.0f} MB (peak {peak:.0f} MB)" for pid, (rss, peak) in memory.items()]
        total = sum(rss for rss, _peak in memory.values())
        print(f"gunicorn RSS: {total:.0f} MB in all; master and workers: " + ", ".join(parts))
    # Anything else running on the machine shows up as server time, so say how busy it was.
    (before, _, _), (after, _, _) = loads
    print(f"load average (1 min) before the first page: {before:.2f}, after the last: {after:.2f}")


if __name__ == "__main__":
    sys.exit(main())
