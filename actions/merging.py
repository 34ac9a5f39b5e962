"""Merging duplicate partners, countries, themes or action types into one.

Every link to a duplicate (actions, units, aliases, experts…) moves to the one kept, one
record at a time so that the history and the search index see each change; the
duplicates' names become aliases of the one kept and their pages redirect to its page.
"""

from dataclasses import dataclass, field

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from . import history, signals
from .loader import partner_keys
from .models import Partner, PartnerAlias
from .seedparse import PartnerRecord


class MergeError(ValueError):
    pass


@dataclass
class MergeReport:
    kept: object
    merged: list[str] = field(default_factory=list)
    # (what was moved, how many)
    moved: dict[str, int] = field(default_factory=dict)

    def __str__(self):
        moved = "; ".join(f"{count} {what}" for what, count in self.moved.items()) or _("nothing linked")
        return _("Merged %(merged)s into %(kept)s (moved: %(moved)s).") % {
            "merged": ", ".join(self.merged),
            "kept": self.kept,
            "moved": moved,
        }


def merge(keep, duplicates) -> MergeReport:
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise MergeError("Choose at least one record besides the one to keep.")
    if any(type(d) is not type(keep) for d in duplicates):
        raise MergeError("Only records of one kind can be merged.")
    report = MergeReport(keep)
    names = ", ".join(str(d) for d in duplicates)
    with transaction.atomic(), history.signed(f"merged {names} into {keep}"), signals.reindexed_once():
        for duplicate in duplicates:
            _move_links(duplicate, keep, report)
            if isinstance(keep, Partner):
                _keep_names_as_aliases(duplicate, keep)
            _redirect(duplicate, keep)
            report.merged.append(str(duplicate))
            duplicate.delete()
        keep.save()  # a history entry on the kept record too, with the reason
    return report


def _move_links(duplicate, keep, report: MergeReport) -> None:
    for relation in type(keep)._meta.related_objects:
        model = relation.related_model
        if issubclass(model, HistoricalChanges):
            continue  # the history keeps what was, including the duplicate
        name = relation.field.name
        label = f"{model._meta.verbose_name_plural} ({relation.field.verbose_name})"
        if relation.many_to_many:
            linked = list(model.objects.filter(**{name: duplicate}))
            for record in linked:
                getattr(record, name).remove(duplicate)
                getattr(record, name).add(keep)
        else:
            linked = [record for record in model.objects.filter(**{name: duplicate}) if record.pk != keep.pk]
            for record in linked:
                setattr(record, name, keep)
                record.save()
        if linked:
            report.moved[label] = report.moved.get(label, 0) + len(linked)


def _keep_names_as_aliases(duplicate: Partner, keep: Partner) -> None:
    """The loader will find the kept partner by any name the duplicate went by."""
    country = duplicate.country.code if duplicate.country_id else None
    record = PartnerRecord(duplicate.name, duplicate.local_name, duplicate.acronym, country)
    known = set(PartnerAlias.objects.filter(key__in=partner_keys(record)).values_list("key", flat=True))
    PartnerAlias.objects.bulk_create(
        [PartnerAlias(partner=keep, key=key) for key in partner_keys(record) if key not in known]
    )
    if duplicate.seed_key and not keep.seed_key:
        seed_key, duplicate.seed_key = duplicate.seed_key, None
        duplicate.save(update_fields=["seed_key"])
        keep.seed_key = seed_key


def _redirect(duplicate, keep) -> None:
    old, new = _page(duplicate), _page(keep)
    if old and new:
        site = Site.objects.get_current()
        Redirect.objects.filter(site=site, new_path=old).update(new_path=new)  # earlier merges into the duplicate
        Redirect.objects.update_or_create(site=site, old_path=old, defaults={"new_path": new})


def _page(record) -> str:
    return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
