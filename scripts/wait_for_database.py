"""Exits 0 once the database in DATABASE_URL accepts connections, 1 after a timeout."""

import argparse
import os
import sys
import time

import dj_database_url
import psycopg


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    # The test run creates its own database, so the server's maintenance database will do.
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    deadline = time.monotonic() + (0 if args.quiet else args.timeout)
    while True:
        try:
            psycopg.connect(connect_timeout=3, **params).close()
            return 0
        except psycopg.OperationalError as error:
            if time.monotonic() >= deadline:
                if not args.quiet:
                    print(
                        f"PostgreSQL at {config['HOST']}:{params['port']} cannot be reached: {error}", file=sys.stderr
                    )
                return 1
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
