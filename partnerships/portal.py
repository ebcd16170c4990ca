"""Partnerships' parts of the portal (see ``ncc_portal.parts``)."""

from django.utils.translation import gettext_lazy as _

from ncc_portal import parts

from . import api, dashboard, gdpr, search, sitemaps, watches
from .introductions import demo as introductions_demo
from .introductions import rules as introductions_rules  # noqa: F401 (registers permissions)
from .profiles import demo as profiles_demo
from .profiles import rules as profiles_rules  # noqa: F401 (registers the permissions)
from .scouting import demo as scouting_demo
from .scouting import reports as scouting_reports
from .scouting import rules as scouting_rules  # noqa: F401 (registers the permissions)


# The menus' predicates read the role only, so that the header costs no query; the pages
# themselves check the permissions.
def _acts_for_an_organisation(user):
    return user.role in {"innovator", "public_sector"} and not user.is_superuser


def _coordinates(user):
    return user.role in {"coordinator", "administrator"} or user.is_superuser


parts.url_modules.register(
    parts.UrlModule(
        "partnerships",
        "partnerships.site_urls",
        order=40,
        private_paths=(
            "partners/new/",
            "partners/review/",
            "partners/watches/",
            "partners/*/edit/",
            "matches/",
            "scouting/",
        ),
    )
)
parts.api_resources.register(
    parts.ApiResource("partner-profiles", "partner-profiles", api.PartnerProfileViewSet, 50)
)

# Partner profiles (partnerships/profiles/).
parts.navigation.register(
    parts.NavigationEntry("partnerships:profile-list", _("Partners"), order=27)
)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:profile-create",
        _("Publish a partner profile for your organisation"),
        order=27,
        menu=parts.Menu.NEXT_STEPS,
        visible=_acts_for_an_organisation,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:profile-review",
        _("Partner profiles to review"),
        order=42,
        menu=parts.Menu.COORDINATION,
        visible=_coordinates,
    )
)
parts.demo_steps.register(
    parts.DemoStep("partnerships.profiles", profiles_demo.seed_profiles, order=130)
)


def _seed_bench(**counts):
    # Imported when the command runs, as the other apps' bench steps are.
    from .bench import seed_bench

    seed_bench(**counts)


parts.bench_steps.register(
    parts.BenchStep(
        "partnerships",
        {"profiles": (0, "Published bench partner profiles to top up to.")},
        _seed_bench,
        order=40,
    )
)

# Matchmaking and introductions (partnerships/matching.py, partnerships/introductions/).
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:matches", _("My partner matches"), order=26, menu=parts.Menu.MINE
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:matches",
        _("Partnerships"),
        order=42,
        menu=parts.Menu.COORDINATION,
        visible=_coordinates,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:matches",
        _("Find partners for your initiative"),
        order=26,
        menu=parts.Menu.NEXT_STEPS,
        visible=_acts_for_an_organisation,
    )
)
for panel in dashboard.PANELS:
    parts.dashboard_panels.register(panel)
parts.data_export.register(
    parts.DataExportSection(
        "partnerships.introductions",
        export=gdpr.export_personal_data,
        erase=gdpr.erase_personal_data,
        order=41,
    )
)
parts.demo_steps.register(
    parts.DemoStep("partnerships.introductions", introductions_demo.seed_introductions, order=140)
)

# Scouting for up-scaling (partnerships/scouting/).
parts.report_kinds.register(scouting_reports.UPSCALING_DOSSIER)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:scouting-board",
        _("Scouting board"),
        order=44,
        menu=parts.Menu.COORDINATION,
        visible=_coordinates,
    )
)
parts.demo_steps.register(
    parts.DemoStep("partnerships.scouting", scouting_demo.seed_scouting, order=150)
)

# Watches: weekly emails of new matches (partnerships/watches.py).
parts.data_export.register(watches.DATA_EXPORT)
parts.navigation.register(
    parts.NavigationEntry(
        "partnerships:watch-list", _("Partner alerts"), order=62, menu=parts.Menu.ACCOUNT
    )
)
parts.search_indexes.register(search.index)
parts.sitemaps.register(
    parts.SitemapSection("partner-profiles", sitemaps.PartnerProfileSitemap, order=50)
)
