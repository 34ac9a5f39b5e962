"""Raw SQL that differs by database, for the migrations of this app. (The migration loader
skips modules whose name starts with "_". Migrations already applied run this code again
only when rolled back or replayed on a new database, so change it only compatibly.)"""

from django.db import migrations


def run_by_vendor(forward: dict[str, list[str]], backward: dict[str, list[str]]) -> migrations.RunPython:
    """Runs the statements listed for the database in use, none on another database."""

    def run(statements_by_vendor):
        def operation(apps, schema_editor):
            for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward))
