from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import federation, services
from .filters import peers_changed, registry_changed
from .models import Event, Funding, ImpactFigure, Initiative, PeerPortal, PendingChange
from .search import update_search_index


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


class ImpactFigureInline(admin.TabularInline):
    model = ImpactFigure
    extra = 0


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(TabbedTranslationAdmin):
    list_display = ["title", "organisation", "country", "status", "published_at", "updated_at"]
    list_filter = ["status", "country", "stage", "open_for_replication", "seeking_partners"]
    list_select_related = ["organisation"]
    search_fields = ["title", "slug", "organisation__name"]
    autocomplete_fields = ["organisation", "regions"]
    filter_horizontal = ["themes", "sdgs", "target_groups"]
    # The workflow fields change only through the portal's services (history, emails).
    readonly_fields = [
        "status",
        "submitted_at",
        "published_at",
        "confirmed_at",
        "created_by",
        "created_at",
        "updated_at",
        "seeking_partners",
    ]
    inlines = [FundingInline, ImpactFigureInline, EventInline]
    actions = ["archive"]

    def save_model(self, request, obj, form, change):
        # Derived as the services derive it (initiatives.snapshots).
        obj.seeking_partners = bool(obj.partner_needs)
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        # A peer portal's record is read-only here: the next harvest would undo an edit.
        if obj is not None and obj.organisation_id is None:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Edits here bypass the review: keep search and the cached facet counts current.
        update_search_index(Initiative.objects.filter(pk=form.instance.pk))
        registry_changed()

    @admin.action(description=_("Archive the selected published initiatives"))
    def archive(self, request, queryset):
        for initiative in queryset:
            try:
                services.archive_initiative(initiative=initiative, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{initiative}: {error.messages[0]}")


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["initiative", "status", "created_at", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = [
        "initiative",
        "data",
        "status",
        "created_by",
        "created_at",
        "submitted_at",
        "decided_at",
    ]


@admin.register(PeerPortal)
class PeerPortalAdmin(admin.ModelAdmin):
    """Peer portals (initiatives.federation); the peers' status page shows their harvests."""

    list_display = ["name", "base_url", "active", "last_success_at", "failures", "last_error"]
    readonly_fields = [
        "last_attempt_at",
        "last_success_at",
        "next_attempt_at",
        "failures",
        "last_error",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        peers_changed()
        if change and "active" in form.changed_data:
            # As the peers' page pauses and resumes: records leave or come back.
            federation.set_peer_active(portal=obj, active=obj.active)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        peers_changed()
        registry_changed()

    def get_readonly_fields(self, request, obj=None):
        # The slug is the registry's "source" facet token of the peer's records.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj is not None and obj.records.exists() else fields
