from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.postgres.forms import SimpleArrayField
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .loader import REVIEW_REASONS, load_file
from .merging import MergeError, merge
from .models import (
    Action,
    ActionType,
    Country,
    DeletedSeedRecord,
    Expert,
    Partner,
    Region,
    SearchTerm,
    SourceDocument,
    Theme,
)


class MergeableAdmin(SimpleHistoryAdmin):
    """Duplicates are merged, not deleted: every link moves to the record kept."""

    actions = ["merge_selected"]

    @admin.action(description=_("Merge the selected records into one"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        records = list(queryset)
        if len(records) < 2:
            self.message_user(request, _("Select two or more records to merge."), messages.WARNING)
            return None
        keep = next((r for r in records if str(r.pk) == request.POST.get("keep")), None)
        if keep is None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "records": [(record, self.linked_actions(record)) for record in records],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "title": _("Merge"),
            }
            return TemplateResponse(request, "admin/actions/merge.html", context)
        try:
            report = merge(keep, records)
        except MergeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(request, str(report))
        return None

    def linked_actions(self, record) -> int:
        return sum(
            relation.related_model.objects.filter(**{relation.field.name: record}).count()
            for relation in self.model._meta.related_objects
            if relation.related_model is Action
        )


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(MergeableAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]


@admin.register(Partner)
class PartnerAdmin(MergeableAdmin):
    list_display = ["name", "acronym", "local_name", "country", "parent", "action_count"]
    list_filter = ["country__region", "country"]
    search_fields = ["name", "local_name", "acronym", "country__name"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country", "parent__country")
            .order_by("name")  # the counts below would otherwise leave the autocomplete's pages unordered
            .annotate(
                led=Count("actions", distinct=True),
                organised=Count("actions_organised", distinct=True),
                took_part=Count("actions_participated", distinct=True),
            )
        )

    @admin.display(description=_("actions"), ordering="led")
    def action_count(self, partner):
        return partner.led + partner.organised + partner.took_part

    def get_deleted_objects(self, objs, request):
        """A partner with actions is not deleted (that would silently strip it from them):
        the page lists those actions and asks for a merge instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        linked = Action.objects.filter(
            Q(partner__in=objs) | Q(organisers__in=objs) | Q(participants__in=objs)
        ).distinct()[:100]
        if linked:
            messages.warning(
                request,
                ngettext(
                    "This partner has actions: merge it into the partner that replaces it instead.",
                    "These partners have actions: merge them into the partner that replaces them instead.",
                    len(objs),
                ),
            )
            protected = [
                format_html(
                    '{}: <a href="{}">{}</a>', _("Action"), reverse("admin:actions_action_change", args=[a.pk]), a.title
                )
                for a in linked
            ] + list(protected)
        return deleted, counts, perms_needed, protected


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """The vocabulary that corrects misspelt queries; a wrong word can be deleted here."""

    list_display = ["term"]
    search_fields = ["term"]


@admin.register(Theme)
class ThemeAdmin(MergeableAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActionType)
class ActionTypeAdmin(MergeableAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "title", "layout", "loaded_at"]
    list_filter = ["layout"]
    search_fields = ["filename", "title"]
    readonly_fields = ["sha256", "loaded_at"]


@admin.register(DeletedSeedRecord)
class DeletedSeedRecordAdmin(admin.ModelAdmin):
    """Seeded actions editors deleted, which the loader therefore does not bring back."""

    list_display = ["title", "source", "deleted_at", "deleted_by"]
    list_filter = ["source"]
    search_fields = ["title", "deleted_by"]
    readonly_fields = ["source", "seed_key", "title", "deleted_at", "deleted_by"]
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Restore: load these records again from their seed files"), permissions=["delete"])
    def restore(self, request, queryset):
        files = {tombstone.source.filename for tombstone in queryset.select_related("source")}
        queryset.delete()
        for filename in sorted(files):
            path = Path(settings.SEEDS_DIR) / filename
            if not path.exists():
                self.message_user(
                    request,
                    _("The seeds folder has no %(file)s: load that file to restore its records.") % {"file": filename},
                    messages.WARNING,
                )
                continue
            report = load_file(path)
            self.message_user(
                request,
                _("Loaded %(file)s again: %(count)d restored.") % {"file": filename, "count": len(report.created)},
            )


@admin.register(Expert)
class ExpertAdmin(SimpleHistoryAdmin):
    list_display = ["name", "institution", "country", "action"]
    list_filter = ["country"]
    search_fields = ["name", "institution", "action__title"]
    autocomplete_fields = ["action", "country"]


class ExpertInline(admin.TabularInline):
    model = Expert
    extra = 0
    autocomplete_fields = ["country"]


class ReviewReasonFilter(admin.SimpleListFilter):
    title = _("reason for review")
    parameter_name = "review_reason"

    def lookups(self, request, model_admin):
        return [(reason, reason) for reason in REVIEW_REASONS.values()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(review_reasons__icontains=self.value())
        return queryset


class ActionForm(forms.ModelForm):
    referenced_codes = SimpleArrayField(
        forms.RegexField(
            regex=r"^\d{4}-\d{2}$",
            strip=True,
            error_messages={"invalid": _("An action code is a year and a number, such as 2022-21.")},
        ),
        required=False,
        label=_("codes of actions referred to"),
        help_text=_("Separated by commas, such as 2021-07, 2022-21."),
    )

    class Meta:
        model = Action
        fields = ["referenced_codes"]  # the admin adds the fieldsets' fields


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionForm
    list_display = ["title", "kind", "country", "partner", "year", "source", "needs_review"]
    actions = ["mark_reviewed"]
    list_filter = [
        "needs_review",
        ReviewReasonFilter,
        "kind",
        "year",
        "themes",
        "action_types",
        "country__region",
        "country",
        "expert_origins",
        "source",
    ]
    list_select_related = ["country", "partner", "source"]
    search_fields = ["title", "description", "code", "partner__name", "partner__acronym", "country__name"]
    autocomplete_fields = [
        "partner",
        "country",
        "expert_origins",
        "countries_involved",
        "organisers",
        "participants",
        "action_types",
        "themes",
        "source",
        "part_of",
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at", "action_type_labels", "evidence_for_themes", "review_reasons"]
    inlines = [ExpertInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "code", "status", "description"]}),
        (
            _("Who and where"),
            {"fields": ["partner", "country", "expert_origins", "organisers", "participants", "countries_involved"]},
        ),
        (_("Review"), {"fields": ["needs_review", "review_reasons"]}),
        (_("Classification"), {"fields": ["action_types", "action_type_labels", "themes", "evidence_for_themes"]}),
        (_("When"), {"fields": ["year", "start_date", "end_date", "published_on"]}),
        (
            _("Source"),
            {"fields": ["source", "position", "part_of", "referenced_codes", "created_at", "updated_at"]},
        ),
    ]

    @admin.action(description=_("Mark as reviewed (clear the needs-review flag)"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        reviewed = 0
        for action in queryset.filter(needs_review=True):
            action.needs_review, action.review_reasons = False, []
            action.save(update_fields=["needs_review", "review_reasons", "updated_at"])
            reviewed += 1
        self.message_user(
            request,
            ngettext("%(count)d action marked as reviewed.", "%(count)d actions marked as reviewed.", reviewed)
            % {"count": reviewed},
        )

    def has_review_permission(self, request):
        return request.user.has_perm("actions.review_action")

    @admin.display(description=_("evidence for the themes"))
    def evidence_for_themes(self, action):
        return format_html_join("", "<p><strong>{}</strong>: {}</p>", sorted(action.theme_evidence.items())) or _(
            "(none)"
        )
