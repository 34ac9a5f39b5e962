"""Figures for the explore pages, counted by the browse page's own facet engine, so that
each number equals the count of the browse page it links to."""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pycountry
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse

from ..facets import FacetResult, all_values, cached_for_filters, facet_counts
from ..filters import NO_YEAR, ActionFilterSet
from ..models import Action


@dataclass
class Figure:
    """A number and the browse page it counts."""

    label: str
    count: int
    url: str
    value: str = ""


def browse_url(params: dict, name: str = "actions:list", args=()) -> str:
    query = urlencode({key: values for key, values in params.items() if values}, doseq=True)
    return reverse(name, args=args) + (f"?{query}" if query else "")


def filterset_for(params: dict[str, list[str]]) -> ActionFilterSet:
    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values)
    return ActionFilterSet(data, queryset=Action.objects.all())


@dataclass
class Summary:
    """The actions matching some browse parameters, broken down by every facet."""

    params: dict
    counted: FacetResult
    filterset: ActionFilterSet = field(repr=False)

    @property
    def total(self) -> Figure:
        return Figure("", self.counted.total, browse_url(self.params))

    def values(self, param: str, limit: int | None = None) -> list[Figure]:
        """The facet's most frequent values (as many as the browse page shows), each linking
        to the list narrowed to it."""
        facet = next(f for f in self.counted.facets if f.param == param)
        values = [v for v in facet.values if v.count and v.value != NO_YEAR]
        if param != "year":
            values.sort(key=lambda v: (-v.count, v.label))
        return [
            Figure(v.label, v.count, browse_url({**self.params, param: [v.value]}), v.value) for v in values[:limit]
        ]

    def distinct(self, param: str) -> Figure:
        """How many values the facet has: a link to the page that lists them."""
        facet = next(f for f in self.counted.facets if f.param == param)
        return Figure("", facet.distinct, browse_url(self.params, "actions:facet", args=[param]))

    def years_covered(self) -> tuple[int, int] | None:
        years = [
            int(v.value)
            for f in self.counted.facets
            if f.param == "year"
            for v in f.values
            if v.value != NO_YEAR and v.count
        ]
        return (min(years), max(years)) if years else None

    def timeline(self) -> "Timeline":
        return timeline(self.filterset, self.params)

    def every(self, param: str) -> list[Figure]:
        return every_value(self.filterset, param, self.params)


def summarise(params: dict[str, list[str]]) -> Summary:
    filterset = filterset_for(params)
    return Summary(params, facet_counts(filterset), filterset)


def every_value(filterset: ActionFilterSet, param: str, params: dict) -> list[Figure]:
    """Every value of a facet with at least one action (up to FACET_VALUES_LISTED), most first."""
    facet = all_values(filterset, param).facets[0]
    return [
        Figure(v.label, v.count, browse_url({**params, param: [v.value]}), v.value)
        for v in sorted(facet.values, key=lambda v: (-v.count, v.label))
        if v.count
    ]


def map_data(figures: list[Figure]) -> list[dict]:
    """What the map draws: each country's count, the list it counts, and its own page."""
    return [
        {
            "id": alpha_3(figure.value),
            "name": figure.label,
            "count": figure.count,
            "url": figure.url,
            "page": reverse("actions:country", args=[figure.value.lower()]),
        }
        for figure in figures
    ]


def alpha_3(code: str) -> str:
    """The code the map's geometry uses: ISO alpha-3, and XKX for Kosovo, which has none."""
    if code == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else ""


@dataclass
class Timeline:
    """Actions per year, stacked by kind; those without a year counted apart."""

    kinds: list[tuple[str, str]]
    # one row per year, oldest first: (year, total figure, [figure per kind])
    years: list[tuple[str, Figure, list[Figure]]]
    undated: Figure | None

    def as_data(self) -> list[dict]:
        return [
            {"year": year, "kind": figure.label, "count": figure.count, "url": figure.url}
            for year, _, figures in self.years
            for figure in figures
            if figure.count
        ]


def timeline(filterset: ActionFilterSet, params: dict) -> Timeline:
    rows = cached_for_filters(
        filterset, "timeline", lambda: list(filterset.qs.order_by().values_list("year", "kind").annotate(n=Count("id")))
    )
    labels = dict(Action.Kind.choices)
    kinds = sorted({kind for _, kind, _ in rows}, key=list(labels).index)
    by_year = defaultdict(dict)
    for year, kind, n in rows:
        by_year[year][kind] = n
    years = []
    for year in sorted(y for y in by_year if y is not None):
        figures = [
            Figure(
                str(labels[kind]),
                by_year[year].get(kind, 0),
                browse_url({**params, "year": [str(year)], "kind": [kind]}),
                kind,
            )
            for kind in kinds
        ]
        years.append(
            (
                str(year),
                Figure(str(year), sum(by_year[year].values()), browse_url({**params, "year": [str(year)]})),
                figures,
            )
        )
    undated = None
    if None in by_year:
        undated = Figure("", sum(by_year[None].values()), browse_url({**params, "year": [NO_YEAR]}))
    return Timeline([(kind, str(labels[kind])) for kind in kinds], years, undated)


@dataclass
class Flow:
    origin: str
    origin_code: str
    destination: str
    destination_code: str
    figure: Figure


def flows(filterset: ActionFilterSet, params: dict, limit: int) -> list[Flow]:
    """The most frequent (expert origin, beneficiary country) pairs among the matching actions."""

    def count():
        matching = filterset.qs.order_by().values("pk")
        pairs = (
            Action.expert_origins.through.objects.filter(action_id__in=matching, action__country__isnull=False)
            .values_list("country__code", "country__name", "action__country__code", "action__country__name")
            .annotate(n=Count("action_id"))
            .order_by("-n", "country__name", "action__country__name")
        )
        return list(pairs[:limit])

    return [
        Flow(
            origin,
            origin_code,
            destination,
            destination_code,
            Figure("", n, browse_url({**params, "origin": [origin_code], "country": [destination_code]})),
        )
        for origin_code, origin, destination_code, destination, n in cached_for_filters(
            filterset, f"flows{limit}", count
        )
    ]
