"""The browse page's filters; their parameter names are a public contract."""

from dataclasses import dataclass, replace

import django_filters
from django.conf import settings
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Action, ActionType, Country, LinkedToAny, Partner, Region, Theme
from .seedparse.query_places import Place, understand

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A–Z")),
]
# each ending with the id, so that a page's place in the order is always the same
ORDERINGS = {
    "relevance": [F("relevance").desc(), F("year").desc(nulls_last=True), "title", "pk"],
    "newest": [F("year").desc(nulls_last=True), "title", "pk"],
    "oldest": [F("year").asc(nulls_last=True), "title", "pk"],
    "title": ["title", "pk"],
}
NO_YEAR = "none"
# "none": the actions whose text gives no year, counted apart rather than hidden
YEARS = [(str(year), str(year)) for year in range(1950, 2101)] + [(NO_YEAR, _("No year"))]


# The many-to-many filters, and the id column of each one's links on the action's row
# (migration 0014), which sampled filters and the facets read.
LINKED_IDS_OF = {"origin": "expert_origin_ids", "theme": "theme_ids", "type": "action_type_ids"}


def linked_id_columns(connection) -> dict[str, RawSQL]:
    """Those id columns, to annotate actions with: they are not model fields (see 0014)."""
    table = connection.ops.quote_name(Action._meta.db_table)
    return {ids: RawSQL(f"{table}.{ids}", ()) for ids in LINKED_IDS_OF.values()}


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


def _by_id(field):
    """Filters on a foreign key by the chosen rows' ids ("country_id IN (12)", not a join
    on the code), which the planner finds in its statistics: a big country's actions are
    then read from the sample, a small one's from its index."""

    def filter_method(queryset, name, values):
        return queryset.filter(**{f"{field}__in": values}) if values else queryset

    return filter_method


@dataclass(frozen=True)
class Found:
    """How many actions a filter set finds (`total`), and, where the count learnt it too, the
    most terms of its search any action within its other filters has (`best_coverage`). The
    browse page's facet counts (`facets.FacetResult`) have both, and are such a count."""

    total: int
    best_coverage: int | None = None


