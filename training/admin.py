from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import search, services
from .filters import training_changed
from .models import Offer, Registration, Session


class SessionInline(admin.TabularInline):
    """The offer's sessions; each is changed on its own page (through the services)."""

    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "time_zone", "venue", "capacity", "status"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(TabbedTranslationAdmin):
    list_display = ["title", "kind", "format", "centre", "status", "next_start"]
    list_filter = ["status", "kind", "format", "centre"]
    list_select_related = ["centre"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["provider", "trainer"]
    filter_horizontal = ["themes"]
    # Publication and withdrawal go through the services (emails, cancelled sessions).
    readonly_fields = ["status", "published_at", "created_by", "created_at", "next_start"]
    exclude = ["facet_tokens", "index_valid_until"]
    inlines = [SessionInline]
    actions = ["publish"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.update_search_index(Offer.objects.filter(pk=form.instance.pk))
        training_changed()

    @admin.action(description=_("Publish the selected offers"))
    def publish(self, request, queryset):
        for offer in queryset:
            services.publish_offer(offer=offer, actor=request.user)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["user", "status", "queue_position", "created_at", "attended"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "offer",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "address",
            "region",
            "online_url",
            "closed_event",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "needs_approval",
            "cancellation_deadline",
            "questions",
        ]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            services.check_capacity(self.instance, capacity)
        return capacity


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["offer", "starts_at", "time_zone", "capacity", "status"]
    list_filter = ["status", "time_zone"]
    list_select_related = ["offer"]
    search_fields = ["offer__title"]
    autocomplete_fields = ["region"]
    readonly_fields = ["status", "cancellation_reason"]
    exclude = ["reminders_sent_at", "answers_purged_at"]
    inlines = [RegistrationInline]

    def save_model(self, request, obj, form, change):
        # Through the services: more seats go to the waiting list, the list's index follows.
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.update_session(session=obj, actor=request.user, values=values)
        else:
            obj.save()
            search.update_search_index(Offer.objects.filter(pk=obj.offer_id))
            training_changed()


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: seats and the waiting list change only through the services."""

    list_display = ["session", "user", "status", "created_at", "attended"]
    list_filter = ["status"]
    list_select_related = ["session__offer", "user"]
    search_fields = ["user__email", "session__offer__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Mentoring ---------------------------------------------------------------------------------

from .mentoring import services as mentoring_services  # noqa: E402
from .models import MentoringFeedback, MentoringMeeting, MentoringRequest, MentorProfile  # noqa: E402


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    """Approval goes through the service (the person is emailed); the rest is the person's."""

    list_display = ["user", "status", "capacity", "accepting", "countries", "created_at"]
    list_filter = ["status", "accepting"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["user", "status", "decided_by", "decided_at", "created_at"]
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve):
        for profile in queryset.filter(status="pending"):
            mentoring_services.decide_mentor(profile=profile, actor=request.user, approve=approve)

    @admin.action(description=_("Approve the chosen mentors"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Decline the chosen mentors"))
    def decline(self, request, queryset):
        self._decide(request, queryset, approve=False)


class MentoringMeetingInline(admin.TabularInline):
    model = MentoringMeeting
    extra = 0
    fields = ["date", "duration_minutes", "topic", "logged_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MentoringFeedbackInline(admin.TabularInline):
    model = MentoringFeedback
    extra = 0
    fields = ["side", "rating", "comment", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MentoringRequest)
class MentoringRequestAdmin(admin.ModelAdmin):
    """Read-only: proposals, agreements and their emails happen only through the services."""

    list_display = ["initiative", "country", "status", "mentor", "created_at", "agreed_at"]
    list_filter = ["status", "country"]
    list_select_related = ["initiative", "mentor__user"]
    search_fields = ["initiative__title", "requested_by__email", "mentor__user__email"]
    inlines = [MentoringMeetingInline, MentoringFeedbackInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- "Ask the NCC" ---------------------------------------------------------------------------

from .advice import services as advice_services  # noqa: E402
from .models import AdviceDesk, AdviceMessage, AdviceQuestion  # noqa: E402


@admin.register(AdviceDesk)
class AdviceDeskAdmin(admin.ModelAdmin):
    """A centre's desk: saved through the service, which checks the target's range."""

    list_display = ["centre", "target_working_days", "open_to_everyone"]
    fields = ["centre", "target_working_days", "open_to_everyone"]

    def get_readonly_fields(self, request, obj=None):
        return ["centre"] if obj else []

    def save_model(self, request, obj, form, change):
        advice_services.update_desk(
            centre=obj.centre,
            actor=request.user,
            open_to_everyone=obj.open_to_everyone,
            target_working_days=obj.target_working_days,
        )


class AdviceMessageInline(admin.StackedInline):
    model = AdviceMessage
    extra = 0
    fields = ["kind", "author", "created_at", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AdviceQuestion)
class AdviceQuestionAdmin(admin.ModelAdmin):
    """Read-only: answers, replies, assignments and their emails happen only through the
    services (on the question's page)."""

    list_display = ["subject", "centre", "status", "topic", "created_at", "due_at", "assigned_to"]
    list_filter = ["status", "centre", "topic", "urgency"]
    list_select_related = ["centre", "assigned_to"]
    search_fields = ["subject", "asked_by__email"]
    inlines = [AdviceMessageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
