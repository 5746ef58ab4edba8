"""Reading the platform's DOCX download (``exports.md`` §3) and the DOCX files alpdoc writes.

Grammar: ``Heading2`` starts a pad (its title); a ``tag`` paragraph (alpdoc's)
is one of its tags, or, right after a text answer (or that answer's other tags),
one of the answer's tags; ``Heading1`` is a chapter
(skipped); ``Heading3`` starts a section (a trailing `` – n`` marks a
repeated one and is taken off); an unstyled paragraph after it is the lead;
``Heading4`` (``Heading5`` inside a group) is an instruction (its runs in the
``Timestamp`` character style, alpdoc's, an interview answer's time); then ``main``
is a text answer (``<w:br/>`` as a line break), a ``Quote`` (or LibreOffice's
``Quotations``) paragraph a quotation; bullets whose runs carry a
bold attribute are the options of a choice (checked = bold); bullets without
one are a tag list (followed by a ``* Location…`` caption, place names: a
text answer); drawings titled ``sdgs-N`` are index icons; other drawings an
image or mosaic (the picture file is not kept: ``src`` is the link alpdoc
put on it or the picture's name inside the file); a ``hyperlink`` paragraph
a link (the platform's plain-text attachments: one link per line); a table
a group, one record per row. Styles, numbering and bold are read from
``w:pStyle``, ``w:numPr`` and ``w:b/@w:val`` directly: the platform's files
have no ``Normal`` style.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, Literal, overload

from attrs import evolve
from lxml import etree

from ...errors import ParseError
from ...model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)
from ...options import ReaderOptions
from .ooxml import NS, REPEAT_SUFFIX, W, clean, tag_list_name
from .project import index_data, tag_data

__all__ = ["read_docx", "read_docx_all", "EXPECTED"]

EXPECTED = ("the SDG Commons platform's DOCX layout: Heading2 pad titles, Heading3 sections, Heading4 questions, "
            "'main' answer paragraphs, bulleted options")
_MAX_PART = 256 * 1024 * 1024
_MAX_DEPTH = 32
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_R = f"{{{NS['r']}}}"
_DRAWING_TITLE = re.compile(r"(\w+)-(\d+)\Z", re.ASCII)
_DRAWING_NAME = re.compile(r"(\w+)-(\d+) \(\d+\)\Z", re.ASCII)  # alpdoc's unique name for an icon: "sdgs-7 (12)"
_SKIPPED = {"heading1", "title", "subtitle", "tocheading"}
_QUOTE = {"quote", "quotations"}  # Word's built-in style for a quotation, and LibreOffice's name for it
_TEXT_NODES = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")


def _fail(message: str, options: ReaderOptions, line: int = 1, expected: str | None = EXPECTED) -> ParseError:
    return ParseError(message, line=line, column=1, source=options.source, expected=expected)


@overload
def _part(zf: zipfile.ZipFile, name: str, options: ReaderOptions, required: Literal[True]) -> bytes: ...
@overload
def _part(zf: zipfile.ZipFile, name: str, options: ReaderOptions, required: bool) -> bytes | None: ...
def _part(zf: zipfile.ZipFile, name: str, options: ReaderOptions, required: bool) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        if required:
            raise _fail(f"a zip archive, but not a DOCX file: it has no {name}", options) from None
        return None
    if info.file_size > _MAX_PART:
        raise _fail(f"{name} is too large ({info.file_size} bytes)", options, expected=None)
    with zf.open(info) as f:
        data = f.read(_MAX_PART + 1)
    if len(data) > _MAX_PART:
        raise _fail(f"{name} is too large", options, expected=None)
    return data


def _xml(data: bytes, name: str, options: ReaderOptions) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        line = err.position[0] if err.position and err.position[0] >= 1 else 1
        raise ParseError(f"{name} is not well-formed XML: {err.msg}", line=line,
                         column=max(1, err.position[1] if err.position else 1), source=options.source) from None


def _style(p: etree._Element) -> str:
    """The paragraph's style id, lower-case without spaces ("" for none)."""
    node = p.find(f"{W}pPr/{W}pStyle")
    value = node.get(f"{W}val") if node is not None else None
    return (value or "").replace(" ", "").lower()


def _node_text(node: etree._Element) -> str:
    if node.tag == f"{W}t":
        return node.text or ""
    return "\t" if node.tag == f"{W}tab" else "\n"


def text_of(el: etree._Element) -> str:
    """The text of ``el``'s runs: ``w:t``, ``w:tab`` as a tab, ``w:br`` and ``w:cr`` as line breaks."""
    return "".join(_node_text(node) for node in el.iter(*_TEXT_NODES))


def _run_style(r: etree._Element | None) -> str:
    """A run's character style id, lower-case without spaces ("" for none)."""
    node = r.find(f"{W}rPr/{W}rStyle") if r is not None else None
    value = node.get(f"{W}val") if node is not None else None
    return (value or "").replace(" ", "").lower()


def _question(p: etree._Element) -> tuple[str | None, str | None]:
    """A question heading's timestamp and instruction.

    alpdoc writes an interview answer's time as the heading's leading run in the ``Timestamp`` character
    style, then one space and the question (nothing when the answer has none); a heading without such a
    run (every heading of the platform's files) is all instruction and has no timestamp.
    """
    if not any(_run_style(r) == "timestamp" for r in p.iter(f"{W}r")):
        return None, text_of(p)
    stamp: list[str] = []
    rest: list[str] = []
    for node in p.iter(*_TEXT_NODES):
        owner = next(node.iterancestors(f"{W}r"), None)
        (stamp if _run_style(owner) == "timestamp" else rest).append(_node_text(node))
    question = "".join(rest)
    return "".join(stamp), None if not question else question.removeprefix(" ")


def _is_bullet(p: etree._Element, style: str) -> bool:
    return style == "listparagraph" or p.find(f"{W}pPr/{W}numPr") is not None


def _bullet(p: etree._Element) -> tuple[str, bool | None, bool]:
    """A bullet's text, its bold state (``None``: no bold attribute) and whether it ends its list."""
    runs = p.findall(f"{W}r")
    last = [child for child in runs[-1] if child.tag != f"{W}rPr"] if runs else []
    # the list's end: a final <w:br/>, in a run of its own (the platform) or merged into the last (an editor's
    # re-save); alpdoc writes line breaks inside an option or tag as <w:cr/>, so a name never ends in one
    ends = bool(last) and last[-1].tag == f"{W}br"
    if ends:
        runs[-1].remove(last[-1])
    text = "".join(text_of(r) for r in runs)
    bold = p.find(f"{W}r/{W}rPr/{W}b")
    if bold is None:
        return text, None, ends
    return text, bold.get(f"{W}val", "true").lower() not in ("false", "0", "off"), ends


def _tag(p: etree._Element) -> Tag:
    """A ``tag`` paragraph alpdoc wrote: the ``TagKey`` runs are the key, the ``TagValue`` runs the value."""
    parts: dict[str, list[str]] = {"tagkey": [], "tagvalue": []}
    for r in p.iter(f"{W}r"):
        name = _run_style(r)
        if name in parts:
            parts[name].append(text_of(r))
    return Tag(key="".join(parts["tagkey"]), value="".join(parts["tagvalue"]))


