from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .loader import REVIEW_REASONS
from .models import (
    Action,
    ActionType,
    Country,
    Expert,
    Partner,
    Region,
    SearchTerm,
    SourceDocument,
    Theme,
)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "local_name", "country", "parent"]
    list_filter = ["country__region", "country"]
    search_fields = ["name", "local_name", "acronym", "country__name"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """The vocabulary that corrects misspelt queries; a wrong word can be deleted here."""

    list_display = ["term"]
    search_fields = ["term"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActionType)
class ActionTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "title", "layout", "loaded_at"]
    list_filter = ["layout"]
    search_fields = ["filename", "title"]
    readonly_fields = ["sha256", "loaded_at"]


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


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "country", "partner", "year", "source", "needs_review"]
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

    @admin.display(description=_("evidence for the themes"))
    def evidence_for_themes(self, action):
        return format_html_join("", "<p><strong>{}</strong>: {}</p>", sorted(action.theme_evidence.items())) or _(
            "(none)"
        )
