from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from . import search
from .models import PartnerProfile, ProfileEvent, ProfileItem, ProfileStatus
from .profiles import services as profile_services


class ProfileItemInline(TranslationTabularInline):
    model = ProfileItem
    extra = 0
    fields = ["direction", "kind", "text"]


class ProfileEventInline(admin.TabularInline):
    """The profile's history; written by the services only."""

    model = ProfileEvent
    extra = 0
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerProfile)
class PartnerProfileAdmin(TabbedTranslationAdmin):
    list_display = ["organisation", "sector", "status", "valid_until", "published_at"]
    list_filter = ["status", "sector", "organisation__country"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "slug"]
    autocomplete_fields = ["organisation", "regions"]
    filter_horizontal = ["themes"]
    # Publication, requests for changes and renewals go through the services (history, emails).
    readonly_fields = [
        "status",
        "valid_until",
        "submitted_at",
        "published_at",
        "created_by",
        "created_at",
    ]
    exclude = ["facet_tokens", "search_de", "search_en", "search_et", "search_nl", "search_fr"]
    inlines = [ProfileItemInline, ProfileEventInline]
    actions = ["publish"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.update_search_index(PartnerProfile.objects.filter(pk=form.instance.pk))
        search.profiles_changed()

    @admin.action(description=_("Publish the selected submitted profiles"))
    def publish(self, request, queryset):
        for profile in queryset.filter(status=ProfileStatus.SUBMITTED):
            profile_services.publish(profile=profile, actor=request.user)
