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


@register.filter
def first_in(groups, language):
    """The language groups of a form (``[(code, name, fields)]``) with ``language`` — the one
    the text is written in — first, the others in their usual order."""
    return sorted(groups, key=lambda group: group[0] != language)
