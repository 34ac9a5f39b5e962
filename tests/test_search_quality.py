"""Search behaviour that must hold on both backends (PostgreSQL full-text, SQLite FTS5)."""

import json
import re

import pytest
from django.urls import reverse

from actions import search
from actions.models import Action

URL = reverse("actions:list")


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(client, query, **params):
    return [action.title for action in results(client, q=query, **params).context["page"]]


def test_stemming_finds_other_forms_of_a_word(client, seeds):
    assert "Training course on managing employment disputes effectively" in titles(client, "trainings")
    assert "Training course on managing employment disputes effectively" in titles(client, "trained")


@pytest.mark.parametrize("query", ["pole emploi", "Pôle Emploi", "PÔLE EMPLOI"])
def test_accents_and_case_are_ignored_in_the_query(client, seeds, query):
    assert any("Public employment services and communication" in t for t in titles(client, query))


def test_an_accented_query_finds_text_written_without_accents(client, seeds):
    assert titles(client, "Pôlitiques publiques") == titles(client, "politiques publiques")


@pytest.mark.parametrize(
    ("acronym", "expected"),
    [
        ("UAESPE", "Strengthening of entrepreneurial capacities"),
        ("ANPE", "Green Jobs Programme development"),
        ("LMIS", "Job Impact Assessment of Public Investments"),
        ("MTPE", "Supporting the MTPE in concluding and drafting social security agreements for migrant workers"),
    ],
)
def test_acronyms_find_their_actions(client, seeds, acronym, expected):
    assert any(t.startswith(expected) for t in titles(client, acronym))


def test_spanish_words_of_local_names_are_found(client, seeds):
    assert titles(client, "discapacidad")[0].startswith(
        "Promote employment opportunities for persons with disabilities"
    )


def test_a_typo_finds_the_word_it_meant_and_says_so(client, seeds):
    response = results(client, q="soft skils")
    found = [a.title for a in response.context["page"]]
    assert "Implementation of the Employability Enhancement Project for the development of Soft Skills" in found
    assert response.context["search_query"].corrections == (("skils", "skills"),)
    html = response.content.decode()
    assert "“skils” → <strong>skills</strong>" in html
    assert "exact=1" in html  # a link to search the words exactly as typed


def test_a_query_with_its_places_as_words_is_still_corrected(client, seeds):
    response = results(client, q="soft skils", literal="1")  # what a place chip's ✕ links to
    assert response.context["search_query"].corrections == (("skils", "skills"),)


def test_a_word_the_texts_hold_is_never_corrected(client, seeds):
    response = results(client, q="soft skills", literal="")
    assert response.context["search_query"].corrections == ()


def test_a_query_exactly_as_typed_is_not_corrected(client, seeds):
    response = results(client, q="soft skils", exact="1")
    assert response.context["search_query"].corrections == ()
    assert "No action matches all the words" in response.content.decode()  # "soft" alone


def test_a_query_that_nothing_resembles_finds_nothing_and_suggests_nothing(client, seeds):
    response = results(client, q="zzyzzyqx")
    assert response.context["page"].paginator.count == 0
    assert "Did you mean" not in response.content.decode()


def test_a_query_no_record_matches_in_full_shows_the_closest_records_first(client, seeds):
    response = results(client, q="social security agreements migrants Peru pensions")
    titles = [action.title for action in response.context["page"]]
    assert titles[0] == "Supporting the MTPE in concluding and drafting social security agreements for migrant workers"
    assert "No action matches all the words" in response.content.decode()


def test_a_title_match_ranks_above_a_description_only_match(client, seeds):
    found = titles(client, "teleworking")
    assert found[0] == "Implementation strategies for teleworking"


def test_results_for_a_query_are_in_relevance_order_by_default(client, seeds):
    response = results(client, q="green jobs")
    assert response.context["sort"] == "relevance"
    ranked = search.search(Action.objects.all(), search.read("green jobs"))
    relevance = dict(ranked.values_list("pk", "relevance"))
    relevances = [relevance[action.pk] for action in response.context["page"]]
    assert len(relevances) > 3
    assert relevances == sorted(relevances, reverse=True)


def test_results_can_be_sorted_by_year_or_title_instead(client, seeds):
    by_title = titles(client, "green jobs", sort="title")
    assert by_title == sorted(by_title)


def test_matches_are_highlighted_in_titles_and_snippets(client, seeds):
    html = results(client, q="teleworking").content.decode()
    assert "<mark>teleworking</mark>" in html
    assert html.count("<mark>") >= 2


def test_highlighting_escapes_the_text_around_marks(small_list):
    action = Action.objects.get(title="Services to employers in Ecuador")
    action.title = "Services <to> employers & partners in Ecuador"
    action.save()
    marked = search.with_highlights(Action.objects.filter(pk=action.pk), search.parse("employers"))
    (highlight,) = search.highlights(marked).values()
    assert highlight.title == "Services &lt;to&gt; <mark>employers</mark> &amp; partners in Ecuador"


def test_facet_counts_stay_exact_under_a_query_and_filters(client, seeds):
    response = results(client, q="youth", country=["PE", "TG"])
    counts = {f.param: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    youth = search.search(Action.objects.all(), search.parse("youth"))
    # a facet's own selection does not shrink its other values
    assert len(counts["country"]) > 2
    for code, count in counts["country"].items():
        assert count == youth.filter(country__code=code).count(), code
    # other facets count the query and the selected countries together
    selected = youth.filter(country__code__in=["PE", "TG"])
    assert sum(counts["kind"].values()) == selected.count() == response.context["page"].paginator.count
    assert counts["origin"]["FR"] == selected.filter(expert_origins__code="FR").count()


def test_export_follows_the_relevance_order(client, seeds):
    page = [a.slug for a in results(client, q="green jobs").context["page"]]
    response = client.get(reverse("actions:export-json"), {"q": "green jobs"})
    exported = [row["slug"] for row in json.loads(b"".join(response.streaming_content))]
    assert exported[: len(page)] == page


@pytest.mark.parametrize(
    "query",
    ["!!!", "'", '"', '"green jobs', "' OR 1=1 --", "NEAR(a b)", "title:green", "a* OR b", "-", "(((", "\\", "%_%"],
)
def test_queries_with_operators_or_punctuation_get_a_normal_page(client, seeds, query):
    assert client.get(URL, {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ["x" * 501, "green\x00jobs"])
def test_oversized_or_binary_queries_get_400_with_a_message(client, seeds, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_live_update_returns_only_the_results_part(client, seeds):
    response = client.get(URL, {"q": "green jobs", "country": "PE"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="search-filters" hx-swap-oob="true"' in html
    assert '<input type="hidden" name="country" value="PE">' in html
    # a phrase is marked whole (SQLite) or word by word (PostgreSQL)
    assert re.search(
        r"Public policies for the promotion of <mark>green(</mark> <mark>| )jobs</mark> among the youth", html
    )


def test_the_full_page_works_without_javascript(client, seeds):
    html = client.get(URL, {"q": "green jobs"}).content.decode()
    assert '<form class="search" method="get" action="/"' in html
    assert 'href="?q=green+jobs&amp;country=PE"' in html
    assert "htmx-2.0.11.min.js" in html
