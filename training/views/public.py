"""What everyone sees: the list of offers to come and the archive, an offer, a session."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ncc_portal import fulltext

from .. import calendar, services, structured_data
from ..filters import TrainingFilter, facet_options, search_training
from ..forms import RegistrationForm
from ..models import SEAT_STATUSES, Offer, Registration, RegistrationStatus, Session
from ..search import index

PAGE_SIZE = 20
# A search gives the ids of its first pages at once (100 pages); deeper ones ask again.
FIRST_IDS = 2000


def _list(request, *, archive):
    base = Offer.objects.published().filter(
        facet_tokens__has_token="when:past" if archive else "when:upcoming"
    )
    filterset = TrainingFilter(request.GET, queryset=base, archive=archive)
    matches, counts = search_training(filterset, base, limit=FIRST_IDS)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    offers = Offer.objects.without_search_vectors().select_related("centre", "provider")
    by_pk = offers.in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    search = fulltext.search_summary(
        request.GET,
        page.paginator.count,
        index,
        count=lambda text: TrainingFilter({"q": text}, queryset=base, archive=archive).qs.count(),
        page_ids=[offer.pk for offer in page.object_list],
    )
    for offer in page.object_list:
        offer.snippet = search.snippets.get(offer.pk)
    _attach_sessions(page.object_list, archive=archive)
    query = request.GET.copy()
    query.pop("page", None)
    template = "training/offer_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#training"
    now_month = timezone.localtime().strftime("%Y-%m")
    return render(
        request,
        template,
        {
            "filter": filterset,
            "facets": facet_options(filterset, counts, now_month),
            "page": page,
            "search": search,
            "query": query.urlencode(),
            "archive": archive,
        },
    )


def _attach_sessions(offers, *, archive):
    """Each offer's sessions the card lists: those to come (or, in the archive, those past)."""
    now = timezone.now()
    sessions = Session.objects.filter(offer__in=offers).scheduled().select_related("region")
    sessions = sessions.past(now).order_by("-starts_at") if archive else sessions.upcoming(now)
    by_offer = {}
    for session in sessions:
        by_offer.setdefault(session.offer_id, []).append(session)
    for offer in offers:
        offer.shown_sessions = by_offer.get(offer.pk, [])[:3]


def offer_list(request):
    return _list(request, archive=False)


def offer_archive(request):
    return _list(request, archive=True)


def _visible_offer(request, queryset, **lookup):
    offer = get_object_or_404(queryset, **lookup)
    if not request.user.has_perm("training.view_offer", offer):
        raise Http404  # an offer not published does not reveal that it exists
    return offer


def offer_detail(request, slug):
    offer = _visible_offer(
        request,
        Offer.objects.without_search_vectors().select_related("centre", "provider"),
        slug=slug,
    )
    now = timezone.now()
    sessions = list(
        offer.sessions.select_related("region")
        .annotate(held=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES)))
        .order_by("starts_at")
    )
    mine = {}
    if request.user.is_authenticated:
        mine = {
            r.session_id: r
            for r in Registration.objects.filter(session__offer=offer, user=request.user).active()
        }
    for session in sessions:
        session.my_registration = mine.get(session.pk)
        session.seats_free = max(session.capacity - session.held, 0)
    return render(
        request,
        "training/offer_detail.html",
        {
            "offer": offer,
            "upcoming": [s for s in sessions if s.ends_at >= now],
            "past": [s for s in sessions if s.ends_at < now],
            "themes": offer.themes.all(),
            "can_edit": request.user.has_perm("training.change_offer", offer),
            "can_publish": request.user.has_perm("training.publish_offer", offer),
            "can_manage_sessions": request.user.has_perm("training.manage_sessions", offer),
            "feedback": services.feedback_summary(offer)
            if request.user.has_perm("training.view_feedback", offer)
            else None,
        },
    )


def _session(request, pk):
    session = get_object_or_404(
        Session.objects.select_related("offer__centre", "offer__provider", "region"), pk=pk
    )
    if not request.user.has_perm("training.view_offer", session.offer):
        raise Http404
    return session


def my_registration(request, session):
    if not request.user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=request.user).active().first()


def session_context(request, session, *, form=None):
    registration = my_registration(request, session)
    now = timezone.now()
    show_private = (
        registration is not None and registration.status == RegistrationStatus.CONFIRMED
    ) or request.user.has_perm("training.view_participants", session)
    return {
        "session": session,
        "offer": session.offer,
        "registration": registration,
        "confirmed": registration is not None
        and registration.status == RegistrationStatus.CONFIRMED,
        "waiting_position": services.waiting_position(registration) if registration else None,
        "can_cancel": registration is not None and services.can_cancel(registration, now),
        "seats_free": services.free_seats(session),
        "registration_open": session.registration_is_open(now) and session.offer.is_published,
        "not_yet_open": bool(session.registration_opens_at and now < session.registration_opens_at),
        "form": form or RegistrationForm(session=session),
        "can_see_participants": request.user.has_perm("training.view_participants", session),
        "can_manage": request.user.has_perm("training.manage_sessions", session),
        "show_private": show_private,
        "is_past": session.ends_at < now,
        "structured_data": structured_data.session_page(session, private=show_private)
        if session.offer.is_published
        else None,
    }


def session_detail(request, pk):
    session = _session(request, pk)
    return render(request, "training/session_detail.html", session_context(request, session))


def session_ics(request, pk):
    """The session for a calendar; a confirmed participant's copy has the link and address."""
    session = _session(request, pk)
    registration = my_registration(request, session)
    private = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    if not session.offer.is_published and not request.user.has_perm(
        "training.manage_sessions", session
    ):
        raise PermissionDenied
    response = HttpResponse(
        calendar.calendar_of([session], private=private), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response
