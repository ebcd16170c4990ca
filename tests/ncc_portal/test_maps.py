import csv
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from ncc_portal.maps import (
    ACCENT_FILL,
    CLASS_FILLS,
    NUTS_DIR,
    ZERO_FILL,
    ColourClass,
    choropleth,
    legend_classes,
    region_map,
)

SVG = "{http://www.w3.org/2000/svg}"
ATTRIBUTION = "© EuroGeographics for the administrative boundaries"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def region_fills(svg):
    """Map each region's hover title to its fill, whether the region is a link or not."""
    root = ET.fromstring(svg)
    fills = {}
    for path in root.iter(f"{SVG}path"):
        title = path.find(f"{SVG}title")
        if title is not None:
            fills[title.text] = path.get("fill")
    for link in root.iter(f"{SVG}a"):
        fills[link.find(f"{SVG}title").text] = link.find(f"{SVG}path").get("fill")
    return fills


def texts(svg):
    return [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]


def nuts3_regions():
    with open(NUTS_DIR / "nuts2024_regions.csv", encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["level"] == "3"]


def test_region_map_is_an_image_labelled_by_its_title_and_description():
    root = ET.fromstring(region_map(["DE300"], title="Where we work"))

    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Where we work"
    assert desc.text == "Map of Deutschland with Berlin highlighted."
    assert root.get("viewBox") == f"0 0 320 {root.get('height')}"


def test_region_map_highlights_only_the_given_region():
    fills = region_fills(region_map(["DE300"], title="Berlin"))

    assert len(fills) == 400  # Germany's NUTS 3 regions, and no other country
    assert fills.pop("Berlin") == ACCENT_FILL
    assert ACCENT_FILL not in fills.values()


def test_region_map_highlights_the_subregions_of_a_coarser_code():
    fills = region_fills(region_map(["DE1"], title="Baden-Württemberg", level=2))

    highlighted = {name for name, fill in fills.items() if fill == ACCENT_FILL}
    assert highlighted == {"Stuttgart", "Karlsruhe", "Freiburg", "Tübingen"}


def test_region_map_rings_a_highlighted_region_too_small_to_see():
    small = ET.fromstring(region_map(["DE713"], title="Offenbach am Main"))
    large = ET.fromstring(region_map(["DE300"], title="Berlin"))

    assert len(list(small.iter(f"{SVG}circle"))) == 1
    assert list(large.iter(f"{SVG}circle")) == []


def test_region_map_rejects_an_unknown_code():
    with pytest.raises(ValueError, match="DEZZZ"):
        region_map(["DEZZZ"], title="Nowhere")


def test_choropleth_gives_the_highest_value_the_darkest_and_zero_the_lightest_fill():
    values = {"DE30": 40, "DE60": 7, "DE21": 3, "NL32": 1}

    fills = region_fills(choropleth(values, level=2, title="Initiatives"))

    assert fills["Berlin: 40"] == CLASS_FILLS[-1]
    assert fills["Hamburg: 7"] not in {CLASS_FILLS[-1], ZERO_FILL}
    assert fills["Bremen: 0"] == ZERO_FILL
    assert fills["Luxembourg: 0"] == ZERO_FILL


def test_choropleth_legend_lists_the_class_ranges():
    values = {code: value for value, code in enumerate(["DE11", "DE12", "DE13", "DE14"], 1)}

    svg = choropleth(values, level=2, title="Initiatives", legend_title="Initiatives per region")

    assert texts(svg)[1:7] == ["Initiatives per region", "0", "1", "2", "3", "4"]


def test_choropleth_describes_the_highest_region():
    svg = choropleth({"DE30": 40, "NL32": 2}, level=2, title="Initiatives")

    desc = ET.fromstring(svg).find(f"{SVG}desc").text
    assert desc == "2 of 52 regions have a value; highest: Berlin (40)."


