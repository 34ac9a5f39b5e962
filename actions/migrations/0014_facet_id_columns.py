"""The ids of each action's themes, action types and expert origins, kept on its own row
(theme_ids, action_type_ids, expert_origin_ids), so that counting the many-to-many facets
reads the rows counted instead of probing a link table for each of them.

Triggers on the link tables keep the columns, whatever writes the links (the ORM, the
loader, the corpus generator, raw SQL). Django's model does not declare them, so no save of
a stale instance can overwrite them; `actions.facets` reads them. PostgreSQL recomputes them
once per statement for the actions a statement touched (transition tables), SQLite per row.
The links of Django's automatic through tables are only ever inserted and deleted.

The covering index of the facet columns (migration 0006) takes them in, and is ordered by
each action's sample slot (actions.facets.sampled), so that a sampled count reads its
sample alone, in an index-only scan, instead of every row to pick one in so many.

On SQLite, a migration that makes Django rebuild actions_action (adding a foreign key, say)
drops what Django does not know of: these columns, their index and the FTS5 triggers. Such a
migration must install them again."""

from django.db import migrations

from ._by_vendor import run_by_vendor

# (link table, column naming the linked row, column on actions_action)
LINKS = [
    ("actions_action_themes", "theme_id", "theme_ids"),
    ("actions_action_action_types", "actiontype_id", "action_type_ids"),
    ("actions_action_expert_origins", "country_id", "expert_origin_ids"),
]
# actions.facets.SAMPLE_SLOTS and SLOT_SPREAD, as the sample's condition writes them ("%%":
# the schema editor passes statements with parameters, which makes "%" a placeholder)
SAMPLE_SLOT = "((id * 633) %% 1024)"


def postgres_forward() -> list[str]:
    statements = [f"ALTER TABLE actions_action ADD COLUMN {ids} bigint[] NOT NULL DEFAULT '{{}}'" for *_, ids in LINKS]
    for table, linked, ids in LINKS:
        statements += [
            f"""
            CREATE FUNCTION {table}_keep_ids() RETURNS trigger AS $$
            BEGIN
              UPDATE actions_action a
              SET {ids} = ARRAY(SELECT l.{linked} FROM {table} l WHERE l.action_id = a.id ORDER BY l.{linked})
              WHERE a.id IN (SELECT action_id FROM changed);
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            f"""
            CREATE TRIGGER {table}_ids_insert AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {table}_keep_ids()
            """,
            f"""
            CREATE TRIGGER {table}_ids_delete AFTER DELETE ON {table}
            REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {table}_keep_ids()
            """,
        ]
    assignments = ", ".join(
        f"{ids} = ARRAY(SELECT l.{linked} FROM {table} l WHERE l.action_id = a.id ORDER BY l.{linked})"
        for table, linked, ids in LINKS
    )
    return statements + [
        f"UPDATE actions_action a SET {assignments}",
        "DROP INDEX action_facet_columns",
        f"CREATE INDEX action_facet_columns ON actions_action ({SAMPLE_SLOT}) INCLUDE "
        f"(id, country_id, partner_id, year, kind, {', '.join(ids for *_, ids in LINKS)})",
    ]


def postgres_backward() -> list[str]:
    statements = ["DROP INDEX action_facet_columns"]
    for table, _, ids in LINKS:
        statements += [
            f"DROP TRIGGER {table}_ids_insert ON {table}",
            f"DROP TRIGGER {table}_ids_delete ON {table}",
            f"DROP FUNCTION {table}_keep_ids()",
            f"ALTER TABLE actions_action DROP COLUMN {ids}",
        ]
    return statements + [
        "CREATE INDEX action_facet_columns ON actions_action (id) INCLUDE (country_id, partner_id, year, kind)"
    ]


def sqlite_forward() -> list[str]:
    statements = [f"ALTER TABLE actions_action ADD COLUMN {ids} text NOT NULL DEFAULT '[]'" for *_, ids in LINKS]
    for table, linked, ids in LINKS:
        for event, row in (("INSERT", "new"), ("DELETE", "old")):
            statements.append(
                f"""
                CREATE TRIGGER {table}_ids_{event.lower()} AFTER {event} ON {table} BEGIN
                  UPDATE actions_action SET {ids} = (
                    SELECT json_group_array({linked}) FROM (
                      SELECT {linked} FROM {table} WHERE action_id = {row}.action_id ORDER BY {linked}
                    )
                  ) WHERE id = {row}.action_id;
                END
                """
            )
    assignments = ", ".join(
        f"{ids} = (SELECT json_group_array({linked}) FROM "
        f"(SELECT {linked} FROM {table} WHERE action_id = actions_action.id ORDER BY {linked}))"
        for table, linked, ids in LINKS
    )
    return statements + [
        f"UPDATE actions_action SET {assignments}",
        # gone already where a later migration made Django rebuild the table (0008 did)
        "DROP INDEX IF EXISTS action_facet_columns",
        "CREATE INDEX action_facet_columns ON actions_action "
        f"({SAMPLE_SLOT}, id, country_id, partner_id, year, kind, {', '.join(ids for *_, ids in LINKS)})",
        # the full-text index is rebuilt when the words change, not when these columns do
        *fts_update_trigger("UPDATE OF title, search_context, description, search_stems"),
    ]


def sqlite_backward() -> list[str]:
    statements = ["DROP INDEX action_facet_columns"]
    for table, _, ids in LINKS:
        statements += [
            f"DROP TRIGGER {table}_ids_insert",
            f"DROP TRIGGER {table}_ids_delete",
            f"ALTER TABLE actions_action DROP COLUMN {ids}",
        ]
    return statements + [
        "CREATE INDEX action_facet_columns ON actions_action (id, country_id, partner_id, year, kind)",
        *fts_update_trigger("UPDATE"),
    ]


FTS_COLUMNS = ["title", "search_context", "description", "search_stems"]


def fts_update_trigger(event: str) -> list[str]:
    """Migration 0013's update trigger of the FTS5 table, fired by `event`."""
    columns = ", ".join(FTS_COLUMNS)
    old = ", ".join(f"old.{column}" for column in FTS_COLUMNS)
    new = ", ".join(f"new.{column}" for column in FTS_COLUMNS)
    return [
        "DROP TRIGGER actions_action_fts_update",
        f"""
        CREATE TRIGGER actions_action_fts_update AFTER {event} ON actions_action BEGIN
          INSERT INTO actions_action_fts(actions_action_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
          INSERT INTO actions_action_fts(rowid, {columns}) VALUES (new.id, {new});
        END
        """,
    ]


class Migration(migrations.Migration):
    dependencies = [("actions", "0013_search_stems")]

    operations = [
        run_by_vendor(
            {"postgresql": postgres_forward(), "sqlite": sqlite_forward()},
            {"postgresql": postgres_backward(), "sqlite": sqlite_backward()},
        )
    ]
