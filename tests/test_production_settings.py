"""The production profile, started as an operator would start it: in a fresh process with
DEBUG off and settings from the environment only."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

STRONG_KEY = "a-strong-production-key-" + "7f3k9Qz2LmXw4Rt8Yb1Nc6Vd0Hs5Jp" * 2


def manage(*arguments, **environment):
    """Runs manage.py in a new process with only these variables beyond PATH and DATABASE_URL."""
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "pesknow.settings",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        ("django-insecure-development-only-key", "known, public development key"),
        ("short-key", "too weak"),
        ("a" * 60, "too weak"),
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_key(key, reason):
    environment = {} if key is None else {"SECRET_KEY": key}
    result = manage("check", **environment)
    assert result.returncode != 0
    assert reason in result.stderr
    assert "set DEBUG=1 for development" in result.stderr


def test_development_starts_with_its_own_key():
    result = manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_deployment_check_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_deployment_check_warns_when_https_is_turned_off():
    result = manage("check", "--deploy", SECRET_KEY=STRONG_KEY, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    output = result.stdout + result.stderr
    assert "security.W008" in output and "security.W004" in output


def test_admin_lives_at_the_path_the_environment_gives():
    show = ("shell", "--no-imports", "-c", "from django.urls import reverse; print(reverse('admin:index'))")
    assert manage(*show, SECRET_KEY=STRONG_KEY).stdout.strip() == "/admin/"
    moved = manage(*show, SECRET_KEY=STRONG_KEY, ADMIN_URL="backoffice-7c1/")
    assert moved.stdout.strip() == "/backoffice-7c1/"


def test_a_malformed_number_in_the_environment_is_a_clear_error():
    result = manage("check", SECRET_KEY=STRONG_KEY, EXPORT_MAX_ROWS="lots")
    assert result.returncode != 0
    assert "EXPORT_MAX_ROWS must be a whole number, not 'lots'" in result.stderr


def test_plain_http_is_redirected_but_a_request_from_the_tls_proxy_is_served(client, small_list, settings):
    settings.SECURE_SSL_REDIRECT = True
    redirected = client.get("/?country=PE")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://testserver/?country=PE"
    proxied = client.get("/?country=PE", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
