"""Lists shown in a sort order are read from an index in that order, whatever the
statistics say about the rest of the table."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE actions_action")
            # a few hundred rows: any plan would do, so only an index read in order is left
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute("ANALYZE")
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(column) for row in cursor.fetchall() for column in row)


def test_the_parts_of_an_action_are_read_from_an_index_of_the_actions_that_have_a_whole(client, db):
    """Almost no action is part of another: an estimate of part_of averaged over the NULLs
    of all the others made SQLite walk every action newest first to list one action's parts."""
    whole = Action.objects.create(title="Regional programme on public employment services", slug="programme")
    Action.objects.bulk_create(
        [Action(title=f"Peer review {n}", slug=f"peer-review-{n}", year=2000 + n % 20) for n in range(300)]
        + [Action(title=f"Workshop {n}", slug=f"workshop-{n}", year=2021 + n, part_of=whole) for n in range(3)]
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(whole.get_absolute_url())
    assert [part.title for part in response.context["action"].includes.all()] == [
        "Workshop 2",
        "Workshop 1",
        "Workshop 0",
    ]
    listing_parts = next(q["sql"] for q in queries.captured_queries if '"part_of_id" = ' in q["sql"])
    plan = plan_of(listing_parts)
    assert "action_parts_newest" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan  # in the list's order already


def test_a_page_of_ids_is_read_from_the_newest_first_index_alone(client, small_list):
    """The index ends with the lists' last sort key, the id, so a page (and the newest
    actions a search walks) needs neither a sort nor a visit to the wide rows."""
    Action.objects.bulk_create(Action(title=f"Peer review {n}", slug=f"peer-review-{n}", year=2020) for n in range(300))
    with CaptureQueriesContext(connection) as queries:
        client.get("/", {"page": 3})
    ids_first = 'SELECT "actions_action"."id" AS "pk"'
    page_ids = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith(ids_first))
    plan = plan_of(page_ids)
    assert "Index Only Scan using action_newest_first" in plan or "USING COVERING INDEX action_newest_first" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan
