"""A misspelt word is read as the closest word the texts hold, first letter included, on
both backends; a word the texts or the glossary know is never corrected. Invented texts."""

import pytest

from actions.models import Action
from actions.search import corrections


@pytest.fixture
def texts(db):
    for slug, title in {
        "training": "Training of employment counsellors in Malawi",
        "tracing": "Contact tracing of migrant workers in Nepal",
        "placement": "Job placement services for refugees in Jordan",
    }.items():
        Action.objects.create(title=title, slug=slug, description="")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("vmployment", "employment"),  # first letter replaced
        ("mployment", "employment"),  # first letter dropped
        ("meployment", "employment"),  # first two swapped
        ("xemployment", "employment"),  # a letter before the first
        ("counsellrs", "counsellors"),
        ("palcement", "placement"),
        ("traning", "training"),  # one letter short of training, one letter off tracing
    ],
)
def test_a_misspelt_word_is_read_as_the_closest_known_word(texts, typed, meant):
    assert corrections([typed]) == {typed: meant}


@pytest.mark.parametrize(
    "word",
    [
        "counsellor",  # another form of a word the texts hold
        "counselors",  # another spelling
        "inspección",  # a glossary word no text holds
        "job",  # too short to guess among its neighbours
        "2024",
    ],
)
def test_known_words_are_left_alone(texts, word):
    assert corrections([word]) == {}


def test_a_word_nothing_resembles_is_left_alone(texts):
    assert corrections(["qwxzvbn"]) == {}


def test_corrections_cost_two_queries_whatever_the_number_of_words(texts, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        corrections(["vmployment", "palcement", "traning", "counsellrs", "qwxzvbn"])


def test_the_page_finds_what_a_misspelt_query_meant_and_says_how_it_read_it(client, texts):
    response = client.get("/", {"q": "jbo palcement"})
    assert [a.slug for a in response.context["page"]] == ["placement"]
    assert "“palcement” → <strong>placement</strong>" in response.content.decode()
