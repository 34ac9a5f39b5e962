"""Facet counts and the number of matches come from one statement, are cached per filter
state, and are dropped as soon as a record or a name they show changes."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from actions import facets
from actions.filters import ActionFilterSet
from actions.models import Action, ActionType, Country, Theme


def facet(response, param):
    return {v.value: (v.label, v.count) for f in response.context["facets"] if f.param == param for v in f.values}


def statements(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", params)
    return response, [q["sql"] for q in queries.captured_queries]


def test_all_facets_and_the_total_come_from_one_statement(client, small_list):
    response, sql = statements(client, {"country": ["PE", "EC"], "theme": "youth"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert facet(response, "country")["PE"] == ("Peru", 1)  # counted without the country filter
    assert facet(response, "theme")["youth"] == ("Youth employment", 1)  # counted without the theme filter
    assert facet(response, "theme")["employer-services"][1] == 1
    assert len([s for s in sql if "UNION ALL" in s]) == 1
    # the paginator reuses the total: no count of the filtered actions
    assert not [s for s in sql if s.startswith('SELECT COUNT(*) AS "__count"') and "WHERE" in s]
    assert len(sql) <= 12


def test_country_and_partner_filters_name_the_ids_the_planner_has_statistics_for(client, small_list):
    """A join on the code leaves PostgreSQL guessing a country's size (one in so many);
    its id, a constant, is in the column's statistics, so a big country is read from the
    sample and a small one from its index."""
    peru = Action.objects.filter(country__code="PE").select_related("partner").first()
    response, sql = statements(client, {"country": "PE", "partner": peru.partner.slug})
    assert response.context["page"].paginator.count >= 1
    for statement in sql:
        if 'FROM "actions_action"' in statement and ("country_id" in statement or "partner_id" in statement):
            assert 'INNER JOIN "actions_country" ON ("actions_action"."country_id"' not in statement
            assert 'INNER JOIN "actions_partner" ON ("actions_action"."partner_id"' not in statement
    listed = next(s for s in sql if s.startswith('SELECT "actions_action"."id" AS "pk" FROM "actions_action" WHERE'))
    assert f'"actions_action"."country_id" IN ({peru.country_id})' in listed
    assert f'"actions_action"."partner_id" IN ({peru.partner_id})' in listed


def test_a_repeated_filter_state_is_answered_from_the_cache(client, small_list):
    statements(client, {"country": "PE"})
    response, sql = statements(client, {"country": "PE", "page": "1", "sort": "title"})
    assert not [s for s in sql if "UNION ALL" in s]
    assert response.context["page"].paginator.count == 2
    assert facet(response, "country")["PE"] == ("Peru", 2)


def test_counts_without_the_selected_facets_are_kept_apart_from_the_browse_pages(small_list):
    """A summary of a filter state counts no facet the state selects; with every facet
    selected it counts none, and the browse page of that same state must still get all."""
    action = Action.objects.get(title="Youth guarantee design in Peru")
    data = QueryDict(mutable=True)
    data.update(
        {
            "country": action.country.code,
            "region": action.country.region.slug,
            "theme": action.themes.first().slug,
            "type": action.action_types.first().slug,
            "origin": action.expert_origins.first().code,
            "year": str(action.year),
            "kind": action.kind,
            "partner": action.partner.slug,
        }
    )
    filterset = ActionFilterSet(data, queryset=Action.objects.all())
    assert set(filterset.state) == {spec.param for spec in facets.FACETS}
    assert facets.facet_counts(filterset, without_own_filters=True).facets == []
    browsed = facets.facet_counts(filterset)
    assert [facet.param for facet in browsed.facets] == [spec.param for spec in facets.FACETS]
    assert browsed.total == 1


def test_the_whole_corpus_counts_outlive_those_of_a_filter_state(client, small_list, settings):
    """Every visitor who has not filtered yet asks for the front page's counts: they are kept
    until the data changes, not only as long as one filter state's."""
    settings.FACET_CACHE_SECONDS, settings.WHOLE_CORPUS_CACHE_SECONDS = 0, 300  # 0: not kept at all
    settings.ACTIONS_PER_PAGE = 2
    statements(client, {})
    second_page, sql = statements(client, {"page": "2"})
    assert second_page.status_code == 200 and second_page.context["page"].number == 2
    assert not [s for s in sql if "UNION ALL" in s]
    statements(client, {"country": "PE"})
    _, sql = statements(client, {"country": "PE"})
    assert len([s for s in sql if "UNION ALL" in s]) == 1
    Action.objects.filter(country__code="PE").first().save()  # a write drops them too
    _, sql = statements(client, {})
    assert [s for s in sql if "UNION ALL" in s]


