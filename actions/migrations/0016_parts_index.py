"""The parts of an action ("Includes" on its page) read from an index in their sort order.

Almost no action is part of another, and SQLite without STAT4 estimates an equality on
part_of_id from its average over all rows, NULLs included ("one value in two rows"), so it
walked the whole newest-first index to find an action's parts (142 ms for the detail page
at 100,000 actions). An index of the actions that have a part_of, ordered as the list is,
holds a handful of rows whose statistics say so; it serves the foreign key's lookups too,
so the single-column index Django made for part_of goes. As in 0015, Django is told of that
in its state alone, since on SQLite the schema editor would rebuild the table."""

from django.db import migrations, models

from ._by_vendor import run_by_vendor

SINGLE_COLUMN = "actions_action_part_of_id_a5c084a2"
PARTS = "CREATE INDEX action_parts_newest ON actions_action (part_of_id, year DESC{nulls}, title) WHERE part_of_id IS NOT NULL"
FORWARD = [f"DROP INDEX IF EXISTS {SINGLE_COLUMN}"]
BACKWARD = ["DROP INDEX action_parts_newest", f"CREATE INDEX {SINGLE_COLUMN} ON actions_action (part_of_id)"]


class Migration(migrations.Migration):
    dependencies = [("actions", "0015_sort_order_indexes")]

    operations = [
        run_by_vendor(
            forward={
                # SQLite puts NULL last in a descending order and refuses NULLS LAST (see 0004)
                "sqlite": [PARTS.format(nulls=""), *FORWARD],
                "postgresql": [PARTS.format(nulls=" NULLS LAST"), *FORWARD],
            },
            backward={"sqlite": BACKWARD, "postgresql": BACKWARD},
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="part_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The larger action this one belongs to.",
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="includes",
                        to="actions.action",
                        verbose_name="part of",
                    ),
                )
            ]
        ),
    ]
