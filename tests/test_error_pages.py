"""Errors get the site's own pages, never a stack trace or a setting, and each is logged
as one JSON line carrying the request id that the response's X-Request-ID header gives."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path


def failing_view(request):
    raise ZeroDivisionError("secret detail of the failure")


def suspicious_view(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered input")


urlpatterns = [
    path("fail/", failing_view),
    path("suspicious/", suspicious_view),
    path("fine/", lambda request: HttpResponse("fine")),
    path("", include("pesknow.urls")),
]


@pytest.fixture
def client_seeing_errors(db):
    return Client(raise_request_exception=False)


@pytest.fixture
def log_output():
    """What the configured log handler writes, as the server's standard error would hold it."""
    handler = next(h for h in logging.getLogger("django").handlers if type(h) is logging.StreamHandler)
    output = io.StringIO()
    original = handler.setStream(output)
    yield output
    handler.setStream(original)


def log_lines(captured: str, request_id: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if request_id in line]


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_shows_our_page_and_logs_one_line_with_the_request_id(client_seeing_errors, log_output):
    response = client_seeing_errors.get("/fail/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html and "secret detail" not in html and "SECRET_KEY" not in html
    (line,) = log_lines(log_output.getvalue(), response["X-Request-ID"])
    assert line["level"] == "ERROR"
    assert line["status_code"] == 500
    assert "ZeroDivisionError: secret detail of the failure" in line["exc_info"]


@pytest.mark.urls("tests.test_error_pages")
def test_a_bad_request_shows_our_page(client_seeing_errors):
    response = client_seeing_errors.get("/suspicious/")
    assert response.status_code == 400
    assert "This address cannot be answered" in response.content.decode()
    assert "tampered input" not in response.content.decode()


def test_an_unknown_address_shows_our_404_with_a_search_box(client, db):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'role="search"' in html
