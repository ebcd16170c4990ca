"""The parts an app plugs into the portal: one registry per kind of part.

The core (``ncc_portal``) knows no app. Each app contributes its parts from its own ``portal.py``
module, which ``NccPortalConfig.ready()`` imports for every installed app (the way the admin finds
``admin.py``)::

    # myapp/portal.py
    from ncc_portal import parts

    parts.navigation.register(parts.NavigationEntry("myapp:list", _("My app"), order=50))

The registries and what the core does with them:

``report_kinds`` (:class:`ReportKind`)
    the PDF reports that can be requested and built (``reports/``);
``dashboard_panels`` (:class:`DashboardPanel`)
    the sections of the coordinators' dashboard, with their CSV downloads;
``data_export`` (:class:`DataExportSection`)
    the sections of a person's data export (GDPR Art. 15/20) and what erasing an account does;
``reference_data`` (:class:`ReferenceLoader`)
    the loaders of shipped vocabularies (``manage.py load_reference_data``);
``demo_steps`` (:class:`DemoStep`)
    the steps of ``manage.py seed_demo``, run in order;
``navigation`` (:class:`NavigationEntry`)
    the entries of the site's menus: the main navigation, the person's own things and the
    coordinators' menu in the header, and the account pages' sidebar (:class:`Menu`);
``url_modules`` (:class:`UrlModule`)
    the URL modules mounted at the root of the language-prefixed site;
``api_resources`` (:class:`ApiResource`)
    the read-only resources of the public REST API under ``/api/v1/`` (``ncc_portal.api``);
``search_indexes`` (``ncc_portal.fulltext.SearchIndex``)
    the full-text indexes of the searchable models, which ``manage.py rebuild_search_index``
    rebuilds.
``sitemaps`` (:class:`SitemapSection`)
    the sections of the sitemap index at ``/sitemap.xml`` (``ncc_portal.sitemaps``): the
    public pages of one kind, in every language with their ``hreflang`` alternates.

Parts are listed in ``order`` (then in the order they were registered); names are unique within
a registry: registering a name twice stops the start-up with an ``ImproperlyConfigured`` error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from .choices import Country


class Part(Protocol):
    name: str
    order: int


P = TypeVar("P", bound=Part)


class Registry(Generic[P]):
    """Named parts of one kind, in their order."""

    def __init__(self, what: str):
        self.what = what
        self._parts: dict[str, P] = {}

    def register(self, part: P) -> P:
        if part.name in self._parts:
            raise ImproperlyConfigured(
                f"Two {self.what} are registered as {part.name!r}: "
                f"{self._parts[part.name]!r} and {part!r}. Give one of them another name."
            )
        self._parts[part.name] = part
        return part

    def get(self, name: str) -> P:
        return self._parts[name]

    def __contains__(self, name: object) -> bool:
        return name in self._parts

    def __iter__(self) -> Iterator[P]:
        # sorted() is stable: parts of the same order keep the order of registration.
        return iter(sorted(self._parts.values(), key=lambda part: part.order))

    def __len__(self) -> int:
        return len(self._parts)


@dataclass(frozen=True)
class ReportKind:
    """A kind of PDF report (``ncc_portal.reports``); its template lives under
    ``templates/reports/``."""

    name: str
    label: Any  # a lazy translation
    template: str
    # params from the request -> cleaned params (raises ValidationError)
    clean_params: Callable[[dict], dict]
    # cleaned params -> the report's title in the active language
    title: Callable[[dict], str]
    # cleaned params, progress(percent) -> template context
    build_context: Callable[[dict, Callable[[int], None]], dict]
    # may anyone request it (True), or coordinators only
    public: bool = False
    order: int = 100
    # offered on the report request form; False for kinds built from their subject's page
    requestable: bool = True


@dataclass(frozen=True)
class DashboardScope:
    """What the dashboard shows: the figures of one country (or all) in a period.

    ``shared`` holds figures that several panels of an app use, computed once per page
    (see :meth:`memo`)."""

    request: Any
    country: str  # "" for the whole alliance
    since: Any  # datetime.date | None
    until: Any
    shared: dict = field(default_factory=dict, compare=False)

    @property
    def countries(self) -> list[str]:
        return [self.country] if self.country else [code for code, _label in Country.choices]

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]


@dataclass(frozen=True)
class Download:
    """A CSV download of a dashboard panel: a heading row and data rows."""

    filename: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the dashboard.

    ``context(scope)`` gives the template's context; ``downloads(scope, key)`` gives the CSV
    ``Download`` for ``?download=key`` if the panel offers one under that key, else ``None``."""

    name: str
    template: str
    context: Callable[[DashboardScope], dict]
    order: int = 100
    downloads: Callable[[DashboardScope, str], Download | None] | None = None


