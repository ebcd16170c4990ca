"""Mentoring's pages: the hub, a mentor's profile, a request and its mentorship, coordination.

Each view checks the permission, validates a form, calls one service and redirects; a form
with errors is shown again with what was typed. A request a person may not see is a 404, so
that its existence does not leak.
"""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from initiatives.models import Initiative
from ncc_portal.choices import Language

from ..models import MentoringRequest, MentoringSide, MentoringStatus, MentorProfile, MentorStatus
from . import matching, services
from .forms import (
    MeetingForm,
    MentoringFeedbackForm,
    MentoringRequestForm,
    MentorProfileForm,
    ProposeMentorForm,
)

# The initiative's search columns are large and never shown.
LEAN = [
    "initiative__facet_tokens",
    *[f"initiative__search_{code}" for code, _n in settings.LANGUAGES],
]


def language_names(codes):
    names = dict(Language.choices)
    return [str(names.get(code, code)) for code in codes]


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _requests():
    return MentoringRequest.objects.select_related(
        "initiative", "requested_by", "mentor__user", "proposed_by"
    ).defer(*LEAN)


def _mentoring_request(request, pk, permission=None):
    mentoring_request = get_object_or_404(_requests(), pk=pk)
    if not request.user.has_perm("mentoring.view_request", mentoring_request):
        raise Http404
    if permission:
        _require(request, permission, mentoring_request)
    return mentoring_request


def home(request):
    """What mentoring is; for the signed-in, their requests and mentorships, the open requests
    that fit them as a mentor, their profile; for coordinators, the way to the coordination."""
    context = {}
    user = request.user
    if user.is_authenticated:
        profile = MentorProfile.objects.filter(user=user).prefetch_related("themes").first()
        fitting = []
        if profile is not None and profile.is_approved:
            theme_ids = {theme.pk for theme in profile.themes.all()}
            fitting = list(
                matching.requests_fitting(profile)
                .select_related("initiative")
                .defer(*LEAN)
                .prefetch_related("themes")
                .order_by("created_at")
            )
            for mentoring_request in fitting:
                mentoring_request.shared = matching.shared_theme_names(theme_ids, mentoring_request)
        context = {
            "profile": profile,
            "places_taken": services.places_taken(profile) if profile else 0,
            "my_requests": _requests().filter(requested_by=user),
            "as_mentor": (
                _requests().filter(mentor=profile).exclude(status=MentoringStatus.OPEN)
                if profile
                else []
            ),
            "fitting": fitting,
            "can_request": user.has_perm("mentoring.request_mentoring"),
            "can_coordinate": user.has_perm("mentoring.coordinate"),
        }
    return render(request, "training/mentoring/home.html", context)


PROFILE_SAVED = {
    MentorStatus.PENDING: gettext_lazy(
        "Thank you. A coordinator of the national centre will review your profile; we will "
        "let you know by email."
    ),
    MentorStatus.APPROVED: gettext_lazy("Your mentor profile has been saved."),
}


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    _require(request, "mentoring.become_mentor")
    profile = MentorProfile.objects.filter(user=request.user).first()
    form = MentorProfileForm.for_profile(profile, request.POST or None)
    if form.is_valid():
        try:
            profile = services.save_mentor_profile(
                user=request.user, values=form.values(), themes=form.cleaned_data["themes"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(PROFILE_SAVED[profile.status]))
            return redirect("mentoring:home")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "training/mentoring/profile_form.html",
        {"form": form, "profile": profile},
        status=status,
    )


@login_required
@require_POST
def profile_withdraw(request):
    profile = get_object_or_404(MentorProfile, user=request.user)
    services.withdraw_mentor_profile(profile=profile)
    messages.success(
        request,
        _(
            "You are no longer offered as a mentor. Your running mentorships go on; you can "
            "offer yourself again at any time."
        ),
    )
    return redirect("mentoring:home")


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    _require(request, "mentoring.request_mentoring")
    initial = {"languages": [request.LANGUAGE_CODE]}
    # ?initiative=<pk> (or a single initiative): its themes are ticked to begin with.
    own = Initiative.objects.of_member(request.user).without_search_vectors().distinct()
    asked = request.GET.get("initiative", "")
    chosen = own.filter(pk=asked).first() if asked.isdigit() else None
    if chosen is None and own.count() == 1:
        chosen = own.first()
    if chosen is not None:
        initial.update(initiative=chosen.pk, themes=list(chosen.themes.all()))
    form = MentoringRequestForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            mentoring_request = services.request_mentoring(
                user=request.user,
                initiative=form.cleaned_data["initiative"],
                needs=form.cleaned_data["needs"],
                themes=form.cleaned_data["themes"],
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The national centre looks for a mentor for you; we will let "
                    "you know by email."
                ),
            )
            return redirect(mentoring_request)
    status = 400 if form.is_bound else 200
    return render(request, "training/mentoring/request_form.html", {"form": form}, status=status)


