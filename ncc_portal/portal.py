"""The core's own parts, registered like any app's (see ``parts``)."""

from django.utils.translation import gettext_lazy as _

from . import demo, parts, reference, services, sitemaps
from .api import vocabularies
from .parts import Menu, allowed
from .rules import is_administrator

for entry in [
    parts.NavigationEntry("organisations:organisation-list", _("Organisations"), order=90),
    # The coordination menu; the apps add their queues between the dashboard and the reports.
    parts.NavigationEntry(
        "dashboard", _("Dashboard"), 10, Menu.COORDINATION, allowed("ncc_portal.view_dashboard")
    ),
    parts.NavigationEntry(
        "reports:report-list",
        _("Reports"),
        30,
        Menu.COORDINATION,
        allowed("ncc_portal.request_report"),
    ),
    parts.NavigationEntry(
        "role-request-list",
        _("Role requests"),
        40,
        Menu.COORDINATION,
        allowed("ncc_portal.review_public_sector_requests"),
    ),
    parts.NavigationEntry(
        "researchers",
        _("Researchers"),
        50,
        Menu.COORDINATION,
        allowed("ncc_portal.grant_researcher_role"),
    ),
    parts.NavigationEntry(
        "admin:index", _("Administration"), 90, Menu.COORDINATION, is_administrator
    ),
    # The account pages' sidebar; the apps add the person's lists and the like at 50.
    parts.NavigationEntry("account_profile", _("Profile and organisations"), 10, Menu.ACCOUNT),
    parts.NavigationEntry("account_email", _("Email addresses"), 20, Menu.ACCOUNT),
    parts.NavigationEntry("account_change_password", _("Password"), 30, Menu.ACCOUNT),
    parts.NavigationEntry("mfa_index", _("Two-factor authentication"), 40, Menu.ACCOUNT),
    parts.NavigationEntry("public-sector-role-request", _("Public-sector role"), 80, Menu.ACCOUNT),
    parts.NavigationEntry("account_delete", _("Your data"), 90, Menu.ACCOUNT),
]:
    parts.navigation.register(entry)
parts.data_export.register(
    parts.DataExportSection(
        "account",
        export=services.export_account_data,
        erase=services.erase_account_data,
        order=0,
    )
)
parts.reference_data.register(parts.ReferenceLoader("regions", reference.load_regions, order=10))
parts.reference_data.register(
    parts.ReferenceLoader("vocabularies", reference.load_vocabularies, order=20)
)
for order, (name, seed) in enumerate(
    [
        ("reference-data", reference.load_reference_data),
        ("centres", demo.seed_centres),
        ("organisations", demo.seed_organisations),
        ("users", demo.seed_users),
        ("role-requests", demo.seed_role_requests),
    ],
    start=1,
):
    parts.demo_steps.register(parts.DemoStep(name, seed, order=order * 10))

# The vocabularies and regions in the public API (``ncc_portal.api``).
for resource in [
    parts.ApiResource("themes", "themes", vocabularies.ThemeViewSet, order=90),
    parts.ApiResource("sdgs", "sdgs", vocabularies.GoalViewSet, order=91),
    parts.ApiResource("target-groups", "target-groups", vocabularies.TargetGroupViewSet, 92),
    parts.ApiResource("regions", "regions", vocabularies.RegionViewSet, order=93),
]:
    parts.api_resources.register(resource)

# The sitemap's pages of the core (``ncc_portal.sitemaps``); the apps' sections come between.
parts.sitemaps.register(parts.SitemapSection("pages", sitemaps.CorePageSitemap, order=0))
parts.sitemaps.register(
    parts.SitemapSection("organisations", sitemaps.OrganisationSitemap, order=90)
)
