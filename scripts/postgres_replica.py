"""A throwaway PostgreSQL primary and its streaming replica, on loopback, for the tests.

    python scripts/postgres_replica.py start DIR PRIMARY_PORT REPLICA_PORT
    python scripts/postgres_replica.py stop DIR

`start` creates a cluster in DIR/primary (trust authentication on 127.0.0.1, replication
allowed), starts it, copies it with pg_basebackup into DIR/replica as a hot standby that
streams from it, starts that, and returns once the replica accepts read-only connections.
`stop` stops both and removes DIR. Every step is bounded in time. The machine's own
PostgreSQL cluster is not touched. When run as root, the servers run as user postgres.
"""

import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path

STEP_TIMEOUT_S = 60


def binaries() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return versions[-1].parent


def as_server_user(command: list[str]) -> None:
    """Runs a server command, as postgres when we are root (PostgreSQL refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + command, check=True, timeout=STEP_TIMEOUT_S, capture_output=True, text=True)


def start(folder: Path, primary_port: int, replica_port: int) -> None:
    stop(folder)
    folder.mkdir(parents=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    bin_dir = binaries()
    primary, replica = folder / "primary", folder / "replica"
    as_server_user([str(bin_dir / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nfsync = off\n"
        )
    with (primary / "pg_hba.conf").open("a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    as_server_user([str(bin_dir / "pg_ctl"), "-D", str(primary), "-l", str(folder / "primary.log"), "-w", "start"])
    as_server_user(
        [str(bin_dir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"]
        + ["-D", str(replica), "-R", "-X", "stream"]
    )
    with (replica / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {replica_port}\nhot_standby = on\n")
    as_server_user([str(bin_dir / "pg_ctl"), "-D", str(replica), "-l", str(folder / "replica.log"), "-w", "start"])
    wait_until_read_only(replica_port)


def wait_until_read_only(port: int) -> None:
    import psycopg

    deadline = time.monotonic() + STEP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres") as connection:
                if connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    return
        except psycopg.OperationalError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the replica on port {port} did not come up")


def stop(folder: Path) -> None:
    bin_dir = binaries()
    for name in ("replica", "primary"):
        if (folder / name / "postmaster.pid").exists():
            as_server_user([str(bin_dir / "pg_ctl"), "-D", str(folder / name), "-m", "immediate", "-w", "stop"])
    shutil.rmtree(folder, ignore_errors=True)


def main():
    match sys.argv[1:]:
        case ["start", folder, primary_port, replica_port]:
            start(Path(folder).resolve(), int(primary_port), int(replica_port))
        case ["stop", folder]:
            stop(Path(folder).resolve())
        case _:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
