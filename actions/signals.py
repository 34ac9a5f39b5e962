"""Derived data kept in step with the records, whatever changes them: the admin, the loader,
the shell. Bulk writes send no signals, so the loader and the corpus generator invalidate
the facet counts themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import facets
from .models import Action, ActionType, Country, Partner, Region, Theme

COUNTED = (Action, ActionType, Country, Partner, Region, Theme)


@receiver(post_save)
@receiver(post_delete)
def counted_record_changed(sender, **kwargs):
    if sender in COUNTED:
        facets.invalidate()


@receiver(m2m_changed)
def counted_links_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender in {field.remote_field.through for field in Action._meta.many_to_many}:
        facets.invalidate()
