from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

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
