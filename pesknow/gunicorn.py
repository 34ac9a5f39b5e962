"""Gunicorn settings for `make serve`, from the environment (see the README's table).

gunicorn --config python:pesknow.gunicorn pesknow.wsgi
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
