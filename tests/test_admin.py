"""The admin: every model registered, searchable, and an editor can correct any field of an action."""

import pytest
from django.contrib import admin
from django.urls import reverse

from actions.models import (
    Action,
    ActionType,
    Country,
    DeletedSeedRecord,
    Expert,
    Partner,
    Region,
    SearchTerm,
    SourceDocument,
    Theme,
)

MODELS = [Action, ActionType, Country, DeletedSeedRecord, Expert, Partner, Region, SearchTerm, SourceDocument, Theme]


def action_form(action, **changes):
    """The change form's data as the admin would post it, with some fields changed."""
    data = {
        "title": action.title,
        "slug": action.slug,
        "kind": action.kind,
        "code": action.code,
        "status": action.status,
        "description": action.description,
        "partner": action.partner_id or "",
        "country": action.country_id or "",
        "expert_origins": [c.pk for c in action.expert_origins.all()],
        "countries_involved": [c.pk for c in action.countries_involved.all()],
        "organisers": [p.pk for p in action.organisers.all()],
        "participants": [p.pk for p in action.participants.all()],
        "action_types": [t.pk for t in action.action_types.all()],
        "themes": [t.pk for t in action.themes.all()],
        "year": action.year or "",
        "start_date": action.start_date or "",
        "end_date": action.end_date or "",
        "source": action.source_id or "",
        "position": action.position or "",
        "referenced_codes": "",
        "experts-TOTAL_FORMS": "0",
        "experts-INITIAL_FORMS": "0",
        "experts-MIN_NUM_FORMS": "0",
        "experts-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields


def test_foreign_keys_and_many_to_many_of_actions_use_autocomplete():
    model_admin = admin.site._registry[Action]
    relations = {f.name for f in Action._meta.get_fields() if (f.many_to_many or f.many_to_one) and f.concrete}
    assert relations <= set(model_admin.autocomplete_fields)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_open_with_search_and_filters(admin_client, small_list, model):
    url = reverse(f"admin:actions_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "peru"}).status_code == 200


def test_action_change_form_opens(admin_client, small_list):
    action = Action.objects.first()
    assert admin_client.get(reverse("admin:actions_action_change", args=[action.pk])).status_code == 200


def test_editor_corrects_country_origins_and_themes(admin_client, small_list):
    action = Action.objects.get(title="Services to employers in Ecuador")
    response = admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        action_form(
            action,
            title="Services to employers in Ecuador (reviewed)",
            country=Country.objects.get(code="CO").pk,
            expert_origins=[Country.objects.get(code="FR").pk, Country.objects.get(code="ES").pk],
            themes=[Theme.objects.get(slug="digitalisation").pk],
            year=2022,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.title.endswith("(reviewed)")
    assert action.country.code == "CO"
    assert sorted(action.expert_origins.values_list("code", flat=True)) == ["ES", "FR"]
    assert list(action.themes.values_list("slug", flat=True)) == ["digitalisation"]
    assert "Colombia" in action.search_context


def test_a_wrong_form_gets_errors_and_changes_nothing(admin_client, small_list):
    action = Action.objects.get(title="Services to employers in Ecuador")
    response = admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        action_form(action, title="", start_date="2024-05-10", end_date="2024-01-01", year="twenty"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"title", "year"} <= set(errors)
    action.refresh_from_db()
    assert action.title == "Services to employers in Ecuador"


def test_dates_in_the_wrong_order_are_refused(admin_client, small_list):
    action = Action.objects.get(title="Services to employers in Ecuador")
    response = admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        action_form(action, start_date="2024-05-10", end_date="2024-01-01"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["The end date cannot be before the start date."]


def test_autocomplete_finds_countries_by_name(admin_client, small_list):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "peru", "app_label": "actions", "model_name": "action", "field_name": "country"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Peru"]


def test_editors_correction_survives_a_reload_done_after_it(admin_client, small_list):
    from django.core.management import call_command

    from tests.conftest import FIXTURES

    action = Action.objects.get(title="Services to employers in Ecuador")
    admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        action_form(action, country=Country.objects.get(code="CO").pk),
    )
    call_command("load_seeds", str(FIXTURES / "small_list.txt"), verbosity=0)
    action.refresh_from_db()
    assert action.country.code == "CO"


def test_anonymous_visitors_cannot_edit(client, small_list):
    action = Action.objects.first()
    response = client.get(reverse("admin:actions_action_change", args=[action.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_codes_of_actions_referred_to_are_a_list_not_raw_json(admin_client, small_list):
    action = Action.objects.get(title="Youth guarantee design in Peru")
    url = reverse("admin:actions_action_change", args=[action.pk])
    assert admin_client.post(url, action_form(action, referenced_codes="2021-07, 2022-21")).status_code == 302
    action.refresh_from_db()
    assert action.referenced_codes == ["2021-07", "2022-21"]
    refused = admin_client.post(url, action_form(action, referenced_codes="2021-07, see above"))
    assert "An action code is a year and a number" in refused.content.decode()
    action.refresh_from_db()
    assert action.referenced_codes == ["2021-07", "2022-21"]
    assert 'value="2021-07,2022-21"' in admin_client.get(url).content.decode()
