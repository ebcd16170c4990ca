"""Accessible SVG maps of NUTS 2024 regions, drawn on the server.

The maps are built from the boundaries shipped in ``data/nuts`` and need no JavaScript, tiles or
network. They use presentation attributes only (no ``style``), so they pass the site's
Content-Security-Policy and render in WeasyPrint. Every text is escaped, so the returned markup is
marked safe.

Estonia lies far from the other three countries: drawn together with them it goes into a framed
inset at the top of a right-hand column, with its own scale.
"""

import json
import math
import textwrap
from collections.abc import Mapping
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import NamedTuple
from uuid import uuid4

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NUTS_DIR = Path(__file__).resolve().parent / "data" / "nuts"
COUNTRIES = ("DE", "NL", "LU", "EE")
INSET_COUNTRY = "EE"

ACCENT_FILL = "#b8430b"  # --ncc-accent in portal.css; 4.5:1 against OTHER_FILL
OTHER_FILL = "#e3e3e3"
ZERO_FILL = "#eff3ff"
# ColorBrewer "Blues", lightest to darkest.
CLASS_FILLS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
TEXT_FILL = "#1a1a1a"
MUTED_TEXT_FILL = "#595959"  # 7:1 on white
OUTLINE_STROKE = "#666"

PAD = 8
COLUMN_SHARE = 0.3  # of the width, for the inset and the legend
MAX_ASPECT = 1.4  # height / width of the main map; taller shapes are narrowed instead
INSET_PAD = 4
FONT_SIZE = 12
SWATCH = 14
ROW_HEIGHT = 20
SMALL_REGION = 8  # px; highlighted regions smaller than this also get a ring around them


class ColourClass(NamedTuple):
    lower: float
    upper: float
    fill: str


class _Region(NamedTuple):
    code: str
    name: str
    country: str
    rings: tuple  # every ring of every polygon; drawn with fill-rule="evenodd"


@cache
def _regions(level):
    with open(NUTS_DIR / f"nuts2024_level{level}.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    regions = {}
    for feature in sorted(features, key=lambda feature: feature["properties"]["code"]):
        properties, geometry = feature["properties"], feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        else:
            polygons = geometry["coordinates"]
        rings = tuple(
            tuple((lon, lat) for lon, lat in ring) for polygon in polygons for ring in polygon
        )
        regions[properties["code"]] = _Region(
            properties["code"], properties["name"], properties["country"], rings
        )
    return regions


def _region(code):
    level = len(code) - 2
    region = _regions(level).get(code) if 0 <= level <= 3 else None
    if region is None:
        raise ValueError(f"Unknown NUTS 2024 code: {code!r}")
    return region


@cache
def _bounds(countries):
    points = [
        point for country in countries for ring in _regions(0)[country].rings for point in ring
    ]
    lons, lats = [lon for lon, _lat in points], [lat for _lon, lat in points]
    return min(lons), min(lats), max(lons), max(lats)


def _x_factor(countries):
    # Equirectangular projection, true to shape around the map's middle latitude.
    _min_lon, min_lat, _max_lon, max_lat = _bounds(countries)
    return math.cos(math.radians((min_lat + max_lat) / 2))


def _aspect(countries):
    min_lon, min_lat, max_lon, max_lat = _bounds(countries)
    return (max_lat - min_lat) / ((max_lon - min_lon) * _x_factor(countries))


def _number(value):
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=64)
def _projected(level, countries, x, y, width, height):
    """Path data and pixel bounding box of each region, fitted and centred in the box."""
    min_lon, min_lat, max_lon, max_lat = _bounds(countries)
    kx = _x_factor(countries)
    scale = min(width / ((max_lon - min_lon) * kx), height / (max_lat - min_lat))
    left = x + (width - (max_lon - min_lon) * kx * scale) / 2
    top = y + (height - (max_lat - min_lat) * scale) / 2
    paths = []
    for region in _regions(level).values():
        if region.country not in countries:
            continue
        parts, xs, ys = [], [], []
        for ring in region.rings:
            points = []
            for lon, lat in ring:
                point = (
                    round(left + (lon - min_lon) * kx * scale, 1),
                    round(top + (max_lat - lat) * scale, 1),
                )
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 4:  # a closed ring that shrank below a pixel
                continue
            xs += [px for px, _py in points]
            ys += [py for _px, py in points]
            coordinates = " ".join(f"{_number(px)},{_number(py)}" for px, py in points[:-1])
            parts.append(f"M{coordinates.replace(' ', 'L', 1)}Z")
        if parts:
            paths.append((region.code, "".join(parts), (min(xs), min(ys), max(xs), max(ys))))
    return tuple(paths)


def _countries(countries):
    unknown = set(countries) - set(COUNTRIES)
    if unknown:
        raise ValueError(f"No boundaries for {sorted(unknown)}; available: {COUNTRIES}")
    return tuple(country for country in COUNTRIES if country in countries)


