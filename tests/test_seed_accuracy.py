"""The loader against a hand-checked reading of every entry of the list seed.

tests/fixtures/list_seed_truth.json gives, for each entry (by its line in the seed),
the beneficiary country, the expert origin countries and the action types a careful
reader takes from the text. The country is null where the text does not say it.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from actions.models import Action
from actions.seedparse import parse_document
from actions.seedparse.action_types import canonical_type

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
        assert sorted(action.action_type_labels) == sorted(entry["action_types"]), action.title
        canonical = {canonical_type(label).slug for label in entry["action_types"]}
        assert {t.slug for t in action.action_types.all()} == canonical, action.title


def test_the_project_seeds_load_every_record(seeds):
    kinds = dict(Action.objects.values_list("kind").annotate(n=Count("pk")))
    # the list's events by their type line and title words: "Webinar on ...", "Training seminar ..."
    assert kinds == {
        "action": 74,
        "workshop": 2,
        "webinar": 3,
        "conference": 3,
        "seminar": 3,
        "meeting": 2,
        "training": 2,
        "event": 2,
    }
    assert Action.objects.filter(title__startswith="•").count() == 0
    peru = Action.objects.filter(country__code="PE")
    assert peru.count() >= 10
    assert Action.objects.get(title__startswith="Seminar on informal economy").expert_origins.count() == 3


def test_every_row_links_to_a_detail_page_that_opens(client, seeds):
    response = client.get(reverse("actions:list"), {"sort": "title"})
    for action in Action.objects.all():
        assert client.get(action.get_absolute_url()).status_code == 200
    assert response.context["page"].paginator.count == 91


def test_green_jobs_finds_the_green_jobs_seed_actions(client, seeds):
    titles = [a.title for a in client.get(reverse("actions:list"), {"q": "green jobs"}).context["page"]]
    assert "Public policies for the promotion of green jobs among the youth" in titles
    assert any("green jobs" in t.lower() for t in titles)
    assert len(titles) >= 3
