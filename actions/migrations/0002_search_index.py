"""Full-text search objects that Django models cannot describe; see actions/search.py.

PostgreSQL: unaccent and pg_trgm, two text search configurations (English stemming and
"simple", both unaccented), a trigger that keeps Action.search_vector weighted
title > context > description, a GIN index on it, and a trigram index on the vocabulary.

SQLite: an FTS5 table over the same three texts (porter stemming, diacritics removed),
kept in step with actions_action by triggers.
"""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

from ._by_vendor import run_by_vendor

POSTGRES_FORWARD = [
    "CREATE TEXT SEARCH CONFIGURATION pesknow_en (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION pesknow_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION pesknow_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION pesknow_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
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
    "CREATE INDEX actions_searchterm_term_trgm ON actions_searchterm USING gin (term gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX actions_searchterm_term_trgm",
    "DROP INDEX actions_action_search_vector_gin",
    "DROP TRIGGER actions_action_search_vector ON actions_action",
    "DROP FUNCTION actions_action_search_vector()",
    "DROP TEXT SEARCH CONFIGURATION pesknow_simple",
    "DROP TEXT SEARCH CONFIGURATION pesknow_en",
]
FTS_COLUMNS = "title, search_context, description"
SQLITE_FORWARD = [
    f"""
    CREATE VIRTUAL TABLE actions_action_fts USING fts5(
        {FTS_COLUMNS}, content='actions_action', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER actions_action_fts_insert AFTER INSERT ON actions_action BEGIN
      INSERT INTO actions_action_fts(rowid, {FTS_COLUMNS})
      VALUES (new.id, new.title, new.search_context, new.description);
    END
    """,
    f"""
    CREATE TRIGGER actions_action_fts_delete AFTER DELETE ON actions_action BEGIN
      INSERT INTO actions_action_fts(actions_action_fts, rowid, {FTS_COLUMNS})
      VALUES ('delete', old.id, old.title, old.search_context, old.description);
    END
    """,
    f"""
    CREATE TRIGGER actions_action_fts_update AFTER UPDATE ON actions_action BEGIN
      INSERT INTO actions_action_fts(actions_action_fts, rowid, {FTS_COLUMNS})
      VALUES ('delete', old.id, old.title, old.search_context, old.description);
      INSERT INTO actions_action_fts(rowid, {FTS_COLUMNS})
      VALUES (new.id, new.title, new.search_context, new.description);
    END
    """,
    "INSERT INTO actions_action_fts(actions_action_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER actions_action_fts_update",
    "DROP TRIGGER actions_action_fts_delete",
    "DROP TRIGGER actions_action_fts_insert",
    "DROP TABLE actions_action_fts",
]


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        run_by_vendor(
            {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD},
            {"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD},
        ),
    ]