def legend_classes(values):
    """Colour classes for the given numbers (or a mapping's values), lightest first.

    The first class holds zero; the others split the values above zero at their quintiles, so up
    to five classes follow, the last always with the darkest fill. A value belongs to the first
    class whose ``upper`` it does not exceed. For whole numbers ``lower`` is the smallest number in
    the class; otherwise it is the previous class's ``upper``.
    """
    if isinstance(values, Mapping):
        values = values.values()
    values = list(values)
    if any(value < 0 for value in values):
        raise ValueError("Choropleth values must not be negative.")
    positive = sorted(value for value in values if value > 0)
    classes = [ColourClass(0, 0, ZERO_FILL)]
    if not positive:
        return classes
    whole = all(value == int(value) for value in positive)
    if whole:
        positive = [int(value) for value in positive]
    count = len(positive)
    uppers = []
    for quintile in range(1, len(CLASS_FILLS) + 1):
        upper = positive[math.ceil(quintile * count / len(CLASS_FILLS)) - 1]
        if upper not in uppers:
            uppers.append(upper)
    steps = len(CLASS_FILLS) - 1
    lower = positive[0]
    for index, upper in enumerate(uppers):
        position = steps if len(uppers) == 1 else round(index * steps / (len(uppers) - 1))
        classes.append(ColourClass(lower, upper, CLASS_FILLS[position]))
        lower = upper + 1 if whole else upper
    return classes


def _class_of(value, classes):
    return next(colour_class for colour_class in classes if value <= colour_class.upper)


def _class_label(colour_class, number_format):
    if colour_class.lower == colour_class.upper:
        return number_format(colour_class.upper)
    return f"{number_format(colour_class.lower)}–{number_format(colour_class.upper)}"


def region_map(codes, *, title, level=None, countries=None, width=320):
    """A map of the regions' countries with the regions highlighted.

    A code coarser than ``level`` highlights all its subregions; a finer one its parent region.
    """
    regions = [_region(code) for code in codes]
    if not regions and not countries:
        raise ValueError("Give region codes or countries.")
    if level is None:
        level = max((len(region.code) - 2 for region in regions), default=0)
    countries = _countries(countries or {region.country for region in regions})
    codes = [region.code for region in regions]

    def highlighted(code):
        return any(code.startswith(given) or given.startswith(code) for given in codes)

    desc = _("Map of %(countries)s with %(regions)s highlighted.") % {
        "countries": ", ".join(_regions(0)[country].name for country in countries),
        "regions": ", ".join(region.name for region in regions) or "–",
    }
    return _render(
        level=level,
        countries=countries,
        width=width,
        title=title,
        desc=desc,
        fill=lambda code: ACCENT_FILL if highlighted(code) else OTHER_FILL,
        label=lambda code: _regions(level)[code].name,
        mark_if_small=highlighted,
    )


def choropleth(
    values,
    *,
    level,
    title,
    countries=COUNTRIES,
    links=None,
    legend_title="",
    width=640,
    number_format=str,
):
    """A map shading each region of ``level`` by its value; missing regions count as 0.

    Codes of other countries are ignored; codes of another level are an error. With ``links``
    (code -> URL) each region is a link and the map a group of links instead of an image.
    """
    if level not in range(4):
        raise ValueError(f"NUTS levels are 0 to 3, not {level!r}.")
    wrong_level = sorted(code for code in values if len(code) - 2 != level)
    if wrong_level:
        raise ValueError(f"Not NUTS level {level} codes: {wrong_level}")
    countries = _countries(countries)
    drawn = {
        code: values.get(code, 0)
        for code, region in _regions(level).items()
        if region.country in countries
    }
    classes = legend_classes(drawn)
    with_value = [code for code, value in drawn.items() if value > 0]
    if with_value:
        top = max(with_value, key=lambda code: drawn[code])
        desc = ngettext(
            "%(count)d of %(total)d region has a value; highest: %(name)s (%(value)s).",
            "%(count)d of %(total)d regions have a value; highest: %(name)s (%(value)s).",
            len(with_value),
        ) % {
            "count": len(with_value),
            "total": len(drawn),
            "name": _regions(level)[top].name,
            "value": number_format(drawn[top]),
        }
    else:
        desc = _("None of the %(total)d regions has a value.") % {"total": len(drawn)}
    return _render(
        level=level,
        countries=countries,
        width=width,
        title=title,
        desc=desc,
        fill=lambda code: _class_of(drawn[code], classes).fill,
        label=lambda code: f"{_regions(level)[code].name}: {number_format(drawn[code])}",
        links=links,
        legend=[(c.fill, _class_label(c, number_format)) for c in classes],
        legend_title=legend_title,
    )


