"""Links of the browse page, built from the filter set's valid state, never the raw query."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle(context, param, value):
    """The current state with one facet value switched on or off, back on page 1."""
    values, value = context["state"].getlist(param), str(value)
    return _with(context["state"], param, [v for v in values if v != value] if value in values else [*values, value])


@register.simple_tag(takes_context=True)
def replace_query(context, param, value):
    """The current state with one parameter set to a single value, back on page 1."""
    return _with(context["state"], param, [value])


@register.simple_tag(takes_context=True)
def page_link(context, number):
    return _with(context["state"], "page", [number])


def _with(state, param, values) -> str:
    """The query string of the state with the values of one parameter replaced, in the same
    order as QueryDict.setlist would leave them. (Built from the state's lists rather than a
    copy of it: a page has hundreds of these links, and copying a QueryDict deep-copies it.)"""
    lists = dict(state.lists())
    lists[param] = values
    return "?" + urlencode(lists, doseq=True)


@register.simple_tag
def query_for(param, value):
    return "?" + urlencode({param: value})


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
