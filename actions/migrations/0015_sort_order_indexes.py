"""The indexes in the lists' sort order, on both databases, and none that repeats them.

On SQLite, Django's rebuild of actions_action in migration 0008 dropped the indexes of
0004 and 0007 that it does not know of (newest first; newest first per partner and per
country), so the first page of a big corpus sorted every action. They are made again.

The single-column indexes Django makes for country, partner and year are the leading
columns of those indexes, which serve the same lookups: dropping them saves every write
three index insertions (and the history, which is never looked up by year, one). Django is
told of it in its state alone: on SQLite, a change of db_index through the schema editor
would rebuild the tables once more."""

from django.db import migrations, models

from ._by_vendor import run_by_vendor

# (table, index Django made for a field with db_index, its column)
SINGLE_COLUMN = [
    ("actions_action", "actions_action_country_id_7fce4ab6", "country_id"),
    ("actions_action", "actions_action_partner_id_b126d805", "partner_id"),
    ("actions_action", "actions_action_year_5579ba60", "year"),
    ("actions_historicalaction", "actions_historicalaction_year_e4a4e2a0", "year"),
]
SORT_ORDER_ON_SQLITE = [
    "CREATE INDEX IF NOT EXISTS action_newest_first ON actions_action (year DESC, title)",
    "CREATE INDEX IF NOT EXISTS action_partner_newest ON actions_action (partner_id, year DESC, title)",
    "CREATE INDEX IF NOT EXISTS action_country_newest ON actions_action (country_id, year DESC, title)",
]
DROP_SINGLE = [f"DROP INDEX IF EXISTS {index}" for _, index, _ in SINGLE_COLUMN]
CREATE_SINGLE = [f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})" for table, index, column in SINGLE_COLUMN]


class Migration(migrations.Migration):
    dependencies = [("actions", "0014_facet_id_columns")]

    operations = [
        run_by_vendor(
            forward={"sqlite": SORT_ORDER_ON_SQLITE + DROP_SINGLE, "postgresql": DROP_SINGLE},
            backward={"sqlite": CREATE_SINGLE, "postgresql": CREATE_SINGLE},
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="partner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="actions",
                        to="actions.partner",
                        verbose_name="partner",
                    ),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="actions_received",
                        to="actions.country",
                        verbose_name="beneficiary country",
                    ),
                ),
                *(
                    migrations.AlterField(
                        model_name=model,
                        name="year",
                        field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
                    )
                    for model in ("action", "historicalaction")
                ),
            ]
        ),
    ]
