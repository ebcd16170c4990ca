"""Training's parts of the portal (see ``ncc_portal.parts``)."""

from django.utils.translation import gettext_lazy as _

from ncc_portal import parts

from . import api, dashboard, demo, gdpr, reports, search, sitemaps
from .advice import demo as advice_demo
from .advice import gdpr as advice_gdpr
from .advice import rules as advice_rules  # noqa: F401 (registers the permissions)
from .mentoring import demo as mentoring_demo
from .mentoring import gdpr as mentoring_gdpr
from .mentoring import rules as mentoring_rules  # noqa: F401 (registers the permissions)

parts.url_modules.register(
    parts.UrlModule(
        "training",
        "training.site_urls",
        order=30,
        private_paths=(
            "training/mine/",
            "training/calendar/",
            "training/seat/",
            "training/manage/",
            "training/check-in/",
            "training/new/",
            "training/sessions/*/register/",
            "training/sessions/*/participants",
            "training/*/edit/",
        ),
    )
)
parts.url_modules.register(
    # A certificate's page names its holder.
    parts.UrlModule(
        "training.certificates",
        "training.certificate_urls",
        order=31,
        private_paths=("certificates/",),
    )
)
parts.report_kinds.register(reports.CERTIFICATE)
parts.report_kinds.register(reports.ACTIVITY)
for panel in dashboard.PANELS:
    parts.dashboard_panels.register(panel)
parts.navigation.register(
    parts.NavigationEntry("training:list", _("Training and events"), order=25)
)
parts.navigation.register(
    parts.NavigationEntry(
        "training:list",
        _("Find a training course or event"),
        order=20,
        menu=parts.Menu.NEXT_STEPS,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "training:mine", _("My training and events"), order=20, menu=parts.Menu.MINE
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "training:manage",
        _("Training offers"),
        order=30,
        menu=parts.Menu.COORDINATION,
        visible=parts.allowed("training.manage"),
    )
)
parts.data_export.register(
    parts.DataExportSection(
        "training", export=gdpr.export_personal_data, erase=gdpr.erase_personal_data, order=30
    )
)
parts.demo_steps.register(parts.DemoStep("training", demo.seed_training, order=100))


def _seed_bench(**counts):
    # Imported when the command runs: the bench reads the registry's phrase lists.
    from .bench import seed_bench

    seed_bench(**counts)


parts.bench_steps.register(
    parts.BenchStep(
        "training",
        {
            "offers": (0, "Published bench training offers to top up to."),
            "sessions": (0, "Sessions of the bench offers to top up to."),
        },
        _seed_bench,
        order=30,
    )
)

# Mentoring and coaching (training/mentoring/).
parts.url_modules.register(
    parts.UrlModule(
        "training.mentoring",
        "training.mentoring.site_urls",
        order=32,
        private_paths=("mentoring/",),
    )
)
parts.navigation.register(
    parts.NavigationEntry("mentoring:home", _("Mentoring"), order=22, menu=parts.Menu.MINE)
)
parts.navigation.register(
    parts.NavigationEntry(
        "mentoring:home", _("Find a mentor, or mentor others"), order=22, menu=parts.Menu.NEXT_STEPS
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "mentoring:coordinate",
        _("Mentoring"),
        order=32,
        menu=parts.Menu.COORDINATION,
        visible=parts.allowed("mentoring.coordinate"),
    )
)
parts.data_export.register(
    parts.DataExportSection(
        "training.mentoring",
        export=mentoring_gdpr.export_personal_data,
        erase=mentoring_gdpr.erase_personal_data,
        order=31,
    )
)
parts.demo_steps.register(
    parts.DemoStep("training.mentoring", mentoring_demo.seed_mentoring, order=110)
)


# "Ask the NCC": the advice desk (training/advice/). The menus' predicates read the role only,
# so that the header costs no query.
def _asks_the_centre(user):
    return user.role == "public_sector"


def _may_look_for_advice(user):
    return user.role not in {"coordinator", "administrator"} and not user.is_superuser


parts.url_modules.register(
    parts.UrlModule(
        "training.advice", "training.advice.site_urls", order=33, private_paths=("advice/",)
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "advice:home",
        _("My questions to the centre"),
        order=24,
        menu=parts.Menu.MINE,
        visible=_asks_the_centre,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "advice:home",
        _("Ask the national centre for advice"),
        order=24,
        menu=parts.Menu.NEXT_STEPS,
        visible=_may_look_for_advice,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "advice:queue",
        _("Advice queue"),
        order=34,
        menu=parts.Menu.COORDINATION,
        visible=parts.allowed("advice.work_queue"),
    )
)
parts.data_export.register(
    parts.DataExportSection(
        "training.advice",
        export=advice_gdpr.export_personal_data,
        erase=advice_gdpr.erase_personal_data,
        order=32,
    )
)
parts.demo_steps.register(parts.DemoStep("training.advice", advice_demo.seed_advice, order=120))

# The public API (ncc_portal.api).
parts.api_resources.register(
    parts.ApiResource("training-offers", "training-offers", api.OfferViewSet, order=40)
)
parts.search_indexes.register(search.index)

# The sitemap (ncc_portal.sitemaps).
for section in [
    parts.SitemapSection("training-offers", sitemaps.OfferSitemap, order=40),
    parts.SitemapSection("training-sessions", sitemaps.SessionSitemap, order=41),
    parts.SitemapSection("training-pages", sitemaps.TrainingPageSitemap, order=42),
]:
    parts.sitemaps.register(section)
