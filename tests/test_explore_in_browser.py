"""The explore pages in a real browser: charts drawn from vendored code, every mark a link
to the list it counts, nothing fetched from outside, no script error or CSP violation."""

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "explore"


def screenshot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def actions(count):
    return f"{count} action" if count == 1 else f"{count} actions"


def drawn(page, chart):
    area = page.locator(f'[data-chart="{chart}"]').first
    expect(area).to_have_attribute("data-drawn", "true")
    return area


def test_home_opens_with_figures_a_map_and_a_timeline(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator(".overview .headline")).to_contain_text("6")
    drawn(page, "map")
    drawn(page, "timeline")
    screenshot(page, "home")


def test_clicking_a_country_on_the_map_opens_its_page(page, live_server):
    page.goto(live_server.url + "/map/")
    peru = drawn(page, "map").locator('a[data-country="PER"]')
    expect(peru).to_have_attribute("data-count", "2")
    screenshot(page, "map")
    peru.click()
    expect(page.locator("h1")).to_have_text("Peru")
    assert page.url.endswith("/countries/pe/")
    drawn(page, "map")
    screenshot(page, "country")


def test_clicking_a_bar_opens_the_list_it_counts(page, live_server):
    page.goto(live_server.url + "/themes/youth/")
    bar = drawn(page, "timeline").locator("a[data-count]").first
    count = int(bar.get_attribute("data-count"))
    screenshot(page, "theme")
    bar.locator("rect").click()
    expect(page.locator(".result-count")).to_have_text(actions(count))
    assert "theme=youth" in page.url and "year=" in page.url


def test_flows_are_drawn_and_each_flow_opens_its_pair(page, live_server):
    page.goto(live_server.url + "/flows/")
    flow = drawn(page, "sankey").locator("a[data-count]").first
    count = int(flow.get_attribute("data-count"))
    screenshot(page, "flows")
    flow.focus()
    page.keyboard.press("Enter")  # a flow is a link, reachable without a mouse
    expect(page.locator(".result-count")).to_have_text(actions(count))
    assert "origin=" in page.url and "country=" in page.url


def test_without_javascript_the_tables_carry_the_figures(browser, live_server, small_list):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/countries/pe/")
    table = page.locator(".map details.chart-table[open] table")
    expect(table).to_contain_text("Spain")
    link = table.locator("a.count").first
    count = int(link.inner_text())
    link.click()
    expect(page.locator(".result-count")).to_have_text(actions(count))
    context.close()
