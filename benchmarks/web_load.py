"""Load run of the web app on SQLite and PostgreSQL: p50/p95 latency and throughput per endpoint.

    uv run python benchmarks/web_load.py            # 10,000 documents / 100,000 facts per backend
    uv run python benchmarks/web_load.py --quick    # 500 documents, shorter phases: a smoke run
    uv run python benchmarks/web_load.py --backend sqlite --clients 50 --seconds 20

For each backend: a synthetic ledger is made with ``make_ledger.py`` (PostgreSQL is a
throwaway cluster started like the tests' one, or ``--pg-url``), a reviewer and an API
token are created with the CLI, and the app runs under uvicorn (one worker) in a
subprocess on 127.0.0.1.  Then each endpoint in turn gets ``--clients`` concurrent
clients (httpx.AsyncClient, one connection each) sending requests back to back for
``--seconds`` (bounded: a request slower than ``--timeout`` counts as an error).

Endpoints, in this order: a baseline (a static file served by the same app,
measured in the same run), full-text search, a document page, two API reads
(``/api/v1/documents/{ref}/facts`` and ``/api/v1/search``), and an event page, last
because requests a client gave up on go on running in the server; then the event
page again with one client (its own cost, which timeouts hide under 50 clients).
Before each endpoint the run waits until the server is idle.  Each request picks its document,
event or search term at random (fixed seed).  The first request, which makes the app
build its event catalogue, is made before the timed phases and its time is printed as
"cold".  Client and server share the machine's cores, so figures
are lower bounds of what a separate client would see.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

import make_ledger  # noqa: E402

from pgserver import PgServer, free_port  # noqa: E402

COLD_TIMEOUT = 1800.0  # the first request builds the event catalogue over the whole ledger
USER, PASSWORD = "bench", "bench-password-for-load-runs"
SEARCH_TERMS = ["protests", "killed", "arrested", "torture", "Sundale", "students", "\"live ammunition\"",
                "Covenant", "journalists", "Northgate prison"]  # fmt: skip


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def cli(home: Path, url: str, *args: str, stdin: str | None = None) -> str:
    command = [str(Path(sys.executable).parent / "rightsledger"), "--home", str(home), "--db", url, *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def start_app(url: str, home: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    code = (
        "import sys, uvicorn\n"
        "from rightsledger.web import create_app\n"
        "app = create_app(sys.argv[1], sys.argv[2])\n"
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[3]), log_level='warning', access_log=False)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", code, url, str(home), str(port)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the app exited with code {server.returncode}")
        try:
            httpx.get(f"{base}/login", timeout=2)
            return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the app did not start within 60 s")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, limit: float = 900.0) -> float:
    """Wait until the server uses under 10% of a core over a second (work the client gave up on
    finishes first), so one endpoint's leftovers do not slow the next; returns the seconds waited."""
    started = time.monotonic()
    before = cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        if now - before < 0.1:
            break
        before = now
    return time.monotonic() - started


def log_in(client: httpx.Client) -> None:
    """Log in through the form; the redirect is not followed (the home page lists every document)."""
    page = client.get("/login")
    form = {"username": USER, "password": PASSWORD}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text):
        form.setdefault(name, value)
    reply = client.post("/login", data=form, follow_redirects=False)
    if reply.status_code != 303 or reply.headers.get("location", "").startswith("/login"):
        raise SystemExit(f"could not log in: HTTP {reply.status_code}")


async def run_phase(
    name: str,
    base: str,
    paths: list[str],
    headers: dict,
    cookies: httpx.Cookies,
    args: argparse.Namespace,
    clients: int,
) -> Phase:
    phase = Phase(name)
    rng = random.Random(name)
    deadline = time.perf_counter() + args.seconds
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def client_loop() -> None:
        async with httpx.AsyncClient(
            base_url=base, headers=headers, cookies=cookies, timeout=args.timeout, limits=limits
        ) as client:
            while time.perf_counter() < deadline:
                path = rng.choice(paths)
                started = time.perf_counter()
                try:
                    reply = await client.get(path)
                except httpx.TimeoutException:
                    phase.error("timeout")
                    continue
                except httpx.TransportError as error:
                    phase.error(type(error).__name__)
                    continue
                if reply.status_code != 200:
                    phase.error(f"HTTP {reply.status_code}")
                    continue
                phase.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    phase.seconds = time.perf_counter() - started
    return phase


