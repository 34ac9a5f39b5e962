"""An index in the browse page's default order (newest first, then title), so a first page
is read from the index instead of sorting every matching action.

PostgreSQL sorts NULL above every year and needs NULLS LAST; SQLite already puts NULL last
in a descending order and refuses NULLS LAST in an index, so each gets its own statement."""

from django.db import migrations

from ._by_vendor import run_by_vendor

DROP = ["DROP INDEX action_newest_first"]


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_search_entry")]

    operations = [
        run_by_vendor(
            {
                "postgresql": ["CREATE INDEX action_newest_first ON actions_action (year DESC NULLS LAST, title)"],
                "sqlite": ["CREATE INDEX action_newest_first ON actions_action (year DESC, title)"],
            },
            {"postgresql": DROP, "sqlite": DROP},
        )
    ]
