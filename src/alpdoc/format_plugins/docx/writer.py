"""Writing documents in the platform's DOCX layout (``routes/apis/pads/docx.js``), groups included.

Per document: ``Heading2`` title; its tags, one ``tag`` paragraph each
(``key: value``, the key and value runs in the ``TagKey`` and ``TagValue``
character styles: alpdoc's addition, the platform prints no tags); per section ``Heading3`` title (repeated
sections numbered `` – n`` as the platform does; an untitled first section
gets none), the lead as an unstyled paragraph; per item ``Heading4``
instruction (an interview answer's time as its leading run, in the ``Timestamp`` character style,
then one space and the question), then the answer: a ``main`` paragraph (line breaks as
``<w:br/>``; a quotation in Word's built-in ``Quote`` style), the answer's own tags as ``tag``
paragraphs after it, one ``ListParagraph`` bullet per option (bold when checked, an
explicit bold-off when not), tag names as bullets without a bold attribute,
index icons whose ``docPr/@title`` is ``sdgs-N`` (and ``@name``
``sdgs-N (k)``, which editors keep), pictures in an ``images``
paragraph (a grey placeholder linking to the image's address, its alt text as
``descr``), links as ``hyperlink`` paragraphs. A list's last bullet ends with
a ``<w:br/>`` run, as the platform writes it; a line break inside an option
or tag name is a ``<w:cr/>``, so that a name never ends the list. A group, which the platform
leaves empty, is a bordered table with one row per record, its questions as
``Heading5``. Documents are written in :func:`.project.project_docx`'s view.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from ...model import (
    ChoiceItem,
    Document,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Tag,
    TextItem,
)
from .ooxml import NS, attr, clean, esc
from .parts import APP, CONTENT_TYPES, NUMBERING, PLACEHOLDER_PNG, ROOT_RELS, SETTINGS, STYLES, core
from .project import is_repeat, project_docx

__all__ = ["write_docx", "write_docx_all"]

_EXTERNAL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PICTURE = "media/placeholder.png"
_EMU_PER_PX = 9525
_SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
    'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
)
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="8" w:space="0" w:color="888888"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def run(text: str, props: str = "", newline: str = "<w:br/>") -> str:
    """One run holding ``text``: ``\\n`` as ``newline``, tab as ``<w:tab/>``."""
    parts = [f"<w:r>{props}"]
    for k, line in enumerate(text.split("\n")):
        if k:
            parts.append(newline)
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    parts.append("</w:r>")
    return "".join(parts)


def paragraph(style: str | None, content: str, extra_props: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra_props
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


_BULLET = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
_END_OF_LIST = "<w:r><w:br/></w:r>"


class _Body:
    """The paragraphs of ``word/document.xml`` and the relationships they need."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.links: dict[str, str] = {}
        self.pictures = 0

    def link(self, url: str) -> str:
        """The relationship id of an external link to ``url``."""
        if url not in self.links:
            self.links[url] = f"rId{len(self.links) + 10}"
        return self.links[url]

    def picture(self, alt: str, title: str, width_px: int, height_px: int, href: str | None = None) -> str:
        self.pictures += 1
        n = self.pictures
        cx, cy = width_px * _EMU_PER_PX, height_px * _EMU_PER_PX
        click = f'<a:hlinkClick xmlns:a="{NS["a"]}" r:id="{self.link(href)}"/>' if href is not None else ""
        name = f"{title} ({n})" if title else f"Picture {n}"  # unique: editors rename duplicates
        return (
            "<w:r><w:drawing>"
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{n}" name="{attr(name)}" descr="{attr(alt)}" title="{attr(title)}">'
            f"{click}</wp:docPr>"
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{NS["a"]}" noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr>"
            f'<a:graphic xmlns:a="{NS["a"]}"><a:graphicData uri="{NS["pic"]}"><pic:pic xmlns:pic="{NS["pic"]}">'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="Picture {n}"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rId4"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )

    # -- items ---------------------------------------------------------------
    def bullets(self, names: Sequence[str], bold: Sequence[bool] | None) -> None:
        for k, name in enumerate(names):
            if bold is None:
                props = ""
            else:
                props = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold[k] else \
                    '<w:rPr><w:b w:val="false"/><w:bCs w:val="false"/></w:rPr>'
            end = _END_OF_LIST if k == len(names) - 1 else ""
            # <w:cr/> for line breaks inside a name: a final <w:br/> is the end of the list
            self.out.append(paragraph("ListParagraph", run(name, props, "<w:cr/>") + end, _BULLET))

    def tag(self, tag: Tag) -> None:
        self.out.append(paragraph("tag", run(tag.key, _TAG_KEY) + run(": ") + run(tag.value, _TAG_VALUE)))

    def item(self, item: Item, heading: str) -> None:
        if isinstance(item, TextItem) and item.timestamp is not None:
            # the time as the question's leading run; one space before the question, none without one
            question = "" if item.instruction is None else run(" " + item.instruction)
            self.out.append(paragraph(heading, run(item.timestamp, _TIMESTAMP) + question))
        elif item.instruction is not None:
            self.out.append(paragraph(heading, run(item.instruction)))
        if isinstance(item, TextItem):
            self.out.append(paragraph("Quote" if item.quote else "main", run(item.text) if item.text else ""))
            for tag in item.tags:
                self.tag(tag)
        elif isinstance(item, ChoiceItem):
            self.bullets([o.name for o in item.options], [o.checked for o in item.options])
        elif isinstance(item, (ImageItem, MosaicItem)):
            images = [(item.src, item.alt)] if isinstance(item, ImageItem) else [(i.src, i.alt) for i in item.images]
            size = (600, 450) if len(images) == 1 else (300, 225)
            pictures = "".join(self.picture(alt, "", *size, href=src) for src, alt in images)
            self.out.append(paragraph("images", pictures, '<w:jc w:val="center"/>'))
        elif isinstance(item, LinkItem):
            text = clean(item.url) if item.text is None else item.text  # element text holds no CR
            link = f'<w:hyperlink r:id="{self.link(item.url)}">{run(text, _LINK_RUN)}</w:hyperlink>'
            self.out.append(paragraph("hyperlink", link))
        elif isinstance(item, MetaItem) and item.type == "tag":
            self.bullets([t["name"] for t in item.payload["tags"]], None)
        elif isinstance(item, MetaItem) and item.type == "index":
            icons = "".join(self.picture(t["name"], f"{item.name}-{t['key']}", 100, 100) for t in item.payload["tags"])
            self.out.append(paragraph("images", icons))
        elif isinstance(item, GroupItem):
            self.group(item)
        else:  # pragma: no cover - project_docx leaves no other kind
            raise TypeError(f"cannot write {type(item).__name__} to DOCX")

    def group(self, item: GroupItem) -> None:
        self.out.append(f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
                        '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="9026"/></w:tblGrid>')
        for record in item.records:
            self.out.append('<w:tr><w:tc><w:tcPr><w:tcW w:w="5000" w:type="pct"/></w:tcPr>')
            for inner in record:
                self.item(inner, "Heading5")
            if not record:
                self.out.append("<w:p/>")  # a cell holds at least one paragraph
            self.out.append("</w:tc></w:tr>")
        self.out.append("</w:tbl><w:p/>")  # a paragraph apart, so two groups never merge into one table

    def document(self, doc: Document) -> None:
        """Write ``doc`` (already in :func:`.project.project_docx`'s view)."""
        self.out.append(paragraph("Heading2", run(doc.title)))
        for tag in doc.tags:
            self.tag(tag)
        rep = 0
        for k, section in enumerate(doc.sections):
            repeat = is_repeat(section)
            rep = rep + 1 if repeat else 0
            title = f"{section.title} – {rep}" if repeat else section.title
            if k or title or not (section.lead or section.items):
                self.out.append(paragraph("Heading3", run(title)))
            if section.lead:
                self.out.append(paragraph(None, run(section.lead)))
            for item in section.items:
                self.item(item, "Heading4")

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{NS["w"]}" xmlns:r="{NS["r"]}" xmlns:wp="{NS["wp"]}"><w:body>'
            + "".join(self.out) + _SECTION + "</w:body></w:document>"
        )

    def rels(self) -> str:
        out = [
            f'<Relationship Id="rId1" Type="{_EXTERNAL}/styles" Target="styles.xml"/>',
            f'<Relationship Id="rId2" Type="{_EXTERNAL}/numbering" Target="numbering.xml"/>',
            f'<Relationship Id="rId3" Type="{_EXTERNAL}/settings" Target="settings.xml"/>',
            f'<Relationship Id="rId4" Type="{_EXTERNAL}/image" Target="{_PICTURE}"/>',
        ]
        out += [
            f'<Relationship Id="{rid}" Type="{_EXTERNAL}/hyperlink" Target="{attr(url)}" TargetMode="External"/>'
            for url, rid in self.links.items()
        ]
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{NS["rel"]}">' + "".join(out) + "</Relationships>")


