from django.conf import settings
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import export, search
from .facets import facet_counts
from .filters import SORTS, ActionFilterSet
from .models import Action


def filtered_actions(data):
    """The filter set for a query string and the matching actions in display order."""
    filterset = ActionFilterSet(data, queryset=Action.objects.all())
    return filterset, filterset.ordered(filterset.qs).with_list_data()


@require_safe
def action_list(request):
    filterset, actions = filtered_actions(request.GET)
    page = Paginator(actions, settings.ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "highlights": search.highlights(page.object_list, filterset.search_query),
        "search_query": filterset.search_query,
        "filterset": filterset,
        "page": page,
        "facets": facet_counts(filterset),
        "sort": filterset.sort_order,
        "sorts": SORTS if filterset.has_query else SORTS[1:],
        "query": filterset.form.cleaned_data.get("q", ""),
        "errors": filterset.errors,
    }
    template = "actions/_browse.html" if request.headers.get("HX-Request") else "actions/action_list.html"
    return render(request, template, context, status=400 if filterset.errors else 200)


@require_safe
def action_detail(request, slug):
    action = get_object_or_404(
        Action.objects.with_list_data().prefetch_related(
            "organisers__country", "participants__country", "countries_involved", "experts__country"
        ),
        slug=slug,
    )
    context = {
        "action": action,
        "related": Action.objects.related_to(action),
        "referenced": {a.code: a for a in Action.objects.filter(code__in=action.referenced_codes)},
    }
    return render(request, "actions/action_detail.html", context)


def _export(request, chunks, content_type, extension):
    filterset, actions = filtered_actions(request.GET)
    if filterset.errors:
        return render(request, "actions/bad_query.html", {"errors": filterset.errors}, status=400)
    response = StreamingHttpResponse(chunks(actions, request.build_absolute_uri("/")[:-1]), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="pesknow-actions.{extension}"'
    return response


@require_safe
def export_json(request):
    return _export(request, export.json_chunks, "application/json", "json")


@require_safe
def export_csv(request):
    return _export(request, export.csv_chunks, "text/csv; charset=utf-8", "csv")
