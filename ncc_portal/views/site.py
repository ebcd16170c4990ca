"""Site-wide pages: home, legal pages, health check and error pages."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import NationalCentre, Organisation, SustainableDevelopmentGoal, Theme
from ..probes import broker_state, cache_state


def home(request):
    centres = NationalCentre.objects.all()
    return render(
        request,
        "ncc_portal/home.html",
        {
            "centres": centres,
            "themes": Theme.objects.all(),
            "sdgs": SustainableDevelopmentGoal.objects.all(),
            "organisation_count": Organisation.objects.count(),
            "latest_organisations": Organisation.objects.order_by("-created_at")[:6],
        },
    )


def privacy(request):
    return render(request, "ncc_portal/privacy.html")


def imprint(request):
    return render(request, "ncc_portal/imprint.html", {"centres": NationalCentre.objects.all()})


def accessibility(request):
    return render(request, "ncc_portal/accessibility.html")


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for the proxy and the orchestrator: 200 when usable, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    broker = broker_state()
    cache = cache_state()
    usable = database == "ok" and broker in {"ok", "eager"}
    # Without its cache the portal still serves (slower): degraded, but not out of service.
    healthy = usable and cache != "unavailable"
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "broker": broker,
            "cache": cache,
        },
        status=200 if usable else 503,
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    # Rendered without context processors: the database may be the reason for the error.
    return HttpResponseServerError(loader.get_template("500.html").render())