def _render(
    *,
    level,
    countries,
    width,
    title,
    desc,
    fill,
    label,
    links=None,
    legend=(),
    legend_title="",
    mark_if_small=lambda code: False,
):
    inset = INSET_COUNTRY in countries and len(countries) > 1
    main = (
        tuple(country for country in countries if country != INSET_COUNTRY) if inset else countries
    )
    column_width = round(width * COLUMN_SHARE) if inset or legend else 0
    main_width = width - 2 * PAD - (column_width + PAD if column_width else 0)
    main_height = round(main_width * min(_aspect(main), MAX_ASPECT), 1)
    frames = [(main, PAD, PAD, main_width, main_height)]
    column_x, column_y = width - PAD - column_width, PAD
    decorations = []
    if inset:
        box_width = column_width - 2 * INSET_PAD
        box_height = round(box_width * _aspect((INSET_COUNTRY,)), 1)
        frame_y = column_y + FONT_SIZE + 4
        decorations.append(
            f'<text x="{column_x}" y="{column_y + FONT_SIZE - 2}" font-size="{FONT_SIZE - 1}" '
            f'fill="{TEXT_FILL}">{escape(_regions(0)[INSET_COUNTRY].name)}</text>'
            f'<rect x="{column_x}" y="{frame_y}" width="{column_width}" '
            f'height="{_number(box_height + 2 * INSET_PAD)}" fill="none" stroke="#767676"/>'
        )
        frames.append(
            (
                (INSET_COUNTRY,),
                column_x + INSET_PAD,
                frame_y + INSET_PAD,
                box_width,
                box_height,
            )
        )
        column_y = frame_y + box_height + 2 * INSET_PAD + 2 * PAD
    if legend:
        legend_svg, legend_height = _legend(legend, legend_title, column_x, column_y, column_width)
        decorations.append(legend_svg)
        column_y += legend_height
    content_bottom = max(PAD + main_height, column_y)

    regions, outlines, rings = [], [], []
    for frame in frames:
        for code, d, (x0, y0, x1, y1) in _projected(level, *frame):
            name = escape(label(code))
            if links and code in links:
                regions.append(
                    f'<a href="{escape(links[code])}"><title>{name}</title>'
                    f'<path d="{d}" fill="{fill(code)}"/></a>'
                )
            else:
                regions.append(f'<path d="{d}" fill="{fill(code)}"><title>{name}</title></path>')
            if mark_if_small(code) and x1 - x0 < SMALL_REGION and y1 - y0 < SMALL_REGION:
                rings.append(
                    f'<circle cx="{_number((x0 + x1) / 2)}" cy="{_number((y0 + y1) / 2)}" r="7"/>'
                )
        outlines += [d for _code, d, _box in _projected(0, *frame)]

    attribution = _("© EuroGeographics for the administrative boundaries")
    attribution_size = min(10, max(6, (width - 2 * PAD) / (0.55 * len(attribution))))
    height = math.ceil(content_bottom + PAD + attribution_size + 4)
    uid = uuid4().hex[:12]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nuts-map" '
        f'role="{"group" if links else "img"}" '
        f'aria-labelledby="map-{uid}-title map-{uid}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="map-{uid}-title">{escape(title)}</title>',
        f'<desc id="map-{uid}-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<g fill-rule="evenodd" stroke="#fff" stroke-width="0.5" stroke-linejoin="round">',
        *regions,
        "</g>",
        f'<g fill="none" stroke="{OUTLINE_STROKE}" stroke-width="0.8" stroke-linejoin="round">',
        *[f'<path d="{d}"/>' for d in outlines],
        "</g>",
    ]
    if rings:
        parts += [f'<g fill="none" stroke="{ACCENT_FILL}" stroke-width="1.5">', *rings, "</g>"]
    parts += [
        f'<g font-family="sans-serif" font-size="{FONT_SIZE}" fill="{TEXT_FILL}">',
        *decorations,
        f'<text x="{PAD}" y="{height - 4}" font-size="{_number(attribution_size)}" '
        f'fill="{MUTED_TEXT_FILL}">{escape(attribution)}</text>',
        "</g></svg>",
    ]
    return mark_safe("".join(parts))


def _legend(rows, legend_title, x, y, width):
    """The legend's markup and height: an optional wrapped title, then one swatch per class."""
    parts, top = [], y
    max_chars = max(8, int(width / (0.62 * FONT_SIZE)))  # bold glyphs run wide
    for line in textwrap.wrap(legend_title, max_chars):
        top += FONT_SIZE + 3
        parts.append(f'<text x="{x}" y="{top}" font-weight="bold">{escape(line)}</text>')
    if parts:
        top += 6
    for fill, text in rows:
        parts.append(
            f'<rect x="{x}" y="{top}" width="{SWATCH}" height="{SWATCH}" fill="{fill}" '
            f'stroke="#767676" stroke-width="0.5"/>'
            f'<text x="{x + SWATCH + 6}" y="{top + SWATCH - 3}">{escape(text)}</text>'
        )
        top += ROW_HEIGHT
    return "".join(parts), top - y
