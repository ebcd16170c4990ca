"""The registry's parts of the portal (see ``ncc_portal.parts``)."""

from django.utils.translation import gettext_lazy as _

from ncc_portal import parts

from . import api, dashboard, demo, gdpr, reports, search, sitemaps

parts.url_modules.register(
    parts.UrlModule(
        "initiatives",
        "initiatives.site_urls",
        order=10,
        private_paths=(
            "initiatives/new/",
            "initiatives/mine/",
            "initiatives/review/",
            "initiatives/peers/",
            "initiatives/export.",
            "initiatives/*/edit/",
            "initiatives/*/review/",
            "initiatives/*/profile.pdf",
        ),
    )
)
parts.navigation.register(
    parts.NavigationEntry("initiatives:initiative-list", _("Initiatives"), order=10)
)
parts.navigation.register(
    parts.NavigationEntry(
        "initiatives:initiative-mine", _("My initiatives"), order=10, menu=parts.Menu.MINE
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "initiatives:initiative-create",
        _("Register your initiative"),
        order=10,
        menu=parts.Menu.NEXT_STEPS,
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "initiatives:review-queue",
        _("Review queue"),
        order=20,
        menu=parts.Menu.COORDINATION,
        visible=parts.allowed("initiatives.review_queue"),
    )
)
parts.navigation.register(
    parts.NavigationEntry(
        "initiatives:peer-status",
        _("Peer portals"),
        order=46,
        menu=parts.Menu.COORDINATION,
        visible=parts.allowed("initiatives.view_peer_portals"),
    )
)
parts.report_kinds.register(reports.INITIATIVE_PROFILE)
parts.report_kinds.register(reports.REGISTRY_OVERVIEW)
for panel in dashboard.PANELS:
    parts.dashboard_panels.register(panel)
parts.data_export.register(
    parts.DataExportSection(
        "initiatives",
        export=gdpr.export_personal_data,
        erase=gdpr.erase_personal_data,
        order=10,
    )
)
parts.demo_steps.register(parts.DemoStep("initiatives", demo.seed_initiatives, order=60))


def _seed_bench(**counts):
    # Imported when the command runs: the bench's phrase lists are not needed by the site.
    from .bench import seed_bench

    seed_bench(**counts)


parts.bench_steps.register(
    parts.BenchStep(
        "initiatives",
        {"initiatives": (10_000, "Published bench initiatives to top up to.")},
        _seed_bench,
        order=10,
    )
)
parts.api_resources.register(
    parts.ApiResource("initiatives", "initiatives", api.InitiativeViewSet, order=10)
)


def _rebuild_facet_tokens():
    """``rebuild_search_index`` repairs the registry's facet tokens too (e.g. after data was
    changed directly in the database), and the cached counts expire."""
    from .filters import registry_changed
    from .models import Initiative

    search.update_search_index(Initiative.objects.all(), text=False)
    registry_changed()


search.index.after_rebuild = _rebuild_facet_tokens
parts.search_indexes.register(search.index)
parts.sitemaps.register(parts.SitemapSection("initiatives", sitemaps.InitiativeSitemap, order=10))
