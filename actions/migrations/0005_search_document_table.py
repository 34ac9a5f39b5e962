"""PostgreSQL: the search vector moves out of actions_action into actions_searchdocument.

Every scan that counts facets reads actions_action; with the vector inline (or its TOAST
pointer and compressed head) each row was several times wider than the columns counted.
The vector is now built by one SQL function, actions_search_vector(), used by the trigger
that keeps actions_searchdocument in step with every write and by bulk loads that fill it
in one statement (actions.corpus). SQLite keeps its FTS5 table, which is separate already.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from ._by_vendor import run_by_vendor

FORWARD = [
    # ALTER and CREATE INDEX refuse to run while deferred foreign-key checks are pending
    "SET CONSTRAINTS ALL IMMEDIATE",
    "DROP TRIGGER actions_action_search_vector ON actions_action",
    "DROP FUNCTION actions_action_search_vector()",
    "DROP INDEX actions_action_search_vector_gin",
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
    """
    CREATE FUNCTION actions_action_search_document() RETURNS trigger AS $$
    BEGIN
      INSERT INTO actions_searchdocument (action_id, vector)
      VALUES (NEW.id, actions_search_vector(NEW.title, NEW.search_context, NEW.description))
      ON CONFLICT (action_id) DO UPDATE SET vector = EXCLUDED.vector;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER actions_action_search_document_insert AFTER INSERT ON actions_action
    FOR EACH ROW EXECUTE FUNCTION actions_action_search_document()
    """,
    """
    CREATE TRIGGER actions_action_search_document_update AFTER UPDATE OF title, search_context, description
    ON actions_action FOR EACH ROW EXECUTE FUNCTION actions_action_search_document()
    """,
    """
    INSERT INTO actions_searchdocument (action_id, vector)
    SELECT id, actions_search_vector(title, search_context, description) FROM actions_action
    """,
    "CREATE INDEX actions_searchdocument_vector_gin ON actions_searchdocument USING gin (vector)",
]
# Back to migration 0002's inline vector (its trigger as it was), in the column that the
# reversed RemoveField has added again.
BACKWARD = [
    "DROP FUNCTION actions_action_search_document() CASCADE",
    """
    CREATE FUNCTION actions_action_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('pesknow_en', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pesknow_simple', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pesknow_en', coalesce(NEW.search_context, '')), 'B') ||
        setweight(to_tsvector('pesknow_simple', coalesce(NEW.search_context, '')), 'B') ||
        setweight(to_tsvector('pesknow_en', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('pesknow_simple', coalesce(NEW.description, '')), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER actions_action_search_vector BEFORE INSERT OR UPDATE ON actions_action
    FOR EACH ROW EXECUTE FUNCTION actions_action_search_vector()
    """,
    "UPDATE actions_action SET title = title",
    "CREATE INDEX actions_action_search_vector_gin ON actions_action USING gin (search_vector)",
    "DROP FUNCTION actions_search_vector(text, text, text)",
]


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_action_newest_first_index")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "action",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="actions.action",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        # the old trigger writes the column, so it goes before the column does
        run_by_vendor({"postgresql": FORWARD}, {"postgresql": BACKWARD}),
        migrations.RemoveField(model_name="action", name="search_vector"),
    ]
