"""What the portal tells search engines: robots.txt and the sitemap (``ncc_portal.sitemaps``)."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .. import parts
from ..siteaddress import site_url

# The core's own pages that are not for crawlers, in every language (the apps name theirs in
# their ``parts.UrlModule``): the account, a person's role requests and reports, the
# coordinators' pages and forms, and the administration.
PRIVATE_PATHS = [
    "accounts/",
    "role-requests/",
    "researchers/",
    "organisations/new/",
    "organisations/invitations/",
    "organisations/*/edit/",
    "organisations/*/invite/",
    "reports/",
    "dashboard/",
    "admin/",
]


def _sections():
    return {section.name: section.sitemap_class for section in parts.sitemaps}


@require_safe
def robots_txt(request):
    paths = [*PRIVATE_PATHS, *(path for mount in parts.url_modules for path in mount.private_paths)]
    languages = [code for code, _name in settings.LANGUAGES]
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: /{language}/{path}" for language in languages for path in paths),
        "",
        f"Sitemap: {site_url()}{reverse('sitemap-index')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@sitemap_views.x_robots_tag
def sitemap_index(request):
    """Django's index with the sections' addresses on the site's address (SITE_URL in
    production), like the entries of the sections."""
    entries = []
    for name, sitemap_class in _sections().items():
        sitemap = sitemap_class()
        address = site_url() + reverse("sitemap-section", kwargs={"section": name})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(address, lastmod))
        entries.extend(
            sitemap_views.SitemapIndexItem(f"{address}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_safe
def sitemap_section(request, section):
    sections = _sections()
    if section not in sections:
        raise Http404
    return sitemap_views.sitemap(request, sections, section=section)
