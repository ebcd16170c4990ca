"""Reports: request, follow their progress, download, retry."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Country, Report
from ..reports import services
from ..reports.kinds import all_kinds
from ..storage import file_download

ALL_LANGUAGES = "all"


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"))
    country = forms.ChoiceField(
        label=gettext_lazy("Country"),
        required=False,
        choices=[("", gettext_lazy("The whole alliance")), *Country.choices],
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[
            *settings.LANGUAGES,
            (ALL_LANGUAGES, gettext_lazy("All five languages (one file each)")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.name, kind.label)
            for kind in all_kinds().values()
            if not kind.public and kind.requestable
        ]


def _reports_page(request):
    reports = Report.objects.visible_to(request.user).select_related("requested_by")
    return Paginator(reports, 25).get_page(request.GET.get("page"))


@login_required
def report_list(request):
    page = _reports_page(request)
    context = {
        "page": page,
        "polling": any(not r.is_finished for r in page.object_list),
        "can_request": request.user.has_perm("ncc_portal.request_report"),
    }
    template = "reports/report_list.html"
    if request.htmx:
        template += "#report-table"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def report_request(request):
    if not request.user.has_perm("ncc_portal.request_report"):
        raise PermissionDenied
    initial = {"language": get_language()}
    if request.user.centre:
        initial["country"] = request.user.centre.country
    form = ReportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {"country": data["country"]}
        try:
            if data["language"] == ALL_LANGUAGES:
                reports = services.request_report_in_all_languages(
                    kind=data["kind"],
                    params=params,
                    user=request.user,
                    centre=request.user.centre,
                )
            else:
                reports = [
                    services.request_report(
                        kind=data["kind"],
                        params=params,
                        language=data["language"],
                        user=request.user,
                        centre=request.user.centre,
                    )
                ]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if Report.objects.filter(pk__in=[r.pk for r in reports]).exclude(error="").exists():
                messages.warning(
                    request,
                    _(
                        "Your request is saved, but the background service is not reachable "
                        "right now. Retry it in a few minutes."
                    ),
                )
            else:
                messages.success(request, _("Your report is being built."))
            return redirect("reports:report-list")
    return render(request, "reports/report_form.html", {"form": form})


def _visible_report(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if not request.user.has_perm("ncc_portal.view_report", report):
        raise Http404
    return report


def report_detail(request, pk):
    report = _visible_report(request, pk)
    template = "reports/report_detail.html"
    if request.htmx:
        template += "#report-status"
    return render(request, template, {"report": report})


def report_download(request, pk):
    report = _visible_report(request, pk)
    if not report.is_downloadable:
        raise Http404
    filename = f"{slugify(report.title)[:80] or report.kind}-{report.language}.pdf"
    try:
        return file_download(report.file, filename=filename, content_type="application/pdf")
    except FileNotFoundError as error:
        raise Http404 from error


def _client(request):
    """Who asks for a public report, for its limits: the account, else the address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


@require_POST
def report_retry(request, pk):
    # Whoever may see a report may ask for it to be built again.
    report = _visible_report(request, pk)
    try:
        services.retry_report(report=report, client=_client(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except services.TooManyReports:
        messages.error(
            request,
            _(
                "Many PDFs are being prepared right now, so we cannot start yours. "
                "Please try again in about ten minutes."
            ),
        )
    else:
        messages.success(request, _("The report is being built again."))
    return redirect("reports:report-detail", pk=report.pk)


def _follow(report):
    report.refresh_from_db()  # without a broker the worker ran while the request committed
    if report.is_downloadable:
        return redirect("reports:report-download", pk=report.pk)
    return redirect("reports:report-detail", pk=report.pk)


def public_pdf(request, subject, build):
    """The view of a public PDF (an app's page as a report, for anyone): ``build(language=,
    user=, client=)`` requests or reuses the report; the answer follows it, or says the workers
    are busy."""
    try:
        report = build(language=get_language(), user=request.user, client=_client(request))
    except services.TooManyReports:
        response = render(request, "reports/report_busy.html", {"subject": subject}, status=429)
        response["Retry-After"] = "600"
        return response
    return _follow(report)
