"""Indexes that let the detail page read "the newest actions sharing this partner, this
country, this theme" from an index, stopping after a few dozen, instead of sorting every
action of a big country or theme (see ActionQuerySet.related_to)."""

from django.db import migrations

from ._by_vendor import run_by_vendor

NEWEST = {"postgresql": "year DESC NULLS LAST, title", "sqlite": "year DESC, title"}
CREATE = {
    vendor: [
        f"CREATE INDEX action_partner_newest ON actions_action (partner_id, {newest})",
        f"CREATE INDEX action_country_newest ON actions_action (country_id, {newest})",
        "CREATE INDEX action_theme_link_newest ON actions_action_themes (theme_id, action_id)",
    ]
    for vendor, newest in NEWEST.items()
}
DROP = [f"DROP INDEX {name}" for name in ("action_partner_newest", "action_country_newest", "action_theme_link_newest")]


class Migration(migrations.Migration):
    dependencies = [("actions", "0006_facet_columns_index")]

    operations = [run_by_vendor(CREATE, {vendor: DROP for vendor in NEWEST})]
