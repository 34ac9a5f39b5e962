"""A covering index over the columns that facets count, so that counting reads a narrow
index (an index-only scan) instead of rows that carry their descriptions. Rows under about
2 KB keep their text inline, so without it every counted row costs a kilobyte of reading."""

from django.db import migrations

from ._by_vendor import run_by_vendor

DROP = ["DROP INDEX action_facet_columns"]


class Migration(migrations.Migration):
    dependencies = [("actions", "0005_search_document_table")]

    operations = [
        run_by_vendor(
            {
                "postgresql": [
                    "CREATE INDEX action_facet_columns ON actions_action (id) INCLUDE (country_id, partner_id, year, kind)"
                ],
                "sqlite": ["CREATE INDEX action_facet_columns ON actions_action (id, country_id, partner_id, year, kind)"],
            },
            {"postgresql": DROP, "sqlite": DROP},
        )
    ]