class ActionFilterSet(django_filters.FilterSet):
    # No filter repeats a row (many-to-many ones filter through subqueries), so none asks
    # for DISTINCT, which would make counting a search's results compare every column.
    q = django_filters.CharFilter(method="filter_query", label=_("Search"), max_length=500)
    country = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        method=_by_id("country"),
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
        method=_by_id("partner"),
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
    # "1": search the words exactly as typed, without reading misspelt ones as known words
    exact = django_filters.ChoiceFilter(
        choices=[("1", _("exactly as typed"))], method="filter_nothing", label=_("Exactly as typed")
    )

    class Meta:
        model = Action
        fields = []

    def __init__(
        self,
        *args,
        any_words: bool = False,
        at_least: int = 1,
        all_words_total: int | None = None,
        some_have_every_term: bool = False,
        understood: list[Place] = (),
        typed_data=None,
        places_dropped: list[Place] = (),
        reading: search.Query | None = None,
        corrections: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # matching some of the query's terms (at least `at_least`), when only
        # `all_words_total` actions had them all
        self.any_words, self.at_least, self.all_words_total = any_words, at_least, all_words_total
        # known exactly (the index was asked), where `all_words_total` may be a sample's estimate
        self.some_have_every_term = some_have_every_term
        # places the typed query named, now filters, and the query string as typed
        self.understood = list(understood)
        self.typed_data = typed_data if typed_data is not None else self.data
        # places the query named that no matching action is in, so they were not applied
        self.places_dropped = list(places_dropped)
        # the query as read (corrections looked up), shared with variants of the same query
        self.reading = reading
        # the misspelt words of the query and the known words they are read as, where they
        # were looked up already (the place names of the query are not misspelt words)
        self.corrections = corrections

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
        return cls(rewritten, understood=understood.places, typed_data=data, **kwargs)

    @classmethod
    def read(cls, data, count=None) -> "ActionFilterSet":
        """The filter set the browse page, its exports and its feed use for a query string:
        places understood, then the fallbacks of `or_closest`. `count` says how many actions
        a filter set finds (see `Found`); by default, up to the page's worth the fallbacks
        look at."""
        few = settings.ACTIONS_PER_PAGE
        filterset = cls.understanding(data, queryset=Action.objects.all())
        return filterset.or_closest(count or (lambda candidate: Found(candidate.qs[:few].count())))

    @property
    def typed_query(self) -> str:
        return self.typed_data.get("q") or ""

    def filter_query(self, queryset, name, value):
        return search.search(queryset, self.search_query)

    @cached_property
    def search_query(self) -> search.Query:
        """The query as the search reads it (misspelt words corrected unless the query string
        asks for the words exactly as typed), matched as this filter set says."""
        if self.reading is None:
            self.is_valid()
            data, text = self.form.cleaned_data, self.form.cleaned_data.get("q") or ""
            if self.corrections is not None:
                self.reading = search.parse(text, self.corrections)
            else:
                self.reading = search.read(text, correct=not data.get("exact"), using=self.queryset.db)
        return replace(self.reading, any_words=self.any_words, at_least=self.at_least)

    def filter_year(self, queryset, name, values):
        if not values:
            return queryset
        years = Q(year__in=[int(value) for value in values if value != NO_YEAR])
        return queryset.filter(years | Q(year__isnull=True) if NO_YEAR in values else years)

    def or_closest(self, count) -> "ActionFilterSet":
        """This filter set, unless `count` (the number of actions a filter set finds) says
        its search leaves the first page short and a wider reading finds more: the actions
        having most of the query's terms (all-term matches first), or, when nothing is in
        the places the query named, the query searched everywhere, its place names as words."""
        if not self.search_query:
            return self
        found = count(self)
        if (
            found.total < settings.ACTIONS_PER_PAGE
            and (wider := self.with_most_words(found))
            and count(wider).total > found.total
        ):
            return wider
        if not found.total and self.understood:
            return self.everywhere().or_closest(count)
        return self

    def with_most_words(self, found: Found) -> "ActionFilterSet | None":
        """The same filters matching the actions that have most of the query's terms: all
        but one of the most any action has (all of them for two terms or fewer); None for a
        query of one term, in quotes, or of which no action has any term. `found` is what
        this filter set found."""
        if not self.search_query.relaxable:
            return None
        best = found.best_coverage
        if found.total or best is None:  # with a match of every term, the best is all of them
            best = search.best_coverage(self.queryset_without("q"), self.search_query, has_every_term=found.total > 0)
        if not best:
            return None
        at_least = best - 1 if best >= 3 else best
        every_term = best == len(self.search_query.terms)
        return self._variant(
            any_words=True, at_least=at_least, all_words_total=found.total, some_have_every_term=every_term
        )

    def everywhere(self) -> "ActionFilterSet":
        """The typed query string with its place names searched as words, not filters: its
        misspelt words read as they were, and the names, recognised as names, not taken for
        misspellings of other words."""
        corrections = dict(self.search_query.corrections)
        return type(self)(
            self.typed_data, queryset=self.queryset, places_dropped=self.understood, corrections=corrections
        )

    def _variant(self, **changes) -> "ActionFilterSet":
        """This filter set matching another way: the same query string, validated, read and
        understood once, not again."""
        options = {
            "any_words": self.any_words,
            "at_least": self.at_least,
            "all_words_total": self.all_words_total,
            "some_have_every_term": self.some_have_every_term,
            "understood": self.understood,
            "typed_data": self.typed_data,
            "places_dropped": self.places_dropped,
            "reading": self.reading,
            "corrections": self.corrections,
        }
        variant = type(self)(self.data, queryset=self.queryset, **(options | changes))
        variant._form = self.form
        return variant

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset, without=None, links_from_rows=False):
        """All active filters but `without`: a facet's counts ignore its own selection.
        With `links_from_rows`, the many-to-many filters read each action's id columns
        instead of their link tables: cheaper for a set of actions read row by row anyway
        (a sample), dearer where a link table's index would find a few among many."""
        for name, value in self.form.cleaned_data.items():
            if name == without:
                continue
            if links_from_rows and name in LINKED_IDS_OF and value:
                queryset = queryset.filter(LinkedToAny(LINKED_IDS_OF[name], [chosen.pk for chosen in value]))
            else:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without(self, name, links_from_rows=False):
        self.is_valid()  # fills cleaned_data with the valid values
        return self.filter_queryset(self.queryset.all(), without=name, links_from_rows=links_from_rows)

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

    def ordered(self, queryset):
        """The actions in the chosen order."""
        return queryset.order_by(*ORDERINGS[self.sort_order])

    def newest_matches_ranked(self, rank_at_most: int, from_listed_matches: bool = False) -> "RankedCandidates":
        """The matches by relevance, ranking only `rank_at_most` of the newest (and as many
        of those with every term): ranking scores every match it is given. With
        `from_listed_matches`, the newest are found by walking the newest actions against a
        list of the matches from the search index (see `search.among_matches`), and then
        ranked; else by reading each walked action's document, which ranks it there and then."""
        newest_first = ORDERINGS["newest"]
        if from_listed_matches and not self.any_words:  # a list has no count of terms matched
            listed = search.among_matches(self.search_query, self.qs.db)
            walked = self.queryset_without("q").filter(listed).order_by(*newest_first).values("pk")
            # The candidates passed every filter: the ranked statement only reads their rows.
            ranked = search.ranked_matches(self.queryset.all(), self.search_query)
            return RankedCandidates(
                [ranked.filter(pk__in=walked[:rank_at_most]).values("pk", *RankedCandidates.COLUMNS)]
            )
        newest = self.qs.order_by(*newest_first).values("pk", *RankedCandidates.COLUMNS)
        candidates = [newest[:rank_at_most]]
        if self.any_words and self.some_have_every_term:  # the actions with every term come first, however old
            candidates.append(newest.filter(pk__in=self.newest_with_every_term(rank_at_most)))
        return RankedCandidates(candidates)

    def newest_with_every_term(self, at_most: int) -> QuerySet:
        """The ids of the newest `at_most` actions having every term of the query, within the
        filters: few, as a search falls back to most of its terms only where fewer than a
        page have them all, and bounded whatever the whole corpus holds (a common pair of
        words within one small country's actions)."""
        every_term = search.search(self.queryset_without("q"), replace(self.search_query, any_words=False))
        return every_term.order_by(*ORDERINGS["newest"]).values("pk")[:at_most]


