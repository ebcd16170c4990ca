from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .models import (
    Invitation,
    Membership,
    NationalCentre,
    Organisation,
    PublicSectorRequest,
    Region,
    SustainableDevelopmentGoal,
    TargetGroup,
    Theme,
    User,
)


@admin.register(NationalCentre)
class NationalCentreAdmin(TabbedTranslationAdmin):
    list_display = ["name", "country", "email"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "country"]
    list_filter = ["country", "level"]
    search_fields = ["code", "name"]


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(TargetGroup)
class TargetGroupAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(TabbedTranslationAdmin):
    list_display = ["number", "name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    readonly_fields = ["token"]


@admin.register(PublicSectorRequest)
class PublicSectorRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation"]
    # Decisions go through the portal's review page, which notifies the requester.
    readonly_fields = ["status", "decided_by", "decided_at", "decision_note"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "centre", "is_active", "last_login"]
    list_filter = ["role", "centre", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["name", "language"]}),
        (_("Role"), {"fields": ["role", "centre", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        role_changed = "role" in form.changed_data or "centre" in form.changed_data
        role, centre = obj.role, obj.centre
        super().save_model(request, obj, form, change)
        if role_changed:
            try:
                services.assign_role(user=obj, role=role, centre=centre)
            except ValidationError as error:
                messages.error(request, error.messages[0])
