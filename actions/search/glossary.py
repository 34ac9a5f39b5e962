"""The field's glossary (glossary.toml): concepts with their terms and acronyms in English,
Spanish, French and Portuguese, curated by hand.

A query is read against it before searching: where its words spell a label of a concept
("inspección del trabajo", "ALMP", "job seekers"), the search looks for every label of that
concept, in every language. Labels are compared as words: accents, case, the small words
of the four languages ("del", "du", "of") and a final "s" do not count, and a hyphen may be
written or left out ("e-learning", "elearning").
"""

import itertools
import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..seedparse.text import fold

GLOSSARY = Path(__file__).with_name("glossary.toml")
LANGUAGES = ("en", "es", "fr", "pt")
# Function words of the four languages: never what a query is about, so neither searched
# for nor needed to recognise a label. One- and two-letter words other than these are kept
# ("ue", "rh" are acronyms).
STOPWORDS = frozenset(
    word
    for words in (
        "a an and are as at be by for from in into is it its of on or the to with without about",  # English
        "al con de del el en la las lo los para por que se sin sobre su sus un una unas unos y",  # Spanish
        "au aux avec ce ces d dans des du et l le les leur ou par pour qu sa ses sur une",  # French
        "ao aos as com da das do dos e em na nas no nos o os ou pela pelas pelo pelos um uma umas uns",  # Portuguese
    )
    for word in words.split()
)
# a word: letters and digits, possibly joined by hyphens or "&" ("e-learning", "M&E")
TOKEN = re.compile(r"[^\W_]+(?:[-&][^\W_]+)*")
# typed in capitals, these are meant as operators, which the search has none of
OPERATORS = {"AND", "OR", "NOT"}


def tokens(text: str) -> list[str]:
    """The words of a text that carry meaning, folded: no function words (unless written in
    capitals: "UN", "IT" are acronyms), no single letters."""
    found = []
    for token in TOKEN.findall(text):
        if token in OPERATORS:
            continue
        # folding may leave nothing of a character \w matches ("ͺ"), or split a word
        for word in TOKEN.findall(fold(token)):
            if (len(word) > 1 or word.isdigit()) and (word not in STOPWORDS or token.isupper()):
                found.append(word)
    return found


def key(token: str) -> str:
    """How a word is compared with a label's: without hyphens or a final plural "s"."""
    token = token.replace("-", "")
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def index_words(token: str) -> list[tuple[str, ...]]:
    """The ways the search index may hold a word: "e-learning" as "e learning" or
    "elearning", "m&e" as "m e" (indexes split words at hyphens and ampersands)."""
    parts = tuple(part for part in re.split(r"[-&]", token) if part)
    if "-" in token:
        return [parts, ("".join(parts),)]
    return [parts]


def wordings_of(words: list[str]) -> list[tuple[str, ...]]:
    """A phrase as the word sequences an index may hold it as ("job-seeker services" ->
    "job seeker services", "jobseeker services"). A text has a wording of several words if
    it has them in that order, one after the other."""
    return [tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*map(index_words, words))]


@dataclass(frozen=True)
class Concept:
    id: str
    labels: dict  # language or "acronyms" -> tuple of labels
    eurovoc: str = ""

    @property
    def label(self) -> str:
        """The name shown to users: the first English label."""
        return (self.labels.get("en") or self.labels.get("acronyms") or (self.id,))[0]

    @cached_property
    def wordings(self) -> tuple[tuple[str, ...], ...]:
        """Every label as the words a text must hold in a row, small words included."""
        found = []
        for label in itertools.chain.from_iterable(self.labels.values()):
            found += wordings_of(_without_edge_stopwords(TOKEN.findall(fold(label))))
        return shortest(found)


def _without_edge_stopwords(words: list[str]) -> list[str]:
    """A label without the small words it starts or ends with ("the poor" -> "poor"):
    PostgreSQL's English configuration drops them from a phrase, SQLite's index keeps them,
    so only without them do both backends read the phrase alike."""
    start, end = 0, len(words)
    while start < end and words[start] in STOPWORDS:
        start += 1
    while end > start and words[end - 1] in STOPWORDS:
        end -= 1
    return words[start:end]


def shortest(wordings) -> tuple[tuple[str, ...], ...]:
    """The wordings no shorter one is part of: a text with "productive employment" has
    "employment", so the longer wording finds nothing more, and a phrase costs PostgreSQL a
    look at every matching document's word positions."""
    kept = []
    for wording in sorted(dict.fromkeys(wordings), key=len):
        if not any(_within(shorter, wording) for shorter in kept):
            kept.append(wording)
    return tuple(kept)


def _within(part: tuple, whole: tuple) -> bool:
    return any(whole[start : start + len(part)] == part for start in range(len(whole) - len(part) + 1))


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    by_key: dict  # tuple of label keys -> Concept
    longest: int  # words in the longest label
    words: frozenset[str]  # every word of every label: known to the search even if no text has it

    def segment(self, words: list[str]) -> list[tuple[int, int, Concept | None]]:
        """The query's words as spans (start, end, concept): the longest label starting at
        each word, or the word alone."""
        spans, start = [], 0
        while start < len(words):
            for end in range(min(len(words), start + self.longest), start, -1):
                concept = self.by_key.get(tuple(key(word) for word in words[start:end]))
                if concept is not None:
                    spans.append((start, end, concept))
                    start = end
                    break
            else:
                spans.append((start, start + 1, None))
                start += 1
        return spans


@cache
def glossary() -> Glossary:
    with GLOSSARY.open("rb") as file:
        data = tomllib.load(file)
    concepts, by_key, words = [], {}, set()
    for entry in data["concept"]:
        labels = {field: tuple(entry[field]) for field in (*LANGUAGES, "acronyms") if entry.get(field)}
        concept = Concept(id=entry["id"], labels=labels, eurovoc=str(entry.get("eurovoc", "")))
        concepts.append(concept)
        for label in itertools.chain.from_iterable(labels.values()):
            label_tokens = tokens(label)
            words.update(word for token in label_tokens for word in re.split(r"[-&]", token))
            if label_tokens:
                by_key.setdefault(tuple(map(key, label_tokens)), concept)
    return Glossary(tuple(concepts), by_key, max(map(len, by_key)), frozenset(words))