class _Items:
    """The items of one section or group record, built paragraph by paragraph."""

    def __init__(self, reader: _Reader, depth: int) -> None:
        self.reader = reader
        self.depth = depth
        self.items: list[Item] = []
        self.pending: str | None = None  # an instruction waiting for its answer
        self.has_pending = False
        self.timestamp: str | None = None  # the pending question's time (an interview answer)
        self.answer = False  # whether the last paragraph was a text answer (or one of its tags)
        self.list_kind: str | None = None  # "options" or "tags"
        self.list_instruction: str | None = None
        self.entries: list[tuple[str, bool | None]] = []

    @property
    def empty(self) -> bool:
        return not self.items and not self.has_pending and self.list_kind is None

    def take(self) -> str | None:
        instruction, self.pending, self.has_pending, self.timestamp = self.pending, None, False, None
        return instruction

    def text(self, text: str, quote: bool = False) -> None:
        """A text answer to the pending question (with its time, if it has one)."""
        self.close_list()
        timestamp = self.timestamp
        self.items.append(TextItem(instruction=self.take(), text=text, timestamp=timestamp, quote=quote))

    def close_list(self) -> None:
        if self.list_kind is None:
            return
        instruction, kind, entries = self.list_instruction, self.list_kind, self.entries
        self.list_kind, self.entries = None, []
        if kind == "options":
            options = tuple(Option(name=name, checked=bool(checked)) for name, checked in entries)
            self.items.append(ChoiceItem(instruction=instruction, options=options, multiple=True))
        else:
            names = [name for name, _ in entries]
            self.items.append(MetaItem(type="tag", name=tag_list_name(instruction), instruction=instruction,
                                       data=tag_data(names)))

    def add(self, item_of: type, **fields: object) -> None:
        self.close_list()
        self.answer = False
        self.items.append(item_of(instruction=self.take(), **fields))

    def finish(self) -> list[Item]:
        self.close_list()
        if self.has_pending:
            self.text("")
        return self.items

    def answer_tag(self, p: etree._Element) -> bool:
        """Add a ``tag`` paragraph that follows a text answer (or its other tags) to that answer's tags."""
        last = self.items[-1] if self.items else None
        if not isinstance(last, TextItem):
            return False
        self.items[-1] = evolve(last, tags=(*last.tags, _tag(p)))
        return True

    # -- paragraphs ----------------------------------------------------------
    def paragraph(self, p: etree._Element, style: str) -> None:
        answer, self.answer = self.answer, False
        if style in ("heading4", "heading5", "heading6"):
            self.finish()
            timestamp, self.pending = _question(p)
            self.has_pending, self.timestamp = True, timestamp
        elif style == "main" or (style in _QUOTE and text_of(p)):
            self.text(text_of(p), quote=style in _QUOTE)
            self.answer = True
        elif style == "tag" and answer and self.answer_tag(p):
            self.answer = True
        elif _is_bullet(p, style):
            self.bullet(p)
        elif style == "images":
            self.drawings(p)
        elif style == "hyperlink":
            self.links(p)
        elif style == "caption":
            self.caption(text_of(p))
        elif style not in _SKIPPED and not style.startswith("toc") and text_of(p):
            self.text(text_of(p))  # unstyled text inside a group record, or an unknown style

    def bullet(self, p: etree._Element) -> None:
        text, bold, ends = _bullet(p)
        kind = "tags" if bold is None else "options"
        if self.list_kind != kind:
            self.close_list()
            self.list_kind, self.list_instruction = kind, self.take()
        self.entries.append((text, bold))
        if ends:
            self.close_list()

    def caption(self, text: str) -> None:
        """The geocoder's credit under a location's place names: the bullets above are places, not tags."""
        if not text.startswith("* Location"):
            return
        if self.list_kind == "tags":
            instruction, names = self.list_instruction, [name for name, _ in self.entries]
            self.list_kind, self.entries = None, []
        elif self.items and isinstance(last := self.items[-1], MetaItem) and last.type == "tag":
            self.items.pop()
            instruction, names = last.instruction, [t["name"] for t in last.payload["tags"]]
        else:
            return
        places = "\n".join(name.strip().removesuffix("*") for name in names)
        self.items.append(TextItem(instruction=instruction, text=places))

    def drawings(self, p: etree._Element) -> None:
        found = p.findall(f".//{{{NS['wp']}}}docPr")
        if not found:
            return
        # the icon's title (the platform), else its name (alpdoc writes both; editors may drop the title)
        found_titles = [_DRAWING_TITLE.fullmatch(d.get("title") or "") or _DRAWING_NAME.fullmatch(d.get("name") or "")
                        for d in found]
        titles = [m for m in found_titles if m is not None]
        if len(titles) == len(found):
            goals = [(int(m.group(2)), d.get("descr") or "") for m, d in zip(titles, found)]
            self.add(MetaItem, type="index", name=titles[0].group(1), data=index_data(goals))
            return
        images = [self.reader.image(d) for d in found]
        if len(images) == 1:
            self.add(ImageItem, src=images[0].src, alt=images[0].alt)
        else:
            self.add(MosaicItem, images=tuple(images))

    def links(self, p: etree._Element) -> None:
        anchors = p.findall(f"{W}hyperlink")
        if anchors:
            for a in anchors:
                url = self.reader.target(a.get(f"{_R}id"))
                if url is None:
                    continue
                text = text_of(a)
                self.add(LinkItem, url=url, text=None if text == clean(url) else text)
            return
        for line in text_of(p).split("\n"):  # the platform's attachments: one URL per line, plain text
            if line.strip():
                self.add(LinkItem, url=line.strip())

    def table(self, tbl: etree._Element) -> None:
        if self.depth >= _MAX_DEPTH:
            raise _fail(f"groups nested more than {_MAX_DEPTH} deep", self.reader.options, expected=None)
        records = []
        for row in tbl.findall(f"{W}tr"):
            cell = _Items(self.reader, self.depth + 1)
            for tc in row.findall(f"{W}tc"):
                for child in tc:
                    if child.tag == f"{W}p":
                        cell.paragraph(child, _style(child))
                    elif child.tag == f"{W}tbl":
                        cell.table(child)
            records.append(tuple(cell.finish()))
        self.add(GroupItem, records=tuple(records))


