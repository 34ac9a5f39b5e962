"""Gunicorn settings for `make serve`, from the environment (the README's table lists them).

    gunicorn --config python:pesknow.gunicorn pesknow.wsgi

Bounds: a worker busy with one request for longer than GUNICORN_TIMEOUT seconds is
killed and replaced; request lines and headers are limited in size and number.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Settings are read once, in the master: a missing SECRET_KEY stops start-up with its message.
preload_app = True
# Workers are recycled now and then, so no slow growth of memory lasts.
max_requests = 5000
max_requests_jitter = 500
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
