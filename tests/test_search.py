"""Full-text search over title, partner and description, accent- and case-insensitive."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import search
from actions.models import Action, Country, Partner

URL = reverse("actions:list")


def found(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return [action.title for action in response.context["page"]]


def test_finds_words_in_titles(client, small_list):
    assert found(client, "guarantee") == ["Youth guarantee design in Peru"]


def test_finds_words_in_descriptions(client, small_list):
    assert found(client, "counsellors") == ["Soft skills for jobseekers in Togo"]


def test_finds_partner_names_local_names_and_acronyms(client, small_list):
    assert len(found(client, "MTPE")) == 2
    assert found(client, "Agence Nationale pour l'Emploi") == ["Soft skills for jobseekers in Togo"]
    assert found(client, "anpej") == ["Green jobs for young people in Senegal"]


def test_when_some_action_has_every_word_only_those_are_shown(client, small_list):
    assert found(client, "youth peru") == ["Youth guarantee design in Peru"]
    assert found(client, '"youth montenegro"') == []  # in quotes: every word, or nothing


@pytest.mark.parametrize("query", ["pole emploi", "PÔLE EMPLOI", "Pôle Emploi", "pôle"])
def test_accents_and_case_do_not_matter(client, small_list, query):
    assert found(client, query) == ["Services to employers in Ecuador"]


def test_accented_query_finds_unaccented_text(client, small_list):
    assert found(client, "Sénégal") == ["Green jobs for young people in Senegal"]


def test_title_matches_rank_above_description_matches(client, small_list):
    Action.objects.create(title="Opening of the Podgorica job centre", slug="podgorica", description="")
    titles = found(client, "podgorica")
    assert titles == [
        "Opening of the Podgorica job centre",
        "Occupational safety and health inspection in Montenegro",  # "Podgorica" only in its description
    ]


def test_search_combines_with_facets(client, small_list):
    assert found(client, "labour", country="ME") == ["Occupational safety and health inspection in Montenegro"]


def test_query_of_punctuation_only_is_no_query(client, small_list):
    assert len(found(client, "?!*%")) == 6


def test_query_words_are_words_and_bounded():
    assert search.parse("' OR 1=1 --").words == ("1", "1")  # "OR" in capitals is an operator, not a word
    assert len(search.parse("word " * 100).words) == search.MAX_TERMS
    assert search.parse("x" * 10_000).words == ("x" * search.MAX_TERM_LENGTH,)


def test_renaming_a_partner_in_the_admin_updates_search(admin_client, small_list):
    partner = Partner.objects.get(acronym="ANPEJ")
    response = admin_client.post(
        reverse("admin:actions_partner_change", args=[partner.pk]),
        {
            "name": "Agence Nationale pour la Promotion de l'Emploi des Jeunes",
            "local_name": "",
            "acronym": "ANPEJ",
            "country": partner.country_id,
            "slug": partner.slug,
        },
    )
    assert response.status_code == 302
    assert "Agence Nationale pour la Promotion" in Action.objects.get(partner=partner).search_context
    assert found(admin_client, "agence nationale promotion jeunes") == ["Green jobs for young people in Senegal"]


def test_a_word_in_most_actions_is_ranked_among_its_newest_matches_only(client, small_list, settings):
    # "labour" is in 4 of the 6 actions and one match is ranked: only the newest, on one page
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    response = client.get("/", {"q": "labour"})
    assert [action.title for action in response.context["page"]] == ["Youth guarantee design in Peru"]
    assert response.context["page"].paginator.count == 4  # the count is still of every match
    assert "Later pages are not shown" in response.content.decode()
    refused = client.get("/", {"q": "labour", "page": 2})
    assert refused.status_code == 400
    assert "Only the first 1 pages are shown" in refused.content.decode()
    # newest first, every match can be paged through
    assert client.get("/", {"q": "labour", "page": 4, "sort": "newest"}).status_code == 200


def test_a_word_in_few_actions_is_ranked_over_all_its_matches(client, small_list, settings):
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    Action.objects.bulk_create(Action(title=f"Unrelated {n}", slug=f"unrelated-{n}") for n in range(30))
    response = client.get("/", {"q": "labour"})
    # 4 matches among 36 actions: every match is ranked, and the title match wins
    assert [action.title for action in response.context["page"]] == ["Labour market information system for Peru"]


def test_a_word_in_a_fifth_of_a_corpus_is_ranked_among_its_newest_matches_when_that_reads_fewer(
    client, small_list, settings
):
    """Finding the newest match reads about corpus / matches = 5 documents, ranking every
    match reads 8: the newest alone is ranked (matches² > ranked × corpus)."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    Action.objects.bulk_create(Action(title=f"Labour survey {n}", slug=f"survey-{n}", year=1990) for n in range(4))
    Action.objects.bulk_create(Action(title=f"Unrelated {n}", slug=f"unrelated-{n}") for n in range(30))
    response = client.get("/", {"q": "labour"})
    assert response.context["page"].paginator.count == 8
    assert [action.title for action in response.context["page"]] == ["Youth guarantee design in Peru"]
    assert client.get("/", {"q": "labour", "page": 2}).status_code == 400


