"""Spanish, French and Portuguese stems (Action.search_stems, computed by actions.search)
join the search index on both backends, weighted like the description. The vocabulary's
trigram index goes: spelling correction no longer uses it."""

from django.db import migrations, models

from ._by_vendor import run_by_vendor

# PostgreSQL's parser reads "counsellors/trainers", "www.pes.gov.pe" or "2.5.1" as one
# token each, and "labour-market" as one word besides its parts; SQLite's tokenizer, like
# a reader, sees the words. Splitting them first lets both backends index the same words.
WORDS = """
CREATE OR REPLACE FUNCTION actions_search_words(text) RETURNS text AS $$
  SELECT regexp_replace(coalesce($1, ''), '[-/@.:_|\\~=+#]', ' ', 'g')
$$ LANGUAGE sql IMMUTABLE
"""
VECTOR = """
CREATE OR REPLACE FUNCTION actions_search_vector(title text, context text, description text, stems text)
RETURNS tsvector AS $$
  SELECT
    setweight(to_tsvector('pesknow_en', actions_search_words(title)), 'A') ||
    setweight(to_tsvector('pesknow_simple', actions_search_words(title)), 'A') ||
    setweight(to_tsvector('pesknow_en', actions_search_words(context)), 'B') ||
    setweight(to_tsvector('pesknow_simple', actions_search_words(context)), 'B') ||
    setweight(to_tsvector('pesknow_en', actions_search_words(description)), 'C') ||
    setweight(to_tsvector('pesknow_simple', actions_search_words(description)), 'C') ||
    setweight(to_tsvector('pesknow_simple', coalesce(stems, '')), 'C')
$$ LANGUAGE sql STABLE
"""
TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION actions_action_search_document() RETURNS trigger AS $$
BEGIN
  INSERT INTO actions_searchdocument (action_id, vector)
  VALUES (NEW.id, actions_search_vector(NEW.title, NEW.search_context, NEW.description{stems}))
  ON CONFLICT (action_id) DO UPDATE SET vector = EXCLUDED.vector;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
UPDATE_TRIGGER = """
CREATE TRIGGER actions_action_search_document_update AFTER UPDATE OF title, search_context, description{stems}
ON actions_action FOR EACH ROW EXECUTE FUNCTION actions_action_search_document()
"""
POSTGRES_FORWARD = [
    "SET CONSTRAINTS ALL IMMEDIATE",
    WORDS,
    VECTOR,
    TRIGGER_FUNCTION.format(stems=", NEW.search_stems"),
    "DROP TRIGGER actions_action_search_document_update ON actions_action",
    UPDATE_TRIGGER.format(stems=", search_stems"),
    "DROP FUNCTION actions_search_vector(text, text, text)",
    # spelling correction now picks its candidates by length and first letters on both backends
    "DROP INDEX actions_searchterm_term_trgm",
]
POSTGRES_BACKWARD = [
    """
    CREATE FUNCTION actions_search_vector(title text, context text, description text) RETURNS tsvector AS $$
      SELECT
        setweight(to_tsvector('pesknow_en', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('pesknow_simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('pesknow_en', coalesce(context, '')), 'B') ||
        setweight(to_tsvector('pesknow_simple', coalesce(context, '')), 'B') ||
        setweight(to_tsvector('pesknow_en', coalesce(description, '')), 'C') ||
        setweight(to_tsvector('pesknow_simple', coalesce(description, '')), 'C')
    $$ LANGUAGE sql STABLE
    """,
    TRIGGER_FUNCTION.format(stems=""),
    "DROP TRIGGER actions_action_search_document_update ON actions_action",
    UPDATE_TRIGGER.format(stems=""),
    "CREATE INDEX actions_searchterm_term_trgm ON actions_searchterm USING gin (term gin_trgm_ops)",
    "DROP FUNCTION actions_search_vector(text, text, text, text)",
    "DROP FUNCTION actions_search_words(text)",
]


REINDEX = """
UPDATE actions_searchdocument d
SET vector = actions_search_vector(a.title, a.search_context, a.description, a.search_stems)
FROM actions_action a WHERE a.id = d.action_id
"""


def fts(columns: str) -> list[str]:
    """The FTS5 table over these columns of actions_action, its triggers, and its content."""
    return [
        "DROP TRIGGER IF EXISTS actions_action_fts_insert",
        "DROP TRIGGER IF EXISTS actions_action_fts_delete",
        "DROP TRIGGER IF EXISTS actions_action_fts_update",
        "DROP TABLE IF EXISTS actions_action_fts",
        f"""
        CREATE VIRTUAL TABLE actions_action_fts USING fts5(
            {columns}, content='actions_action', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )
        """,
        f"""
        CREATE TRIGGER actions_action_fts_insert AFTER INSERT ON actions_action BEGIN
          INSERT INTO actions_action_fts(rowid, {columns})
          VALUES (new.id, new.{columns.replace(", ", ", new.")});
        END
        """,
        f"""
        CREATE TRIGGER actions_action_fts_delete AFTER DELETE ON actions_action BEGIN
          INSERT INTO actions_action_fts(actions_action_fts, rowid, {columns})
          VALUES ('delete', old.id, old.{columns.replace(", ", ", old.")});
        END
        """,
        f"""
        CREATE TRIGGER actions_action_fts_update AFTER UPDATE ON actions_action BEGIN
          INSERT INTO actions_action_fts(actions_action_fts, rowid, {columns})
          VALUES ('delete', old.id, old.{columns.replace(", ", ", old.")});
          INSERT INTO actions_action_fts(rowid, {columns})
          VALUES (new.id, new.{columns.replace(", ", ", new.")});
        END
        """,
        "INSERT INTO actions_action_fts(actions_action_fts) VALUES ('rebuild')",
    ]


def stem_existing_actions(apps, schema_editor):
    from actions.search.languages import stems_for_index

    Action = apps.get_model("actions", "Action")
    actions = Action.objects.using(schema_editor.connection.alias).only("title", "description", "search_context")
    changed = []
    for action in actions.iterator(chunk_size=2000):
        action.search_stems = stems_for_index(f"{action.title}\n{action.description}", action.search_context)
        if action.search_stems:
            changed.append(action)
    Action.objects.using(schema_editor.connection.alias).bulk_update(changed, ["search_stems"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("actions", "0012_editor_and_reviewer_roles")]

    operations = [
        migrations.AddField(
            model_name="action",
            name="search_stems",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        # before the new triggers, which would rebuild each stemmed action's search document
        # once here and again below
        migrations.RunPython(stem_existing_actions, migrations.RunPython.noop),
        run_by_vendor(
            {"postgresql": POSTGRES_FORWARD, "sqlite": fts("title, search_context, description, search_stems")},
            {"postgresql": POSTGRES_BACKWARD, "sqlite": fts("title, search_context, description")},
        ),
        # every search document read once with the new function, stems or not
        run_by_vendor({"postgresql": [REINDEX]}, {}),
    ]
