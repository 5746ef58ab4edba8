"""The platform's own DOCX files (../shared/samples/platform-exports) read into what they hold."""

from __future__ import annotations

import io
import json

import docx as python_docx
import pytest
from conftest import SHARED, need

import alpdoc
from alpdoc.format_plugins.pad_json import read_pad_json
from alpdoc.model import ChoiceItem, Document, EmbedItem, GroupItem, ImageItem, MetaItem, MosaicItem, TextItem

EXPORTS = SHARED / "samples" / "platform-exports"
PADS = SHARED / "samples" / "pad-json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style(paragraph) -> str | None:
    """The style id as the file gives it (python-docx's ``paragraph.style`` is None: the files have no Normal)."""
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def test_real_export_questions_and_answers_match_the_file():
    path = need(EXPORTS / "real" / "rnd_platform_export.docx")
    data = path.read_bytes()
    paragraphs = python_docx.Document(io.BytesIO(data)).paragraphs
    titles = [p.text for p in paragraphs if _style(p) == "Heading2"]
    questions = [p.text for p in paragraphs if _style(p) == "Heading4"]
    answers = [p.text for p in paragraphs if _style(p) == "main"]
    bullets = [p for p in paragraphs if _style(p) == "ListParagraph"]
    checked = [p.text.rstrip("\n") for p in bullets if p.runs[0].bold]
    assert len(titles) == 1 and questions and answers and bullets and checked != [b.text for b in bullets]

    doc = alpdoc.loads(data, "docx")
    items = [item for _, item in doc.iter_items()]
    assert doc.title == titles[0]
    assert [i.instruction for i in items] == questions
    assert [i.text for i in items if isinstance(i, TextItem) and i.text] == answers
    choices = [i for i in items if isinstance(i, ChoiceItem)]
    assert sum(len(c.options) for c in choices) == len(bullets)
    assert [o.name for c in choices for o in c.options] == [b.text.rstrip("\n") for b in bullets]
    assert [name for c in choices for name in c.selected] == checked
    # the instruction with the database's literal "R&amp;D" is kept as the file has it
    assert any("R&amp;D" in q for q in questions) == any("R&amp;D" in (i.instruction or "") for i in items)


# -- generated files: the platform's export code run on ../shared/samples/pad-json ---------------------

def _platform_text(text: str) -> str:
    """What the platform's DOCX code does to a text answer: trimmed, lines trimmed, \\x02 removed."""
    return "\n".join(line.strip() for line in text.replace("\x02", "").strip().split("\n"))


_CAPTIONS = {"thematic_areas": "Thematic areas", "methods": "Methods", "datasources": "Datasources",
             "sdgs": "SDGs", None: "Locations"}
ANY = object()


def _expected(doc: Document) -> list[tuple]:
    """What the platform's DOCX shows of a pad, as entries (``exports.md`` §3): no group items, embeds as their
    raw HTML, no title items' text, place names (from the geocoder) for locations."""
    out: list[tuple] = []
    for section in doc.sections:
        if section.title:
            out.append(("section", section.title))
        if section.lead.strip():
            out.append(("lead", section.lead.strip()))
        for item in section.items:
            if isinstance(item, EmbedItem):
                out += [("question", item.instruction)] if item.instruction is not None else []
                out += [("text", item.html)] if item.html else []
                continue
            if isinstance(item, MetaItem):
                heading = item.instruction or (_CAPTIONS.get(item.name) if item.type in ("tag", "index", "location")
                                               else None)
                if heading:
                    out.append(("question", heading))
                tags = item.payload.get("tags") or []
                if item.type == "tag" and tags:
                    out.append(("tags", sorted(t["name"] for t in tags)))
                elif item.type == "index" and tags:
                    out.append(("sdgs", sorted(t["key"] for t in tags)))
                elif item.type == "location" and item.payload.get("centerpoints"):
                    out.append(("text", ANY))
                continue
            if item.instruction is not None:
                out.append(("question", item.instruction))
            if isinstance(item, TextItem) and item.platform_type != "title" and _platform_text(item.text):
                out.append(("text", _platform_text(item.text)))
            elif isinstance(item, ChoiceItem) and item.options:
                ordered = sorted(item.options, key=lambda o: (o.name == "", o.id))
                out.append(("options", [(o.name, o.checked) for o in ordered]))
            elif isinstance(item, (ImageItem, MosaicItem)) and item.answered:
                out.append(("images", 1 if isinstance(item, ImageItem) else len(item.images)))
    return out


