"""Training's parts of the portal (see ``ncc_portal.parts``)."""

from django.utils.translation import gettext_lazy as _

from ncc_portal import parts

from . import dashboard, demo, gdpr, reports

parts.url_modules.register(parts.UrlModule("training", "training.site_urls", order=30))
parts.url_modules.register(
    parts.UrlModule("training.certificates", "training.certificate_urls", order=31)
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
