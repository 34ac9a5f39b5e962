"""Links of the browse page, built from the filter set's valid state, never the raw query."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle(context, param, value):
    """The current state with one facet value switched on or off, back on page 1."""
    query = context["state"].copy()
    values = query.getlist(param)
    value = str(value)
    query.setlist(param, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def replace_query(context, param, value):
    """The current state with one parameter set to a single value, back on page 1."""
    query = context["state"].copy()
    query.setlist(param, [value])
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def page_link(context, number):
    query = context["state"].copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag
def query_for(param, value):
    return "?" + urlencode({param: value})


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