class RankedCandidates:
    """Candidate matches with their relevance, paged in order of relevance by one statement
    over them. A walk that reads each candidate's search document to match it ranks it too:
    ranking the candidates in a statement of their own read each one's row and document a
    second time (at 1,000,000 actions, 2,000 candidates of "green jobs": 140 -> 115 ms; of
    "employment", 31 -> 18). An action among several candidate sets is paged once."""

    COLUMNS = ("relevance", "year", "title")
    # ORDERINGS["relevance"], written over those columns
    ORDER = "relevance DESC, year DESC NULLS LAST, title, pk"

    def __init__(self, candidates: list, walked: bool = True):
        self.candidates = candidates
        self.db = candidates[0].db
        self.walked = walked

    @classmethod
    def every_match(cls, matches) -> "RankedCandidates":
        """Every match of a search within other filters, ranked by a statement planned apart
        from the ordering, which on PostgreSQL reads the filtered actions first and then
        each one's document (left to itself, it ranked the whole corpus's matches, to stop
        at a page of those within the filters): see `search.filters_first`."""
        return cls([matches.order_by().values("pk", *cls.COLUMNS)], walked=False)

    def page_with_list_data(self, start: int, stop: int, rows=None) -> list:
        """The candidates from `start` to `stop` by relevance, with their list data (read
        from `rows` where given, see `ActionQuerySet.in_order_with_list_data`)."""
        connection = connections[self.db]
        sets, params = [], []
        for number, found in enumerate(self.candidates):
            if self.walked:
                found = search.reading_each_document_once(found)
            sql, found_params = found.query.get_compiler(connection=connection).as_sql()
            if not self.walked:
                sql = search.planned_apart(sql, self.db)
            sets.append(f"SELECT * FROM ({sql}) AS candidates_{number}")
            params += found_params
        ranked = sets[0]
        if len(sets) > 1:  # an action in several sets is paged once
            ranked = (
                f"SELECT pk, MAX(relevance) AS relevance, year, title FROM ({' UNION ALL '.join(sets)}) AS found "
                "GROUP BY pk, year, title"
            )
        statement = f"SELECT pk FROM ({ranked}) AS candidates ORDER BY {self.ORDER} LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            if self.walked:
                cursor.execute(statement, [*params, stop - start, start])
                found = cursor.fetchall()
            else:
                found = search.filters_first(cursor, statement, [*params, stop - start, start])
        return Action.objects.using(self.db).in_order_with_list_data([pk for (pk,) in found], rows)
