from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .library.services import library_changed, update_search_vectors
from .models import (
    Audience,
    CaseStudy,
    CaseStudyActor,
    Collection,
    CollectionItem,
    Resource,
    ResourceFile,
    StrategyMilestone,
)


class CaseStudyActorInline(admin.TabularInline):
    model = CaseStudyActor
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(CaseStudy)
class CaseStudyAdmin(TabbedTranslationAdmin):
    list_display = ["title", "country", "status", "published_on"]
    list_filter = ["status", "country"]
    search_fields = ["title", "slug", "authors"]
    autocomplete_fields = ["regions", "initiatives"]
    inlines = [CaseStudyActorInline]
    # Publishing goes through the portal's workflow (history, permissions).
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    extra = 0
    fields = ["language", "original_name", "content_type", "size", "text_extracted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # uploads are checked by the portal's form (type by content, size, scan)


@admin.register(Resource)
class ResourceAdmin(TabbedTranslationAdmin):
    list_display = ["title", "type", "country", "year", "access_level", "status", "download_count"]
    list_filter = ["status", "type", "access_level", "country"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["publisher"]
    # Publishing goes through the portal (search index, digests): status is shown, not edited.
    readonly_fields = ["status", "download_count", "created_by", "created_at", "published_at"]
    inlines = [ResourceFileInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Edits here bypass the portal's form: keep the search, the facet tokens and the
        # list's cached counts current.
        update_search_vectors(resource_ids=[form.instance.pk])
        library_changed()


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    autocomplete_fields = ["resource"]


@admin.register(Collection)
class CollectionAdmin(TabbedTranslationAdmin):
    list_display = ["title", "position"]
    inlines = [CollectionItemInline]


@admin.register(Audience)
class AudienceAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]


@admin.register(StrategyMilestone)
class StrategyMilestoneAdmin(TabbedTranslationAdmin):
    list_display = ["title", "country", "status", "planned_for", "completed_on"]
    list_filter = ["country", "status"]
