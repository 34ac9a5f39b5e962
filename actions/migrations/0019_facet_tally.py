"""The whole corpus's facet counts, kept by the database as actions are written.

actions_facettally holds, for each value of each facet, how many actions have it:
(facet, value, '', n) for the beneficiary countries, partners, themes, action types and
expert origins (value: the id, as text), and (timeline, year or 'none', kind, n) for the
years and kinds together, which also give the year and kind facets and the total. Triggers
on actions_action add each written row's values and take away each deleted or replaced
row's, whatever writes them (the ORM, the loader, the corpus generator, raw SQL, the link
tables' triggers of migration 0014 rewriting the id columns), in the transaction that
writes them. So the home page and every page about the whole corpus read a few hundred
counts instead of counting the corpus, exactly, at any size (actions.facets).

Only the triggers write the table: Django knows no model of it, so no flush of a test
database empties it behind their back. On PostgreSQL, where a flush truncates
actions_action without firing its delete triggers, a truncate trigger empties it too.
Counts fall to 0, not away: a value without actions is left out when the counts are read.

PostgreSQL adds up each statement's rows at once (transition tables), SQLite each row."""

from django.db import migrations

from ._by_vendor import run_by_vendor

TABLE = "actions_facettally"
# (facet, the action's column, an array of ids?): the facets counted by id
COUNTED = [
    ("country", "country_id", False),
    ("partner", "partner_id", False),
    ("theme", "theme_ids", True),
    ("type", "action_type_ids", True),
    ("origin", "expert_origin_ids", True),
]
COLUMNS = ["country_id", "partner_id", "year", "kind", *(column for _, column, many in COUNTED if many)]
EACH_ID = {"postgresql": "unnest(r.{column}) AS l(value)", "sqlite": "json_each(r.{column}) AS l"}


def values_of(rows: str, sign: int, vendor: str) -> str:
    """(facet, value, kind, n) for each value of each action in the relation `rows`, n being
    `sign` (1 for actions added, -1 for actions taken away)."""
    parts = [
        f"SELECT '{facet}' AS facet, CAST(r.{column} AS TEXT) AS value, '' AS kind, {sign} AS n "
        f"FROM {rows} r WHERE r.{column} IS NOT NULL"
        for facet, column, many in COUNTED
        if not many
    ]
    parts += [
        f"SELECT '{facet}', CAST(l.value AS TEXT), '', {sign} FROM {rows} r, {EACH_ID[vendor].format(column=column)}"
        for facet, column, many in COUNTED
        if many
    ]
    parts.append(f"SELECT 'timeline', COALESCE(CAST(r.year AS TEXT), 'none'), r.kind, {sign} FROM {rows} r")
    return " UNION ALL ".join(parts)


def added(values: str) -> str:
    """Adds the values' counts to the tally, in the order of its key, so that two writers
    lock the rows they share in the same order."""
    return (
        f"INSERT INTO {TABLE} (facet, value, kind, n) SELECT facet, value, kind, SUM(n) FROM ({values}) AS d "
        "WHERE true GROUP BY facet, value, kind HAVING SUM(n) <> 0 ORDER BY facet, value, kind "
        f"ON CONFLICT (facet, value, kind) DO UPDATE SET n = {TABLE}.n + excluded.n"
    )


CREATE_TABLE = (
    f"CREATE TABLE {TABLE} (facet varchar(16) NOT NULL, value varchar(32) NOT NULL, kind varchar(32) NOT NULL, "
    "n integer NOT NULL, PRIMARY KEY (facet, value, kind))"
)


def postgres_forward() -> list[str]:
    changes = {
        "insert": values_of("new_rows", 1, "postgresql"),
        "update": values_of("old_rows", -1, "postgresql") + " UNION ALL " + values_of("new_rows", 1, "postgresql"),
        "delete": values_of("old_rows", -1, "postgresql"),
    }
    referencing = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    statements = [CREATE_TABLE]
    for event, values in changes.items():
        statements += [
            f"CREATE FUNCTION actions_action_tally_{event}() RETURNS trigger AS $$ "
            f"BEGIN {added(values)}; RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER actions_action_tally_{event} AFTER {event.upper()} ON actions_action "
            f"{referencing[event]} FOR EACH STATEMENT EXECUTE FUNCTION actions_action_tally_{event}()",
        ]
    return statements + [
        f"CREATE FUNCTION actions_action_tally_truncate() RETURNS trigger AS $$ "
        f"BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER actions_action_tally_truncate AFTER TRUNCATE ON actions_action "
        "FOR EACH STATEMENT EXECUTE FUNCTION actions_action_tally_truncate()",
        # a count of every action, for a bulk load made with the triggers off (actions.corpus)
        f"CREATE FUNCTION actions_facettally_recount() RETURNS void AS $$ "
        f"BEGIN DELETE FROM {TABLE}; {added(values_of('actions_action', 1, 'postgresql'))}; END $$ LANGUAGE plpgsql",
        "SELECT actions_facettally_recount()",
    ]


def postgres_backward() -> list[str]:
    statements = []
    for event in ("insert", "update", "delete", "truncate"):
        statements += [
            f"DROP TRIGGER actions_action_tally_{event} ON actions_action",
            f"DROP FUNCTION actions_action_tally_{event}()",
        ]
    return statements + ["DROP FUNCTION actions_facettally_recount()", f"DROP TABLE {TABLE}"]


def _row(name: str) -> str:
    """A trigger's new or old row as a relation of one row."""
    return "(SELECT " + ", ".join(f"{name}.{column} AS {column}" for column in COLUMNS) + ")"


def sqlite_forward() -> list[str]:
    new, old = _row("new"), _row("old")
    changes = {
        "INSERT": values_of(new, 1, "sqlite"),
        f"UPDATE OF {', '.join(COLUMNS)}": values_of(old, -1, "sqlite") + " UNION ALL " + values_of(new, 1, "sqlite"),
        "DELETE": values_of(old, -1, "sqlite"),
    }
    return (
        [CREATE_TABLE]
        + [
            f"CREATE TRIGGER actions_action_tally_{event.split()[0].lower()} AFTER {event} ON actions_action "
            f"BEGIN {added(values)}; END"
            for event, values in changes.items()
        ]
        + [added(values_of("actions_action", 1, "sqlite"))]
    )


def sqlite_backward() -> list[str]:
    return [f"DROP TRIGGER actions_action_tally_{event}" for event in ("insert", "update", "delete")] + [
        f"DROP TABLE {TABLE}"
    ]


class Migration(migrations.Migration):
    dependencies = [("actions", "0018_sampled_documents_indexes")]

    operations = [
        run_by_vendor(
            {"postgresql": postgres_forward(), "sqlite": sqlite_forward()},
            {"postgresql": postgres_backward(), "sqlite": sqlite_backward()},
        )
    ]
