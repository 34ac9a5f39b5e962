"""No request costs more than a bounded amount: hostile query strings, repeated parameters,
deep pages and big exports get a clear answer of bounded size, never a server error."""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.db import OperationalError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actions.models import Action

PARAMS = ["q", "country", "origin", "region", "theme", "type", "kind", "partner", "year", "sort", "page", "other"]
MAX_RESPONSE_BYTES = 200_000


def public_urls():
    detail = Action.objects.order_by("pk").first().get_absolute_url()
    return ["/", "/export.json", "/export.csv", detail, "/healthz", "/i18n/setlang/"]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


values = st.text(max_size=120) | st.sampled_from(["PE", "youth", "2023", "action", "title", "1", "", "%00", "é" * 80])
pairs = st.lists(st.tuples(st.sampled_from(PARAMS), values), max_size=60)
one_parameter_repeated = st.tuples(st.sampled_from(PARAMS), values, st.integers(0, 120)).map(
    lambda triple: [(triple[0], triple[1])] * triple[2]
)
raw_bytes = st.binary(max_size=600).map(lambda raw: "q=" + quote_from_bytes(raw))


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url_index=st.integers(0, 5),
    query=st.one_of(pairs.map(urlencode), one_parameter_repeated.map(urlencode), raw_bytes),
)
def test_any_query_string_on_any_public_url_gets_a_bounded_answer_without_server_error(
    client, small_list, url_index, query
):
    url = public_urls()[url_index]
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, query)
    assert len(body(response)) < MAX_RESPONSE_BYTES, (url, query)


def test_an_invalid_value_is_reported_once_and_never_echoed_into_links(client, small_list):
    query = [("country", f"Atlantis{n}") for n in range(40)] + [("theme", "youth"), ("country", "PE")]
    response = client.get("/?" + urlencode(query))
    html = response.content.decode()
    assert response.status_code == 400
    assert "not valid and were ignored" in html
    assert html.count("Atlantis") == 1  # in the error box, naming the first invalid value
    # the valid filter still applies and every link carries it, and only it
    assert response.context["page"].paginator.count == 2
    assert 'href="?theme=youth&amp;country=SN"' in html


@pytest.mark.parametrize("count", [50, 51])
def test_a_parameter_repeated_more_than_fifty_times_is_refused(client, small_list, count):
    response = client.get("/?" + urlencode([("year", "2023")] * count))
    if count <= 50:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert "“year” is given 51 times; at most 50 are allowed" in response.content.decode()


def test_an_overlong_address_is_refused_with_414_and_the_usual_headers(client, db):
    response = client.get("/?q=" + "a" * 4001)
    assert response.status_code == 414
    assert "too long" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_beyond_the_limit_are_refused_with_advice(client, small_list, settings):
    settings.ACTIONS_PER_PAGE = 1
    assert client.get("/", {"page": settings.MAX_BROWSE_PAGE}).status_code == 200
    response = client.get("/", {"page": settings.MAX_BROWSE_PAGE + 1})
    assert response.status_code == 400
    assert "Only the first 500 pages are shown" in response.content.decode()


def test_the_last_served_page_offers_no_next_link(client, small_list, settings):
    settings.ACTIONS_PER_PAGE = 1
    settings.MAX_BROWSE_PAGE = 3
    html = client.get("/", {"page": 3}).content.decode()
    assert 'rel="next"' not in html
    assert "Later pages are not shown" in html


@pytest.mark.parametrize("export", ["/export.json", "/export.csv"])
def test_exports_stop_at_the_row_limit_and_say_so_in_headers(client, small_list, settings, export):
    settings.EXPORT_MAX_ROWS = 4
    response = client.get(export, {"sort": "title"})
    content = body(response).decode()
    rows = content.count('"slug"') if export.endswith("json") else len(content.strip().splitlines()) - 1
    assert rows == 4
    assert response["X-Total-Count"] == "6"
    assert response["X-Export-Row-Limit"] == "4"
    assert response["X-Export-Truncated"] == "true"


def test_an_export_under_the_limit_says_it_is_complete(client, small_list):
    response = client.get("/export.json", {"country": "PE"})
    assert (response["X-Total-Count"], response["X-Export-Truncated"]) == ("2", "false")


def test_anonymous_pages_are_cacheable_and_answer_conditional_requests(client, small_list):
    first = client.get("/", {"country": "PE"})
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first["Vary"] and "Accept-Language" in first["Vary"]
    again = client.get("/", {"country": "PE"}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_admin_pages_are_never_publicly_cached(admin_client):
    response = admin_client.get("/admin/")
    assert "public" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_health_check_answers_with_one_query_whatever_the_host(client, db, settings, django_assert_num_queries):
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(1):
        response = client.get("/healthz", HTTP_HOST="10.1.2.3")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"


def test_health_check_says_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db import connection

    def unreachable():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", unreachable)
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unreachable\n")