def test_words_joined_by_a_slash_or_a_dot_are_found_one_by_one(client, db):
    # PostgreSQL's parser would read each of these as one token (a path, a host, a version)
    Action.objects.create(title="Coaching", slug="a", description="A group of job counsellors/trainers in Accra.")
    Action.objects.create(title="Portal", slug="b", description="Vacancies are listed on empleos.gob.pe since 2.5.1.")
    assert found(client, "counsellors") == ["Coaching"]
    assert found(client, "empleos") == ["Portal"]


@pytest.mark.parametrize("noise", ["ͺͺ", "ﾞﾞ", "__", "AND", "OR", "NOT"])
def test_characters_that_fold_to_nothing_and_operators_in_capitals_change_nothing(client, small_list, noise):
    response = client.get(URL, {"q": f"guarantee {noise}"})
    assert response.status_code == 200
    assert [action.title for action in response.context["page"]] == ["Youth guarantee design in Peru"]


def page_statement(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    ids_first = [q["sql"] for q in queries.captured_queries if 'SELECT "actions_action"."id" AS "pk"' in q["sql"]]
    return response, ids_first[0]


def quokka_census(years_in_peru, years_in_togo, unrelated):
    peru, togo = Country.objects.get(code="PE"), Country.objects.get(code="TG")
    countries = dict.fromkeys(years_in_peru, peru) | dict.fromkeys(years_in_togo, togo)
    Action.objects.bulk_create(
        [
            Action(title=f"Quokka census {year}", slug=f"quokka-{year}", year=year, country=country)
            for year, country in countries.items()
        ]
        + [Action(title=f"Unrelated {n}", slug=f"unrelated-{n}", year=2020) for n in range(unrelated)]
    )


def test_the_newest_matches_of_a_word_in_a_sixth_of_a_corpus_are_found_against_a_list_of_its_matches(
    client, small_list, settings
):
    """8 matches in 43 actions: listing them (8) costs less than five times walking to the
    newest (43 / 8 documents); the list is tested by every action walked newest first."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    quokka_census(years_in_peru=range(2001, 2008), years_in_togo=[2008], unrelated=29)
    Action.objects.filter(title="Quokka census 2001").update(title="Quokka quokka census")  # ranked first of all
    response, sql = page_statement(client, {"q": "quokka"})
    assert [action.title for action in response.context["page"]] == ["Quokka census 2008"]
    listed = "actions_searchdocument" if connection.vendor == "postgresql" else "actions_action_fts"
    assert re.search(rf'CASE WHEN \(?[\w"]+\."id" IN \(SELECT .*{listed}', sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            assert "hashed SubPlan" in " ".join(row[0] for row in cursor.fetchall())


def test_within_a_filter_the_newest_matches_are_found_by_walking_the_filtered_actions_without_a_list(
    client, small_list, settings
):
    """7 of Peru's 9 actions match, in a corpus of 52: finding the newest walks about 9 / 7
    of Peru's actions newest first, ranking every match reads 7 documents, so the newest
    alone is ranked (matches² > ranked × Peru's actions, from the tally), where the corpus
    would call for ranking them all (7² < 52). No list: it would hold the whole corpus's
    matches, the 29 Togolese ones too."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    quokka_census(years_in_peru=range(2001, 2008), years_in_togo=range(1960, 1989), unrelated=10)
    Action.objects.filter(title="Quokka census 2001").update(title="Quokka quokka census")  # ranked first of all
    assert Action.objects.filter(country__code="PE").count() == 9
    response, sql = page_statement(client, {"q": "quokka", "country": "PE"})
    assert response.context["page"].paginator.count == 7
    assert [action.title for action in response.context["page"]] == ["Quokka census 2007"]
    assert client.get(URL, {"q": "quokka", "country": "PE", "page": 2}).status_code == 400
    assert "CASE WHEN" not in sql


def test_within_a_filter_matches_too_many_to_rank_whole_and_too_few_to_walk_are_ranked_reading_the_filtered_first(
    client, small_list, settings
):
    """3 matches among Peru's 7 actions, 2 ranked at most: walking would read about 2 × 7 /
    3 documents, ranking all reads 3, so all are ranked, by a statement that reads Peru's
    actions first (PostgreSQL: planned apart from the order, joined row by row), not one
    that ranks the whole corpus's 12 matches and keeps Peru's."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 2, 1
    quokka_census(years_in_peru=range(2001, 2004), years_in_togo=range(1980, 1989), unrelated=0)
    Action.objects.filter(title="Quokka census 2001").update(title="Quokka quokka census")  # ranked first of all
    Action.objects.bulk_create(
        Action(title=f"Census {year}", slug=f"census-{year}", year=year, country=Country.objects.get(code="PE"))
        for year in (2010, 2011)
    )
    response, sql = page_statement(client, {"q": "quokka", "country": "PE"})
    assert [action.title for action in response.context["page"]] == ["Quokka quokka census"]
    assert found(client, "quokka", country="PE", page=3) == ["Quokka census 2002"]
    if connection.vendor == "postgresql":
        assert "enable_hashjoin = off" in sql and "OFFSET 0" in sql


def test_the_newest_matches_of_a_word_in_two_thirds_of_a_small_corpus_are_found_by_walking_without_a_list(
    client, small_list, settings
):
    """24 matches in 36 actions, five of them ranked: a list would cost less than the walk
    by the count of rows alone, but PostgreSQL would make it by reading every document."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 5, 1
    quokka_census(years_in_peru=range(1997, 2021), years_in_togo=[], unrelated=6)
    response, sql = page_statement(client, {"q": "quokka"})
    assert response.context["page"].paginator.count == 24
    assert [action.title for action in response.context["page"]] == ["Quokka census 2020"]
    assert "CASE WHEN" not in sql


def test_the_newest_matches_of_a_word_in_most_of_a_corpus_are_found_by_walking_without_a_list(
    client, small_list, settings
):
    """30 matches in 36 actions: the newest is found after reading a document or two,
    where a list would hold all 30."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 1, 1
    quokka_census(years_in_peru=range(1991, 2021), years_in_togo=[], unrelated=0)
    response, sql = page_statement(client, {"q": "quokka"})
    assert [action.title for action in response.context["page"]] == ["Quokka census 2020"]
    assert "CASE WHEN" not in sql


def test_the_newest_matches_found_by_walking_are_ranked_by_the_statement_that_finds_them(client, small_list, settings):
    """The walk has matched them and read their documents: each is ranked there and then,
    not read and matched a second time by a statement ranking them apart."""
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 5, 1
    quokka_census(years_in_peru=range(1991, 2021), years_in_togo=[], unrelated=0)
    Action.objects.filter(title="Quokka census 2018").update(title="Quokka quokka census")
    response, sql = page_statement(client, {"q": "quokka"})
    # the five newest are ranked, and of them the title saying it twice comes first
    assert [action.title for action in response.context["page"]] == ["Quokka quokka census"]
    if connection.vendor == "postgresql":
        assert sql.count("@@") == 1
        assert sql.count('FROM "actions_searchdocument"') == 1  # read once, by the walk
        assert 'JOIN "actions_searchdocument"' not in sql
    else:
        assert sql.count(" MATCH ") == 1