def targets(client: httpx.Client, api: dict, rng: random.Random) -> tuple[dict[str, list[str]], float]:
    """Paths for each endpoint, and the time of the first (catalogue-building) event list."""
    started = time.perf_counter()
    events = client.get("/api/v1/events", headers=api, timeout=COLD_TIMEOUT)
    cold = time.perf_counter() - started
    events.raise_for_status()
    body = events.json()
    items = body.get("events", body) if isinstance(body, dict) else body
    event_ids = [e["id"] for e in items if e.get("kind", "event") == "event"]
    docs = client.get("/api/v1/documents", headers=api).json()
    doc_items = docs.get("documents", docs) if isinstance(docs, dict) else docs
    refs = [str(d.get("sha256", d.get("id")))[:12] for d in doc_items]
    static = re.search(r'href="(/static/[^"]+\.css)"', client.get("/login").text)
    baseline = static[1] if static else "/login"
    return (
        {
            f"baseline {baseline}": [baseline],
            "search /search?q=": [f"/search?q={t}" for t in SEARCH_TERMS],
            "document /documents/{ref}": [f"/documents/{r}" for r in rng.sample(refs, min(200, len(refs)))],
            "API /api/v1/documents/{ref}/facts": [
                f"/api/v1/documents/{r}/facts" for r in rng.sample(refs, min(200, len(refs)))
            ],
            "API /api/v1/search?q=": [f"/api/v1/search?q={t}" for t in SEARCH_TERMS],
            # last: requests the client gave up on go on running in the server
            "event /events/{id}": [f"/events/{e}" for e in rng.sample(event_ids, min(100, len(event_ids)))],
        },
        cold,
    )


def run_backend(backend: str, url: str, home: Path, args: argparse.Namespace) -> None:
    print(f"\n== {backend}: making {args.documents:,} documents", flush=True)
    stats = make_ledger.build(url, home, args.documents)
    print(
        f"   {stats['documents']:,} documents, {stats['facts']:,} facts, {stats['events']} events "
        f"in {stats['seconds']:.1f} s ({stats['facts'] / stats['seconds']:,.0f} facts/s)",
        flush=True,
    )
    cli(home, url, "user", "add", USER, "--role", "reviewer", "--password-stdin", stdin=PASSWORD + "\n")
    token = cli(home, url, "token", "create", USER).strip().split()[-1]
    server, base = start_app(url, home)
    try:
        api = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=args.timeout, follow_redirects=True) as client:
            log_in(client)
            paths, cold = targets(client, api, random.Random(1))
            print(f"   cold event catalogue (first /api/v1/events): {cold * 1000:,.0f} ms", flush=True)
            cookies = client.cookies
        phases = []
        for name, endpoint_paths in paths.items():
            headers = api if name.startswith("API") else {}
            wait_idle(server.pid)
            phase = asyncio.run(run_phase(name, base, endpoint_paths, headers, cookies, args, args.clients))
            phases.append(phase)
            print(f"   {name}: {len(phase.latencies)} ok, {sum(phase.errors.values())} failed", flush=True)
        # one client alone: the event page's own cost, which 50 clients at once do not show
        wait_idle(server.pid)
        single = "event /events/{id}, 1 client"
        phases.append(asyncio.run(run_phase(single, base, paths["event /events/{id}"], {}, cookies, args, 1)))
        report(backend, phases, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still busy with requests the clients gave up on
            server.kill()
            server.wait()


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.1f}"


def report(backend: str, phases: list[Phase], args: argparse.Namespace) -> None:
    base = phases[0]
    print(
        f"\n{backend}: {args.clients} clients (unless noted), {args.seconds:g} s per endpoint, "
        f"{args.documents:,} documents"
    )
    print(f"{'endpoint':<36} {'ok':>6} {'err':>5} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'p50 ×base':>10}")
    for phase in phases:
        ratio = (
            f"{phase.percentile(50) / base.percentile(50):,.1f}"
            if phase.latencies and base.latencies
            else "-"
        )
        print(
            f"{phase.name:<36} {len(phase.latencies):>6} {sum(phase.errors.values()):>5} "
            f"{_ms(phase.percentile(50)):>9} {_ms(phase.percentile(95)):>9} {phase.rate:>8,.1f} {ratio:>10}"
        )
        if phase.errors:
            print(f"{'':<36} errors: {phase.errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 documents, 5 s per endpoint")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--documents", type=int)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, help="per endpoint (default 20, 5 with --quick)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--pg-url", help="an existing PostgreSQL server's maintenance database URL")
    args = parser.parse_args()
    args.documents = args.documents or (500 if args.quick else 10_000)
    args.seconds = args.seconds or (5.0 if args.quick else 20.0)
    print(f"web_load: {os.cpu_count()} CPUs, python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="rlload", dir="/tmp"))
    if args.backend in ("sqlite", "both"):
        run_backend("sqlite", f"sqlite:///{work / 'sqlite' / 'ledger.sqlite3'}", work / "sqlite", args)
    if args.backend in ("postgres", "both"):
        server = None
        admin = args.pg_url
        if admin is None:
            server = PgServer()
            server.start()
            admin = server.url
        try:
            import psycopg

            name = f"rl_load_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = admin.rsplit("/", 1)[0] + f"/{name}"
            run_backend("postgres", url, work / "postgres", args)
        finally:
            if server is not None:
                server.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