def _read(doc: Document) -> list[tuple]:
    out: list[tuple] = []
    for section in doc.sections:
        if section.title:
            out.append(("section", section.title))
        if section.lead:
            out.append(("lead", section.lead))
        for item in section.items:
            assert not isinstance(item, GroupItem), "the platform writes no group records"
            if item.instruction is not None:
                out.append(("question", item.instruction))
            if isinstance(item, TextItem) and item.text:
                out.append(("text", item.text))
            elif isinstance(item, ChoiceItem):
                out.append(("options", [(o.name, o.checked) for o in item.options]))
            elif isinstance(item, MetaItem) and item.type == "tag":
                out.append(("tags", sorted(t["name"] for t in item.payload["tags"])))
            elif isinstance(item, MetaItem) and item.type == "index":
                out.append(("sdgs", sorted(t["key"] for t in item.payload["tags"])))
            elif isinstance(item, (ImageItem, MosaicItem)):
                out.append(("images", 1 if isinstance(item, ImageItem) else len(item.images)))
    return out


def _same(expected: list[tuple], read: list[tuple]) -> bool:
    return len(expected) == len(read) and all(
        e[0] == r[0] and (e[1] is ANY or e[1] == r[1]) for e, r in zip(expected, read)
    )


def _pads() -> dict[str, Document]:
    """The sample pads by title, their 2022 item types renamed as the generator did (the reader maps them)."""
    out = {}
    for path in sorted(need(PADS).glob("pad-*.json")):
        doc = read_pad_json(path.read_text(encoding="utf-8"))
        out[doc.title] = doc
    return out


@pytest.mark.parametrize("name", ["pads-single-except-8.docx", "pad-55.docx"])
def test_generated_exports_read_back_to_their_pads(name: str):
    data = need(EXPORTS / "generated" / name).read_bytes()
    docs = list(alpdoc.loads_all(data, "docx"))
    pads = _pads()
    assert len(docs) == (18 if name.startswith("pads") else 1)
    for doc in docs:
        # the platform HTML-escaped some titles in its database; the XML text is the same characters
        pad = pads.get(doc.title) or pads[doc.title.replace("'", "&apos;")]
        assert _same(_expected(pad), _read(doc)), f"{doc.title!r}:\n{_expected(pad)}\n{_read(doc)}"


def test_repeated_sections_are_numbered_back():
    data = need(EXPORTS / "generated" / "pad-55.docx").read_bytes()
    doc = alpdoc.loads(data, "docx")
    titles = [p.text for p in python_docx.Document(io.BytesIO(data)).paragraphs if _style(p) == "Heading3"]
    assert titles == ["Header 1", "Repeat header – 1", "Repeat header – 2"]
    assert [s.title for s in doc.sections] == ["Header 1", "Repeat header", "Repeat header"]
    assert [dict(s.extra or ()).get("repeat") for s in doc.sections] == [None, "true", "true"]
    # written back, the repeated sections are numbered as the platform numbers them
    again = python_docx.Document(io.BytesIO(alpdoc.dumps(doc, "docx"))).paragraphs
    assert [p.text for p in again if _style(p) == "Heading3"] == titles


def test_sdg_icons_and_tags_read_from_the_file():
    data = need(EXPORTS / "generated" / "pads-single-except-8.docx").read_bytes()
    docs = list(alpdoc.loads_all(data, "docx"))
    doc = next(d for d in docs if d.title == "Tarabitas / Garrochas test saving")
    metas = [i for _, i in doc.iter_items() if isinstance(i, MetaItem)]
    assert [(m.type, m.name) for m in metas] == [("index", "sdgs"), ("tag", None), ("tag", "methods"),
                                                ("tag", "datasources")]
    assert json.loads(metas[0].data)["tags"][0]["key"] == 11
    places = [i for _, i in doc.iter_items() if i.instruction == "Ubicación"]
    assert len(places) == 1 and places[0].text == "Amazonas, Colombia"

