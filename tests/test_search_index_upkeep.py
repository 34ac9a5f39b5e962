"""Search stays right whatever changes a record: the admin, the loader, a merge or the shell.
The upkeep lives with the models (signals), not in the admin."""

from actions.models import Action, Country, Partner, Theme


def found(client, query):
    return sorted(action.title for action in client.get("/", {"q": query}).context["page"])


def test_renaming_a_theme_from_anywhere_keeps_search_right(client, small_list):
    theme = Theme.objects.get(slug="youth")
    theme.name = "Juventud"
    theme.save()  # as the shell or a merge would, with no admin involved
    assert found(client, "juventud") == ["Green jobs for young people in Senegal", "Youth guarantee design in Peru"]


def test_renaming_a_partner_or_a_country_reaches_their_actions(client, small_list):
    partner = Partner.objects.get(slug="mtpe-pe")
    partner.acronym = "MTPEX"
    partner.save()
    assert len(found(client, "mtpex")) == 2
    country = Country.objects.get(code="TG")
    country.name = "Togolese Republic"
    country.save()
    assert found(client, "togolese") == ["Soft skills for jobseekers in Togo"]


def test_links_changed_from_either_side_are_searchable(client, small_list):
    green = Theme.objects.create(name="Blue economy", slug="blue-economy")
    togo = Action.objects.get(title="Soft skills for jobseekers in Togo")
    green.actions.add(togo)  # from the theme's side
    assert found(client, "blue economy") == ["Soft skills for jobseekers in Togo"]
    togo.themes.remove(green)  # from the action's side
    assert found(client, "blue economy") == []


def test_a_new_partner_given_to_an_action_in_the_shell_is_searchable(client, small_list):
    action = Action.objects.get(title="Services to employers in Ecuador")
    action.partner = Partner.objects.create(name="Servicio Ecuatoriano de Capacitación", slug="secap", acronym="SECAP")
    action.save()
    assert found(client, "secap") == ["Services to employers in Ecuador"]
