"""Marked matches, from either backend, as HTML."""

import html
from dataclasses import dataclass

from django.utils.safestring import mark_safe

# Private-use characters mark matches until the text is escaped for HTML.
MARK_START, MARK_END = "\ue000", "\ue001"


def marked_html(text: str) -> str:
    escaped = html.escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@dataclass(frozen=True)
class Highlight:
    title: str
    snippet: str

    @classmethod
    def marked(cls, title: str, snippet: str) -> "Highlight":
        return cls(marked_html(title), marked_html(snippet))
