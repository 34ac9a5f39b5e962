"""Duplicates are merged, never silently deleted: every link moves to the record kept, the
others' names become its aliases, their pages redirect, and the history says so."""

import io

from django.core.management import call_command

from actions.models import Action, Partner, PartnerAlias, Theme
from tests.conftest import FIXTURES

CHANGELIST = "/admin/actions/partner/"


def ecuador_twice():
    """Ecuador's ministry of labour, once more under the name another file gives it."""
    kept = Partner.objects.get(name="Ministry of Labour", country__code="EC")
    duplicate = Partner.objects.create(name="Ministerio del Trabajo del Ecuador", slug="mdt-ec", country=kept.country)
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    peru.organisers.add(duplicate)
    togo = Action.objects.get(title="Soft skills for jobseekers in Togo")
    togo.partner = duplicate
    togo.save()
    return kept, duplicate, peru, togo


def test_merging_in_the_admin_moves_every_link_and_redirects_the_old_page(admin_client, small_list):
    kept, duplicate, peru, togo = ecuador_twice()
    selection = {"action": "merge_selected", "_selected_action": [kept.pk, duplicate.pk]}
    confirm = admin_client.post(CHANGELIST, selection)
    assert confirm.status_code == 200 and b'name="keep"' in confirm.content  # asks which one to keep
    done = admin_client.post(CHANGELIST, {**selection, "keep": kept.pk})
    assert done.status_code == 302
    assert not Partner.objects.filter(pk=duplicate.pk).exists()
    togo.refresh_from_db()
    assert togo.partner == kept
    assert list(peru.organisers.all()) == [kept]
    assert PartnerAlias.objects.filter(partner=kept, key="ministerio del trabajo|EC").exists()
    moved = admin_client.get("/partners/mdt-ec/")
    assert (moved.status_code, moved["Location"]) == (301, f"/partners/{kept.slug}/")
    assert togo.history.latest().history_change_reason.startswith("merged Ministerio del Trabajo del Ecuador")


def test_the_command_line_merges_the_same_way(small_list):
    kept, duplicate, _, togo = ecuador_twice()
    out = io.StringIO()
    call_command("merge_partners", kept.slug, duplicate.slug, stdout=out)
    togo.refresh_from_db()
    assert togo.partner == kept
    assert "Merged Ministerio del Trabajo del Ecuador, Ecuador into Ministry of Labour, Ecuador" in out.getvalue()


def test_a_reload_after_a_merge_finds_the_kept_partner_by_the_merged_names(small_list):
    seeded = Partner.objects.get(acronym="ANPE", country__code="TG")
    kept = Partner.objects.create(
        name="Agence nationale pour l'emploi du Togo", slug="anpe-togo", country=seeded.country
    )
    call_command("merge_partners", kept.slug, seeded.slug, stdout=io.StringIO())
    partners = Partner.objects.count()
    call_command("load_seeds", str(FIXTURES / "small_list.txt"), stdout=io.StringIO())
    assert Partner.objects.count() == partners  # the seed's "National Agency for Employment (ANPE)" is the kept one
    assert Action.objects.get(title="Soft skills for jobseekers in Togo").partner == kept


def test_merging_themes_moves_their_actions_and_redirects_the_theme_page(admin_client, small_list):
    youth = Theme.objects.get(slug="youth")
    young = Theme.objects.create(name="Young people", slug="young-people")
    togo = Action.objects.get(title="Soft skills for jobseekers in Togo")
    togo.themes.add(young)
    admin_client.post(
        "/admin/actions/theme/",
        {"action": "merge_selected", "_selected_action": [youth.pk, young.pk], "keep": youth.pk},
    )
    assert youth in togo.themes.all() and not Theme.objects.filter(slug="young-people").exists()
    assert admin_client.get("/themes/young-people/")["Location"] == "/themes/youth/"


def test_a_partner_with_actions_cannot_be_deleted_and_its_actions_are_listed(admin_client, small_list):
    partner = Partner.objects.get(slug="mtpe-pe")
    page = admin_client.get(f"/admin/actions/partner/{partner.pk}/delete/")
    html = page.content.decode()
    assert "Youth guarantee design in Peru" in html and "Labour market information system for Peru" in html
    assert "merge it into" in html
    admin_client.post(f"/admin/actions/partner/{partner.pk}/delete/", {"post": "yes"})
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_the_partner_list_shows_how_many_actions_each_has(admin_client, small_list):
    rows = admin_client.get(CHANGELIST, {"q": "MTPE"}).content.decode()
    assert '<td class="field-action_count">2</td>' in rows
