"""Full-text search: the one place that knows how actions are indexed and matched.

This first backend works the same on SQLite and PostgreSQL: every action keeps a
folded copy (lower case, accents removed) of its title, partner and description
in `Action.search_text`, and a query matches when every one of its words occurs
in it. Titles that contain a word rank above descriptions that do.
"""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .seedparse.text import fold

MAX_TERMS = 10
MAX_TERM_LENGTH = 60


def index_text(action) -> str:
    partner = action.partner
    parts = [action.title]
    if partner is not None:
        parts += [partner.name, partner.local_name, partner.acronym]
    parts.append(action.description)
    return fold("\n".join(part for part in parts if part))


def reindex(actions) -> None:
    """Refreshes the search text of the given actions (a queryset or a list)."""
    from .models import Action

    changed = []
    for action in actions:
        text = index_text(action)
        if text != action.search_text:
            action.search_text = text
            changed.append(action)
    Action.objects.bulk_update(changed, ["search_text"], batch_size=500)


def terms(query: str) -> list[str]:
    """The words of a query, folded; punctuation, quotes and operators are not words."""
    words = re.findall(r"\w+", fold(query or ""))
    return [word[:MAX_TERM_LENGTH] for word in words][:MAX_TERMS]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Actions matching every word of the query, annotated with `relevance`."""
    words = terms(query)
    if not words:
        return queryset
    matching = Q()
    for word in words:
        matching &= Q(search_text__contains=word)
    title_hits = (
        Case(When(title__icontains=word, then=Value(2)), default=Value(1), output_field=IntegerField())
        for word in words
    )
    return queryset.filter(matching).annotate(relevance=sum(title_hits, Value(0)))
