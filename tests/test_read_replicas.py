"""With DATABASE_REPLICA_URLS set, public pages read from a real PostgreSQL streaming
replica while writes, transactions and the admin use the primary.

The test starts its own primary and replica on free loopback ports
(scripts/postgres_replica.py) and runs the site against them in a separate process, with
the settings an operator would give."""

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR

# Runs inside the site's process: what each kind of request read from which database.
PROBE = """
import json, time
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from actions.models import Action

deadline = time.monotonic() + 30
while Action.objects.using("replica_0").count() < Action.objects.using("default").count():
    assert time.monotonic() < deadline, "the replica did not catch up"
    time.sleep(0.1)

def reads(request):
    with CaptureQueriesContext(connections["replica_0"]) as replica:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = request()
    return {"status": response.status_code, "replica": len(replica), "primary": len(primary)}

client = Client()
editor = User.objects.create_superuser("editor", "editor@example.org", "a-long-editor-passphrase-2026")
action = Action.objects.get(title="Youth guarantee design in Peru")
editing = Client()
editing.force_login(editor)
with connections["replica_0"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    in_recovery = cursor.fetchone()[0]
result = {
    "replica_is_a_standby": in_recovery,
    "browse": reads(lambda: client.get("/", {"country": "PE"})),
    "detail": reads(lambda: client.get(action.get_absolute_url())),
    "admin": reads(lambda: editing.get(f"/admin/actions/action/{action.pk}/change/")),
    "admin_search": reads(lambda: editing.get("/admin/actions/action/", {"q": "peru"})),
}
print("RESULT " + json.dumps(result))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def primary_and_replica():
    # not under pytest's private temporary folder: the servers run as user postgres
    folder = Path(tempfile.gettempdir()) / f"pesknow-replication-{os.getpid()}"
    ports = free_port(), free_port()
    script = [sys.executable, str(ROOT / "scripts" / "postgres_replica.py")]
    subprocess.run([*script, "start", str(folder), *map(str, ports)], check=True, timeout=180)
    yield ports
    subprocess.run([*script, "stop", str(folder)], check=True, timeout=120)


def test_public_pages_read_from_the_replica_and_editors_from_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary}/postgres",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{replica}/postgres",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )

    assert manage("migrate", "--verbosity", "0").returncode == 0
    loaded = manage("load_seeds", str(ROOT / "tests" / "fixtures" / "small_list.txt"))
    assert "6 created" in loaded.stdout, loaded.stderr
    probe = manage("shell", "--no-imports", "-c", PROBE)
    (line,) = [line for line in probe.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(line.removeprefix("RESULT "))

    assert result["replica_is_a_standby"] is True
    for page in ("browse", "detail"):
        assert result[page]["status"] == 200
        assert result[page]["replica"] > 0 and result[page]["primary"] == 0, (page, result[page])
    for page in ("admin", "admin_search"):
        assert result[page]["status"] == 200
        assert result[page]["replica"] == 0 and result[page]["primary"] > 0, (page, result[page])
