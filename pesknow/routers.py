"""Reads from the replicas in DATABASE_REPLICA_URLS, writes to the primary.

An editor must see their own writes at once, and a replica may lag a little, so every read
goes to the primary while a transaction is open on it (the loader, an admin save) and for
the whole of a request that is an admin page or not a safe read (see PrimaryForEditorsMiddleware).
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

primary_only = ContextVar("primary_only", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICAS or primary_only.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(settings.DATABASE_REPLICAS)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryForEditorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        editing = request.method not in ("GET", "HEAD", "OPTIONS") or request.path_info.startswith(
            "/" + settings.ADMIN_URL
        )
        token = primary_only.set(editing)
        try:
            return self.get_response(request)
        finally:
            primary_only.reset(token)
