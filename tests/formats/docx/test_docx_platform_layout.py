"""The platform's DOCX grammar on a small file built here the way docx.js writes it (exports.md §3).

No ``Normal`` style and no styles part at all, a run per line, explicit
bold-off, a list ending in a ``<w:br/>`` run, an unanswered question, icons
titled ``sdgs-N``, a geocoded location, plain-text attachments.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

import alpdoc
from alpdoc.model import ChoiceItem, ImageItem, LinkItem, MetaItem, MosaicItem, Option, TextItem

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def p(style: str | None, *runs: str, num: bool = False) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if num else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def t(text: str, bold: str | None = None) -> str:
    props = "" if bold is None else ("<w:rPr><w:b/><w:bCs/></w:rPr>" if bold == "on" else
                                     '<w:rPr><w:b w:val="false"/><w:bCs w:val="false"/></w:rPr>')
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


BR = "<w:r><w:br/></w:r>"


def icon(n: int, title: str, descr: str, rid: str) -> str:
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/>'
            f'<wp:docPr id="{n}" name="{descr}" descr="{descr}" title="{title}"/>'
            f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
            f'<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
            f'<a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
            f"</wp:inline></w:drawing></w:r>")


BODY = "".join([
    p("Heading2", t("Solar kiosks")),
    p("Heading3", t("Partners – 1")),
    p(None, t("Who works with us")),
    p("Heading4", t("Describe")),
    p("main", t("first line"), BR, "<w:r/>", BR, t("third line")),
    p("Heading4", t("Which stage?")),
    p("ListParagraph", t("idea", "off"), num=True),
    p("ListParagraph", t("pilot", "on"), BR, num=True),
    p("Heading4", t("Left empty")),
    p("Heading3", t("Partners – 2")),
    p(None, t("Who works with us")),
    p("Heading4", t("Thematic areas")),
    p("ListParagraph", t("energy"), num=True),
    p("ListParagraph", t("health"), BR, num=True),
    p("Heading4", t("SDGs")),
    p("images", icon(1, "sdgs-7", "Affordable and clean energy", "rId9"), icon(2, "sdgs-13", "Climate action", "rId9")),
    p("Heading4", t("Where?")),
    p("ListParagraph", t("Lusaka, Zambia*"), num=True),
    p("caption", t("* Location name found using &lt;a href='https://opencagedata.com'&gt;OpenCage&lt;/a&gt;")),
    p("Heading4", t("Photos")),
    p("images", icon(3, "", "", "rId9"), icon(4, "", "", "rId10")),
    p("Heading4", t("Files")),
    p("hyperlink", t("https://example.org/a.pdf"), BR, t("https://example.org/b.pdf"), BR),
    '<w:p><w:pPr><w:sectPr/></w:pPr></w:p>',
])

DOCUMENT = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:wp="{WP_NS}" '
            f'xmlns:r="{R_NS}"><w:body>{BODY}<w:sectPr/></w:body></w:document>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="x/image" Target="media/icon.png"/>'
        '<Relationship Id="rId10" Type="x/image" Target="media/photo.png"/></Relationships>')


def _file(document: str = DOCUMENT) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", RELS)
    return buf.getvalue()


def test_the_platform_grammar():
    doc = alpdoc.loads(_file(), "docx")
    assert doc.title == "Solar kiosks"
    first, second = doc.sections
    assert (first.title, first.lead, second.title, second.lead) == ("Partners", "Who works with us") * 2
    assert dict(first.extra) == {"repeat": "true"}
    assert first.items == (
        TextItem(instruction="Describe", text="first line\n\nthird line"),
        ChoiceItem(instruction="Which stage?", options=(Option(name="idea", checked=False), Option(name="pilot"))),
        TextItem(instruction="Left empty", text=""),
    )
    tags, sdgs, place, photos, first_file, second_file = second.items
    assert (tags.type, tags.name, [t["name"] for t in tags.payload["tags"]]) == ("tag", "thematic_areas",
                                                                              ["energy", "health"])
    assert isinstance(sdgs, MetaItem) and (sdgs.type, sdgs.name) == ("index", "sdgs")
    assert json.loads(sdgs.data)["tags"] == [{"key": 7, "name": "Affordable and clean energy"},
                                             {"key": 13, "name": "Climate action"}]
    assert place == TextItem(instruction="Where?", text="Lusaka, Zambia")
    assert isinstance(photos, MosaicItem) and [i.src for i in photos.images] == ["media/icon.png", "media/photo.png"]
    assert first_file == LinkItem(instruction="Files", url="https://example.org/a.pdf")
    assert second_file == LinkItem(url="https://example.org/b.pdf")


def test_one_picture_is_an_image_and_strict_refuses_text_before_the_title():
    body = p(None, t("Exported on Monday")) + p("Heading2", t("T")) + p("images", icon(1, "", "a hut", "rId10"))
    data = _file(DOCUMENT.replace(BODY, body))
    doc = alpdoc.loads(data, "docx")
    assert doc.sections[0].items == (ImageItem(src="media/photo.png", alt="a hut"),)
    with pytest.raises(alpdoc.ParseError, match="paragraph 1 comes before the first pad title"):
        alpdoc.loads(data, "docx", options=alpdoc.ReaderOptions(strict=True))
