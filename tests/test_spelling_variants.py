"""A query word matches its other spelling, British or American, and a compound written as
two words: "labor market" finds "labour market", "job centers" finds "Job Centres"."""

import pytest

from actions.models import Action
from actions.search import spellings


@pytest.mark.parametrize(
    ("word", "variant"),
    [
        ("labor", "labour"),
        ("labours", "labors"),
        ("center", "centre"),
        ("centres", "centers"),
        ("organization", "organisation"),
        ("digitalised", "digitalized"),
        ("analyze", "analyse"),
        ("jobseekers", "job seekers"),
        ("workplace", "work place"),
        ("counseling", "counselling"),
        ("counsellors", "counselors"),
        ("programmes", "programs"),
        ("program", "programme"),
    ],
)
def test_a_word_has_its_other_spelling(word, variant):
    assert variant in spellings(word)


@pytest.mark.parametrize("word", ["four", "hour", "for", "size", "water", "rise", "feeling", "dealing", "filing"])
def test_short_words_that_merely_end_alike_are_left_alone(word):
    assert spellings(word) == [word]


@pytest.fixture
def british_texts(db):
    Action.objects.create(
        title="Opening of job centres in Mombasa",
        slug="mombasa",
        description="The labour ministry's organisation of services for jobseekers was analysed.",
    )
    Action.objects.create(
        title="Labor inspection reform in Guatemala",
        slug="guatemala",
        description="The inspectorate's organization and the job seekers it serves.",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("labor ministry", ["Opening of job centres in Mombasa"]),
        ("job centers mombasa", ["Opening of job centres in Mombasa"]),
        ("labour inspection", ["Labor inspection reform in Guatemala"]),
        ("organization", ["Labor inspection reform in Guatemala", "Opening of job centres in Mombasa"]),
        ("analyzed", ["Opening of job centres in Mombasa"]),
        ("jobseekers inspectorate", ["Labor inspection reform in Guatemala"]),
    ],
)
def test_either_spelling_finds_the_other(client, british_texts, query, expected):
    page = client.get("/", {"q": query}).context["page"]
    assert sorted(action.title for action in page) == sorted(expected)
    assert "No action matches all the words" not in client.get("/", {"q": query}).content.decode()
