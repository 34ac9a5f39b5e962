"""The same query finds the same actions on PostgreSQL and on SQLite. Run on PostgreSQL,
against a SQLite database built from the same seeds by `manage.py` in a subprocess (the
embedded default needs no server, so the comparison runs wherever PostgreSQL does)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from actions.management.commands.search_report import top_results

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "fixtures" / "search_queries.json"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares PostgreSQL with SQLite: runs in the PostgreSQL run"
)


@pytest.fixture(scope="module")
def sqlite_report(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite") / "compare.sqlite3"
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}

    def manage(*arguments):
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "--verbosity", "0")
    manage("load_seeds", "--verbosity", "0")
    return {item["query"]: item for item in json.loads(manage("search_report", str(QUERIES), "--top", "5", "--json"))}


def test_both_backends_read_every_query_alike_and_find_as_many_actions(seeds, sqlite_report):
    for query, on_sqlite in sqlite_report.items():
        on_postgres = top_results(query, 5)
        assert (on_postgres["read_as"], on_postgres["total"]) == (on_sqlite["read_as"], on_sqlite["total"]), query


def test_both_backends_rank_the_same_actions_first(seeds, sqlite_report):
    """Ranking differs in detail (ts_rank against bm25), so the first five are compared as
    sets, and most queries must agree on them."""
    differing = []
    for query, on_sqlite in sqlite_report.items():
        postgres_top = {action["slug"] for action in top_results(query, 5)["top"]}
        sqlite_top = {action["slug"] for action in on_sqlite["top"]}
        if len(postgres_top & sqlite_top) < min(3, len(sqlite_top)):
            differing.append(f"{query!r}: postgres {sorted(postgres_top)} sqlite {sorted(sqlite_top)}")
    assert len(differing) <= len(sqlite_report) // 10, "\n".join(differing)
