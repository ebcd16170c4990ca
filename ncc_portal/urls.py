from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve as serve_media

from . import parts
from .views import account, crawlers, dashboard, opendata, organisations, reports, roles, site

# The admin signs in through allauth: rate limits and two-factor authentication apply there too.
admin.site.login = secure_admin_login(admin.site.login)

report_patterns = (
    [
        path("", reports.report_list, name="report-list"),
        path("new/", reports.report_request, name="report-request"),
        path("<int:pk>/", reports.report_detail, name="report-detail"),
        path("<int:pk>/download/", reports.report_download, name="report-download"),
        path("<int:pk>/retry/", reports.report_retry, name="report-retry"),
    ],
    "reports",
)

organisation_patterns = (
    [
        path("", organisations.organisation_list, name="organisation-list"),
        path("new/", organisations.organisation_create, name="organisation-create"),
        path(
            "invitations/<str:token>/",
            organisations.invitation_accept,
            name="invitation-accept",
        ),
        path("<slug:slug>/", organisations.organisation_detail, name="organisation-detail"),
        path("<slug:slug>/edit/", organisations.organisation_edit, name="organisation-edit"),
        path("<slug:slug>/invite/", organisations.organisation_invite, name="organisation-invite"),
        path("<slug:slug>/leave/", organisations.organisation_leave, name="organisation-leave"),
    ],
    "organisations",
)

urlpatterns = [
    # The public API has no language prefix: ?lang= or Accept-Language choose the texts' language.
    path("api/v1/", include("ncc_portal.api.urls")),
    path("healthz", site.healthz, name="healthz"),
    # The open-data files and their catalogue serve every language at once: no prefix.
    path("open-data/catalog.ttl", opendata.catalogue_turtle, name="open-data-catalogue-turtle"),
    path(
        "open-data/catalog.jsonld", opendata.catalogue_json_ld, name="open-data-catalogue-json-ld"
    ),
    path("open-data/files/<str:name>", opendata.open_data_file, name="open-data-file"),
    # For search engines, without a language: the sitemap lists every language's pages.
    path("robots.txt", crawlers.robots_txt, name="robots-txt"),
    path("sitemap.xml", crawlers.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", crawlers.sitemap_section, name="sitemap-section"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", site.home, name="home"),
    path("privacy/", site.privacy, name="privacy"),
    path("imprint/", site.imprint, name="imprint"),
    path("accessibility/", site.accessibility, name="accessibility"),
    path("open-data/", opendata.open_data, name="open-data"),
    path("accounts/profile/", account.profile, name="account_profile"),
    path("accounts/my-data.json", account.data_export, name="account_data_export"),
    path("accounts/delete/", account.delete_account, name="account_delete"),
    path(
        "accounts/public-sector-role/",
        roles.request_public_sector_role,
        name="public-sector-role-request",
    ),
    path("accounts/", include("allauth.urls")),
    path("role-requests/", roles.role_request_list, name="role-request-list"),
    path("role-requests/<int:pk>/", roles.role_request_decide, name="role-request-decide"),
    path("researchers/", roles.researchers, name="researchers"),
    path("organisations/", include(organisation_patterns)),
    path("reports/", include(report_patterns)),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("admin/", admin.site.urls),
    # The apps' pages (``parts.url_modules``, registered in each app's portal.py), after the
    # core's, so that no app can shadow a core address.
    *[path("", include(mount.module)) for mount in parts.url_modules],
)

handler500 = "ncc_portal.views.site.server_error"

if settings.SERVE_MEDIA:
    # Public uploads (initiative logos). A proxy in front can serve MEDIA_ROOT itself instead.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]
