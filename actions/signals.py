"""Derived data kept in step with the records, whatever changes them: the admin, the loader,
a merge, the shell. Bulk writes (QuerySet.update, bulk_create) send no signals, so the loader
invalidates the facet counts itself, and the corpus generator also indexes the search text."""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from . import facets, history, search
from .models import Action, ActionType, Country, DeletedSeedRecord, Partner, Region, Theme

# The relations through which a renamed partner, country, theme or type is part of an
# action's search text.
NAMED_IN_ACTIONS = {
    Partner: ["actions", "actions_organised", "actions_participated"],
    Country: ["actions_received", "actions_given_expertise"],
    Theme: ["actions"],
    ActionType: ["actions"],
}


def counted_data_changed(**kwargs):
    # Now, so this transaction's own next request sees it, and again after the commit, so
    # a request that read the old data meanwhile cannot leave it cached under the new version.
    facets.invalidate()
    transaction.on_commit(facets.invalidate)


def counted_links_changed(action, **kwargs):
    if action.startswith("post_"):
        counted_data_changed()


def migrated(**kwargs):
    # a deploy migrates: counts and rendered figures kept in a shared cache by the release
    # before (its asset addresses included) are dropped with their data version
    facets.invalidate()


post_migrate.connect(migrated, sender=apps.get_app_config("actions"), dispatch_uid="facets-after-migrate")
# Connected per model: a receiver for every sender would cost Django its fast deletes.
for model in (Action, ActionType, Country, Partner, Region, Theme):
    post_save.connect(counted_data_changed, sender=model, dispatch_uid=f"facets-saved-{model.__name__}")
    post_delete.connect(counted_data_changed, sender=model, dispatch_uid=f"facets-deleted-{model.__name__}")
for field in Action._meta.many_to_many:
    m2m_changed.connect(counted_links_changed, sender=field.remote_field.through, dispatch_uid=f"facets-{field.name}")


_batch = threading.local()


@contextmanager
def reindexed_once():
    """Inside, the actions changed are indexed once, at the end: a load or a merge saves an
    action and sets its links several times, each of which would index it again."""
    if getattr(_batch, "ids", None) is not None:  # already inside one
        yield
        return
    _batch.ids = set()
    try:
        yield
        changed = _batch.ids
    finally:
        _batch.ids = None
    search.index(search.indexable(Action.objects.filter(pk__in=changed)))


def reindex(actions) -> None:
    if getattr(_batch, "ids", None) is not None:
        _batch.ids.update(actions.values_list("pk", flat=True))
    else:
        search.index(search.indexable(actions))


def action_saved(instance, raw=False, **kwargs):
    if not raw:  # a fixture being loaded: its search text comes with it
        reindex(Action.objects.filter(pk=instance.pk))


def name_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        for relation in NAMED_IN_ACTIONS[sender]:
            reindex(getattr(instance, relation).all())


def links_changed(instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a theme, country or partner given to (or taken from) actions
        reindex(Action.objects.filter(pk__in=pk_set or []))
    else:
        reindex(Action.objects.filter(pk=instance.pk))


post_save.connect(action_saved, sender=Action, dispatch_uid="search-action-saved")
for model in NAMED_IN_ACTIONS:
    post_save.connect(name_saved, sender=model, dispatch_uid=f"search-name-saved-{model.__name__}")
for field in Action._meta.many_to_many:
    m2m_changed.connect(links_changed, sender=field.remote_field.through, dispatch_uid=f"search-{field.name}")
pre_create_historical_record.connect(history.sign, dispatch_uid="history-signed-by-loader")


def seeded_action_deleted(instance, **kwargs):
    """An editor's deletion is remembered, so that the next load does not undo it."""
    if not instance.seed_key or instance.source_id is None:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    DeletedSeedRecord.objects.update_or_create(
        source_id=instance.source_id,
        seed_key=instance.seed_key,
        defaults={"title": instance.title[:400], "deleted_by": user.get_username() if user else ""},
    )


def seeded_action_restored(instance, created, raw=False, **kwargs):
    if created and instance.seed_key and not raw:
        DeletedSeedRecord.objects.filter(source_id=instance.source_id, seed_key=instance.seed_key).delete()


post_delete.connect(seeded_action_deleted, sender=Action, dispatch_uid="tombstone-on-delete")
post_save.connect(seeded_action_restored, sender=Action, dispatch_uid="tombstone-on-restore")
