"""Training's report kind: the certificate of attendance, in the participant's language."""

from datetime import timedelta

import segno
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal.models import Country, NationalCentre
from ncc_portal.parts import ReportKind
from ncc_portal.siteaddress import site_url

from . import statistics
from .models import Offer, Registration, RegistrationStatus, SessionStatus


def _registration(params):
    try:
        registration = Registration.objects.select_related(
            "user", "session__offer__centre", "session__offer__provider"
        ).get(pk=int(params.get("registration") or 0))
    except (Registration.DoesNotExist, TypeError, ValueError) as error:
        raise ValidationError(_("There is no such registration.")) from error
    if not registration.has_certificate or registration.user is None:
        raise ValidationError(_("A certificate is only issued for attended sessions."))
    return registration


def certificate_params(params):
    return {"registration": _registration(params).pk}


def certificate_title(params):
    registration = _registration(params)
    return _("Certificate of attendance: %(title)s") % {"title": registration.session.offer.title}


def verification_url(registration):
    return site_url() + reverse(
        "certificate-verify", kwargs={"code": registration.certificate_code}
    )


def certificate_context(params, progress):
    registration = _registration(params)
    url = verification_url(registration)
    qr = segno.make(url, error="m").svg_inline(
        scale=3, border=0, title=_("Verification address as a QR code")
    )
    return {
        "registration": registration,
        "session": registration.session,
        "offer": registration.session.offer,
        "centre": registration.session.offer.centre,
        "verification_url": url,
        "qr_svg": qr,
    }


CERTIFICATE = ReportKind(
    name="training-certificate",
    label=gettext_lazy("Certificate of attendance"),
    template="reports/training_certificate.html",
    clean_params=certificate_params,
    title=certificate_title,
    build_context=certificate_context,
    # Requested by the participant from their page, not in the coordinators' report form.
    public=True,
)


def activity_params(params):
    country = (params.get("country") or "").upper()
    if country and country not in Country.values:
        raise ValidationError(_("Unknown country."))
    return {"country": country}


def activity_title(params):
    if params.get("country"):
        return _("Training and events: %(country)s") % {"country": Country(params["country"]).label}
    return _("Training and events: the whole alliance")


def activity_context(params, progress):
    """The last twelve months of training: for ESF+ reporting."""
    country = params.get("country") or ""
    until = timezone.localdate()
    since = until - timedelta(days=365)
    sessions = statistics.sessions_in(country, since, until)
    progress(20)
    offers = (
        Offer.objects.without_search_vectors()
        .filter(sessions__in=sessions.filter(status=SessionStatus.SCHEDULED))
        .annotate(
            held=Count("sessions", distinct=True),
            participants=Count(
                "sessions__registrations",
                filter=Q(sessions__registrations__status=RegistrationStatus.CONFIRMED),
            ),
        )
        .select_related("centre", "provider")
        .order_by("centre__country", "kind", "pk")
        .distinct()
    )
    progress(50)
    return {
        "since": since,
        "until": until,
        "figures": statistics.figures(sessions),
        "monthly": statistics.per_month(sessions),
        "countries": [] if country else statistics.by_country(sessions),
        "audiences": statistics.by_audience(sessions),
        "offers": list(offers),
        "mentoring": statistics.mentoring_figures(country, since, until),
        "advice": statistics.advice_figures(country, since, until),
        "support_countries": [] if country else statistics.support_by_country(since, until),
        "centre": NationalCentre.objects.filter(country=country).first() if country else None,
    }


ACTIVITY = ReportKind(
    name="training-activity",
    label=gettext_lazy("Training activity (for ESF+ reporting)"),
    template="reports/training_activity.html",
    clean_params=activity_params,
    title=activity_title,
    build_context=activity_context,
)
