from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import export, search
from .explore.views import overview
from .facets import FACETS_BY_PARAM, all_values, chosen_values, facet_counts, walked_at_most
from .filters import SORTS, ActionFilterSet, RankedCandidates
from .models import Action, Expert, Partner

# How many times cheaper listing a match from the search index is than reading a document,
# and the most matches listed: about 4 MB of ids in PostgreSQL's hash, half of what it
# hashes by default (work_mem 4 MB × hash_mem_multiplier 2), so that where the planner
# expects up to twice as many matches as the sample did, the list is still hashed rather
# than searched through for every action walked.
LISTING_GAIN = 5
LISTED_MATCHES_AT_MOST = 100_000


def filtered_actions(data):
    """The filter set for a query string and the matching actions in display order, with the
    same fallbacks as the browse page, so that an export holds what the page shows."""
    filterset = ActionFilterSet.read(data)
    return filterset, filterset.ordered(filterset.qs)


def counted_actions(data):
    """As filtered_actions, with the facet counts and the last page that can be served; the
    actions are those of the ranked candidates (`RankedCandidates`) where only some are ranked.
    (Whether a search finds anything, and, where it finds nothing, how many of its words any
    action has, are read from its counts, which the page needs anyway, rather than by
    statements of their own.)"""
    filterset = ActionFilterSet.read(data, count=facet_counts)
    counted = facet_counts(filterset)  # from the cache
    # Ranking reads the search document of every match it scores. Finding the newest
    # `ranked` matches instead reads about ranked * walked / total documents, walking in
    # newest-first order the actions that the other filters select (at most `walked`: the
    # whole corpus, or fewer, see `walked_at_most`); where that is fewer (total² > ranked *
    # walked: at 1,000,000 actions, a search matching over 4.5 % of them, at 100,000 over 14
    # %; within Peru's 25,000 of 100,000, over 7,100 of them), only those are ranked, and
    # only the pages they fill are served.
    ranked, total, corpus = settings.RANKED_MATCHES_AT_MOST, counted.total, counted.corpus_size
    if filterset.sort_order != "relevance" or total <= ranked:
        return filterset, counted, filterset.ordered(filterset.qs), settings.MAX_BROWSE_PAGE
    within_filters = bool(chosen_values(filterset))
    if total**2 > ranked * walked_at_most(filterset, corpus):
        last_page = min(settings.MAX_BROWSE_PAGE, -(-ranked // settings.ACTIONS_PER_PAGE))
        # Listing every match from the search index costs about a fifth of reading a walked
        # action's document (at 1,000,000, 55,000 matches of "digital" in 90 ms, against 340
        # for the 40,000 documents walked to find their newest 2,000), where the index alone
        # decides, while the list fits the memory a statement may hash in, and while PostgreSQL
        # lists from the index at all: for a word in more than about half the documents it
        # reads every one instead (53 % listed from the index, 60 % read through, at 100,000;
        # at 10,000, "employment" listed by reading all 10,000: page statement 54 -> 82 ms).
        # The list holds the whole corpus's matches: as many as the total only where nothing
        # but the search is chosen.
        listed = (
            not within_filters
            and total**2 < LISTING_GAIN * ranked * corpus
            and total <= LISTED_MATCHES_AT_MOST
            and 2 * total <= corpus
            and search.listed_by_index_alone(filterset.search_query, filterset.qs.db)
        )
        return filterset, counted, filterset.newest_matches_ranked(ranked, from_listed_matches=listed), last_page
    if within_filters:  # more matches than are ranked at most, but fewer than call for a walk
        return filterset, counted, RankedCandidates.every_match(filterset.qs), settings.MAX_BROWSE_PAGE
    return filterset, counted, filterset.ordered(filterset.qs), settings.MAX_BROWSE_PAGE


def _understood(filterset) -> list[tuple]:
    """Each place the query was read as, and the link that takes it back: the same page with
    that filter removed and the query searched as typed."""
    chips = []
    for place in filterset.understood:
        query = filterset.state.copy()
        for param, values in place.filters.items():
            query.setlist(param, [value for value in query.getlist(param) if value not in values])
        query["q"], query["literal"] = filterset.typed_query, "1"
        chips.append((place, "?" + query.urlencode()))
    return chips


class CountedPaginator(Paginator):
    """A paginator of actions told the number of matches, which the facet counts already
    hold, reading a page's ids before its rows, and the rows from `rows` (see
    `ActionQuerySet.in_order_with_list_data`)."""

    def __init__(self, object_list, per_page, count, rows=None):
        super().__init__(object_list, per_page)
        self.count, self.rows = count, rows

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        shown = self.object_list.page_with_list_data(start, start + self.per_page, self.rows)
        return self._get_page(shown, number, self)


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _beyond_last_page(request, last_page: int):
    message = _("Only the first %(limit)d pages are shown. Narrow the filters, or download the list.") % {
        "limit": last_page
    }
    return render(request, "400.html", {"message": message}, status=400)


@require_safe
@vary_on_headers("HX-Request")
def action_list(request):
    number = _page_number(request.GET.get("page"))
    if number > settings.MAX_BROWSE_PAGE:  # refused before any work
        return _beyond_last_page(request, settings.MAX_BROWSE_PAGE)
    filterset, counted, actions, last_page = counted_actions(request.GET)
    if number > last_page:
        return _beyond_last_page(request, last_page)
    # a search's marked titles and snippets read with the rows, not by a statement of their own
    marked = search.with_highlights(Action.objects.using(actions.db), filterset.search_query)
    page = CountedPaginator(actions, settings.ACTIONS_PER_PAGE, count=counted.total, rows=marked).get_page(number)
    context = {
        "highlights": search.highlights(page.object_list),
        "search_query": filterset.search_query,
        "filterset": filterset,
        "state": filterset.state,
        "page": page,
        "max_page": last_page,
        "facets": counted.facets,
        "estimated": counted.estimated,
        "sort": filterset.sort_order,
        "sorts": SORTS if filterset.has_query else SORTS[1:],
        "query": filterset.form.cleaned_data.get("q", ""),
        "errors": filterset.errors,
        "understood": _understood(filterset),
    }
    # the home page's opening, not repeated above every later page of the whole list
    if not filterset.state and page.number == 1 and not request.headers.get("HX-Request"):
        context |= overview(filterset, counted)
    template = "actions/_browse.html" if request.headers.get("HX-Request") else "actions/action_list.html"
    return render(request, template, context, status=400 if filterset.errors else 200)


@require_safe
def facet_values(request, param):
    """Every value of one facet for the browse page's filters: the page behind "Show all"."""
    if param not in FACETS_BY_PARAM:
        raise Http404
    filterset = ActionFilterSet(request.GET, queryset=Action.objects.all())
    counted = all_values(filterset, param)
    facet = counted.facets[0]
    if param != "year":
        facet.values.sort(key=lambda value: value.label.casefold())  # an index to find a name in
    context = {
        "facet": facet,
        "state": filterset.state,
        "estimated": counted.estimated,
        "total": counted.total,
        "limit": settings.FACET_VALUES_LISTED,
        "errors": filterset.errors,
    }
    return render(request, "actions/facet_values.html", context, status=400 if filterset.errors else 200)


@require_safe
def action_detail(request, slug):
    partners = Partner.objects.select_related("country")  # each with its country, in the same statement
    action = get_object_or_404(
        Action.objects.select_related("partner__country", "country__region", "source").prefetch_related(
            "themes",
            "expert_origins",
            "action_types",
            "countries_involved",
            Prefetch("organisers", queryset=partners),
            Prefetch("participants", queryset=partners),
            Prefetch("experts", queryset=Expert.objects.select_related("country")),
        ),
        slug=slug,
    )
    context = {
        "action": action,
        "related": Action.objects.related_to(action),
        "referenced": {a.code: a for a in Action.objects.filter(code__in=action.referenced_codes)}
        if action.referenced_codes
        else {},
    }
    return render(request, "actions/action_detail.html", context)


def _export(request, chunks, content_type, extension):
    """Every match up to EXPORT_MAX_ROWS, streamed; the headers say how many matched."""
    filterset, actions = filtered_actions(request.GET)
    if filterset.errors:
        return render(request, "actions/bad_query.html", {"errors": filterset.errors}, status=400)
    total = actions.count()
    limit = settings.EXPORT_MAX_ROWS
    base_url = request.build_absolute_uri("/")[:-1]
    response = StreamingHttpResponse(chunks(actions, base_url, limit), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="pesknow-actions.{extension}"'
    response["X-Total-Count"] = str(total)
    response["X-Export-Row-Limit"] = str(limit)
    response["X-Export-Truncated"] = "true" if total > limit else "false"
    return response


@require_safe
def export_json(request):
    return _export(request, export.json_chunks, "application/json", "json")


@require_safe
def export_csv(request):
    return _export(request, export.csv_chunks, "text/csv; charset=utf-8", "csv")
