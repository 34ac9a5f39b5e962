"""Thin views over summaries: each page costs a few grouped statements, whatever the data size."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from ..facets import cached_for_filters, facet_counts, rows_sample_step
from ..filters import ActionFilterSet
from ..models import Action, Country, Partner, Theme
from .summaries import Summary, alpha_3, browse_url, every_value, flows, map_data, summarise

TOP = 10


def overview(filterset, counted) -> dict:
    """The home page's opening: headline numbers, the map and the timeline of everything,
    rendered once per data version and language, like the counts it shows (the figures'
    hundreds of links cost more than the counts once these are kept)."""
    summary = Summary({}, counted, filterset)

    def rendered():
        # the counts of the data version this is kept under: a write between reading
        # `counted` and here would otherwise keep the old figures under the new version
        current = Summary({}, facet_counts(filterset), filterset)
        figures = {
            "overview": current,
            "overview_countries": current.distinct("country"),
            "overview_partners": current.distinct("partner"),
            "overview_origins": current.distinct("origin"),
            "overview_themes": current.distinct("theme"),
            "overview_years": current.years_covered(),
            "overview_map": map_data(current.every("country")),
            "overview_timeline": current.timeline(),
        }
        return render_to_string("explore/_overview.html", figures)

    return {"overview": summary, "overview_html": cached_for_filters(filterset, "overview", rendered)}


@require_safe
def country_list(request):
    everything = summarise({})
    received = {figure.value: figure for figure in everything.every("country")}
    sent = {figure.value: figure for figure in everything.every("origin")}
    countries = Country.objects.filter(code__in=received.keys() | sent.keys()).select_related("region")
    rows = [(country, received.get(country.code), sent.get(country.code)) for country in countries]
    return render(request, "explore/country_list.html", {"rows": rows})


@require_safe
def country_detail(request, code):
    if code != code.lower():
        return redirect("actions:country", code=code.lower(), permanent=True)
    country = get_object_or_404(Country.objects.select_related("region"), code=code.upper())
    received = summarise({"country": [country.code]}, listed=("origin",), timeline=True)
    gave = summarise({"origin": [country.code]}, listed=("country",), timeline=True)
    came_from = received.every("origin")
    context = {
        "country": country,
        "received": received,
        "gave": gave,
        "received_themes": received.values("theme", TOP),
        "gave_themes": gave.values("theme", TOP),
        "came_from": came_from,
        "went_to": gave.every("country"),
        "received_timeline": received.timeline(),
        "gave_timeline": gave.timeline(),
        "partners": received.values("partner"),
        "map": map_data(came_from),
        "highlight": alpha_3(country.code),
        "partner_count": received.distinct("partner"),
        "origin_count": received.distinct("origin"),
        "destination_count": gave.distinct("country"),
        "years": received.years_covered() or gave.years_covered(),
    }
    return render(request, "explore/country_detail.html", context)


@require_safe
def partner_list(request):
    partners = {figure.value: figure for figure in summarise({}).every("partner")}
    rows = [
        (partner, partners[partner.slug])
        for partner in Partner.objects.filter(slug__in=partners.keys()).select_related("country")
    ]
    return render(request, "explore/partner_list.html", {"rows": rows})


@require_safe
def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.select_related("country", "parent"), slug=slug)
    summary = summarise({"partner": [partner.slug]}, listed=("country", "origin"), timeline=True)
    its_actions = Action.objects.filter(Q(partner=partner) | Q(organisers=partner) | Q(participants=partner)).values(
        "pk"
    )
    worked_with = (
        Partner.objects.filter(
            Q(actions__in=its_actions) | Q(actions_organised__in=its_actions) | Q(actions_participated__in=its_actions)
        )
        .exclude(pk=partner.pk)
        .select_related("country")
        .distinct()
        .order_by("name")[:50]
    )
    context = {
        "partner": partner,
        "summary": summary,
        "themes": summary.values("theme", TOP),
        "countries": summary.every("country"),
        "origins": summary.every("origin"),
        "timeline": summary.timeline(),
        "worked_with": worked_with,
        "theme_count": summary.distinct("theme"),
        "origin_count": summary.distinct("origin"),
        "units": partner.units.select_related("country").order_by("name")[:50],
    }
    return render(request, "explore/partner_detail.html", context)


@require_safe
def theme_list(request):
    themes = {figure.value: figure for figure in summarise({}).every("theme")}
    rows = [(theme, themes.get(theme.slug)) for theme in Theme.objects.all()]
    return render(request, "explore/theme_list.html", {"rows": rows})


@require_safe
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    summary = summarise({"theme": [theme.slug]}, listed=("country",), timeline=True)
    countries = summary.every("country")
    context = {
        "theme": theme,
        "summary": summary,
        "countries": countries,
        "origins": summary.values("origin", TOP),
        "partners": summary.values("partner", TOP),
        "timeline": summary.timeline(),
        "map": map_data(countries),
        "country_count": summary.distinct("country"),
        "partner_count": summary.distinct("partner"),
    }
    return render(request, "explore/theme_detail.html", context)


MAP_MODES = {"country": "country", "origin": "origin"}


@require_safe
def world_map(request):
    """Actions per beneficiary country, or per expert origin, for the browse filters."""
    filterset, params = _filters(request)
    mode = MAP_MODES.get(request.GET.get("by"), "country")
    figures = every_value(filterset, mode, params)
    context = {
        "mode": mode,
        "figures": figures,
        "map": map_data(figures),
        "params": params,
        "state": filterset.state,
        "errors": filterset.errors,
        "switch_url": browse_url({**params, "by": ["origin" if mode == "country" else "country"]}, "actions:map"),
        "list_url": browse_url(params),
    }
    return render(request, "explore/map.html", context, status=400 if filterset.errors else 200)


@require_safe
def flow_view(request):
    """Which countries' experts went where: pairs of expert origin and beneficiary country."""
    filterset, params = _filters(request)
    pairs = flows(filterset, params, settings.FLOW_PAIRS_LISTED, rows_sample_step(filterset))
    context = {
        "pairs": pairs,
        "sankey": [
            {"source": p.origin, "target": p.destination, "value": p.figure.count, "url": p.figure.url}
            for p in pairs[: settings.FLOW_PAIRS_DRAWN]
        ],
        "state": filterset.state,
        "errors": filterset.errors,
        "list_url": browse_url(params),
    }
    return render(request, "explore/flows.html", context, status=400 if filterset.errors else 200)


def _filters(request):
    """The browse page's filters from the query string, and their valid part as parameters."""
    filterset = ActionFilterSet(request.GET, queryset=Action.objects.all())
    return filterset, {key: filterset.state.getlist(key) for key in filterset.state if key != "sort"}
