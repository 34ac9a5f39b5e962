"""The pages in a real browser: Debian's chromium driven by Playwright."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_filter_by_facet_and_open_a_detail_page(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator(".result-count")).to_have_text("6 actions")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browse.png", full_page=True)

    page.locator('[data-facet="country"] a', has_text="Peru").click()
    expect(page.locator(".result-count")).to_have_text("2 actions")
    assert "country=PE" in page.url
    expect(page.locator('[data-facet="country"] a.selected')).to_contain_text("Peru")

    page.locator('[data-facet="theme"] a', has_text="Youth employment").click()
    expect(page.locator(".result-count")).to_have_text("1 action")

    page.locator(".action-row h3 a").first.click()
    expect(page.locator("h1")).to_have_text("Youth guarantee design in Peru")
    expect(page.locator(".fields")).to_contain_text("Spain")
    page.screenshot(path=ARTIFACTS / "detail.png", full_page=True)


def test_search_box_finds_accented_words_and_keeps_filters(page, live_server):
    page.goto(live_server.url + "/?region=south-america")
    page.fill("#q", "pole emploi")
    page.press("#q", "Enter")
    expect(page.locator(".result-count")).to_have_text("1 action")
    expect(page.locator(".action-row h3")).to_have_text("Services to employers in Ecuador")
    assert "region=south-america" in page.url


def test_invalid_filter_shows_a_message_not_an_error_page(page, live_server):
    response = page.goto(live_server.url + "/?country=Atlantis")
    assert response.status == 400
    expect(page.locator(".errors")).to_contain_text("not valid")
    expect(page.locator(".result-count")).to_have_text("6 actions")


def test_typing_updates_the_results_without_reloading_the_page(page, live_server):
    page.goto(live_server.url + "/?country=PE")
    page.evaluate("window.notReloaded = true")
    page.locator("#q").press_sequentially("guarantee", delay=30)
    expect(page.locator(".result-count")).to_have_text("1 action")
    expect(page.locator(".action-row h3 mark")).to_have_text("guarantee")
    assert page.evaluate("window.notReloaded") is True
    assert "q=guarantee" in page.url and "country=PE" in page.url

    page.locator('[data-facet="country"] a', has_text="Peru").click()  # unselect Peru, still live
    expect(page).to_have_url(re.compile(r"/\?q=guarantee$"))
    expect(page.locator('[data-facet="country"] a.selected')).to_have_count(0)
    expect(page.locator(".result-count")).to_have_text("1 action")
    assert page.evaluate("window.notReloaded") is True


def test_search_and_facets_work_with_javascript_off(browser, live_server, small_list):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#q", "youth")
    page.press("#q", "Enter")
    expect(page.locator(".result-count")).to_have_text("2 actions")
    page.locator('[data-facet="country"] a', has_text="Peru").click()
    expect(page.locator(".result-count")).to_have_text("1 action")
    assert "q=youth" in page.url and "country=PE" in page.url
    context.close()


def test_no_page_breaks_the_content_security_policy(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-editor-passphrase-2026")
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.goto(live_server.url + "/?country=PE")
    page.locator("#q").press_sequentially("guarantee", delay=20)  # a live update through htmx
    expect(page.locator(".result-count")).to_have_text("1 action")
    page.locator(".action-row h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-editor-passphrase-2026")
    page.locator("input[type=submit]").click()
    page.goto(live_server.url + "/admin/actions/action/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#action_form")).to_be_visible()
    page.locator(".field-partner .select2-selection").click()  # the autocomplete widget's script
    page.locator(".select2-search--dropdown .select2-search__field").fill("Min")
    expect(page.locator(".select2-results__option").first).to_contain_text("Ministry")
    assert violations == []
