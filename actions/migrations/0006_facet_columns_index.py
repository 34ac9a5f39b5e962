"""A covering index over the columns that facets count, so that counting reads a narrow
index (an index-only scan) instead of rows that carry their descriptions. Rows under about
2 KB keep their text inline, so without it every counted row costs a kilobyte of reading."""

from django.db import migrations

FORWARD = {
    "postgresql": "CREATE INDEX action_facet_columns ON actions_action (id) INCLUDE (country_id, partner_id, year, kind)",
    "sqlite": "CREATE INDEX action_facet_columns ON actions_action (id, country_id, partner_id, year, kind)",
}


def create(apps, schema_editor):
    if statement := FORWARD.get(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in FORWARD:
        schema_editor.execute("DROP INDEX action_facet_columns")


class Migration(migrations.Migration):
    dependencies = [("actions", "0005_search_document_table")]

    operations = [migrations.RunPython(create, drop)]
