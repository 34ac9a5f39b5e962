from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import search
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
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "local_name", "country"]
    list_filter = ["country__region", "country"]
    search_fields = ["name", "local_name", "acronym", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A partner's names are part of its actions' search text.
        search.index(search.indexable(obj.actions.all()))


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """The vocabulary that corrects misspelt queries; a wrong word can be deleted here."""

    list_display = ["term"]
    search_fields = ["term"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActionType)
class ActionTypeAdmin(admin.ModelAdmin):
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
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "country", "action"]
    list_filter = ["country"]
    search_fields = ["name", "institution", "action__title"]
    autocomplete_fields = ["action", "country"]


class ExpertInline(admin.TabularInline):
    model = Expert
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "country", "partner", "year", "source"]
    list_filter = ["kind", "year", "themes", "action_types", "country__region", "country", "expert_origins", "source"]
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
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ExpertInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "code", "status", "description"]}),
        (
            _("Who and where"),
            {"fields": ["partner", "country", "expert_origins", "organisers", "participants", "countries_involved"]},
        ),
        (_("Classification"), {"fields": ["action_types", "themes"]}),
        (_("When"), {"fields": ["year", "start_date", "end_date"]}),
        (_("Source"), {"fields": ["source", "position", "referenced_codes", "created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.index(search.indexable(Action.objects.filter(pk=form.instance.pk)))
