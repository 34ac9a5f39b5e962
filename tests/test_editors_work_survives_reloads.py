"""An editor's work is never lost to the loader: a title corrected upstream updates the same
record, a deleted record stays deleted, a record gone from the file is reported and kept, and
every change (the loader's too) is in the history, with its values, and can be reverted."""

import io

from django.core.management import call_command

from actions.models import Action, DeletedSeedRecord
from tests.conftest import FIXTURES

SMALL_LIST = (FIXTURES / "small_list.txt").read_text()


def load(path):
    out = io.StringIO()
    call_command("load_seeds", str(path), stdout=out)
    return out.getvalue()


def test_a_title_corrected_in_the_file_updates_the_same_record(db, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    peru = Action.objects.get(title="Labour market information system for Peru")
    path.write_text(
        SMALL_LIST.replace("Labour market information system for Peru", "Labour market information systems in Peru")
    )
    out = load(path)
    assert Action.objects.count() == 6
    peru.refresh_from_db()
    assert peru.title == "Labour market information systems in Peru"
    assert (
        "recognised 'Labour market information system for Peru' as 'Labour market information systems in Peru'" in out
    )


def test_a_new_record_with_a_different_title_is_not_taken_for_an_old_one(db, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    path.write_text(
        SMALL_LIST.replace("Soft skills for jobseekers in Togo", "Public works programme evaluation in Togo")
    )
    out = load(path)
    assert Action.objects.filter(title="Public works programme evaluation in Togo").exists()
    assert "'Soft skills for jobseekers in Togo' is no longer in the file: kept, not deleted" in out
    assert Action.objects.filter(title="Soft skills for jobseekers in Togo").exists()


def test_a_record_an_editor_deleted_is_not_created_again_until_restored(admin_client, admin_user, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    togo = Action.objects.get(title="Soft skills for jobseekers in Togo")
    admin_client.post(f"/admin/actions/action/{togo.pk}/delete/", {"post": "yes"})
    tombstone = DeletedSeedRecord.objects.get()
    assert (tombstone.title, tombstone.deleted_by) == ("Soft skills for jobseekers in Togo", admin_user.username)

    out = load(path)
    assert not Action.objects.filter(title="Soft skills for jobseekers in Togo").exists()
    assert f"seed has 'Soft skills for jobseekers in Togo', deleted by {admin_user.username} on" in out
    assert "0 created" in out

    tombstone.delete()  # the editor restores it
    load(path)
    assert Action.objects.filter(title="Soft skills for jobseekers in Togo").exists()


def test_a_deleted_record_whose_title_was_then_corrected_stays_deleted(db, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    Action.objects.get(title="Soft skills for jobseekers in Togo").delete()
    path.write_text(SMALL_LIST.replace("Soft skills for jobseekers in Togo", "Soft skills for job seekers in Togo"))
    load(path)
    assert not Action.objects.filter(title__startswith="Soft skills").exists()


def test_the_history_holds_the_loaders_and_the_editors_changes_with_their_values(admin_client, admin_user, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    assert peru.history.earliest().history_change_reason == "load_seeds list.txt"
    assert peru.history.earliest().history_user is None  # the loader, not a person

    peru.title = "Youth Guarantee design in Peru"
    peru._history_user = admin_user
    peru.save()
    latest = peru.history.latest()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "Youth guarantee design in Peru", "Youth Guarantee design in Peru")
    ]
    assert latest.history_user == admin_user

    page = admin_client.get(f"/admin/actions/action/{peru.pk}/history/").content.decode()
    assert "Youth guarantee design in Peru" in page and "Youth Guarantee design in Peru" in page


def test_many_to_many_changes_are_in_the_history(db, write_seed):
    load(write_seed("list.txt", SMALL_LIST))
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    before = sorted(peru.expert_origins.values_list("code", flat=True))
    peru.expert_origins.remove(*peru.expert_origins.filter(code="IT"))
    latest = peru.history.latest()
    origins = [c for c in latest.diff_against(latest.prev_record).changes if c.field == "expert_origins"]
    assert origins and len(origins[0].old) == len(before) and len(origins[0].new) == len(before) - 1


def test_reverting_restores_the_earlier_value(admin_client, write_seed):
    load(write_seed("list.txt", SMALL_LIST))
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    original = peru.history.latest()
    peru.title = "A wrong title"
    peru.save()
    form = admin_client.get(f"/admin/actions/action/{peru.pk}/history/{original.history_id}/")
    assert form.status_code == 200
    response = admin_client.post(f"/admin/actions/action/{peru.pk}/history/{original.history_id}/", _post(form))
    assert response.status_code == 302, response.content[:500]
    peru.refresh_from_db()
    assert peru.title == "Youth guarantee design in Peru"


def _post(form_response):
    """The revert form as the browser would submit it, with its initial values."""
    form = form_response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    for formset in form_response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{key}": value for key, value in management.initial.items()})
    return data


def test_a_load_is_one_history_entry_for_the_fields_and_one_for_the_links(db, write_seed):
    path = write_seed("list.txt", SMALL_LIST)
    load(path)
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    assert [entry.history_type for entry in peru.history.order_by("history_id")] == ["+", "~"]
    load(path)  # nothing changed: nothing recorded
    assert peru.history.count() == 2


def test_an_editor_restores_a_deleted_record_from_the_admin(admin_client, write_seed, settings):
    path = write_seed("list.txt", SMALL_LIST)
    settings.SEEDS_DIR = path.parent
    load(path)
    Action.objects.get(title="Soft skills for jobseekers in Togo").delete()
    tombstone = DeletedSeedRecord.objects.get()
    response = admin_client.post(
        "/admin/actions/deletedseedrecord/", {"action": "restore", "_selected_action": [tombstone.pk]}, follow=True
    )
    assert "Loaded list.txt again: 1 restored." in response.content.decode()
    assert Action.objects.filter(title="Soft skills for jobseekers in Togo").exists()
    assert not DeletedSeedRecord.objects.exists()
