"""Loads the seeds into the database of DATABASE_URL and prints the top results of sample queries.

    DATABASE_URL=sqlite:////tmp/samples.sqlite3 python scripts/search_samples.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pesknow_samples python scripts/search_samples.py

Used to compare the PostgreSQL and SQLite search backends on the same queries.
The database is migrated and the seeds loaded (idempotently) first.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = [
    "green jobs youth",
    "discapacidad",
    "pole emploi",
    "soft skils",
    "LMIS",
    "labour market information",
    "social dialogue",
    "informal economy",
    "occupational safety",
    "job counsellors training",
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesknow.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from actions import search
    from actions.models import Action

    call_command("migrate", verbosity=0)
    call_command("load_seeds", verbosity=0)
    print(f"# {connection.vendor}")
    for text in QUERIES:
        query = search.best_query(Action.objects.all(), search.parse(text))
        found = search.search(Action.objects.all(), query).order_by("-relevance", "title")
        note = f" (corrected to {query.text!r})" if query.corrected_from else ""
        print(f"\n{text!r}{note}: {found.count()} results")
        for action in found[:3]:
            print(f"  - {action.title[:90]}")


if __name__ == "__main__":
    main()