def _detail_context(request, mentoring_request, **forms):
    user = request.user
    side = services.side_of(mentoring_request, user)
    # The rule set itself, not ``user.has_perm``: Django grants superusers everything, and the
    # page should not offer an administrator the buttons that are the pair's alone.
    can = {
        name: rules.has_perm(f"mentoring.{name}", user, mentoring_request)
        for name in [
            "propose_mentor",
            "offer_to_mentor",
            "accept_mentor",
            "decline_proposal",
            "withdraw_request",
            "view_contacts",
            "log_meeting",
            "view_meetings",
            "end_mentorship",
            "give_feedback",
            "view_all_feedback",
        ]
    }
    meetings = []
    if can["view_meetings"]:
        meetings = mentoring_request.meetings.select_related("logged_by")
    feedback = list(mentoring_request.feedback.all())
    if not can["view_all_feedback"]:
        feedback = [f for f in feedback if f.side == side]
    feedback_due = can["give_feedback"] and not any(f.side == side for f in feedback)
    mentor = mentoring_request.mentor
    return {
        "mentoring_request": mentoring_request,
        "initiative": mentoring_request.initiative,
        "side": side,
        "can": can,
        "mentor": mentor,
        "mentor_themes": list(mentor.themes.all()) if mentor else [],
        "themes": list(mentoring_request.themes.all()),
        "languages": language_names(mentoring_request.languages),
        "mentor_languages": language_names(mentor.languages) if mentor else [],
        # The mentor's phone goes to the mentee alone, once both agreed.
        "show_phone": side == MentoringSide.MENTEE and mentoring_request.contact_shared,
        "suggestions": (
            matching.suggest_mentors(mentoring_request) if can["propose_mentor"] else []
        ),
        "meetings": meetings,
        "feedback": feedback,
        "feedback_due": feedback_due,
        "meeting_form": forms.get("meeting_form")
        or (MeetingForm() if can["log_meeting"] else None),
        "feedback_form": forms.get("feedback_form")
        or (MentoringFeedbackForm() if feedback_due else None),
    }


@login_required
def request_detail(request, pk):
    mentoring_request = _mentoring_request(request, pk)
    return render(
        request,
        "training/mentoring/request_detail.html",
        _detail_context(request, mentoring_request),
    )


@login_required
@require_POST
def propose(request, pk):
    mentoring_request = _mentoring_request(request, pk, "mentoring.propose_mentor")
    form = ProposeMentorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a mentor to propose."))
        return redirect(mentoring_request)
    try:
        services.propose_mentor(
            mentoring_request=mentoring_request,
            profile=form.cleaned_data["mentor"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The mentor is proposed. We have emailed the mentee and the mentor."),
        )
    return redirect(mentoring_request)


def _offer(request, mentoring_request):
    services.offer_to_mentor(mentoring_request=mentoring_request, user=request.user)
    return _("Thank you. The mentee has been asked whether they accept you as their mentor.")


def _accept(request, mentoring_request):
    services.accept_mentor(mentoring_request=mentoring_request, user=request.user)
    return _("The mentorship is agreed. You now see each other's contact details.")


def _decline(request, mentoring_request):
    services.decline_proposal(mentoring_request=mentoring_request, actor=request.user)
    return _("Thank you for letting us know. The national centre looks for another mentor.")


def _withdraw(request, mentoring_request):
    services.withdraw_request(mentoring_request=mentoring_request, actor=request.user)
    return _("Your request has been withdrawn.")


def _end(request, mentoring_request):
    services.end_mentorship(mentorship=mentoring_request, actor=request.user)
    return _("The mentorship has ended. Both of you are asked for a short feedback.")


# action in the address -> (permission, what it does and says)
ACTIONS = {
    "offer": ("mentoring.offer_to_mentor", _offer),
    "accept": ("mentoring.accept_mentor", _accept),
    "decline": ("mentoring.decline_proposal", _decline),
    "withdraw": ("mentoring.withdraw_request", _withdraw),
    "end": ("mentoring.end_mentorship", _end),
}


@login_required
@require_POST
def request_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    permission, act = ACTIONS[action]
    mentoring_request = _mentoring_request(request, pk, permission)
    try:
        said = act(request, mentoring_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, said)
    if action == "offer":
        return redirect("mentoring:home")
    return redirect(mentoring_request)


@login_required
@require_POST
def meeting_create(request, pk):
    mentoring_request = _mentoring_request(request, pk, "mentoring.log_meeting")
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.log_meeting(
                mentorship=mentoring_request, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been logged."))
            return redirect(mentoring_request)
    context = _detail_context(request, mentoring_request, meeting_form=form)
    return render(request, "training/mentoring/request_detail.html", context, status=400)


@login_required
@require_POST
def feedback_create(request, pk):
    mentoring_request = _mentoring_request(request, pk, "mentoring.give_feedback")
    form = MentoringFeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(
                mentorship=mentoring_request, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(mentoring_request)
    context = _detail_context(request, mentoring_request, feedback_form=form)
    return render(request, "training/mentoring/request_detail.html", context, status=400)


@login_required
def coordinate(request):
    """The coordinators' page: mentors to approve, requests of their country waiting for a
    mentor (oldest first), running mentorships."""
    _require(request, "mentoring.coordinate")
    user = request.user
    country = user.centre.country if user.role == "coordinator" and user.centre_id else None
    pending = MentorProfile.objects.filter(status=MentorStatus.PENDING).select_related("user")
    pending = [
        profile
        for profile in pending.prefetch_related("themes")
        if country is None or country in profile.countries
    ]
    requests = _requests().order_by("created_at")
    if country:
        requests = requests.for_country(country)
    waiting = requests.filter(status__in=[MentoringStatus.OPEN, MentoringStatus.PROPOSED])
    running = requests.filter(status=MentoringStatus.AGREED).annotate(
        meeting_count=Count("meetings"), last_meeting=Max("meetings__date")
    )
    return render(
        request,
        "training/mentoring/coordinate.html",
        {"country": country, "pending": pending, "waiting": waiting, "running": running},
    )


@login_required
@require_POST
def mentor_decide(request, pk):
    profile = get_object_or_404(MentorProfile.objects.select_related("user"), pk=pk)
    _require(request, "mentoring.decide_mentor", profile)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_mentor(profile=profile, actor=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = profile.user.name or profile.user.email
        messages.success(
            request,
            _("%(name)s is approved as a mentor.") % {"name": name}
            if approve
            else _("%(name)s is not approved as a mentor. We have told them.") % {"name": name},
        )
    return redirect("mentoring:coordinate")
