"""Generates a synthetic corpus of actions and prints browse-page latencies and query counts.

    python scripts/benchmark.py --actions 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pesknow_bench python scripts/benchmark.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary folder. The database
named by DATABASE_URL is emptied of actions first: never point it at real data.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    "employment",
    "labour",
    "market",
    "public",
    "service",
    "youth",
    "green",
    "jobs",
    "skills",
    "training",
    "vocational",
    "women",
    "disability",
    "digital",
    "employer",
    "outreach",
    "strategy",
    "social",
    "dialogue",
    "informal",
    "economy",
    "migration",
    "protection",
    "inspection",
    "apprenticeship",
    "guidance",
    "counselling",
    "data",
    "information",
    "system",
    "observatory",
    "entrepreneurship",
]

QUERIES = [
    {},
    {"q": "green jobs"},
    {"country": "PE"},
    {"country": ["PE", "EC"], "theme": "youth"},
    {"region": "western-africa", "origin": "FR"},
    {"q": "labour market", "year": "2023", "sort": "title"},
    {"page": "40"},
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesknow.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DEBUG", "1")  # serves static files without a collectstatic build
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(args.actions, random.Random(args.seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather after a bulk load
    print(f"database: {connection.vendor}; generated {args.actions} actions in {time.perf_counter() - started:.1f} s")

    client = Client()
    print(f"{'query':55} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for params in QUERIES:
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get("/", params)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(f"{str(params)[:55]:55} {statistics.median(timings):8.1f} {p95:8.1f} {len(queries):8d}")


def generate(count, rng):
    from actions.loader import ensure_reference_data
    from actions.models import Action, ActionType, Country, Partner, Theme
    from actions.search import add_to_vocabulary

    ensure_reference_data()
    Action.objects.all().delete()
    countries = list(Country.objects.all())
    themes = list(Theme.objects.all())
    types = [ActionType.objects.get_or_create(slug=f"type-{n}", defaults={"name": f"Type {n}"})[0] for n in range(12)]
    partners = [
        Partner.objects.get_or_create(
            slug=f"bench-partner-{n}", defaults={"name": f"Ministry of Labour {n}", "country": rng.choice(countries)}
        )[0]
        for n in range(300)
    ]
    add_to_vocabulary(" ".join(WORDS))
    batch = 2000
    for first in range(0, count, batch):
        actions = []
        for n in range(first, min(first + batch, count)):
            title = " ".join(rng.choices(WORDS, k=7)).capitalize()
            description = " ".join(rng.choices(WORDS, k=60))
            partner = rng.choice(partners)
            actions.append(
                Action(
                    title=title,
                    slug=f"bench-{n}",
                    description=description,
                    partner=partner,
                    country=partner.country,
                    year=rng.randint(2005, 2026),
                    kind=rng.choice(["action"] * 8 + ["workshop", "webinar"]),
                    search_context=partner.name,
                )
            )
        created = Action.objects.bulk_create(actions)
        through = Action.themes.through
        through.objects.bulk_create(
            through(action_id=a.pk, theme_id=t.pk) for a in created for t in rng.sample(themes, rng.randint(1, 3))
        )
        through = Action.expert_origins.through
        through.objects.bulk_create(
            through(action_id=a.pk, country_id=c.pk) for a in created for c in rng.sample(countries, rng.randint(0, 3))
        )
        through = Action.action_types.through
        through.objects.bulk_create(
            through(action_id=a.pk, actiontype_id=t.pk) for a in created for t in rng.sample(types, rng.randint(1, 2))
        )


if __name__ == "__main__":
    main()
