"""One editor's round of work in a real browser: the review queue, a correction, its history
with old and new values, a merge. Screenshots in test-artifacts/editor/."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from actions.models import Action, Partner

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "editor"
PASSWORD = "a-long-editor-passphrase-2026"


@pytest.fixture
def editor(page, live_server, django_user_model, small_list):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="editor")[0])
    # the roles come from a data migration, which a transactional test's flush undoes
    # (tests/test_roles.py checks what each role may do); here the editor may do everything
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="actions"))
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    return page


def test_an_editor_corrects_a_record_sees_its_history_and_merges_duplicates(editor, live_server):
    page = editor
    flagged = Action.objects.get(title="Soft skills for jobseekers in Togo")
    flagged.title = "Soft skills for jobseekers in Togo: training of the counsellors of the national employment agency"
    flagged.needs_review, flagged.review_reasons = True, ["beneficiary country inferred, or a second candidate country"]
    flagged.save()

    page.goto(live_server.url + "/admin/actions/action/?needs_review__exact=1")
    page.screenshot(path=SHOTS / "1-review-queue.png", full_page=True)
    page.locator("#result_list tbody th a").first.click()

    title = page.locator("#content > h2")
    tools = page.locator(".object-tools")
    expect(tools).to_be_visible()
    box, buttons = title.bounding_box(), tools.bounding_box()
    assert box["y"] >= buttons["y"] + buttons["height"] or box["y"] + box["height"] <= buttons["y"]  # no overlap

    page.fill("#id_year", "2023")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    page.screenshot(path=SHOTS / "2-corrected.png", full_page=True)

    page.locator(".object-tools a", has_text="History").click()
    expect(page.locator("#change-history")).to_contain_text("2024 → 2023")
    page.screenshot(path=SHOTS / "3-history.png", full_page=True)

    duplicate = Partner.objects.create(name="ANPE Togo", slug="anpe-togo-2", country=flagged.partner.country)
    page.goto(live_server.url + "/admin/actions/partner/?q=ANPE")
    page.locator(f'input[name=_selected_action][value="{flagged.partner_id}"]').check()
    page.locator(f'input[name=_selected_action][value="{duplicate.pk}"]').check()
    page.select_option("select[name=action]", "merge_selected")
    page.locator("button[name=index]").click()
    page.screenshot(path=SHOTS / "4-merge-choose.png", full_page=True)
    page.locator(f'input[name=keep][value="{flagged.partner_id}"]').check()
    page.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged ANPE Togo")
    page.screenshot(path=SHOTS / "5-merged.png", full_page=True)
    assert not Partner.objects.filter(pk=duplicate.pk).exists()
