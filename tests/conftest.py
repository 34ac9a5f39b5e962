import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from playwright.sync_api import sync_playwright

from actions.loader import load_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_list(db):
    """Six actions in the list layout, loaded through the real loader."""
    return load_file(FIXTURES / "small_list.txt")


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker):
    """The five seed texts, loaded once per test module and rolled back after it.

    Its data stays for the rest of the module, so only modules whose database tests all
    work on the seeds use it (test_search_quality, test_seed_accuracy)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seeds", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeds(seeded_database, db):
    """The five seed texts of the project, loaded as `make run` loads them."""


@pytest.fixture
def write_seed(tmp_path):
    def write(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return write


@pytest.fixture
def seed_paths():
    return sorted(Path(settings.SEEDS_DIR).glob("*.txt"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached facet counts of one test's data must not answer another test's request."""
    cache.clear()


@pytest.fixture(autouse=True)
def static_files_without_manifest(settings):
    """Production serves collected, hashed files; tests read static/ directly."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No chromium at {CHROMIUM}: install Debian's chromium (make browser) or set CHROMIUM.")
    # Playwright's synchronous API runs an event loop in this thread; Django's
    # check against database access from async code would otherwise refuse the test's queries.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, small_list):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, failures = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("console", lambda m: failures.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert outside == [], f"the page fetched from outside: {outside}"
    assert failures == [], f"script errors or CSP violations: {failures}"
