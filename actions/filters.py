"""The browse page's filters; their parameter names are a public contract."""

from dataclasses import replace

import django_filters
from django.db.models import F, Q
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Action, ActionType, Country, Partner, Region, Theme
from .seedparse.query_places import Place, understand

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A–Z")),
]
NO_YEAR = "none"
# "none": the actions whose text gives no year, counted apart rather than hidden
YEARS = [(str(year), str(year)) for year in range(1950, 2101)] + [(NO_YEAR, _("No year"))]


def _through_filter(relation, key):
    """Filters on a many-to-many relation by subquery, so no row is repeated."""

    def filter_method(queryset, name, values):
        if not values:
            return queryset
        through = getattr(Action, relation).through
        target = getattr(Action, relation).field.m2m_reverse_field_name()
        matching = through.objects.filter(**{f"{target}__{key}__in": [getattr(v, key) for v in values]})
        return queryset.filter(pk__in=matching.values("action_id"))

    return filter_method


class ActionFilterSet(django_filters.FilterSet):
    # No filter repeats a row (many-to-many ones filter through subqueries), so none asks
    # for DISTINCT, which would make counting a search's results compare every column.
    q = django_filters.CharFilter(method="filter_query", label=_("Search"), max_length=500)
    country = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        field_name="country__code",
        to_field_name="code",
        queryset=Country.objects.all(),
        label=_("Beneficiary country"),
    )
    region = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        field_name="country__region__slug",
        to_field_name="slug",
        queryset=Region.objects.all(),
        label=_("Region"),
    )
    origin = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        method=_through_filter("expert_origins", "code"),
        to_field_name="code",
        queryset=Country.objects.all(),
        label=_("Experts from"),
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        method=_through_filter("themes", "slug"),
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Theme"),
    )
    type = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        method=_through_filter("action_types", "slug"),
        to_field_name="slug",
        queryset=ActionType.objects.all(),
        label=_("Action type"),
    )
    kind = django_filters.MultipleChoiceFilter(choices=Action.Kind.choices, label=_("Kind"), distinct=False)
    partner = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        field_name="partner__slug",
        to_field_name="slug",
        queryset=Partner.objects.all(),
        label=_("Partner"),
    )
    year = django_filters.MultipleChoiceFilter(choices=YEARS, label=_("Year"), method="filter_year", distinct=False)
    sort = django_filters.ChoiceFilter(choices=SORTS, method="filter_nothing", label=_("Sort"), empty_label=None)
    # "1": search the words as written, without turning the places they name into filters
    literal = django_filters.ChoiceFilter(
        choices=[("1", _("as written"))], method="filter_nothing", label=_("As written")
    )

    class Meta:
        model = Action
        fields = []

    def __init__(
        self,
        *args,
        corrected_from: str = "",
        any_words: bool = False,
        understood: list[Place] = (),
        typed_query: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.corrected_from = corrected_from
        self.any_words = any_words
        # places the typed query named, now filters, and the query as typed
        self.understood = list(understood)
        self.typed_query = typed_query

    @classmethod
    def understanding(cls, data, **kwargs) -> "ActionFilterSet":
        """The filter set for a query string whose search words name places ("youth employment
        in West Africa", "Colombian vendors", "French experts"): the places become filters
        (country, region, experts' origin) and the other words stay the search."""
        typed = data.get("q") or ""
        understood = understand(typed[:500]) if typed and not data.get("literal") else None
        if not understood or not understood.places:
            return cls(data, **kwargs)
        rewritten = data.copy()
        rewritten["q"] = understood.words
        for place in understood.places:
            for param, values in place.filters.items():
                current = rewritten.getlist(param)
                rewritten.setlist(param, current + [value for value in values if value not in current])
        return cls(rewritten, understood=understood.places, typed_query=typed, **kwargs)

    def filter_query(self, queryset, name, value):
        return search.search(queryset, self.search_query)

    @cached_property
    def search_query(self) -> search.Query:
        """The query as typed, or as corrected in a filter set made by with_corrected_spelling."""
        self.is_valid()
        query = search.parse(self.form.cleaned_data.get("q") or "")
        return replace(query, corrected_from=self.corrected_from, any_words=self.any_words)

    def with_corrected_spelling(self) -> "ActionFilterSet | None":
        """The same filters with the query's misspelt words corrected; None if no word changes."""
        corrected = search.correct(self.search_query)
        if corrected.words == self.search_query.words:
            return None
        data = self.data.copy()
        data["q"] = corrected.text
        return self._variant(data, corrected_from=self.search_query.text)

    def filter_year(self, queryset, name, values):
        if not values:
            return queryset
        years = Q(year__in=[int(value) for value in values if value != NO_YEAR])
        return queryset.filter(years | Q(year__isnull=True) if NO_YEAR in values else years)

    def or_closest(self, finds) -> "ActionFilterSet":
        """This filter set if `finds` says it finds something; else, for a search, the first
        that does of: its misspelt words corrected, then any of its words, most words first."""
        if not self.search_query or finds(self):
            return self
        for fallback in (self.with_corrected_spelling(), self.with_any_words()):
            if fallback is not None and finds(fallback):
                return fallback
        return self

    def with_any_words(self) -> "ActionFilterSet | None":
        """The same filters matching any word of the query, most words first; None for a
        query of one word or in quotes."""
        if not self.search_query.relaxable:
            return None
        return self._variant(self.data, any_words=True)

    def _variant(self, data, **changes) -> "ActionFilterSet":
        """This filter set over other data or matching another way, keeping how the typed
        query was understood."""
        options = {
            "corrected_from": self.corrected_from,
            "any_words": self.any_words,
            "understood": self.understood,
            "typed_query": self.typed_query,
        }
        return type(self)(data, queryset=self.queryset, **(options | changes))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset, without=None):
        """All active filters but `without`: a facet's counts ignore its own selection."""
        for name, value in self.form.cleaned_data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without(self, name):
        self.is_valid()  # fills cleaned_data with the valid values
        return self.filter_queryset(self.queryset.all(), without=name)

    @cached_property
    def state(self) -> QueryDict:
        """The valid part of the query string: what links and exports carry forward.

        A parameter that failed validation, an unknown parameter and the page number are
        left out, so an invalid value is reported once and never echoed into every link."""
        self.is_valid()
        state = QueryDict(mutable=True)
        for name in self.filters:
            if name in self.form.errors:
                continue
            values = list(dict.fromkeys(value for value in self.data.getlist(name) if value.strip()))
            if values:
                multiple = isinstance(self.filters[name], django_filters.MultipleChoiceFilter)
                # a single-valued parameter given twice: the form reads the last one, so must links
                state.setlist(name, values if multiple else values[-1:])
        return state

    @property
    def has_query(self):
        return bool(self.search_query)

    @property
    def sort_order(self):
        self.is_valid()
        chosen = self.form.cleaned_data.get("sort") or ""
        if chosen == "relevance" and not self.has_query:
            chosen = ""
        return chosen or ("relevance" if self.has_query else "newest")

    def ordered(self, queryset, rank_at_most: int | None = None):
        """The actions in the chosen order. With `rank_at_most`, relevance ranks only that
        many of the newest matches: ranking scores every match it is given, and pages
        beyond the browse page's last are never served anyway."""
        if rank_at_most and self.sort_order == "relevance":
            newest = queryset.order_by(F("year").desc(nulls_last=True), "title", "pk").values("pk")
            queryset = queryset.filter(pk__in=newest[:rank_at_most])
        orderings = {
            "relevance": [F("relevance").desc(), F("year").desc(nulls_last=True), "title"],
            "newest": [F("year").desc(nulls_last=True), "title"],
            "oldest": [F("year").asc(nulls_last=True), "title"],
            "title": ["title"],
        }
        return queryset.order_by(*orderings[self.sort_order], "pk")
