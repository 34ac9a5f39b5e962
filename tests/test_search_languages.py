"""Spanish, French and Portuguese texts are stemmed in their language: a query finds the
other forms of a word there as English queries do in English texts. Invented texts."""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from actions.models import Action
from actions.search.languages import language_of, word_stems
from actions.search.stemmers import stemmer


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Los trabajadores jóvenes recibieron capacitación del servicio nacional de empleo.", "es"),
        ("Les conseillers de l'agence ont accompagné les demandeurs d'emploi de la région.", "fr"),
        ("Os trabalhadores jovens receberam formação do instituto de emprego e da região.", "pt"),
        ("The employment agency trained its counsellors to support jobseekers in the region.", "en"),
        ("Empleo", ""),  # too short to tell
    ],
)
def test_the_language_of_a_text(text, language):
    assert language_of(text) == language


def test_query_words_are_stemmed_alike_by_threads_stemming_at_once():
    """A threaded server stems two searches' words at the same time: each word gets the
    stems it gets alone (a stemmer shared by the threads mixed their words up)."""
    words = ["empleos", "formations", "trabalhadores", "emploi", "capacitación", "orientação"] * 50
    stemmed = word_stems.__wrapped__  # the stemming itself, not the stems kept from earlier searches
    alone = {word: stemmed(word) for word in words}
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns inside a word, not only between words
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda word: (word, stemmed(word)), words * 4))
    finally:
        sys.setswitchinterval(previous)
    assert all(stems == alone[word] for word, stems in results)


def test_each_thread_stems_with_stemmers_of_its_own():
    """The English stemmer of the spelling check as much as the query's three others."""
    mine = [stemmer(algorithm) for algorithm in ("english", "spanish")]
    with ThreadPoolExecutor(max_workers=1) as pool:
        theirs = pool.submit(lambda: [stemmer(algorithm) for algorithm in ("english", "spanish")]).result()
    assert [stemmer(algorithm) for algorithm in ("english", "spanish")] == mine  # kept, not made per word
    assert all(own is not other for own, other in zip(mine, theirs, strict=True))


def test_a_query_word_is_stemmed_in_each_of_the_three_languages():
    assert {"trabajador", "empregador", "employeur"} <= {
        *word_stems("trabajadores"),
        *word_stems("empregadores"),
        *word_stems("employeurs"),
    }


@pytest.fixture
def texts_in_four_languages(db):
    # words no glossary of the field holds, so that only stemming can link their forms
    texts = {
        "es": "Los productores de la región vendieron sus cosechas a las cooperativas lecheras.",
        "fr": "Les viticulteurs de la région ont vendu leurs vendanges aux caves coopératives.",
        "pt": "Os produtores da região venderam as suas colheitas às cooperativas leiteiras.",
        "en": "The growers of the region sold their harvests to the dairy cooperatives.",
    }
    for lang, text in texts.items():
        Action.objects.create(title=f"Action {lang}", slug=lang, description=text)
    return {action.slug: action for action in Action.objects.all()}


def found(client, query):
    return sorted(action.slug for action in client.get("/", {"q": query, "literal": "1"}).context["page"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cosecha", ["es"]),  # the text says "cosechas"
        ("viticulteur", ["fr"]),  # "viticulteurs"
        ("colheita", ["pt"]),  # "colheitas"
        ("lechera", ["es"]),  # "lecheras"
    ],
)
def test_a_word_finds_its_other_forms_in_a_text_of_that_language(client, texts_in_four_languages, query, expected):
    assert found(client, query) == expected


def test_only_texts_in_the_three_languages_are_stemmed_in_them(texts_in_four_languages):
    stems = {lang: set(action.search_stems.split()) for lang, action in texts_in_four_languages.items()}
    assert "cosech" in stems["es"]
    assert "viticulteur" in stems["fr"]
    assert "colheit" in stems["pt"]
    assert stems["en"] == set()  # English is stemmed by the database itself


def test_stems_follow_an_edited_text(texts_in_four_languages):
    action = texts_in_four_languages["en"]
    action.description = "Los productores de la región vendieron sus cosechas a las cooperativas lecheras."
    action.save()
    action.refresh_from_db()
    assert "cosech" in action.search_stems.split()
