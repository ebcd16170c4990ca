"""schema.org descriptions of a page for search engines, as JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As Django's json_script: no text of the data can close the element or start markup.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``<script type="application/ld+json">`` holding ``data`` (a dict), or nothing for none:
    ``{{ structured_data|json_ld }}``. Not a script the browser runs, so the
    Content-Security-Policy does not concern it."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
