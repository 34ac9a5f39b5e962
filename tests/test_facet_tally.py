"""The whole corpus's facet counts are read from a tally the database keeps as actions are
written (migration 0019): whoever writes, they equal a count of the actions, and they are
exact however big the corpus."""

from collections import Counter

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.explore.summaries import filterset_for
from actions.facets import FACETS, facet_counts, selected_at_most
from actions.models import Action, ActionType, Country, Partner, Theme


def counted_by_hand() -> dict[str, Counter]:
    """Every facet's counts over all actions, from their rows and links, as the facets name
    their values."""
    counts = {spec.param: Counter() for spec in FACETS}
    for action in Action.objects.select_related("country__region", "partner").prefetch_related(
        "themes", "action_types", "expert_origins"
    ):
        if action.country:
            counts["country"][action.country.code] += 1
            if action.country.region:
                counts["region"][action.country.region.slug] += 1
        if action.partner:
            counts["partner"][action.partner.slug] += 1
        counts["year"][str(action.year) if action.year else "none"] += 1
        counts["kind"][action.kind] += 1
        counts["theme"].update(theme.slug for theme in action.themes.all())
        counts["type"].update(kind.slug for kind in action.action_types.all())
        counts["origin"].update(country.code for country in action.expert_origins.all())
    return counts


def counted_from_tally(settings) -> tuple[int, dict[str, Counter]]:
    settings.FACET_VALUES_SHOWN = 1_000  # every value, to compare them all
    result = facet_counts(filterset_for({}))
    return result.total, {facet.param: Counter({v.value: v.count for v in facet.values}) for facet in result.facets}


def test_every_kind_of_write_moves_the_whole_corpus_counts(small_list, settings):
    """Saves, link changes, bulk and raw writes, updates of many rows and deletes: each
    adds what it writes and takes away what it replaces."""
    peru, kenya = Country.objects.get(code="PE"), Country.objects.get(code="KE")
    action = Action.objects.create(title="Jobs fair", slug="jobs-fair", country=peru, year=2021, kind="forum")
    action.themes.add(Theme.objects.get(slug="youth"))
    action.action_types.set(ActionType.objects.all()[:2])
    action.expert_origins.add(kenya, peru)
    Action.objects.bulk_create(
        Action(title=f"Review {n}", slug=f"review-{n}", country=kenya, kind="webinar") for n in range(3)
    )
    Action.objects.filter(slug__startswith="review-").update(country=peru, year=2019)
    action.expert_origins.remove(kenya)
    action.partner = Partner.objects.first()
    action.save()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE actions_action SET kind = 'meeting' WHERE slug = %s", ["review-0"])
        cursor.execute("DELETE FROM actions_action_themes WHERE action_id = %s", [action.pk])
    Action.objects.filter(slug="review-1").delete()
    Action.objects.exclude(slug__startswith="review-").exclude(pk=action.pk).first().delete()

    total, tallied = counted_from_tally(settings)
    assert total == Action.objects.count()
    assert tallied == counted_by_hand()


@pytest.mark.django_db(transaction=True)  # a flush outside any transaction, as between such tests
def test_an_emptied_database_counts_nothing_before_its_next_action(small_list, settings):
    """What a flush between tests does (PostgreSQL truncates, without firing delete
    triggers): the tally is emptied with the actions, not left counting them."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    assert counted_from_tally(settings)[0] == 0
    country = Country.objects.create(code="PE", name="Peru")
    Action.objects.create(title="First again", slug="first-again", country=country, kind="action")
    total, tallied = counted_from_tally(settings)
    assert total == 1
    assert tallied["country"] == Counter({"PE": 1})


def test_the_whole_corpus_is_counted_exactly_in_one_statement_however_big(client, small_list, settings):
    """Above the exact limit a filtered page's counts are sampled; the home page's, read
    from the tally, are not, and no statement counts the actions themselves."""
    peru = Country.objects.get(code="PE")
    Action.objects.bulk_create(
        Action(title=f"Review {n}", slug=f"review-{n}", country=peru, year=2020) for n in range(400)
    )
    settings.FACET_EXACT_LIMIT = 100
    # one id in about eight sampled: the ids a test gets depend on how many rows the tests before it made
    settings.FACET_SAMPLE_SIZE = -(-Action.objects.latest("pk").pk // 8)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == Action.objects.count()
    years = {
        value.value: value.count
        for facet in response.context["facets"]
        if facet.param == "year"
        for value in facet.values
    }
    assert years["2020"] == Action.objects.filter(year=2020).count()
    counting = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert counting and all("actions_facettally" in sql for sql in counting)
    assert client.get("/", {"year": "2020"}).context["estimated"] is True


def test_a_lone_filter_counts_its_own_facet_from_the_tally(client, small_list, settings):
    """Ecuador's page counts the countries without Ecuador's filter: the whole corpus, read
    from the tally, so a small country's page is counted exactly however big the corpus."""
    peru = Country.objects.get(code="PE")
    Action.objects.bulk_create(Action(title=f"Review {n}", slug=f"review-{n}", country=peru) for n in range(400))
    settings.FACET_EXACT_LIMIT = 100
    settings.FACET_SAMPLE_SIZE = 40
    response = client.get("/", {"country": "EC"})
    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == Action.objects.filter(country__code="EC").count()
    countries = {v.value: v.count for f in response.context["facets"] if f.param == "country" for v in f.values}
    assert countries["PE"] == Action.objects.filter(country=peru).count()


def test_the_most_actions_the_filters_select_is_the_fewest_any_filtered_facet_holds(small_list):
    peru, kenya = Country.objects.get(code="PE"), Country.objects.get(code="KE")
    jobs_fair = Action.objects.create(title="Jobs fair", slug="jobs-fair", country=peru, kind="forum", year=2021)
    jobs_fair.themes.add(Theme.objects.get(slug="youth"))
    jobs_fair.action_types.set(ActionType.objects.all()[:1])
    jobs_fair.expert_origins.add(kenya)
    Action.objects.bulk_create(Action(title=f"Review {n}", slug=f"review-{n}", country=kenya) for n in range(3))
    states = [
        {"country": ["PE", "KE"]},
        {"region": [peru.region.slug]},
        {"year": ["2021", "none"]},
        {"kind": ["forum", "webinar"]},
        {"theme": ["youth"], "country": ["KE"]},
        {"origin": ["KE"]},
        {"type": [ActionType.objects.first().slug], "partner": [Partner.objects.first().slug]},
    ]
    for state in states:
        alone = [filterset_for({param: values}).qs.count() for param, values in state.items()]
        assert selected_at_most(filterset_for(state)) == min(alone), state
    assert selected_at_most(filterset_for({"q": ["labour"]})) is None
