"""Which mentors suit a request, and which open requests suit a mentor, with the reasons.

A suggestion is explained in words the coordinator can check ("2 shared themes: …", "speaks
German", "mentors in Germany", "1 of 3 places free"). The candidates and their places taken are
read in one query (the running mentorships are counted in the database), their themes in a
second one, whatever the number of mentors.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ncc_portal.choices import Country, Language

from ..models import MentoringRequest, MentoringStatus, MentorProfile
from .services import HOLDING_A_PLACE

# How much each kind of fit weighs: the subject matters most, then being able to talk, then
# knowing the country's landscape; free places only break ties.
THEME_WEIGHT = 3
LANGUAGE_WEIGHT = 2
COUNTRY_WEIGHT = 2


@dataclass
class Suggestion:
    mentor: MentorProfile
    score: int
    free_places: int
    reasons: list = field(default_factory=list)


def _label(choices, code):
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _joined(names):
    """ "German", "German and English", "German, English and Dutch"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def with_places_taken(profiles):
    return profiles.annotate(
        places_taken=Count("mentorships", filter=Q(mentorships__status__in=HOLDING_A_PLACE))
    )


def available_mentors():
    """Approved mentors taking mentees who have a free place."""
    return (
        with_places_taken(MentorProfile.objects.taking_mentees())
        .filter(places_taken__lt=F("capacity"))
        .select_related("user")
        .prefetch_related("themes")
    )


def suggest_mentors(mentoring_request, *, limit=10):
    """The mentors who fit ``mentoring_request`` best, best first, each with its reasons. Only
    mentors who share at least a theme, a language or the country are suggested; those passed
    over for this request and the requester themself never are."""
    wanted_themes = {theme.pk: theme for theme in mentoring_request.themes.all()}
    wanted_languages = list(mentoring_request.languages)
    candidates = available_mentors().exclude(pk__in=mentoring_request.passed_over.values("pk"))
    if mentoring_request.requested_by_id:
        candidates = candidates.exclude(user_id=mentoring_request.requested_by_id)
    suggestions = []
    for mentor in candidates:
        shared = [wanted_themes[t.pk] for t in mentor.themes.all() if t.pk in wanted_themes]
        languages = [code for code in wanted_languages if code in mentor.languages]
        in_country = mentoring_request.country in mentor.countries
        if not (shared or languages or in_country):
            continue
        free = mentor.capacity - mentor.places_taken
        reasons = []
        if shared:
            names = sorted(str(theme.name) for theme in shared)
            reasons.append(
                ngettext(
                    "%(count)d shared theme: %(themes)s",
                    "%(count)d shared themes: %(themes)s",
                    len(shared),
                )
                % {"count": len(shared), "themes": ", ".join(names)}
            )
        if languages:
            reasons.append(
                _("speaks %(languages)s")
                % {"languages": _joined(_label(Language, code) for code in languages)}
            )
        if in_country:
            reasons.append(
                _("mentors in %(country)s")
                % {"country": _label(Country, mentoring_request.country)}
            )
        reasons.append(
            ngettext(
                "%(free)d of %(capacity)d place free",
                "%(free)d of %(capacity)d places free",
                mentor.capacity,
            )
            % {"free": free, "capacity": mentor.capacity}
        )
        score = (
            THEME_WEIGHT * len(shared)
            + (LANGUAGE_WEIGHT if languages else 0)
            + (COUNTRY_WEIGHT if in_country else 0)
        )
        suggestions.append(Suggestion(mentor, score, free, reasons))
    suggestions.sort(key=lambda s: (-s.score, -s.free_places, s.mentor.created_at))
    return suggestions[:limit]


def requests_fitting(profile):
    """Open requests an approved mentor could take: in one of their countries, sharing one of
    their themes, not their own and not one they were passed over for."""
    if not profile.is_approved:
        return MentoringRequest.objects.none()
    return (
        MentoringRequest.objects.filter(
            status=MentoringStatus.OPEN,
            country__in=profile.countries,
            themes__in=profile.themes.all(),
        )
        .exclude(requested_by_id=profile.user_id)
        .exclude(passed_over=profile)
        .distinct()
    )


def fits(profile, mentoring_request):
    """Whether ``mentoring_request`` is among the open requests that fit ``profile``."""
    return requests_fitting(profile).filter(pk=mentoring_request.pk).exists()


def shared_theme_names(profile_theme_ids, mentoring_request):
    """What a mentor has in common with a request (its themes prefetched), for the hub's list."""
    return sorted(
        str(theme.name) for theme in mentoring_request.themes.all() if theme.pk in profile_theme_ids
    )
