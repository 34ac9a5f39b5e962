"""Figures for the explore pages, counted by the browse page's own facet engine, so that
each number equals the count of the browse page it links to."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

import pycountry
from django.http import QueryDict
from django.urls import get_script_prefix, reverse

from ..facets import FacetResult, all_values, cached_for_filters, facet_counts, origin_country_pairs, sample_of
from ..filters import NO_YEAR, ActionFilterSet
from ..models import Action


@dataclass
class Figure:
    """A number and the browse page it counts."""

    label: str
    count: int
    url: str
    value: str = ""
    # counted on a sample of a big corpus and scaled up, as the browse page's "≈" counts
    estimated: bool = False


def browse_url(params: dict, name: str = "actions:list", args=()) -> str:
    query = urlencode({key: values for key, values in params.items() if values}, doseq=True)
    return page_path(name, *args) + (f"?{query}" if query else "")


def page_path(name: str, *args) -> str:
    """The path of a named page: a home page links hundreds of figures to a few pages."""
    return _reversed(get_script_prefix(), name, args)


@lru_cache(maxsize=4096)
def _reversed(script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


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
    # the facets counted with every value (see facets.facet_counts)
    listed: tuple[str, ...] = ()

    @property
    def total(self) -> Figure:
        return Figure("", self.counted.total, browse_url(self.params), estimated=self.counted.estimated)

    def values(self, param: str, limit: int | None = None) -> list[Figure]:
        """The facet's most frequent values (as many as the browse page shows), each linking
        to the list narrowed to it."""
        return _figures(self._facet(param).values, param, self.params, self.counted.estimated)[:limit]

    def distinct(self, param: str) -> Figure:
        """How many values the facet has: a link to the page that lists them."""
        distinct = self._facet(param).distinct
        return Figure("", distinct, browse_url(self.params, "actions:facet", args=[param]))

    def years_covered(self) -> tuple[int, int] | None:
        years = [int(figure.value) for figure in self.values("year")]
        return (min(years), max(years)) if years else None

    def _facet(self, param: str):
        return next(facet for facet in self.counted.facets if facet.param == param)

    def timeline(self) -> "Timeline":
        if self.counted.timeline is None:
            raise ValueError("the timeline is counted with the figures: summarise(…, timeline=True)")
        return timeline(self.counted, self.params)

    def every(self, param: str) -> list[Figure]:
        if param in self.listed:
            return _figures(self._facet(param).values, param, self.params, self.counted.estimated)
        return every_value(self.filterset, param, self.params)


def summarise(params: dict[str, list[str]], listed: tuple[str, ...] = (), timeline: bool = False) -> Summary:
    """The actions matching the parameters, broken down by every other facet; the `listed`
    facets with every value, for a page that shows them all; with `timeline`, by year and
    kind too. All from one statement."""
    filterset = filterset_for(params)
    counted = facet_counts(filterset, without_own_filters=True, listed=listed, timeline=timeline)
    return Summary(params, counted, filterset, listed)


def every_value(filterset: ActionFilterSet, param: str, params: dict) -> list[Figure]:
    """Every value of a facet with at least one action (up to FACET_VALUES_LISTED), most first."""
    counted = all_values(filterset, param)
    return _figures(counted.facets[0].values, param, params, counted.estimated)


def _figures(values, param: str, params: dict, estimated: bool) -> list[Figure]:
    """The facet values with actions, most first (years newest first), each linking to the
    list narrowed to it; actions without a year are counted apart (see Timeline)."""
    kept = [value for value in values if value.count and value.value != NO_YEAR]
    if param != "year":
        kept.sort(key=lambda value: (-value.count, value.label))
    return [
        Figure(value.label, value.count, browse_url({**params, param: [value.value]}), value.value, estimated)
        for value in kept
    ]


def map_data(figures: list[Figure]) -> list[dict]:
    """What the map draws: each country's count, the list it counts, and its own page."""
    return [
        {
            "id": alpha_3(figure.value),
            "name": figure.label,
            "count": figure.count,
            "url": figure.url,
            "page": page_path("actions:country", figure.value.lower()),
            "estimated": figure.estimated,
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


def timeline(counted: FacetResult, params: dict) -> Timeline:
    """Counted with the facets: exactly, or on the same sample when they are estimated."""
    rows, step = counted.timeline, counted.sample_step
    labels = dict(Action.Kind.choices)
    kinds = sorted({kind for _, kind, _ in rows}, key=list(labels).index)
    by_year = defaultdict(dict)
    for year, kind, n in rows:
        by_year[year][kind] = n * step
    estimated = step > 1

    def figure(label, count, extra, value=""):
        return Figure(label, count, browse_url({**params, **extra}), value, estimated)

    years = [
        (
            str(year),
            figure(str(year), sum(by_year[year].values()), {"year": [str(year)]}),
            [
                figure(str(labels[kind]), by_year[year].get(kind, 0), {"year": [str(year)], "kind": [kind]}, kind)
                for kind in kinds
            ],
        )
        for year in sorted(y for y in by_year if y is not None)
    ]
    undated = figure("", sum(by_year[None].values()), {"year": [NO_YEAR]}) if None in by_year else None
    return Timeline([(kind, str(labels[kind])) for kind in kinds], years, undated)


@dataclass
class Flow:
    origin: str
    origin_code: str
    destination: str
    destination_code: str
    figure: Figure


def flows(filterset: ActionFilterSet, params: dict, limit: int, step: int = 1) -> list[Flow]:
    """The most frequent (expert origin, beneficiary country) pairs among the matching
    actions; counted on the facets' sample when they are estimated."""

    return [
        Flow(
            origin,
            origin_code,
            destination,
            destination_code,
            Figure(
                "",
                n * step,
                browse_url({**params, "origin": [origin_code], "country": [destination_code]}),
                estimated=step > 1,
            ),
        )
        for origin_code, origin, destination_code, destination, n in cached_for_filters(
            filterset, f"flows{limit}:{step}", lambda: origin_country_pairs(sample_of(filterset, step), limit)
        )
    ]
