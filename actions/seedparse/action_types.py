"""The canonical vocabulary of action types and the rules that file each label under one.

The seeds write the same kind of work many ways ("Institutional Strengthening",
"Institutional capacity building"; four spellings of policy work). The facet counts
these few types; each record keeps its labels as written.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CanonicalType:
    slug: str
    name: str
    description: str
    # A label is filed under the first type whose pattern it matches.
    pattern: str


CANONICAL_TYPES = (
    CanonicalType(
        "awareness-raising-events",
        "Awareness-raising events",
        "International, regional and national events: conferences, forums, seminars, webinars.",
        r"\bevents?\b|awareness",
    ),
    CanonicalType(
        "policy-and-regulation",
        "Policy and regulatory development",
        "Drafting and reviewing policies, strategies, laws and regulations.",
        r"polic|regulat|legislat|\blegal\b|\blaws?\b",
    ),
    CanonicalType(
        "information-systems",
        "Information management systems",
        "Information systems, data management and digital tools of the institution.",
        r"information|\bdata\b|\bICT\b|digital|\bIT\b",
    ),
    CanonicalType(
        "staff-development",
        "Staff training and development",
        "Individual capacity building: training, coaching and development of staff.",
        r"individual|human resources? development|\btraining\b|\bstaff\b|coaching",
    ),
    CanonicalType(
        "organisational-development",
        "Organisational development and management",
        "Structures and functions, strategy and planning, financial and human resources management.",
        r"organi[sz]ation|management|strateg|planning|financ|budget|structure",
    ),
    CanonicalType(
        "institutional-capacity-building",
        "Institutional capacity building",
        "Strengthening an institution as a whole: capacity building and institutional strengthening.",
        r"institution|capacity|strengthening",
    ),
)
OTHER = CanonicalType("other", "Other support", "Action types that fit none of the others.", "")


def canonical_type(label: str) -> CanonicalType:
    """The canonical type a label as written belongs to."""
    for canonical in CANONICAL_TYPES:
        if re.search(canonical.pattern, label, re.IGNORECASE):
            return canonical
    return OTHER
