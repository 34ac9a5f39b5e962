"""Text normalisation shared by the parsers and the search index."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: "Pôle Emploi" -> "pole emploi"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def unique(items) -> list:
    """The items without repeats, in first-seen order."""
    return list(dict.fromkeys(items))