class _Reader:
    """Walks ``word/document.xml``'s body, pad by pad."""

    def __init__(self, rels: dict[str, str], options: ReaderOptions) -> None:
        self.rels = rels
        self.options = options

    def target(self, rid: str | None) -> str | None:
        return self.rels.get(rid) if rid else None

    def image(self, doc_pr: etree._Element) -> Image:
        click = doc_pr.find(f"{{{NS['a']}}}hlinkClick")
        src = self.target(click.get(f"{_R}id")) if click is not None else None
        if src is None:
            drawing = doc_pr.getparent()
            blip = drawing.find(f".//{{{NS['a']}}}blip") if drawing is not None else None
            if blip is not None:
                src = self.target(blip.get(f"{_R}embed")) or self.target(blip.get(f"{_R}link"))
        return Image(src=src or "", alt=doc_pr.get("descr") or "")

    def documents(self, body: etree._Element) -> Iterator[Document]:
        title: str | None = None
        tags: list[Tag] = []
        sections: list[Section] = []
        section: dict[str, Any] | None = None
        items: _Items | None = None

        def close_section() -> None:
            nonlocal section, items
            if section is not None and items is not None:
                sections.append(Section(items=tuple(items.finish()), **section))
            section, items = None, None

        def open_section(**fields: object) -> _Items:
            nonlocal section, items
            close_section()
            section, items = {"title": "", "lead": "", "extra": None, **fields}, _Items(self, 0)
            return items

        number = 0
        for el in body:
            if el.tag == f"{W}tbl":
                if title is not None:
                    (items or open_section()).table(el)
                continue
            if el.tag != f"{W}p":
                continue  # w:sdt (a table of contents), w:sectPr, bookmarks
            number += 1
            style = _style(el)
            if style == "heading2":
                if title is not None:
                    close_section()
                    yield Document(title=title, tags=tuple(tags), sections=tuple(sections))
                title, tags, sections = text_of(el), [], []
                continue
            if title is None or style in _SKIPPED or style.startswith("toc"):
                if self.options.strict and title is None and style not in _SKIPPED and text_of(el).strip():
                    raise _fail(f"paragraph {number} comes before the first pad title", self.options, number)
                continue
            if style == "tag" and items is not None and items.answer:
                items.paragraph(el, style)  # an answer's tag: it follows the answer
            elif style == "tag":
                tags.append(_tag(el))  # a document tag: under the title, before any section
            elif style == "heading3":
                text = text_of(el)
                m = REPEAT_SUFFIX.search(text)
                open_section(title=text[: m.start()] if m else text, extra=(("repeat", "true"),) if m else None)
            elif style in ("", "normal"):
                text = text_of(el)
                if not text:
                    continue  # section breaks and spacers
                if items is not None and items.empty and section is not None and not section["lead"]:
                    section["lead"] = text
                else:
                    open_section(lead=text)
            else:
                (items or open_section()).paragraph(el, style)
        if title is None:
            raise _fail("no pad title: the file has no Heading2 paragraph", self.options)
        close_section()
        yield Document(title=title, tags=tuple(tags), sections=tuple(sections))


def _relationships(data: bytes | None, options: ReaderOptions) -> dict[str, str]:
    if data is None:
        return {}
    root = _xml(data, "word/_rels/document.xml.rels", options)
    return {
        rid: rel.get("Target") or ""
        for rel in root.iter(f"{{{NS['rel']}}}Relationship")
        if (rid := rel.get("Id"))
    }


def read_docx_all(data: bytes | str, options: ReaderOptions | None = None) -> Iterator[Document]:
    """Every pad in a DOCX file (the platform's single document holds many), in file order."""
    options = options or ReaderOptions()
    if isinstance(data, str):
        raise _fail("a DOCX file is binary (a zip archive), not text", options, expected="a .docx file")
    if not data.startswith(b"PK"):
        raise _fail("not a DOCX file: it does not start as a zip archive does ('PK')", options,
                    expected="a .docx file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            document = _part(zf, "word/document.xml", options, required=True)
            rels = _part(zf, "word/_rels/document.xml.rels", options, required=False)
    except ParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as err:
        raise _fail(f"not a readable DOCX file: broken zip archive ({err})", options, expected="a .docx file") from None
    root = _xml(document, "word/document.xml", options)
    body = root.find(f"{W}body")
    if root.tag != f"{W}document" or body is None:
        raise _fail("word/document.xml is not a WordprocessingML document (no w:document/w:body)", options)
    yield from _Reader(_relationships(rels, options), options).documents(body)


def read_docx(data: bytes | str, options: ReaderOptions | None = None) -> Document:
    """The one pad of a DOCX file (use :func:`read_docx_all` for a file of several)."""
    options = options or ReaderOptions()
    docs = list(read_docx_all(data, options))
    if len(docs) != 1:
        raise _fail(f"the file holds {len(docs)} pads; read them with alpdoc.read_all / loads_all", options,
                    expected=None)
    return docs[0]
