"""The loader against a hand-checked reading of every entry of the list seed.

tests/fixtures/list_seed_truth.json gives, for each entry (by its line in the seed),
the beneficiary country, the expert origin countries and the action types a careful
reader takes from the text. The country is null where the text does not say it.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from actions.models import Action
from actions.seedparse import parse_document

TRUTH = json.loads((Path(__file__).parent / "fixtures" / "list_seed_truth.json").read_text())
FIELDS = ("country", "expert_origins", "action_types")
REQUIRED_ACCURACY = 0.97


@pytest.fixture(scope="module")
def parsed():
    path = next(Path(settings.SEEDS_DIR).glob("001_*.txt"))
    return {str(record.line): record for record in parse_document(path.read_text(), path.name).records}


def extracted(record, field):
    value = getattr(record, field)
    return sorted(value) if field == "expert_origins" else value


def test_the_truth_covers_every_entry(parsed):
    assert set(parsed) == set(TRUTH)
    assert all(parsed[line].title.startswith(entry["title"]) for line, entry in TRUTH.items())


@pytest.mark.parametrize("field", FIELDS)
def test_field_is_exact_for_at_least_97_percent_of_entries(parsed, field):
    misses = {
        line: (extracted(parsed[line], field), entry[field])
        for line, entry in TRUTH.items()
        if extracted(parsed[line], field) != entry[field]
    }
    accuracy = 1 - len(misses) / len(TRUTH)
    assert accuracy >= REQUIRED_ACCURACY, f"{field}: {accuracy:.1%} exact; (got, expected) by line: {misses}"


def test_saved_actions_match_the_truth(seeds):
    for action in Action.objects.filter(source__filename__startswith="001_").prefetch_related(
        "expert_origins", "action_types"
    ):
        entry = TRUTH[str(action.position)]
        assert (action.country.code if action.country else None) == entry["country"], action.title
        assert sorted(c.code for c in action.expert_origins.all()) == entry["expert_origins"], action.title
        assert sorted(t.name for t in action.action_types.all()) == sorted(entry["action_types"]), action.title
