"""Facet counts for the browse page.

Faceting is disjunctive: the counts of one facet apply every active filter except
that facet's own, so choosing "Peru" still shows how many actions "Ecuador" would
add. Each facet costs one grouped query, whatever the page size.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Action


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    title: str
    values: list[FacetValue]

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


# param, title, relation through which actions are counted (None: a column of Action),
# value field, label field, how many values to show at most.
FACETS = [
    ("country", _("Beneficiary country"), None, "country__code", "country__name", None),
    ("region", _("Region"), None, "country__region__slug", "country__region__name", None),
    ("theme", _("Theme"), "themes", "theme__slug", "theme__name", None),
    ("type", _("Action type"), "action_types", "actiontype__slug", "actiontype__name", None),
    ("origin", _("Experts from"), "expert_origins", "country__code", "country__name", None),
    ("year", _("Year"), None, "year", "year", None),
    ("kind", _("Kind"), None, "kind", "kind", None),
    ("partner", _("Partner"), None, "partner__slug", "partner__name", 25),
]


def facet_counts(filterset) -> list[Facet]:
    selections = {param: filterset.state.getlist(param) for param, *_ in FACETS}
    kind_labels = dict(Action.Kind.choices)
    facets = []
    for param, title, relation, value_field, label_field, limit in FACETS:
        actions = filterset.queryset_without(param).order_by()
        if relation:
            rows = getattr(Action, relation).through.objects.all()
            if actions.query.where:
                rows = rows.filter(action_id__in=actions.values("pk"))
        else:
            rows = actions
        counted = (
            rows.exclude(**{f"{value_field}__isnull": True})
            .values(value_field, label_field)
            .annotate(n=Count("pk"))
            .order_by("-n", label_field)
        )
        if param == "year":
            counted = counted.order_by(f"-{value_field}")
        if limit:
            counted = counted[:limit]
        selected = set(selections[param])
        values = []
        for row in counted:
            value = str(row[value_field])
            label = kind_labels.get(value, value) if param == "kind" else str(row[label_field])
            values.append(FacetValue(value, label, row["n"], value in selected))
        shown = {v.value for v in values}
        values += [FacetValue(value, value, 0, True) for value in selections[param] if value not in shown]
        facets.append(Facet(param, title, values))
    return facets
