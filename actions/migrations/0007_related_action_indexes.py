"""Indexes that let the detail page read "the newest actions sharing this partner, this
country, this theme" from an index, stopping after a few dozen, instead of sorting every
action of a big country or theme (see ActionQuerySet.related_to)."""

from django.db import migrations

NEWEST = {"postgresql": "year DESC NULLS LAST, title", "sqlite": "year DESC, title"}


def statements(vendor):
    return [
        f"CREATE INDEX action_partner_newest ON actions_action (partner_id, {NEWEST[vendor]})",
        f"CREATE INDEX action_country_newest ON actions_action (country_id, {NEWEST[vendor]})",
        "CREATE INDEX action_theme_link_newest ON actions_action_themes (theme_id, action_id)",
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor in NEWEST:
        for statement in statements(schema_editor.connection.vendor):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in NEWEST:
        for name in ("action_partner_newest", "action_country_newest", "action_theme_link_newest"):
            schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("actions", "0006_facet_columns_index")]

    operations = [migrations.RunPython(create, drop)]
