"""generate_corpus recombines the seeded actions into a skewed, searchable, reproducible
corpus, and replaces its previous corpus instead of adding to it."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection

from actions import search
from actions.corpus import SOURCE_NAME
from actions.explore.summaries import filterset_for
from actions.facets import all_values
from actions.models import Action

pytestmark = pytest.mark.django_db(transaction=True)


def generate(count, seed=1):
    out = io.StringIO()
    call_command("generate_corpus", "--actions", str(count), "--seed", str(seed), stdout=out)
    return out.getvalue()


def generated():
    return Action.objects.filter(source__filename=SOURCE_NAME)


def test_the_corpus_needs_seeded_actions_to_recombine(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="run load_seeds first"):
        generate(10)


def test_a_corpus_is_skewed_linked_searchable_and_reproducible(small_list):
    report = generate(600, seed=4)
    assert "600 actions written in" in report and "actions/s" in report
    actions = generated()
    assert actions.count() == 600
    assert Action.objects.exclude(source__filename=SOURCE_NAME).count() == 6  # the seeds stay
    per_country = Counter(actions.values_list("country__code", flat=True))
    most, *_, least = [count for _, count in per_country.most_common()]
    assert most >= 5 * least  # a few big countries and a long tail
    assert all(a.themes.exists() for a in actions.order_by("?")[:20])
    # found by search on either backend, through the index built after the bulk write
    assert search.search(actions, search.parse("guarantee")).exists()
    first = list(actions.order_by("slug").values_list("slug", "title", "country__code")[:50])
    generate(600, seed=4)
    assert list(generated().order_by("slug").values_list("slug", "title", "country__code")[:50]) == first
    assert generated().count() == 600  # replaced, not added


def test_a_generated_action_edited_later_is_indexed_again(small_list):
    generate(50)
    action = generated().first()
    action.title = "Quokka employment observatory"
    action.save()
    assert list(search.search(Action.objects.all(), search.parse("quokka"))) == [action]


def test_the_facets_count_a_generated_corpus_as_its_links_say(small_list, settings):
    """The generator writes each action's facet ids with its row (the link tables' triggers
    keep them for every other writer): the counts must equal the links, seeds included."""
    settings.FACET_EXACT_LIMIT = 100_000  # exact counts
    generate(300, seed=2)
    generate(300, seed=3)  # a replaced corpus leaves no ids behind
    for param, linked in [
        ("theme", "themes__slug"),
        ("type", "action_types__slug"),
        ("origin", "expert_origins__code"),
    ]:
        counted = {value.value: value.count for value in all_values(filterset_for({}), param).facets[0].values}
        links = Counter(code for code in Action.objects.values_list(linked, flat=True) if code)
        assert counted == dict(links), param


def schema(tables=("actions_action", "actions_partner", "actions_action_themes", "actions_searchdocument")):
    """Every index, constraint and trigger of the tables, with whether each trigger is on."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s, %s, %s)", tables)
            return sorted(cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) UNION ALL "
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]) UNION ALL "
            "SELECT tgname, tgenabled::text FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal",
            [list(tables)] * 4,
        )
        return sorted(cursor.fetchall())


def test_a_load_leaves_every_key_index_and_trigger_as_it_found_them(small_list):
    """On PostgreSQL the generator drops keys, indexes and triggers for the load and makes
    them again after it; a missing one would slow or corrupt every later write."""
    before = schema()
    generate(200, seed=5)
    generate(100, seed=6)
    assert schema() == before
    action = generated().first()
    action.themes.clear()  # the link tables' triggers are on again: the facet ids follow
    with connection.cursor() as cursor:
        cursor.execute("SELECT theme_ids FROM actions_action WHERE id = %s", [action.pk])
        assert cursor.fetchone()[0] in ([], "[]")


def test_a_load_that_breaks_a_key_loses_nothing(small_list):
    """A seeded action holding a slug the generator will use: the unique key, made again
    after the load, fails, and the corpus generated before is still whole."""
    generate(100, seed=7)
    kept = list(generated().order_by("slug").values_list("slug", flat=True))
    seeded = Action.objects.exclude(source__filename=SOURCE_NAME).first()
    Action.objects.filter(pk=seeded.pk).update(slug="corpus-150")
    before = schema()
    with pytest.raises(IntegrityError):
        generate(200, seed=8)
    assert list(generated().order_by("slug").values_list("slug", flat=True)) == kept
    assert schema() == before
