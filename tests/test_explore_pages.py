"""Country, partner and theme pages, the map, the flows and the feed: what they say, in a
fixed number of queries whatever the data size."""

import re
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Country, Theme

ATOM = "{http://www.w3.org/2005/Atom}"


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def more_actions(count):
    """Actions spread over countries, origins, themes and years, as a bigger catalogue has."""
    countries = list(Country.objects.all())
    themes = list(Theme.objects.all())
    for n in range(count):
        action = Action.objects.create(
            title=f"Review {n}", slug=f"review-{n}", country=countries[n % len(countries)], year=2000 + n % 20
        )
        action.expert_origins.set(countries[(n + 1) % len(countries) :][:2])
        action.themes.set(themes[n % len(themes) :][:2])


def test_a_country_page_shows_both_directions(client, small_list):
    response = client.get("/countries/pe/")
    assert (response.context["received"].total.count, response.context["gave"].total.count) == (2, 0)
    assert [(f.label, f.count) for f in response.context["came_from"]] == [("Spain", 2), ("Italy", 1), ("Sweden", 1)]
    france = client.get("/countries/fr/")
    assert france.context["received"].total.count == 0
    assert [(f.label, f.count) for f in france.context["went_to"]] == [("Ecuador", 1), ("Senegal", 1)]


def test_country_addresses_are_lower_case_and_unknown_ones_are_not_found(client, small_list):
    response = client.get("/countries/PE/")
    assert (response.status_code, response["Location"]) == (301, "/countries/pe/")
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/themes/nothing/").status_code == 404
    assert client.get("/partners/nobody/").status_code == 404


def test_pages_cost_the_same_number_of_queries_whatever_the_data_size(client, small_list):
    urls = ["/", "/countries/", "/countries/pe/", "/themes/youth/", "/partners/mtpe-pe/", "/map/", "/flows/"]
    before = [queries(client, url) for url in urls]
    more_actions(60)
    assert [queries(client, url) for url in urls] == before


def test_the_timeline_counts_actions_without_a_year_apart(client, small_list):
    Action.objects.filter(title="Soft skills for jobseekers in Togo").update(year=None)
    timeline = client.get("/").context["overview"].timeline()
    assert [year for year, _, _ in timeline.years] == ["2021", "2022", "2023"]
    assert timeline.undated.count == 1
    undated = client.get(timeline.undated.url)
    assert [a.title for a in undated.context["page"]] == ["Soft skills for jobseekers in Togo"]


def test_the_map_follows_the_filters_and_switches_to_expert_origins(client, small_list):
    youth = client.get("/map/", {"theme": "youth"})
    assert [(c["name"], c["count"], c["id"]) for c in youth.context["map"]] == [
        ("Peru", 1, "PER"),
        ("Senegal", 1, "SEN"),
    ]
    origins = client.get("/map/", {"theme": "youth", "by": "origin"})
    assert {c["name"] for c in origins.context["map"]} == {"Belgium", "France", "Italy", "Spain"}
    assert origins.context["map"][0]["page"].startswith("/countries/")


def test_flows_rank_pairs_of_expert_origin_and_beneficiary(client, small_list):
    pairs = client.get("/flows/").context["pairs"]
    assert (pairs[0].origin, pairs[0].destination, pairs[0].figure.count) == ("Spain", "Peru", 2)
    assert pairs[0].figure.url == "/?origin=ES&country=PE"


def test_the_flows_count_pairs_on_the_actions_rows_and_count_no_facet(client, small_list):
    """The origins' ids kept on each action's row are counted, not the link table; the
    page shows no facet, so it counts none (each facet's counts are named <facet>_counts)."""
    peru, spain = Country.objects.get(code="PE"), Country.objects.get(code="ES")
    Action.objects.create(title="Job fair in Cusco", slug="job-fair-cusco", country=peru).expert_origins.add(spain)
    with CaptureQueriesContext(connection) as captured:
        pairs = client.get("/flows/").context["pairs"]
    assert (pairs[0].origin, pairs[0].destination, pairs[0].figure.count) == ("Spain", "Peru", 3)
    statements = " ".join(query["sql"] for query in captured.captured_queries)
    assert "actions_action_expert_origins" not in statements
    assert "_counts" not in statements


