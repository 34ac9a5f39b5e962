"""The field's glossary: a query in any of four languages, or an acronym, finds the texts
that name the same concept in another language or spelled out. Checked on invented texts,
not the seeds."""

import itertools

import pytest
from eurovoc import en_labels

from actions.models import Action
from actions.search import parse
from actions.search.glossary import LANGUAGES, Concept, glossary, key, tokens


def test_the_glossary_holds_a_few_hundred_concepts_in_four_languages():
    concepts = glossary().concepts
    assert len(concepts) >= 200
    in_all_four = [c for c in concepts if all(c.labels.get(language) for language in LANGUAGES)]
    assert len(in_all_four) >= 0.8 * len(concepts)
    assert len({c.id for c in concepts}) == len(concepts)


def test_a_label_names_one_concept_only():
    owners = {}
    for concept in glossary().concepts:
        for label in itertools.chain.from_iterable(concept.labels.values()):
            owners.setdefault(tuple(map(key, tokens(label))), set()).add(concept.id)
    shared = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_every_eurovoc_identifier_names_a_descriptor_labelled_like_the_concept():
    with_ids = [concept for concept in glossary().concepts if concept.eurovoc]
    assert with_ids
    for concept in with_ids:
        english = {label.casefold() for label in concept.labels.get("en", ())}
        assert en_labels[concept.eurovoc].casefold() in english, concept.id


def test_no_acronym_is_a_common_word_of_the_four_languages():
    common = {"one", "pas", "sin", "cap", "it", "ai", "or", "sen", "as", "no", "us", "son", "ale", "era", "sea"}
    acronyms = {tokens(a)[0] for c in glossary().concepts for a in c.labels.get("acronyms", ()) if tokens(a)}
    assert not acronyms & common


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("inspección del trabajo", "labour inspection"),
        ("Inspection du Travail", "labour inspection"),
        ("labor inspections", "labour inspection"),  # other spelling, plural
        ("almp", "active labour market policies"),
        ("NEETs", "NEET"),
    ],
)
def test_a_label_in_any_language_or_form_is_read_as_its_concept(query, concept):
    (term,) = parse(query).terms
    found = glossary().by_key[tuple(map(key, tokens(query)))]
    assert term.concept == found.label
    assert concept.casefold() in {label.casefold() for labels in found.labels.values() for label in labels}


def test_the_longest_label_wins_and_the_other_words_stay_words():
    terms = parse("labour market information system Honduras").terms
    assert [t.typed for t in terms] == ["labour market information system", "honduras"]
    assert terms[1].concept == ""


@pytest.fixture
def multilingual_texts(db):
    texts = {
        "honduras": ("Fortalecimiento de la inspección del trabajo en Honduras", "Apoyo a los inspectores."),
        "ghana": ("Labour inspectorate reform in Ghana", "Support to inspectors in Accra."),
        "angola": ("Apoio à inspeção do trabalho em Angola", "Formação de inspetores."),
        "armenia": ("Review of active labour market programmes in Armenia", "Wage subsidies and training."),
        "moldova": ("ALMP design for the Moldovan employment agency", "A review of measures."),
        "fiji": ("Remote technical support to Fiji", "The work covered statistics."),
        "georgia": ("Evaluation of active labour-market policies in Georgia", "Three programmes."),
    }
    for slug, (title, description) in texts.items():
        Action.objects.create(title=title, slug=slug, description=description)


def slugs(client, query):
    return sorted(action.slug for action in client.get("/", {"q": query}).context["page"])


@pytest.mark.parametrize(
    "query",
    ["inspection du travail", "labor inspection", "inspección del trabajo", "inspeção do trabalho"],
)
def test_a_concept_in_one_language_finds_texts_in_the_others(client, multilingual_texts, query):
    assert slugs(client, query) == ["angola", "ghana", "honduras"]


def test_an_acronym_finds_the_spelled_out_form_and_the_reverse(client, multilingual_texts):
    assert slugs(client, "ALMP") == ["armenia", "georgia", "moldova"]  # Georgia's phrase has a hyphen
    assert slugs(client, "active labour market policies") == ["armenia", "georgia", "moldova"]


def test_a_label_of_several_words_matches_only_where_they_stand_together(client, multilingual_texts):
    # "remote" and "work" both occur in the Fiji text, apart: it is not about remote work
    assert slugs(client, "trabajo remoto") == []


def test_a_label_is_matched_without_the_small_words_it_starts_or_ends_with():
    # PostgreSQL's English configuration drops "the" from a phrase and SQLite keeps it, so
    # only without it do both backends read the label alike; small words inside stay
    concept = Concept(id="x", labels={"en": ("the working poor",), "fr": ("l'emploi de nuit des",)})
    assert concept.wordings == (("working", "poor"), ("emploi", "de", "nuit"))
