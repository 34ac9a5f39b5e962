"""Load test: the production profile under 50 concurrent clients, on loopback, bounded in time.

    python scripts/loadtest.py                  # the seed texts
    python scripts/loadtest.py --actions 20000  # the seeds plus a synthetic corpus

It creates its own PostgreSQL database (default pesknow_loadtest on 127.0.0.1:5432, dropped
and created again), loads it, collects static files, starts gunicorn with the production
settings on a free loopback port exactly as `make serve` does, and runs the clients for
--duration seconds over at least 1,000 distinct URLs: browse pages with search words,
facet combinations and page numbers, detail pages and small exports. Every request says it
came through a TLS proxy (X-Forwarded-Proto: https), as in production.

It prints requests/s, p50, p99 and errors (5xx, timeouts, refused connections), overall and
per kind of page. The whole run is killed after --duration plus a fixed setup allowance.
"""

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
SETUP_ALLOWANCE_S = 900


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=0, help="synthetic actions added to the seeds")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--urls", type=int, default=1500, help="distinct URLs to draw requests from")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pesknow_loadtest")
    parser.add_argument("--reuse-database", action="store_true", help="keep the database of a previous run")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    signal.alarm(int(args.duration) + SETUP_ALLOWANCE_S)

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }
    if not args.reuse_database:
        _recreate_database(args.database_url)
        _prepare(env, args.actions, args.seed)
    urls = _urls(env, args.urls, random.Random(args.seed))
    print(f"{sum(map(len, urls.values()))} distinct URLs; {args.clients} clients for {args.duration:.0f} s", flush=True)

    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:pesknow.gunicorn", "pesknow.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for(port, server)
        results = asyncio.run(_run_clients(f"http://127.0.0.1:{port}", urls, args.clients, args.duration, args.seed))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    _print_results(results, args.duration, args.actions)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _recreate_database(url: str) -> None:
    config = dj_database_url.parse(url)
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _manage(env, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, timeout=SETUP_ALLOWANCE_S)


def _prepare(env, actions: int, seed: int) -> None:
    started = time.perf_counter()
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_seeds", "-v0")
    if actions:
        _manage(env, "generate_corpus", "--actions", str(actions), "--seed", str(seed))
    _manage(env, "collectstatic", "--noinput", "-v0")
    print(f"database ready in {time.perf_counter() - started:.0f} s", flush=True)


TRAFFIC = {"browse": 0.6, "detail": 0.3, "export": 0.1}


def _urls(env, wanted: int, rng: random.Random) -> dict[str, list[str]]:
    """Distinct paths per kind of page: the traffic a public catalogue gets."""
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesknow.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from actions.models import Action, ActionType, Country, Partner, SearchTerm, Theme

    countries = list(Country.objects.filter(actions_received__isnull=False).distinct().values_list("code", flat=True))
    origins = list(
        Country.objects.filter(actions_given_expertise__isnull=False).distinct().values_list("code", flat=True)
    )
    themes = list(Theme.objects.filter(actions__isnull=False).distinct().values_list("slug", flat=True))
    types = list(ActionType.objects.filter(actions__isnull=False).distinct().values_list("slug", flat=True))
    partners = list(Partner.objects.filter(actions__isnull=False).distinct().values_list("slug", flat=True)[:300])
    years = [str(y) for y in Action.objects.exclude(year=None).values_list("year", flat=True).distinct()]
    words = list(SearchTerm.objects.order_by("?").values_list("term", flat=True)[:400])
    slugs = list(Action.objects.order_by("?").values_list("slug", flat=True)[:400])
    facets = {
        "country": countries,
        "origin": origins,
        "theme": themes,
        "type": types,
        "partner": partners,
        "year": years,
        "kind": ["action", "workshop", "webinar"],
    }

    def browse_params():
        params = []
        for name in rng.sample(sorted(facets), rng.choice([0, 1, 1, 2, 3])):
            values = rng.sample(facets[name], min(len(facets[name]), rng.choice([1, 1, 2])))
            params += [(name, value) for value in values]
        if rng.random() < 0.5:
            params.append(("q", " ".join(rng.sample(words, rng.choice([1, 1, 2, 3])))))
        if rng.random() < 0.2:
            params.append(("page", str(rng.randint(2, 5))))
        if rng.random() < 0.1:
            params.append(("sort", rng.choice(["newest", "oldest", "title"])))
        return params

    def export_path():
        name = rng.choice(["country", "partner", "theme"])
        params = [(name, rng.choice(facets[name]))]
        if name != "country":
            params.append(("country", rng.choice(countries)))
        return rng.choice(["/export.json", "/export.csv"]) + "?" + urlencode(params)

    urls = {
        "browse": {"/?" + urlencode(browse_params()) for _ in range(int(wanted * TRAFFIC["browse"]))},
        "detail": {f"/actions/{slug}/" for slug in slugs},
        "export": {export_path() for _ in range(int(wanted * TRAFFIC["export"]))},
    }
    return {kind: sorted(paths) for kind, paths in urls.items()}


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start listening")


async def _run_clients(base: str, urls, clients: int, duration: float, seed: int):
    results = []  # (kind, status or error, seconds, bytes)
    deadline = time.monotonic() + duration
    timeout = aiohttp.ClientTimeout(total=30)
    headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    kinds, weights = list(TRAFFIC), list(TRAFFIC.values())

    async def client(number: int):
        rng = random.Random(seed * 1000 + number)
        async with aiohttp.ClientSession(base, timeout=timeout, headers=headers) as session:
            while time.monotonic() < deadline:
                kind = rng.choices(kinds, weights)[0]
                path = rng.choice(urls[kind])
                started = time.perf_counter()
                try:
                    async with session.get(path, allow_redirects=False) as response:
                        body = await response.read()
                        status = response.status
                except (TimeoutError, aiohttp.ClientError) as error:
                    body, status = b"", type(error).__name__
                results.append((kind, status, time.perf_counter() - started, len(body)))

    await asyncio.gather(*(client(n) for n in range(clients)))
    return results


def _print_results(results, duration: float, actions: int) -> None:
    def line(label, rows):
        times = sorted(seconds * 1000 for _, _, seconds, _ in rows)
        errors = sum(1 for _, status, _, _ in rows if not isinstance(status, int) or status >= 500)
        p99 = statistics.quantiles(times, n=100)[-1] if len(times) > 1 else times[0]
        print(
            f"{label:8} {len(rows):7d} {len(rows) / duration:8.1f} {statistics.median(times):8.0f} {p99:8.0f} "
            f"{times[-1]:8.0f} {errors:7d}"
        )

    print(f"{'pages':8} {'requests':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    line("all", results)
    by_kind = defaultdict(list)
    for row in results:
        by_kind[row[0]].append(row)
    for kind in sorted(by_kind):
        line(kind, by_kind[kind])
    statuses = defaultdict(int)
    for _, status, _, _ in results:
        statuses[status] += 1
    print("statuses: " + ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str)))
    times = sorted(seconds * 1000 for _, _, seconds, _ in results)
    errors = sum(1 for _, status, _, _ in results if not isinstance(status, int) or status >= 500)
    print(
        f"actions={actions or 'seeds'} requests_per_s={len(results) / duration:.1f} "
        f"p50_ms={statistics.median(times):.0f} p99_ms={statistics.quantiles(times, n=100)[-1]:.0f} errors={errors}"
    )


if __name__ == "__main__":
    main()
