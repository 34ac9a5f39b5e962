"""Spanish, French and Portuguese stemming, for texts written in those languages.

English is stemmed by the database itself (PostgreSQL's english configuration, SQLite's
porter tokenizer). For the other three languages both backends index the same thing: the
Snowball stems of a text's words in its language, computed here and stored with the action
(`Action.search_stems`), and a query word matches through its stems in each of the three
languages. The same stemmer on both sides is what keeps the two backends' results alike.
"""

from functools import cache, lru_cache

from .stemmers import stemmer
from .vocabulary import indexed_words

STEMMED = {"es": "spanish", "fr": "french", "pt": "portuguese"}
DETECTED = ["en", *STEMMED]
# a text shorter than this says too little about its language to stem it by a guess
MIN_DETECTABLE_LETTERS = 40


def _stemmer(language: str):
    return stemmer(STEMMED[language])


@cache
def _identifier():
    # loading the model takes most of a second, so only when a text is first indexed
    from py3langid import langid

    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE)
    identifier.set_languages(DETECTED)
    return identifier


def language_of(text: str) -> str:
    """ "en", "es", "fr" or "pt": the one of the four a text is most likely written in;
    "" for a text too short to tell."""
    if sum(char.isalpha() for char in text) < MIN_DETECTABLE_LETTERS:
        return ""
    return _identifier().classify(text)[0]


def text_stems(text: str, languages) -> str:
    """The distinct stems of a text's words in the given languages (of "es", "fr", "pt"),
    leaving out stems equal to their word: the word itself is indexed anyway."""
    words = dict.fromkeys(indexed_words(text))
    stems = {}
    for language in languages:
        stemmer = _stemmer(language)
        for word in words:
            stem = stemmer.stemWord(word)
            if stem != word:
                stems[stem] = None
    return " ".join(stems)


def stems_for_index(body: str, names: str) -> str:
    """What an action is found by in Spanish, French and Portuguese: its title and
    description stemmed in their language when that is one of the three, and the names of
    its partners stemmed in all three (a name is too short to tell its language, and a
    ministry's name is often in its country's language inside an English text)."""
    languages = [language_of(body)]
    body_stems = text_stems(body, [lang for lang in languages if lang in STEMMED])
    name_stems = text_stems(names, STEMMED)
    return " ".join(dict.fromkeys(f"{body_stems} {name_stems}".split()))


# kept: a search's statements spell its words out several times over (about 20 per page)
@lru_cache(maxsize=100_000)
def word_stems(word: str) -> tuple[str, ...]:
    """A query word's stems in Spanish, French and Portuguese, other than the word itself:
    the user may write any of the three."""
    return tuple(stem for stem in dict.fromkeys(_stemmer(lang).stemWord(word) for lang in STEMMED) if stem != word)
