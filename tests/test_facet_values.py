"""Which values a facet shows, under which labels, and the page that lists them all."""

from actions.models import Action, Country, Partner


def values(response, param):
    return {v.value: (v.label, v.count) for f in response.context["facets"] if f.param == param for v in f.values}


def add_action(title, partner):
    return Action.objects.create(title=title, slug=title.lower().replace(" ", "-"), partner=partner)


def test_partners_of_the_same_name_are_told_apart_by_their_country(client, small_list):
    suriname = Country.objects.get_or_create(code="SR", defaults={"name": "Suriname"})[0]
    add_action(
        "Job centres in Paramaribo", Partner.objects.create(name="Ministry of Labour", slug="mol-sr", country=suriname)
    )
    kosovo = Country.objects.get_or_create(code="XK", defaults={"name": "Kosovo"})[0]
    named = Partner.objects.create(name="Employment Agency of the Republic of Kosovo", slug="eark", country=kosovo)
    add_action("Registration of jobseekers in Kosovo", named)
    labels = {label for label, _ in values(client.get("/"), "partner").values()}
    assert {"Ministry of Labour (Ecuador)", "Ministry of Labour (Suriname)"} <= labels
    assert "Employment Agency of the Republic of Kosovo" in labels  # the name already says where
    # the list rows and the facet use one rule
    assert labels == {partner.label for partner in Partner.objects.filter(actions__isnull=False)}


def test_a_long_facet_shows_the_most_frequent_values_and_links_to_all(client, small_list, settings):
    settings.FACET_VALUES_SHOWN = 2
    response = client.get("/")
    countries = next(f for f in response.context["facets"] if f.param == "country")
    assert [v.value for v in countries.values] == ["PE", "EC"]  # Peru 2; then Ecuador first by name
    assert countries.distinct == 5 and countries.hidden == 3
    assert 'href="/filters/country/"' in response.content.decode()
    listed = client.get("/filters/country/")
    assert [v.label for v in listed.context["facet"].values] == ["Ecuador", "Montenegro", "Peru", "Senegal", "Togo"]
    assert 'href="/?country=TG"' in listed.content.decode()  # each value opens the filtered list


def test_a_selected_value_beyond_the_most_frequent_keeps_its_count(client, small_list, settings):
    settings.FACET_VALUES_SHOWN = 1
    response = client.get("/", {"country": "TG"})
    assert values(response, "country") == {"PE": ("Peru", 2), "TG": ("Togo", 1)}


def test_the_all_values_page_counts_under_the_other_filters(client, small_list):
    response = client.get("/filters/partner/", {"country": "PE", "partner": "mtpe-pe", "kind": "action"})
    facet = response.context["facet"]
    assert [(v.value, v.count, v.selected) for v in facet.values] == [("mtpe-pe", 2, True)]
    assert 'href="/?country=PE&amp;kind=action"' in response.content.decode()  # choosing it again unselects it
    assert 'href="/?country=PE&amp;kind=action&amp;partner=mtpe-pe">Back to the list' in response.content.decode()


def test_unknown_facets_and_bad_filters_get_clear_answers(client, small_list):
    assert client.get("/filters/password/").status_code == 404
    response = client.get("/filters/partner/", {"country": "ZZ"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
