"""Dates of sessions: in the session's own time zone, with the zone named, and — when the
reader's browser is in another zone (the ``ncc_tz`` cookie set by static/js/portal.js) — also
in the reader's time."""

from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from django import template
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def local(moment, session):
    return moment.astimezone(ZoneInfo(session.time_zone))


READER_ZONE_COOKIE = "ncc_tz"


def reader_zone(context):
    """The time zone of the reader's browser, if the page was asked by a browser that told us
    one (a valid IANA name), else None."""
    request = context.get("request")
    name = unquote(request.COOKIES.get(READER_ZONE_COOKIE, "")) if request is not None else ""
    if not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _span(start, end):
    if start.date() == end.date():
        return f"{date_format(start, 'DATE_FORMAT')}, {time_format(start)}–{time_format(end)}"
    return (
        f"{date_format(start, 'DATE_FORMAT')} {time_format(start)} – "
        f"{date_format(end, 'DATE_FORMAT')} {time_format(end)}"
    )


@register.simple_tag(takes_context=True)
def session_when(context, session):
    """``<time>`` from the start to the end, e.g. "12 January 2027, 09:30–16:30 (Europe/Berlin)",
    followed by the same in the reader's zone when its clock differs there."""
    start, end = local(session.starts_at, session), local(session.ends_at, session)
    html = format_html(
        '<time datetime="{}">{}</time> <span class="meta">({})</span>',
        start.isoformat(),
        _span(start, end),
        session.time_zone,
    )
    zone = reader_zone(context)
    if zone is not None:
        mine_start, mine_end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        if mine_start.utcoffset() != start.utcoffset() or mine_end.utcoffset() != end.utcoffset():
            html += format_html(
                ' <span class="meta reader-time">{}</span>',
                gettext("%(when)s your time (%(zone)s)")
                % {"when": _span(mine_start, mine_end), "zone": zone.key},
            )
    return html


@register.simple_tag
def session_moment(moment, session):
    """A moment of a session (registration closes, cancellation deadline) in its zone."""
    if moment is None:
        return ""
    value = local(moment, session)
    return format_html(
        '<time datetime="{}">{}</time> ({})',
        value.isoformat(),
        date_format(value, "DATETIME_FORMAT"),
        session.time_zone,
    )


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


@register.simple_tag(takes_context=True)
def check_in_qr(context, registration):
    """The registration's check-in address as a QR code (inline SVG): at the door, a
    coordinator's phone camera opens it and the check-in page marks the person present."""
    request = context["request"]
    url = request.build_absolute_uri(
        reverse("training:check-in", kwargs={"code": registration.check_in_code})
    )
    label = gettext("QR code for checking in")
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=label)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's SVG)
