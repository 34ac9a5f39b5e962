"""Spelling variants: a word also matches its other spelling, British or American, and a
compound written as two words.

Rules, not a word list: a variant no text contains matches nothing, so a rule may overreach
harmlessly; each needs a few letters before the ending so that "four", "hour" or "size"
are left alone.
"""

import re

SPELLING_RULES = [
    (r"(?<=\w{3})our(s?)$", r"or\1"),  # labour -> labor
    (r"(?<=\w{2}[^u])or(s?)$", r"our\1"),  # labor -> labour
    (r"(?<=\w{3})tre(s?)$", r"ter\1"),  # centre -> center
    (r"(?<=\w{3})ter(s?)$", r"tre\1"),  # center -> centre
    (r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$", r"iz\1"),  # organisation -> organization
    (r"(?<=\w{3})iz(e|es|ed|ing|ation|ations)$", r"is\1"),  # organization -> organisation
    (r"(?<=\w{2})ys(e|es|ed|ing)$", r"yz\1"),  # analyse -> analyze
    (r"(?<=\w{2})yz(e|es|ed|ing)$", r"ys\1"),  # analyze -> analyse
    (r"(?<=\w{3})(?<!l)ll(ing|ed|or|ors)$", r"l\1"),  # counselling -> counseling
    (r"(?<=\w{2}[^aeiou][aeiou])l(ing|ed|or|ors)$", r"ll\1"),  # counseling -> counselling
    (r"(?<=\w{3})gramme(s?)$", r"gram\1"),  # programme -> program
    (r"(?<=\w{3})gram(s?)$", r"gramme\1"),  # program -> programme
]
COMPOUNDS = re.compile(r"^(job|work|care|policy|decision|stake)(seekers?|places?|holders?|makers?|centres?|centers?)$")


def spellings(word: str) -> list[str]:
    """The word and its other spellings: "labor" -> labor, labour; "jobseekers" -> jobseekers,
    "job seekers"."""
    found = [word]
    for pattern, replacement in SPELLING_RULES:
        variant = re.sub(pattern, replacement, word)
        if variant != word and variant not in found:
            found.append(variant)
    if compound := COMPOUNDS.match(word):
        found.append(f"{compound.group(1)} {compound.group(2)}")
    return found