def test_the_feed_is_atom_with_the_browse_filters(client, small_list):
    response = client.get("/feed.atom", {"country": "PE"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = sorted(entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry"))
    assert titles == ["Labour market information system for Peru", "Youth guarantee design in Peru"]
    assert client.get("/feed.atom", {"country": "Atlantis"}).status_code == 400
    assert 'type="application/atom+xml"' in client.get("/", {"country": "PE"}).content.decode()


def test_the_home_page_opens_with_the_statistics_only_when_nothing_is_filtered(client, small_list, settings):
    home = client.get("/")
    assert home.context["overview"].total.count == 6
    assert home.context["overview"].distinct("country").count == 5
    assert home.context["overview"].years_covered() == (2021, 2024)
    headline = home.content.decode().split('class="headline"')[1].split("</dl>")[0]
    origins = Country.objects.filter(actions_given_expertise__isnull=False).distinct().count()
    themes = Theme.objects.filter(actions__isnull=False).distinct().count()
    assert re.findall(r">(\d+)</a>", headline) == ["6", "5", "5", str(origins), str(themes)]
    assert "2021–2024" in headline
    Action.objects.create(title="Job fair in Quito", slug="job-fair-quito", year=2025)
    headline = client.get("/").content.decode().split('class="headline"')[1].split("</dl>")[0]
    assert re.findall(r">(\d+)</a>", headline)[0] == "7" and "2021–2025" in headline  # rendered again
    assert "overview" not in client.get("/", {"country": "PE"}).context
    settings.ACTIONS_PER_PAGE = 2
    assert "overview" in client.get("/", {"page": "1"}).context
    later_page = client.get("/", {"page": "2"})
    assert later_page.context["page"].number == 2
    assert "overview" not in later_page.context and 'class="overview"' not in later_page.content.decode()


def test_indexes_list_every_partner_and_country_not_only_the_most_frequent(client, small_list, settings):
    settings.FACET_VALUES_SHOWN = 2
    partners = client.get("/partners/").context["rows"]
    assert len(partners) == 5 and sum(figure.count for _, figure in partners) == 6
    countries = client.get("/countries/").context["rows"]
    assert {country.code for country, _, _ in countries} >= {"PE", "EC", "SN", "TG", "ME", "FR", "ES"}


def test_in_a_big_corpus_the_timeline_is_tallied_and_the_flows_estimated(client, small_list, settings):
    """The home page's timeline, like its facets, comes from the tally, exact at any size;
    the flows are counted from the actions' rows, on the sample the corpus's size calls for."""
    peru, spain = Country.objects.get(code="PE"), Country.objects.get(code="ES")
    added = Action.objects.bulk_create(
        Action(title=f"Review {n}", slug=f"review-{n}", country=peru, year=2000 + n % 20) for n in range(300)
    )
    origins = Action.expert_origins.through
    origins.objects.bulk_create(origins(action_id=action.pk, country_id=spain.pk) for action in added)
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 100, 50
    home = client.get("/")
    years = home.context["overview"].timeline().years
    assert not any(total.estimated for _, total, _ in years)
    assert sum(total.count for _, total, _ in years) == Action.objects.exclude(year=None).count()
    assert "≈" not in home.content.decode().split('class="overview"')[1].split("</section>")[0]
    pairs = client.get("/flows/").context["pairs"]
    assert pairs and all(pair.figure.estimated for pair in pairs)


def test_flows_of_a_small_country_are_estimated_when_the_browse_page_they_link_to_is(client, small_list, settings):
    """Peru's 60 flows from Spain link to a browse page that counts Spain's 360 actions
    (the countries without Peru's filter) on a sample: the flows, counted on the same
    sample, say so too."""
    countries = {code: Country.objects.get(code=code) for code in ["PE", "TG", "ES"]}
    added = Action.objects.bulk_create(
        Action(title=f"Review {n}", slug=f"review-{n}", country=countries["PE" if n < 60 else "TG"]) for n in range(360)
    )
    origins = Action.expert_origins.through
    origins.objects.bulk_create(origins(action_id=action.pk, country_id=countries["ES"].pk) for action in added)
    # counts above 100 sampled, one id in about eight (ids depend on the tests run before)
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 100, -(-Action.objects.latest("pk").pk // 8)
    assert client.get("/", {"country": "PE", "origin": "ES"}).context["estimated"]
    pairs = client.get("/flows/", {"country": "PE"}).context["pairs"]
    assert pairs and all(pair.figure.estimated for pair in pairs)


def test_an_index_reuses_the_counts_the_home_page_already_made(client, small_list):
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/themes/")
    counting = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    assert len(counting) == 1  # only the list of every theme; the summary of all actions is cached


def test_in_a_big_corpus_a_narrow_page_samples_each_set_once(client, small_list, settings):
    """A country with few actions in a big corpus: each of its sets is sampled once, found
    small and counted exactly; the lists of every value then count it exactly at once."""
    peru = Country.objects.get(code="PE")
    Action.objects.bulk_create(Action(title=f"Review {n}", slug=f"review-{n}", country=peru) for n in range(300))
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 100, 50
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/countries/ec/")
    counting = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    # received and gave, with every origin and every destination: sampled, then exact
    assert len(counting) == 4
    assert len(captured.captured_queries) <= 12
    assert response.context["received"].total.count == 1 and not response.context["received"].counted.estimated
    assert [figure.count for figure in response.context["came_from"]] == [1]


def test_timelines_are_counted_by_the_statements_that_count_a_pages_other_figures(client, small_list):
    """Actions per year and kind come with the facet counts (a country page's two sets, a
    theme's, a partner's, the whole corpus's on the home page), not from grouped
    statements of their own."""
    for url in ["/", "/countries/pe/", "/themes/youth/", "/partners/mtpe-pe/"]:
        with CaptureQueriesContext(connection) as captured:
            assert 'data-chart="timeline"' in client.get(url).content.decode()  # drawn: it has years
        grouped_apart = [
            q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"] and "UNION ALL" not in q["sql"]
        ]
        assert grouped_apart == [], url
    peru = client.get("/countries/pe/").context
    assert [(year, total.count) for year, total, _ in peru["received_timeline"].years] == [("2022", 1), ("2023", 1)]


def test_a_country_page_lists_every_origin_and_destination_in_the_statements_of_its_figures(
    client, small_list, settings
):
    """Where its experts came from and where its own went, every one, not only the values
    a facet shows, from the two statements that count the rest of its figures."""
    settings.FACET_VALUES_SHOWN = 1
    peru = Country.objects.get(code="PE")
    france = Country.objects.get(code="FR")
    came_from = Country.objects.filter(actions_given_expertise__country=peru).distinct()
    went_to = Country.objects.filter(actions_received__expert_origins=france).distinct()
    assert came_from.count() > 1 and went_to.count() > 1  # more than a facet shows here
    with CaptureQueriesContext(connection) as captured:
        peru_page, france_page = client.get("/countries/pe/"), client.get("/countries/fr/")
    assert {figure.value for figure in peru_page.context["came_from"]} == {c.code for c in came_from}
    assert {figure.value for figure in france_page.context["went_to"]} == {c.code for c in went_to}
    assert len(peru_page.context["received_themes"]) == 1  # the other facets as the browse page shows them
    assert len([q for q in captured.captured_queries if "UNION ALL" in q["sql"]]) == 4  # two a page
