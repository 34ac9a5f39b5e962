"""Derived data kept in step with the records, whatever changes them: the admin, the loader,
the shell. Bulk writes (QuerySet.update, bulk_create) send no signals, so the loader and the
corpus generator invalidate the facet counts themselves."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import facets
from .models import Action, ActionType, Country, Partner, Region, Theme


def counted_data_changed(**kwargs):
    # Now, so this transaction's own next request sees it, and again after the commit, so
    # a request that read the old data meanwhile cannot leave it cached under the new version.
    facets.invalidate()
    transaction.on_commit(facets.invalidate)


def counted_links_changed(action, **kwargs):
    if action.startswith("post_"):
        counted_data_changed()


# Connected per model: a receiver for every sender would cost Django its fast deletes.
for model in (Action, ActionType, Country, Partner, Region, Theme):
    post_save.connect(counted_data_changed, sender=model, dispatch_uid=f"facets-saved-{model.__name__}")
    post_delete.connect(counted_data_changed, sender=model, dispatch_uid=f"facets-deleted-{model.__name__}")
for field in Action._meta.many_to_many:
    m2m_changed.connect(counted_links_changed, sender=field.remote_field.through, dispatch_uid=f"facets-{field.name}")
