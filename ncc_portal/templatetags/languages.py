"""Marking content that is shown in another language than the page's."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ncc_portal.fallback import shown_language

register = template.Library()


@register.filter
def lang_of(obj, field):
    """`` lang="fr"`` for the element that shows ``obj``'s translated ``field`` when the text is
    a fallback in another language than the page's (WCAG 3.1.2), else nothing:
    ``<h1{{ initiative|lang_of:"title" }}>``."""
    shown = shown_language(obj, field)
    return format_html(' lang="{}"', shown) if shown != get_language() else ""