def test_choropleth_links_wrap_region_paths_with_escaped_hrefs():
    links = {"DE30": '/en/map/?region=DE30&level=2&q="x"'}

    svg = choropleth({"DE30": 5}, level=2, title="Initiatives", links=links)

    root = ET.fromstring(svg)
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == links["DE30"]
    assert link.find(f"{SVG}title").text == "Berlin: 5"
    assert link.find(f"{SVG}path").get("fill") == CLASS_FILLS[-1]
    assert "&amp;level=2&amp;q=&quot;x&quot;" in svg
    # Links may not sit inside an image, whose children are presentational.
    assert root.get("role") == "group"


def test_choropleth_draws_estonia_as_an_inset_beside_germany():
    svg = choropleth({}, level=3, title="Initiatives", countries=("DE", "EE"))

    estonian = {f"{region['name']}: 0" for region in nuts3_regions() if region["country"] == "EE"}
    root = ET.fromstring(svg)
    frame = next(rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "none")
    frame_left = float(frame.get("x"))
    for path in root.iter(f"{SVG}path"):
        title = path.find(f"{SVG}title")
        if title is None:
            continue
        xs = [float(x) for x in re.findall(r"(-?[\d.]+),", path.get("d"))]
        if title.text in estonian:
            assert min(xs) > frame_left
        else:
            assert max(xs) < frame_left
    assert "Eesti" in texts(svg)


def test_choropleth_draws_estonia_alone_without_an_inset():
    svg = choropleth({"EE001": 3}, level=3, title="Eesti", countries=("EE",))

    assert "Eesti" not in texts(svg)
    assert len(region_fills(svg)) == 5


def test_choropleth_rejects_codes_of_another_level():
    with pytest.raises(ValueError, match="DE300"):
        choropleth({"DE300": 1}, level=2, title="Initiatives")


def test_choropleth_of_all_nuts3_regions_stays_small():
    values = {region["code"]: 1 for region in nuts3_regions()}
    links = {code: f"/en/ecosystem/regions/{code}/" for code in values}

    svg = choropleth(values, level=3, title="All regions", links=links)

    assert len(region_fills(svg)) == 446
    assert len(svg.encode()) < 400_000


def test_maps_escape_every_text():
    hostile = '<&> "quoted"'

    svg = choropleth(
        {"DE30": 5},
        level=2,
        title=hostile,
        legend_title=hostile,
        number_format=lambda value: f"<{value}>",
    )

    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == hostile
    assert hostile in texts(svg)
    assert "Berlin: <5>" in region_fills(svg)


def test_maps_use_no_inline_styles():
    maps = [
        region_map(["DE300", "EE001"], title="Two"),
        choropleth({"DE30": 5}, level=2, title="x", links={"DE30": "/x/"}),
    ]

    for svg in maps:
        assert "style" not in svg


def test_maps_carry_the_boundary_attribution():
    for svg in [region_map(["LU000"], title="x"), choropleth({}, level=1, title="x")]:
        assert texts(svg)[-1] == ATTRIBUTION


def test_maps_use_unique_ids():
    first, second = (ET.fromstring(region_map(["DE300"], title="x")) for _ in range(2))

    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_legend_classes_split_whole_numbers_into_contiguous_ranges():
    classes = legend_classes(range(11))

    assert [(c.lower, c.upper) for c in classes] == [
        (0, 0),
        (1, 2),
        (3, 4),
        (5, 6),
        (7, 8),
        (9, 10),
    ]
    assert [c.fill for c in classes] == [ZERO_FILL, *CLASS_FILLS]


def test_legend_classes_of_one_value_use_the_darkest_fill():
    assert legend_classes({"DE30": 3, "DE60": 3, "DE21": 0}) == [
        ColourClass(0, 0, ZERO_FILL),
        ColourClass(3, 3, CLASS_FILLS[-1]),
    ]


def test_legend_classes_reject_negative_values():
    with pytest.raises(ValueError):
        legend_classes([3, -1])
