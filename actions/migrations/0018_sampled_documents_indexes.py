"""Two smaller GIN indexes of the search documents, each over the documents of a fixed part
of the actions: those whose sample slot, (id * 633) % 1024 (facets.SAMPLE_SLOTS and
SLOT_SPREAD), is below 128 (one action in 8) or below 8 (one in 128). A sampled facet count
of a search takes the sample's slots below 1024 / step, which every corpus from about 60,000
actions up reads within one of them, so its matches are listed from an index of at most
eight times the sample instead of from the whole corpus's (at 100,000 actions, "employment":
12,300 matches listed instead of 98,700). PostgreSQL only; SQLite lists FTS5's rowids."""

from django.db import migrations

from ._by_vendor import run_by_vendor

# "%%": the schema editor passes statements with parameters, which makes "%" a placeholder
CREATE = [
    f"CREATE INDEX searchdocument_slots_below_{slots}_gin ON actions_searchdocument USING gin (vector) "
    f"WHERE ((action_id * 633) %% 1024) < {slots}"
    for slots in (128, 8)
]
DROP = [f"DROP INDEX searchdocument_slots_below_{slots}_gin" for slots in (128, 8)]


class Migration(migrations.Migration):
    dependencies = [("actions", "0017_newest_first_with_id")]

    operations = [run_by_vendor(forward={"postgresql": CREATE}, backward={"postgresql": DROP})]
