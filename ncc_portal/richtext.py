"""Rich text that users write: a small set of safe tags, everything else removed."""

import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def sanitise(text):
    """Clean HTML; plain text (no tags at all) becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
