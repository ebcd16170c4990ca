"""HTML to tagged PDF with WeasyPrint: fonts shipped with the project, no network fetches."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

REPORT_DIR = Path(__file__).resolve().parent
FONT_DIR = REPORT_DIR / "fonts"
# One font configuration per process: building it is the slow part of a cold render.
_font_config = None


def font_config():
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def _allowed_roots():
    return [REPORT_DIR, Path(settings.MEDIA_ROOT), *map(Path, settings.STATICFILES_DIRS)]


class LocalFilesOnly(URLFetcher):
    """Fetches only files under the report, static and media folders, and data: URIs. Anything
    else (http, other files) is refused, so user content cannot make the worker fetch."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root.resolve()) for root in _allowed_roots()):
                raise ValueError("Refusing to read a file outside the allowed folders")
        return super().fetch(url, headers)


def static_uri(path):
    found = finders.find(path)
    return Path(found).as_uri() if found else ""


def media_uri(name):
    return (Path(settings.MEDIA_ROOT) / name).resolve().as_uri() if name else ""


def render_html(template, context, *, language):
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "language": language,
                "font_dir": FONT_DIR.as_uri(),
                "generated_at": timezone.localtime(),
            },
        )


def render_pdf(html):
    """Render ``html`` to PDF/UA-1 bytes; the title and language come from the HTML."""
    document = HTML(string=html, base_url=REPORT_DIR.as_uri() + "/", url_fetcher=LocalFilesOnly())
    rendered = document.render(font_config=font_config())
    return rendered.write_pdf(pdf_variant="pdf/ua-1"), len(rendered.pages)
