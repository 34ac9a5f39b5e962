"""Keeping what actions are found by up to date.

Titles and descriptions are indexed by the database's triggers on every write. What they
cannot compute is kept on the action by `index`: the names of its related rows
(`search_context`: partner, countries, themes, types) and its Spanish, French and
Portuguese stems (`search_stems`).
"""

from contextlib import contextmanager

from django.db import connections
from django.db.models import QuerySet

from . import postgres
from .languages import stems_for_index
from .vocabulary import add_to_vocabulary


@contextmanager
def bulk_indexing(using: str = "default"):
    """For loads of many actions at once: PostgreSQL builds their search documents in one
    statement afterwards and its index from scratch, instead of row by row. (SQLite's FTS5
    triggers are cheap enough to leave on.)"""
    if connections[using].vendor != "postgresql":
        yield
        return
    with postgres.bulk_indexing(using):
        yield


def index(actions) -> None:
    """Refreshes the names and stems the given actions are found by, and the vocabulary.
    Call it after changing an action or the names of its related rows."""
    from ..models import Action

    changed = []
    for action in actions:
        context = _context(action)
        stems = stems_for_index(f"{action.title}\n{action.description}", context)
        if (context, stems) != (action.search_context, action.search_stems):
            action.search_context, action.search_stems = context, stems
            changed.append(action)
        add_to_vocabulary(f"{action.title} {context} {action.description}")
    Action.objects.bulk_update(changed, ["search_context", "search_stems"], batch_size=500)


def indexable(queryset: QuerySet) -> QuerySet:
    """The actions with what `index` reads, fetched in a fixed number of queries."""
    return queryset.select_related("partner", "country").prefetch_related(
        "themes", "action_types", "expert_origins", "organisers", "participants"
    )


def _context(action) -> str:
    names = []
    for partner in [action.partner, *action.organisers.all(), *action.participants.all()]:
        if partner is not None:
            names += [partner.name, partner.local_name, partner.acronym]
    if action.country is not None:
        names.append(action.country.name)
    names += [country.name for country in action.expert_origins.all()]
    names += [theme.name for theme in action.themes.all()]
    names += [action_type.name for action_type in action.action_types.all()]
    return "\n".join(dict.fromkeys(name for name in names if name))
