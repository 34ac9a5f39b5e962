"""Every number on the explore pages equals the count of the page it links to, on the seeds;
and no internal link of the site answers with a server error."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import set_script_prefix

from actions.explore.summaries import browse_url

FIGURE = re.compile(r'<a class="(count|values)" href="([^"]+)">(\d+)</a>')


def figures(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    found = [(kind, unescape(href), int(number)) for kind, href, number in FIGURE.findall(response.content.decode())]
    assert found, f"{url} shows no linked figure"
    return found


def counted_by_link(client, kind, href):
    response = client.get(href)
    if kind == "count":
        return response.context["page"].paginator.count
    return response.context["facet"].distinct  # a number of countries, partners, themes


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/countries/",
        "/countries/pe/",
        "/countries/fr/",
        "/countries/tg/",
        "/partners/",
        "/themes/",
        "/themes/youth/",
        "/themes/green-jobs/",
        "/map/",
        "/map/?by=origin&theme=youth",
        "/flows/",
        "/flows/?region=western-africa",
    ],
)
def test_every_number_equals_the_count_of_the_list_it_links_to(client, seeds, url):
    wrong = [
        (href, number, counted)
        for kind, href, number in figures(client, url)
        if (counted := counted_by_link(client, kind, href)) != number
    ]
    assert wrong == []


def test_a_partner_page_counts_what_the_partner_led(client, seeds):
    for kind, href, number in figures(client, "/partners/mtpe-pe/"):
        assert counted_by_link(client, kind, href) == number, href


def test_no_internal_link_answers_with_a_server_error(client, seeds):
    """Every page reachable from the home page without a query string is opened and its links
    followed; of the endless filter combinations, every link that sets a parameter to a value
    not yet tried on its path."""
    pages, tried, broken = ["/"], set(), []
    while pages:
        url = pages.pop()
        response = client.get(url)
        if response.status_code >= 500:
            broken.append(url)
        if "?" in url or not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            parts = urlsplit(unescape(href))
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(("/static/", "/admin")):
                continue
            settings = {(parts.path, *pair) for pair in parse_qsl(parts.query, keep_blank_values=True)}
            new = settings - tried if parts.query else {(parts.path,)} - tried
            if new:
                tried |= new
                pages.append(unescape(href))
    assert len({setting[0] for setting in tried}) > 250  # countries, partners, themes, actions
    assert broken == []


def test_figure_links_follow_the_address_the_site_is_served_under():
    """Paths are reversed once per page name, and once more for another script prefix (a
    site mounted at /kb/ behind its proxy)."""
    assert browse_url({"country": ["PE"]}) == "/?country=PE"
    set_script_prefix("/kb/")
    try:
        assert browse_url({"country": ["PE"]}) == "/kb/?country=PE"
        assert browse_url({}, "actions:facet", args=["theme"]) == "/kb/filters/theme/"
    finally:
        set_script_prefix("/")
    assert browse_url({}, "actions:facet", args=["theme"]) == "/filters/theme/"
