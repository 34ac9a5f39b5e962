"""What a query asks for: its terms, each with every wording a text may use for it."""

import itertools
import math
import re
from dataclasses import dataclass, field

from .glossary import glossary, tokens, wordings_of

MAX_TERMS = 10
MAX_TERM_LENGTH = 60
# "At least k of the terms" is matched as "every term of one of the sets of k terms" where
# there are at most this many such sets (every k of up to seven terms; of ten, up to two or
# from eight): a search index then tells the matches by itself, where counting the terms
# each action has reads every document having any of them (at 100,000 actions, "employment
# braille": 1.3 s).
TERM_SETS_AT_MOST = 64


@dataclass(frozen=True)
class Term:
    """One thing the user asked for: a word as typed, or a phrase the glossary knows. A text
    has the term if it has one of its wordings: a word (in any of its spellings and stems),
    or several words in a row."""

    typed: str
    wordings: tuple[tuple[str, ...], ...]
    concept: str = ""  # the glossary concept's label, when the term is one

    @property
    def typed_words(self) -> tuple[str, ...]:
        """The words as typed, as an index holds them: a text with all of them has the term
        in the user's own words, not only in the glossary's other ones."""
        return tuple(part for word in self.typed.split() for part in re.split(r"[-&]", word) if part)


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]  # the words that carry meaning, as typed (folded)
    terms: tuple[Term, ...] = ()
    # matching some of the terms, ranked by how many: the fallback when few match them all
    any_words: bool = False
    at_least: int = 1  # with any_words, how many terms an action must have
    corrections: tuple[tuple[str, str], ...] = field(default=())  # (typed, read as)

    @property
    def relaxable(self) -> bool:
        """Several terms, and no quotes: a query in quotes asks for all its words."""
        return len(self.terms) > 1 and '"' not in self.text and not self.any_words

    @property
    def term_sets(self) -> tuple[tuple[int, ...], ...]:
        """The sets of terms (by position) a match has every term of one of: all the terms;
        with `any_words`, each `at_least` of them, or each one alone where those sets are
        more than TERM_SETS_AT_MOST (`at_least_counted`)."""
        positions = range(len(self.terms))
        if not self.any_words:
            return (tuple(positions),)
        return tuple(itertools.combinations(positions, 1 if self.at_least_counted else max(1, self.at_least)))

    @property
    def at_least_counted(self) -> bool:
        """Whether `at_least` is left out of the match and tested by counting each match's
        terms: where more than one is asked for and its sets are too many to list."""
        return self.any_words and self.at_least > 1 and math.comb(len(self.terms), self.at_least) > TERM_SETS_AT_MOST

    @property
    def concepts(self) -> list[Term]:
        return [term for term in self.terms if term.concept]

    def __bool__(self):
        return bool(self.terms)


def words_of(text: str) -> list[str]:
    """The words of a query that carry meaning, bounded in number and length."""
    words = [word[:MAX_TERM_LENGTH] for word in tokens(text)][:MAX_TERMS]
    if not words:  # a query of function words only ("the", "de") is searched as written
        words = [word[:MAX_TERM_LENGTH] for word in tokens(text.upper())][:MAX_TERMS]
    return words


def parse(text: str, corrections: dict[str, str] | None = None) -> Query:
    """The query's terms. Words are read through the glossary, after replacing the misspelt
    ones by `corrections` (typed word -> known word); a term keeps the typed word too."""
    text = text or ""
    words = words_of(text)
    corrections = {typed: known for typed, known in (corrections or {}).items() if typed in words}
    read = [corrections.get(word, word) for word in words]
    terms = []
    for start, end, concept in glossary().segment(read):
        typed = words[start:end]
        if concept is not None:
            wordings = concept.wordings
        else:  # one word
            wordings = tuple(dict.fromkeys(wordings_of(typed) + wordings_of(read[start:end])))
        terms.append(
            Term(
                typed=" ".join(typed),
                wordings=wordings,
                concept=concept.label if concept else "",
            )
        )
    return Query(
        text=text,
        words=tuple(words),
        terms=tuple(terms),
        corrections=tuple(corrections.items()),
    )