def test_counts_are_kept_per_language_and_dropped_by_a_deploy(client, small_list):
    """Facet titles and some labels are translated, so each language has its own counts; a
    deploy migrates, and what an earlier release kept in a shared cache is dropped."""
    statements(client, {})
    _, sql = statements(client, {})
    assert not [s for s in sql if "UNION ALL" in s]
    _, sql = statements_in(client, {}, "es")
    assert [s for s in sql if "UNION ALL" in s]
    call_command("migrate", verbosity=0)
    _, sql = statements(client, {})
    assert [s for s in sql if "UNION ALL" in s]


def test_a_release_never_reads_counts_another_release_kept_in_another_shape(client, small_list, monkeypatch):
    """During a rolling deploy two releases share the cache and the data version: what one
    keeps, the other, which may read other fields, must count afresh."""
    with monkeypatch.context() as earlier_release:
        earlier_release.setattr(facets, "KEPT_SHAPE", facets.KEPT_SHAPE - 1)
        statements(client, {})
    _, sql = statements(client, {})
    assert [s for s in sql if "UNION ALL" in s]


def statements_in(client, params, language):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", params, headers={"Accept-Language": language})
    return response, [q["sql"] for q in queries.captured_queries]


def test_renaming_a_theme_shows_at_once(client, small_list):
    assert facet(client.get("/"), "theme")["youth"][0] == "Youth employment"
    theme = Theme.objects.get(slug="youth")
    theme.name = "Juventud"
    theme.save()
    assert facet(client.get("/"), "theme")["youth"] == ("Juventud", 2)


def test_linking_and_deleting_actions_change_the_counts_at_once(client, small_list):
    assert facet(client.get("/"), "theme")["youth"][1] == 2
    action = Action.objects.exclude(themes__slug="youth").first()
    action.themes.add(Theme.objects.get(slug="youth"))
    assert facet(client.get("/"), "theme")["youth"][1] == 3
    action.delete()
    response = client.get("/")
    assert facet(response, "theme")["youth"][1] == 2
    assert response.context["page"].paginator.count == 5


def test_the_linked_facets_follow_the_links_whoever_writes_them(client, small_list):
    """Theme, type and origin are counted from ids kept on each action's row by triggers
    on the link tables: raw SQL moves the counts too, and saving an instance read before a
    link was written does not put the old ids back."""
    action = Action.objects.exclude(themes__slug="youth").filter(expert_origins__isnull=False).first()
    read_before = Action.objects.get(pk=action.pk)
    its_origins = {country.code for country in action.expert_origins.all()}
    origins = facet(client.get("/"), "origin")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO actions_action_themes (action_id, theme_id) VALUES (%s, %s)",
            [action.pk, Theme.objects.get(slug="youth").pk],
        )
        cursor.execute("DELETE FROM actions_action_expert_origins WHERE action_id = %s", [action.pk])
    read_before.title = "Renamed"
    read_before.save()
    response = client.get("/")
    assert facet(response, "theme")["youth"][1] == 3
    lost = {code: count - facet(response, "origin").get(code, ("", 0))[1] for code, (_, count) in origins.items()}
    assert {code for code, difference in lost.items() if difference} == its_origins
    assert all(difference == 1 for difference in lost.values() if difference)


def test_a_repeated_search_word_cannot_poison_the_cached_counts(client, small_list):
    poisoned = client.get("/?q=youth&q=zzzqqq")
    assert poisoned.context["page"].paginator.count == 0  # the last value is the one searched
    assert poisoned.context["state"]["q"] == "zzzqqq"  # and the one its links carry
    assert client.get("/?q=youth").context["page"].paginator.count == 2


def test_a_selected_value_that_matches_nothing_stays_selectable(client, small_list):
    response = client.get("/", {"country": "PE", "kind": "webinar"})
    assert response.context["page"].paginator.count == 0
    assert facet(response, "kind")["webinar"] == ("webinar", 0)
    assert '<a href="?country=PE" class="facet-value selected"' in response.content.decode()


