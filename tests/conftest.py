from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from actions.loader import load_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_list(db):
    """Six actions in the list layout, loaded through the real loader."""
    return load_file(FIXTURES / "small_list.txt")


@pytest.fixture
def seeds(db):
    """The five seed texts of the project, loaded as `make run` loads them."""
    call_command("load_seeds", verbosity=0)


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
def static_files_without_manifest(settings):
    """Production serves collected, hashed files; tests read static/ directly."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
