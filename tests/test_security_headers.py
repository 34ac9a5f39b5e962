"""Every public response carries the security headers of a public site, and no page needs
an inline script or style, so the Content-Security-Policy can forbid them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PUBLIC_URLS = ["/", "/?country=PE&q=labour", "/export.json", "/export.csv", "/no-such-page/"]


def directives(response) -> dict[str, set[str]]:
    policy = response["Content-Security-Policy"]
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_content_security_policy_allows_only_this_site_and_no_inline_code(client, small_list, url):
    policy = directives(client.get(url))
    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"}
    assert not any("unsafe" in value for values in policy.values() for value in values)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_hardening_headers_are_on_every_public_response(client, small_list, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert features["camera"] == features["geolocation"] == features["microphone"] == "()"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.parametrize("url", ["/", "/?q=youth", "/no-such-page/"])
def test_anonymous_pages_set_no_cookie(client, small_list, url):
    response = client.get(url)
    assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_the_language_switch_works_without_a_csrf_cookie(small_list):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/?country=PE"})
    assert response.status_code == 302
    assert response["Location"] == "/?country=PE"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_the_language_switch_does_not_redirect_off_site(client, db):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_live_updates_vary_on_the_htmx_header(client, small_list):
    full = client.get("/", {"q": "youth"})
    partial = client.get("/", {"q": "youth"}, headers={"HX-Request": "true"})
    assert "HX-Request" in full["Vary"] and "HX-Request" in partial["Vary"]
    assert full.content != partial.content


def test_csrf_protection_still_guards_the_admin_login(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "someone", "password": "x"})
    assert response.status_code == 403


TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_have_no_inline_script_style_or_event_handler(template):
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r"\shx-on[:-]", html), "htmx event handler"