@dataclass(frozen=True)
class DataExportSection:
    """A part of a person's data export and of what erasing their account does.

    ``export(user)`` returns a JSON-ready dict whose keys become top-level keys of the export;
    ``erase(user)`` removes what foreign keys alone would not (it runs in the deletion's
    transaction, before the account is deleted)."""

    name: str
    export: Callable[[Any], dict]
    erase: Callable[[Any], None] | None = None
    order: int = 100


@dataclass(frozen=True)
class ReferenceLoader:
    """Creates or updates shipped reference data; must be safe to run again."""

    name: str
    load: Callable[[], Any]
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    """One step of ``seed_demo``: creates demo content through the services. Safe to run again."""

    name: str
    seed: Callable[[], Any]
    order: int = 100


@dataclass(frozen=True)
class BenchStep:
    """One part of ``seed_bench``: benchmark data written in bulk straight to the tables (no
    history, no emails), topping up to the numbers asked, so that running it again adds only
    what is missing.

    ``counts`` maps each of the step's options (``--<name>``, a number) to its default and
    help; ``seed(seed=..., write=..., **counts)`` gets them by name. A step whose counts are
    all 0 is skipped."""

    name: str
    counts: dict[str, tuple[int, str]]
    seed: Callable[..., Any]
    order: int = 100


class Menu:
    """The menus a navigation entry can belong to."""

    MAIN = "main"  # the site's main navigation
    MINE = "mine"  # the signed-in person's own things, in the header ("My initiatives")
    COORDINATION = "coordination"  # the coordinators' menu in the header
    ACCOUNT = "account"  # the sidebar of the account pages
    NEXT_STEPS = "next"  # what a signed-in person can do next, on the home page


@dataclass(frozen=True)
class NavigationEntry:
    """An entry of one of the site's menus; shown once its URL name resolves and, if ``visible``
    is given, to the people for whom ``visible(user)`` is true."""

    url_name: str
    label: Any  # a lazy translation
    order: int = 100
    menu: str = Menu.MAIN
    visible: Callable[[Any], bool] | None = None

    @property
    def name(self) -> str:
        return f"{self.menu}:{self.url_name}"


def allowed(permission: str) -> Callable[[Any], bool]:
    """A ``visible`` predicate: the entry shows to whom the permission guarding its page admits."""
    return lambda user: user.has_perm(permission)


@dataclass(frozen=True)
class UrlModule:
    """A module whose ``urlpatterns`` are mounted at the root of the language-prefixed site.

    Patterns keep their own prefixes and names, so that an app can keep addresses such as
    ``initiatives/<slug>/profile.pdf`` and un-namespaced URL names.

    ``private_paths`` are the module's addresses that ``/robots.txt`` asks crawlers to leave
    alone in every language (a person's own pages, coordinators' queues, forms, files built on
    request), written like the patterns (``initiatives/mine/``; ``*`` stands for any
    characters, as in robots.txt)."""

    name: str
    module: str
    order: int = 100
    private_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiResource:
    """A resource of the public REST API: ``viewset`` (a read-only DRF viewset, see
    ``ncc_portal.api.PublicViewSet``) is routed at ``/api/v1/<prefix>/``."""

    name: str
    prefix: str
    viewset: Any
    order: int = 100


@dataclass(frozen=True)
class SitemapSection:
    """A section of the sitemap: ``sitemap_class`` (a subclass of
    ``ncc_portal.sitemaps.PortalSitemap``) lists the pages an anonymous visitor may open, and
    is served at ``/sitemap-<name>.xml``."""

    name: str  # a slug: it is part of the section's address
    sitemap_class: Any
    order: int = 100


report_kinds: Registry[ReportKind] = Registry("report kinds")
dashboard_panels: Registry[DashboardPanel] = Registry("dashboard panels")
data_export: Registry[DataExportSection] = Registry("data-export sections")
reference_data: Registry[ReferenceLoader] = Registry("reference-data loaders")
demo_steps: Registry[DemoStep] = Registry("demo-seeding steps")
bench_steps: Registry[BenchStep] = Registry("bench-seeding steps")
navigation: Registry[NavigationEntry] = Registry("navigation entries")
url_modules: Registry[UrlModule] = Registry("URL modules")
api_resources: Registry[ApiResource] = Registry("API resources")
search_indexes: Registry[Any] = Registry("search indexes")
sitemaps: Registry[SitemapSection] = Registry("sitemap sections")


def autodiscover() -> None:
    """Import the ``portal`` module of every installed app, so that it registers its parts."""
    autodiscover_modules("portal")
