"""The vocabulary of the indexed texts, and misspelt query words read as the closest of its
words.

Both backends choose the same way: the candidates are the words of about the same length
sharing a letter with the typed word's first two (in either place, so that a typo in the
first letter is found too), and the closest is the one fewest edits away (a swap of two
letters counting as one edit), then the one keeping most of the typed letters, then the
first alphabetically.
"""

import operator
import re
from functools import lru_cache, reduce

from django.db.models import Q
from django.db.models.functions import Length, Substr
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from ..seedparse.text import fold
from .glossary import glossary
from .query import MAX_TERM_LENGTH
from .spelling import spellings
from .stemmers import stemmer

MIN_CORRECTED_LENGTH = 4  # shorter words have too many neighbours to guess among


def indexed_words(text: str) -> list[str]:
    """The words of a text the vocabulary holds and the stems are made from: folded,
    letters only, three or more of them."""
    return [word for word in re.findall(r"[^\W\d_]{3,}", fold(text)) if len(word) <= MAX_TERM_LENGTH]


def add_to_vocabulary(text: str, using: str = "default") -> None:
    from ..models import SearchTerm

    words = set(indexed_words(text))
    SearchTerm.objects.using(using).bulk_create([SearchTerm(term=word) for word in words], ignore_conflicts=True)


def corrections(words, using: str = "default") -> dict[str, str]:
    """For each word that neither the indexed texts (in any spelling or inflection) nor the
    glossary know, the closest word the texts hold, if one is close enough. At most two
    queries, whatever the number of words."""
    from ..models import SearchTerm

    checked = [w for w in words if len(w) >= MIN_CORRECTED_LENGTH and w.isalpha() and w not in glossary().words]
    if not checked:
        return {}
    forms = {word: spellings(word) for word in checked}
    stems = {word: _english_stem(word) for word in checked}
    asked = Q(term__in={form for found in forms.values() for form in found})
    for stem in set(stems.values()):
        if len(stem) >= MIN_CORRECTED_LENGTH:  # "a" from "aing" would fetch a fifth of the vocabulary
            asked |= Q(term__startswith=stem)
    known = list(SearchTerm.objects.using(using).filter(asked).values_list("term", flat=True))
    unknown = [
        word for word in checked if not any(term in forms[word] or _english_stem(term) == stems[word] for term in known)
    ]
    if not unknown:
        return {}
    vocabulary = SearchTerm.objects.using(using).annotate(
        length=Length("term"), first=Substr("term", 1, 1), second=Substr("term", 2, 1)
    )
    near = reduce(operator.or_, map(_near, unknown))
    candidates = sorted(vocabulary.filter(near).values_list("term", "first", "second"))
    found = {}
    for word in unknown:
        if closest := _closest(word, [term for term, *letters in candidates if _is_near(word, term, letters)]):
            found[word] = closest
    return found


@lru_cache(maxsize=100_000)
def _english_stem(word: str) -> str:
    """A word is known if the texts hold a word of the same English stem, which the search
    finds it by: "pensions" is known if the texts say "pension", "skils" is not although
    they say "skills"."""
    return stemmer("english").stemWord(word)


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 8 else 2


def _near(word: str) -> Q:
    """The vocabulary words a misspelling may stand for: about as long, and sharing one of
    its first two letters in one of the first two places."""
    edits, letters = _max_edits(word), {word[0], word[1]}
    return Q(length__range=(len(word) - edits, len(word) + edits)) & (Q(first__in=letters) | Q(second__in=letters))


def _is_near(word: str, term: str, letters) -> bool:
    edits = _max_edits(word)
    return abs(len(term) - len(word)) <= edits and bool({word[0], word[1]} & set(letters))


def _closest(word: str, candidates: list[str]) -> str | None:
    """The candidate fewest edits away (a swap of two letters is one), then keeping most of
    the typed letters, then first alphabetically."""
    close = process.extract(
        word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=_max_edits(word), limit=None
    )
    if not close:
        return None
    return min(close, key=lambda found: (found[1], Indel.distance(word, found[0]), found[0]))[0]
