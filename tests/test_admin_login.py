"""The admin login locks a user out after a few wrong passwords from one address, for a
cool-off period, so passwords cannot be guessed by trying (and each try costs the server
a slow password hash)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse

PASSWORD = "a-long-editor-passphrase-2026"


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client, password, username="editor", address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_right_password_logs_in(client, editor):
    assert log_in(client, PASSWORD).status_code == 302


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == 200  # the form again, with an error
    locked = log_in(client, "guess")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert log_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_the_proxy_each_client_address_is_locked_out_on_its_own(client, editor, settings):
    def through_proxy(password, client_address):
        return client.post(
            reverse("admin:login"),
            {"username": "editor", "password": password, "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.9, {client_address}",  # the first part is the client's own claim
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy("guess", "203.0.113.50")
    assert through_proxy(PASSWORD, "203.0.113.50").status_code == 429
    assert through_proxy(PASSWORD, "198.51.100.7").status_code == 302


def test_a_locked_user_does_not_lock_out_others(client, editor, settings):
    User.objects.create_superuser("reviewer", "reviewer@example.org", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    assert log_in(client, PASSWORD, username="reviewer").status_code == 302
    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 302
