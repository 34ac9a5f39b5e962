"""Gunicorn settings for `make serve`, from the environment (the README's table lists them).

    gunicorn --config python:pesknow.gunicorn pesknow.wsgi

Bounds: a worker busy with one request for longer than GUNICORN_TIMEOUT seconds is
killed and replaced; request lines and headers are limited in size and number.
"""

import gc
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
# Python's full garbage collections walk every object a process holds. A worker holds about
# 100,000 after its first pages (Django, the app, compiled templates, the search vocabulary),
# and a full collection of them took 40 ms every fifteen pages or so: the largest part of a
# page's 95th percentile at 100,000 actions. Those objects live as long as the worker, so
# once it has served a few pages they are moved out of the collector's sight (gc.freeze);
# what later requests leave behind is still collected.
SETTLED_AFTER_REQUESTS = 20
# above Django's own limit on the query string (4,000), so clients get its 414 page
limit_request_line = 8190
limit_request_fields = 60
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# gunicorn's own lines as JSON objects, like the application's
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def post_request(worker, req, environ, resp):
    worker.requests_served = getattr(worker, "requests_served", 0) + 1
    if worker.requests_served == SETTLED_AFTER_REQUESTS:
        gc.freeze()