_TAG_KEY = '<w:rPr><w:rStyle w:val="TagKey"/></w:rPr>'
_TAG_VALUE = '<w:rPr><w:rStyle w:val="TagValue"/></w:rPr>'
_TIMESTAMP = '<w:rPr><w:rStyle w:val="Timestamp"/></w:rPr>'
_LINK_RUN = '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
_PAGE_BREAK = f"<w:p><w:pPr>{_SECTION}</w:pPr></w:p>"
_STAMP = (1980, 1, 1, 0, 0, 0)


def _package(body: _Body, title: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(name: str, data: str | bytes) -> None:
            zf.writestr(zipfile.ZipInfo(name, _STAMP), data, compress_type=zipfile.ZIP_DEFLATED)

        put("[Content_Types].xml", CONTENT_TYPES)
        put("_rels/.rels", ROOT_RELS)
        put("word/document.xml", body.xml())
        put("word/_rels/document.xml.rels", body.rels())
        put("word/styles.xml", STYLES)
        put("word/numbering.xml", NUMBERING)
        put("word/settings.xml", SETTINGS)
        put("word/" + _PICTURE, PLACEHOLDER_PNG)
        put("docProps/core.xml", core(title))
        put("docProps/app.xml", APP)
    return buf.getvalue()


def write_docx(doc: Document) -> bytes:
    """``doc`` as a DOCX file in the platform's layout."""
    body = _Body()
    shown = project_docx(doc)
    body.document(shown)
    return _package(body, shown.title)


def write_docx_all(docs: Sequence[Document]) -> bytes:
    """Every document of ``docs`` in one DOCX file, each on its own pages (the platform's ``single_doc``)."""
    body = _Body()
    for k, doc in enumerate(docs):
        if k:
            body.out.append(_PAGE_BREAK)
        body.document(project_docx(doc))
    return _package(body, "A collection of documents")
