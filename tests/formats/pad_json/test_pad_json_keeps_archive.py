"""pad-json keeps what archive markdown has: tag order, image alt texts, link texts, tags inside sections."""

from __future__ import annotations

import json

import pytest

import alpdoc
from alpdoc import ImageItem, LinkItem, MosaicItem, TextItem
from alpdoc.model import DocumentLayout

# Tags in an order the platform's lists cannot hold (year before the SDG, a country between methods, a
# tag inside a section body that separates two answers), alt texts, and a link with its own text.
ARCHIVE = """\
# A map of the district

[[year:2023]]

[[type:solution]]

[[sdgs:14. Life below water]]
[[country:Peru]]
[[latlng:-9.20,-75.0]]
[[methods:Ethnography]]
[[thematic_areas:ocean]]
[[gender:women-led]]
## Where
**Lead**

> Picture of the place

![A map of the district](https://example.org/map.png)


> More pictures

![First view](https://example.org/a.png)

![](https://example.org/b.png)


> Website

[The project site](https://example.org/site)

First answer without a question.

[[principles:Collaboration]]
Second answer, kept apart from the first by the tag above.

"""


def _via(fmt: str, doc: alpdoc.Document) -> alpdoc.Document:
    back = alpdoc.loads(alpdoc.dumps(doc, fmt), fmt, templates=alpdoc.TemplateRegistry())
    return alpdoc.loads(alpdoc.dumps(back, "archive-md"), "archive-md", templates=alpdoc.TemplateRegistry())


def test_md_to_pad_json_to_md_keeps_tags_alt_texts_and_links() -> None:
    doc = alpdoc.loads(ARCHIVE, "archive-md", templates=alpdoc.TemplateRegistry())
    items = doc.sections[0].items
    assert isinstance(items[0], ImageItem) and items[0].alt == "A map of the district"
    assert isinstance(items[1], MosaicItem) and [i.alt for i in items[1].images] == ["First view", ""]
    assert items[2] == LinkItem(instruction="Website", url="https://example.org/site", text="The project site")
    assert [type(i) for i in items[3:]] == [TextItem, TextItem]

    back = _via("pad-json", doc)
    assert [(t.key, t.value) for t in back.tags] == [(t.key, t.value) for t in doc.tags]
    assert ("latlng", "-9.20,-75.0") in [(t.key, t.value) for t in back.tags]  # as written, not as a float prints
    assert back.sections[0].items[0].alt == "A map of the district"
    assert [i.alt for i in back.sections[0].items[1].images] == ["First view", ""]
    assert back.sections[0].items[2] == items[2]
    assert back == doc
    assert _via("json", doc) == doc


def test_the_written_pad_is_still_a_platform_pad() -> None:
    """The platform's own keys hold the content; alpdoc's keys only add what they cannot hold."""
    doc = alpdoc.loads(ARCHIVE, "archive-md", templates=alpdoc.TemplateRegistry())
    pad = json.loads(alpdoc.dumps(doc, "pad-json"))
    assert [t["name"] for t in pad["tags"]] == ["Life below water", "Ethnography", "ocean"]
    assert pad["locations"] == [{"iso3": None, "country": "Peru", "lat": -9.2, "lng": -75.0}]
    assert [m["name"] for m in pad["metadata"]] == ["year", "type", "gender", "principles"]
    assert [t["key"] for t in pad["alpdoc_tags"]][:3] == ["year", "type", "sdgs"]
    img, mosaic, link = pad["sections"][0]["items"][:3]
    assert img == {"type": "img", "src": "https://example.org/map.png", "alt": "A map of the district",
                   "instruction": "Picture of the place"}
    assert mosaic["srcs"] == ["https://example.org/a.png", "https://example.org/b.png"]
    assert mosaic["alts"] == ["First view", ""]
    assert link["type"] == "embed" and link["src"] == "https://example.org/site"
    assert link["html"] == link["link_text"] == "The project site"
    assert "alpdoc_layout" in pad  # where the archive file placed its tags


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({"document": {"leading_blanks": -1}}, "layout numbers must be whole numbers from 0 to 10000"),
        ({"document": {"header": [{"kind": "tags", "count": 10**12}]}}, "layout numbers must be whole numbers"),
        ({"sections": [{"tag_runs": [{"before_item": 0, "count": -3}]}]}, "layout numbers must be whole numbers"),
        ({"document": {"header": [{"kind": "odd"}]}}, "header kinds one of raw, tags, title"),
        ({"document": {"gaps": 1}}, "not an alpdoc layout"),
        ({"document": {}, "other": 1}, "expected a layout object"),
        ([], "expected a layout object"),
    ],
)
def test_a_layout_from_a_pad_is_checked(layout: object, message: str) -> None:
    pad = {"pad_id": 1, "title": "t", "sections": [{"title": "s", "items": []}], "alpdoc_layout": layout}
    with pytest.raises(alpdoc.ParseError, match=message) as info:
        alpdoc.loads(json.dumps(pad), "pad-json")
    assert info.value.reason.startswith("$.alpdoc_layout: ")


def test_a_layout_that_does_not_fit_is_not_written() -> None:
    doc = alpdoc.Document(title="t", layout=DocumentLayout(leading_blanks=10**9))
    assert "alpdoc_layout" not in json.loads(alpdoc.dumps(doc, "pad-json"))
    assert alpdoc.get_format("pad-json").project(doc).layout is None
