"""The knowledge base's parts of the portal (see ``ncc_portal.parts``)."""

from django.utils.translation import gettext_lazy as _

from ncc_portal import parts

from . import reports, sitemaps
from .casestudies import api as casestudies_api
from .casestudies import demo as demo_casestudies
from .casestudies import search as casestudies_search
from .library import api as library_api
from .library import dashboard, reference
from .library import demo as demo_library
from .library import search as library_search
from .personal import gdpr
from .strategy import demo as demo_strategy

parts.url_modules.register(
    parts.UrlModule(
        "ecosystem",
        "ecosystem.site_urls",
        order=20,
        private_paths=(
            "ecosystem/new/",
            "ecosystem/*/edit/",
            "ecosystem/*/report.pdf",
            "ecosystem/strategy/*/new/",
            "library/new/",
            "library/export.csv",
            "library/collections/new/",
            "library/*/edit/",
            "my/",
        ),
    )
)
parts.navigation.register(
    parts.NavigationEntry("ecosystem:casestudy-list", _("Ecosystems"), order=20)
)
parts.navigation.register(parts.NavigationEntry("library:resource-list", _("Library"), order=30))
parts.navigation.register(
    parts.NavigationEntry(
        "library:resource-list",
        _("Find guides and toolkits in the library"),
        order=40,
        menu=parts.Menu.NEXT_STEPS,
    )
)
parts.navigation.register(
    parts.NavigationEntry("personal:list-index", _("My lists"), order=50, menu=parts.Menu.ACCOUNT)
)
parts.navigation.register(
    parts.NavigationEntry(
        "personal:search-index", _("Saved searches"), order=60, menu=parts.Menu.ACCOUNT
    )
)
parts.report_kinds.register(reports.CASE_STUDY)
parts.report_kinds.register(reports.COUNTRY_ECOSYSTEM)
for panel in dashboard.PANELS:
    parts.dashboard_panels.register(panel)
parts.data_export.register(
    parts.DataExportSection("ecosystem", export=gdpr.export_personal_data, order=20)
)
parts.reference_data.register(
    parts.ReferenceLoader("ecosystem.audiences", reference.load_audiences, order=30)
)
parts.demo_steps.register(
    parts.DemoStep("ecosystem.case-studies", demo_casestudies.seed_case_studies, order=70)
)
parts.demo_steps.register(parts.DemoStep("ecosystem.library", demo_library.seed_library, order=80))
parts.demo_steps.register(
    parts.DemoStep("ecosystem.strategy", demo_strategy.seed_strategy, order=90)
)

# The public API (ncc_portal.api).
parts.api_resources.register(
    parts.ApiResource("case-studies", "case-studies", casestudies_api.CaseStudyViewSet, order=20)
)
parts.api_resources.register(
    parts.ApiResource("resources", "resources", library_api.ResourceViewSet, order=30)
)
parts.search_indexes.register(library_search.index)
parts.search_indexes.register(casestudies_search.index)


def _seed_bench(**counts):
    # Imported when the command runs: the bench's phrase lists are not needed by the site.
    from .library.bench import seed_bench

    seed_bench(**counts)


parts.bench_steps.register(
    parts.BenchStep(
        "library",
        {"resources": (0, "Published bench resources of the library to top up to.")},
        _seed_bench,
        order=20,
    )
)

# The sitemap (ncc_portal.sitemaps).
for section in [
    parts.SitemapSection("case-studies", sitemaps.CaseStudySitemap, order=20),
    parts.SitemapSection("library-resources", sitemaps.ResourceSitemap, order=30),
    parts.SitemapSection("library-collections", sitemaps.CollectionSitemap, order=31),
    parts.SitemapSection("ecosystem-pages", sitemaps.EcosystemPageSitemap, order=32),
]:
    parts.sitemaps.register(section)