def sample_about_one_in_eight(settings):
    """Counts above 100 matches sampled, the sample one in eight ids (the smallest power of
    two keeping it within an eighth of the largest): the ids a test gets depend on how many
    rows the tests before it made."""
    settings.FACET_EXACT_LIMIT = 100
    settings.FACET_SAMPLE_SIZE = -(-Action.objects.latest("pk").pk // 8)


def many_actions(count):
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    Action.objects.bulk_create(
        Action(title=f"Employment services review {n}", slug=f"review-{n}", country_id=peru.country_id, year=2020)
        for n in range(count)
    )


def test_above_the_exact_limit_counts_come_from_a_sample_and_say_about(client, small_list, settings):
    many_actions(400)
    sample_about_one_in_eight(settings)
    response = client.get("/", {"country": "PE"})
    assert response.context["estimated"] is True
    total = response.context["page"].paginator.count
    assert 300 <= total <= 520  # 402 actions, estimated from about one in ten
    assert 300 <= facet(response, "year")["2020"][1] <= 500  # 400 from 2020
    html = response.content.decode()
    assert f"about {total} actions" in html and "≈" in html and "estimated from a sample" in html


def test_a_narrow_match_in_a_big_corpus_is_counted_exactly(client, small_list, settings):
    many_actions(400)
    sample_about_one_in_eight(settings)
    response = client.get("/", {"q": "guarantee"})
    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == 1
    assert "about" not in response.content.decode().split('class="result-count">')[1][:40]


def test_a_sampled_count_reads_its_sample_from_the_covering_index(client, small_list, settings):
    """The sample's condition is the expression the covering index is ordered by: a big
    corpus's counts read their sample alone, not every action to pick one in so many."""
    many_actions(400)
    youth, links = Theme.objects.get(slug="youth"), Action.themes.through
    reviews = Action.objects.filter(slug__startswith="review-").values_list("pk", flat=True)
    links.objects.bulk_create(links(action_id=pk, theme_id=youth.pk) for pk in reviews)
    sample_about_one_in_eight(settings)
    # the youth actions, counted without the kind's filter, are read through no other index
    # (the whole corpus's counts, which were, are tallied now)
    response, sql = statements(client, {"theme": "youth", "kind": "action"})
    assert response.context["estimated"] is True
    counting = next(s for s in sql if "UNION ALL" in s)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few hundred rows: any plan would do
            cursor.execute(f"EXPLAIN {counting}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {counting}")
        plan = " ".join(str(column) for row in cursor.fetchall() for column in row)
    # a range of the index read by the slot (an index condition, SQLite's SEARCH), not all of it
    assert re.search(r"(on|using) action_facet_columns .*Index Cond: \(+(\w+\.)?id \* 633\)", plan) or (
        "SEARCH actions_action USING COVERING INDEX action_facet_columns" in plan
    )


def test_a_sample_filtered_by_theme_type_and_origin_holds_what_the_links_say(client, small_list, settings):
    """A sample's many-to-many filters read the ids kept on each action's row, not the link
    tables: the sampled total must be the sampled actions that the links put in the filters
    (any of the chosen themes, and the type, and the experts' origin)."""
    many_actions(400)
    sample_about_one_in_eight(settings)
    youth, planning = Theme.objects.get(slug="youth"), Theme.objects.exclude(slug="youth").first()
    policy, spain = ActionType.objects.first(), Country.objects.get(code="ES")
    for n, action in enumerate(Action.objects.filter(slug__startswith="review-").order_by("pk")):
        action.themes.add(*[[youth], [planning], [youth, planning], []][n % 4])
        if n % 3:
            action.action_types.add(policy)
        if n % 5:
            action.expert_origins.add(spain)
    chosen = {"theme": [youth.slug, planning.slug], "type": policy.slug, "origin": "ES"}
    response = client.get("/", chosen)
    assert response.context["estimated"] is True
    linked = Action.objects.filter(themes__in=[youth, planning]).filter(action_types=policy, expert_origins=spain)
    step = facets.sample_step(Action.objects.latest("pk").pk)
    in_sample = {pk for pk in linked.values_list("pk", flat=True) if pk * 633 % 1024 < 1024 // step}
    assert response.context["page"].paginator.count == len(in_sample) * step > 0


def test_a_search_in_a_big_corpus_is_counted_on_the_sample_in_one_statement(client, small_list, settings):
    """A search matching most of a big corpus: estimated counts from one statement, which on
    PostgreSQL is planned for the search's size (see facets._statement) and leaves the
    planner's settings as they were for the statements after it."""
    many_actions(400)
    sample_about_one_in_eight(settings)
    response, sql = statements(client, {"q": "employment services review"})
    assert response.context["estimated"] is True
    assert 300 <= response.context["page"].paginator.count <= 500  # 400 reviews, from about one in eight
    assert 300 <= facet(response, "year")["2020"][1] <= 500
    assert len([s for s in sql if "UNION ALL" in s]) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for plan in ["enable_hashjoin", "enable_nestloop", "enable_seqscan"]:
                cursor.execute(f"SHOW {plan}")
                assert cursor.fetchone() == ("on",)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's FTS5 has no index of a part of the documents")
def test_a_sampled_search_lists_its_matches_from_an_index_of_the_samples_documents(client, small_list, settings):
    """The documents are held to the sample's slots as the actions are, so that a sampled
    count of a common word lists its matches from the index of the documents of the slots
    below 128 (migration 0018), an eighth of the corpus, not from the whole corpus's; the
    themes, types and origins kept on the rows are unnested in the select list."""
    many_actions(400)
    sample_about_one_in_eight(settings)
    assert 8 < facets.SAMPLE_SLOTS // facets.sample_step(Action.objects.latest("pk").pk) <= 128  # the sample's slots
    response, sql = statements(client, {"q": "employment"})
    assert response.context["estimated"] is True
    counting = next(s for s in sql if "UNION ALL" in s)
    statement = counting[counting.index("WITH ") :]
    with connection.cursor() as cursor:
        # statistics of these rows, not of whatever the tests before left (its ids decide the sample)
        cursor.execute("ANALYZE actions_action, actions_searchdocument")
        # a few hundred rows: any plan would do, so only the plans a big corpus's would be are left
        for plan in ["enable_seqscan", "enable_indexscan", "enable_nestloop"]:
            cursor.execute(f"SET LOCAL {plan} = off")
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on searchdocument_slots_below_128_gin" in plan
    assert "actions_searchdocument_vector_gin" not in plan
    assert plan.count("ProjectSet") == len(facets.LINKED_IDS) and "Function Scan on unnest" not in plan


@pytest.mark.parametrize("largest_id", [20_001, 35_000, 100_000, 159_999, 1_000_000, 1_280_000])
def test_a_sample_holds_at_most_its_size_and_more_than_half_of_it(settings, largest_id):
    """Counting costs what the sample holds: FACET_SAMPLE_SIZE bounds it, and a power of two
    one step coarser would take half as many or fewer (at 100,000, one in 16, not in 8)."""
    settings.FACET_SAMPLE_SIZE = 10_000
    assert 5_000 < largest_id / facets.sample_step(largest_id) <= 10_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's FTS5 checks words in a row in its index")
@pytest.mark.parametrize(
    ("every_action_has_both_words", "within_a_country", "walked"),
    [(True, False, True), (False, False, False), (False, True, True)],
)
def test_a_sampled_phrase_is_counted_from_what_the_index_proposes_unless_that_is_more_than_the_sample(
    client, db, settings, every_action_has_both_words, within_a_country, walked
):
    """Words in a row are checked in each document the index proposes (having the words
    anywhere), which costs what walking a sampled action does: the sample is walked only when
    the index proposes more documents than it holds within the other filters (one action in
    eight is Peru's). How many it proposes is counted in the index of the smallest slots,
    not taken from the planner's estimate of the matches."""
    with connection.cursor() as cursor:  # ids from 1: the sample's step is reckoned from the largest
        cursor.execute("SELECT setval(pg_get_serial_sequence('actions_action', 'id'), 1, false)")

    def title(n):  # a quarter have the words in a row; the others both words apart, or neither
        if n % 4 == 0:
            return f"Green jobs {n}"
        return f"Green roofs and decent jobs {n}" if every_action_has_both_words else f"Decent work {n}"

    peru = Country.objects.create(code="PE", name="Peru")
    Action.objects.bulk_create(
        Action(title=title(n), slug=f"a-{n}", country=peru if n % 8 == 4 else None) for n in range(2048)
    )
    # one in 16: the sample holds half the documents of the smallest index holding it
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 10, 2048 // 16
    cache.clear()
    facets._proposed_in_slots.cache_clear()
    response, sql = statements(client, {"q": "green jobs", **({"country": "PE"} if within_a_country else {})})
    assert response.context["estimated"] is True
    counting = next(s for s in sql if "UNION ALL" in s)
    assert counting.startswith("SET LOCAL enable_hashjoin = off" if walked else "SET LOCAL enable_nestloop = off")
