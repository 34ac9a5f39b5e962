"""The roles a data migration creates: editors keep the records right but manage no users;
reviewers read everything and can only clear the needs-review flag."""

import pytest
from django.contrib.auth.models import Group

from actions.models import Action, Partner


@pytest.fixture
def login(client, django_user_model):
    def as_member_of(role):
        user = django_user_model.objects.create_user(role, password="a-long-passphrase-2026", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return as_member_of


def test_an_editor_changes_records_and_merges_but_cannot_reach_users_or_groups(login, small_list):
    editor = login("editor")
    action = Action.objects.get(title="Youth guarantee design in Peru")
    assert editor.get(f"/admin/actions/action/{action.pk}/change/").status_code == 200
    assert editor.get(f"/admin/actions/action/{action.pk}/history/").status_code == 200
    assert editor.get("/admin/auth/user/").status_code == 403
    assert editor.get("/admin/auth/group/").status_code == 403
    ids = list(Partner.objects.filter(country__code__in=["PE", "EC"]).values_list("pk", flat=True)[:2])
    page = editor.post("/admin/actions/partner/", {"action": "merge_selected", "_selected_action": ids})
    assert b'name="keep"' in page.content


def test_a_reviewer_reads_and_clears_the_review_flag_but_changes_nothing_else(login, small_list):
    reviewer = login("reviewer")
    flagged = Action.objects.get(title="Soft skills for jobseekers in Togo")
    flagged.needs_review, flagged.review_reasons = True, ["beneficiary country inferred"]
    flagged.save()
    change_page = reviewer.get(f"/admin/actions/action/{flagged.pk}/change/")
    assert change_page.status_code == 200 and b'name="_save"' not in change_page.content  # read-only
    reviewer.post(f"/admin/actions/action/{flagged.pk}/change/", {"title": "Changed by a reviewer"})
    reviewer.post("/admin/actions/action/", {"action": "mark_reviewed", "_selected_action": [flagged.pk]})
    flagged.refresh_from_db()
    assert (flagged.title, flagged.needs_review, flagged.review_reasons) == (
        "Soft skills for jobseekers in Togo",
        False,
        [],
    )
    partners = list(Partner.objects.filter(country__code__in=["PE", "EC"]).values_list("pk", flat=True)[:2])
    merge = {"action": "merge_selected", "_selected_action": partners, "keep": partners[0]}
    reviewer.post("/admin/actions/partner/", merge)
    assert Partner.objects.filter(pk__in=partners).count() == 2  # no merge without the right to change
    assert reviewer.get("/admin/auth/user/").status_code == 403
