"""Reading archive markdown into a :class:`~alpdoc.model.Document`.

The grammar (``grammars/archive_md.lark``, read by :mod:`.blocks`) cuts the
text into line blocks and sections. This module turns the blocks into typed items, using templates
for what the bytes alone cannot settle:

* an instruction whose template text goes on past its first line (the
  "Please note" paragraph) takes the following text block when it matches;
* a question the template knows as a radio list, checklist or group stays
  that kind when it was left unanswered;
* a ``- `` run under a free-text question is text, not a checklist;
* group divs are cut into records where the template's question order
  starts again (without a template: where a question repeats in a record).

The templates are tried best match first (:meth:`TemplateRegistry.ranked`:
the template asking most of the file's ``> `` lines), and the name of the
best is recorded in :attr:`Document.template`. ``project`` runs this same
builder over the blocks the writer writes, so both make every one of these
decisions in one place.

Text lines written with an escape (a leading ``\\`` before a marker, see
:mod:`.escapes`) lose one backslash; ``> `` lines ending in ``\\`` with the
next ``> `` line directly under them are one instruction of several lines.
"""

from __future__ import annotations

import re
from typing import TypeVar

from attrs import evolve

from ...decoding import check_line_ends, decode_text, split_bom
from ...errors import ParseError
from ...model import (
    ChoiceItem,
    Document,
    DocumentLayout,
    GroupItem,
    HeaderEntry,
    Image,
    ImageItem,
    Item,
    ItemLayout,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    SectionLayout,
    Tag,
    TagRun,
    TextItem,
)
from ...options import ReaderOptions
from ...templates import TemplateItem, TemplateRegistry, normalize_instruction
from .blocks import Block, TagLines, parse_blocks
from .escapes import unescape_further, unescape_text
from .interviews import interview_item, split_questions
from .lexer import multiline_link
from .stable import remember

__all__ = ["read_archive_md"]

_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((.*)\)")
_LINK = re.compile(r"\[((?:[^\]\n]|\](?!\())*)\]\((.*)\)")
_TEXTUAL = ("TEXT", "BULLETS")
# What an unanswered question is, by the template's item kind (choices are handled apart).
_UNANSWERED: dict[str, type] = {"group": GroupItem, "img": ImageItem, "mosaic": MosaicItem, "embed": LinkItem}
_Entry = TypeVar("_Entry", HeaderEntry, TagRun)
PAGE_KINDS = frozenset({"blog", "publications", "story", "skills", "tactics", "tools", "principles"})
"""``type`` tags of the archive's pages from other generators than the questionnaires (pads): their
``> `` lines are quotations, unless the chosen template asks them. Any other ``type``
(``learningplan``, ``solution``, ``experiment``, unknown ones, none) is a questionnaire."""
_OPTION_MAX = 120
"""Without a template, ``- `` lines longer than this are free text, not checklist options
(the longest option any built-in template lists has 118 characters)."""
# The template item kinds an answer of each class may fill in a group record with empty instructions.
_FILLS: dict[type, tuple[str, ...]] = {
    TextItem: ("txt", "embed"), LinkItem: ("embed",), ImageItem: ("mosaic", "img"), MosaicItem: ("mosaic", "img"),
    ChoiceItem: ("checklist", "radiolist"), GroupItem: ("group",),
}


def link_parts(body: str) -> tuple[str, str] | None:
    """``(text, url)`` of a link line, or of a link written over several lines (:func:`.lexer.multiline_link`)."""
    m = _LINK.fullmatch(body)
    if m is not None:
        return m.group(1), m.group(2)
    return multiline_link(body)


def _look_like_options(body: str) -> bool:
    """Whether ``- `` lines no template knows are a checklist's options: short labels, not sentences of text."""
    return all(len(line) - 2 <= _OPTION_MAX for line in body.split("\n"))


def split_images(body: str) -> list[tuple[str, str]]:
    """``(alt, src)`` of each image of an image line (``![a](x)![b](y)``: two images).

    An image's source ends at the first ``)`` that a well-formed ``![alt](``
    follows directly; the last one ends at the line's final ``)``.
    """
    out: list[tuple[str, str]] = []
    start = 0
    end = len(body) - 1  # the final ")"
    while True:
        close = body.index("]", start + 2)
        alt, src_start = body[start + 2 : close], close + 2
        cut = body.find(")![", src_start)
        while cut >= 0:
            alt_end = body.find("]", cut + 3)
            if alt_end >= 0 and body.startswith("(", alt_end + 1) and alt_end + 1 < end:
                break
            cut = body.find(")![", cut + 1)
        if cut < 0:
            out.append((alt, body[src_start:end]))
            return out
        out.append((alt, body[src_start:cut]))
        start = cut + 1


def _append_shared(entries: list[_Entry], entry: _Entry) -> None:
    """Append ``entry``, or the last entry again where they are equal (tags between blank lines: one object)."""
    entries.append(entries[-1] if entries and entries[-1] == entry else entry)


def read_archive_md(
    data: bytes | str,
    options: ReaderOptions | None = None,
    *,
    templates: TemplateRegistry | None = None,
    source: str | None = None,
) -> Document:
    """Parse archive markdown; raise :class:`ParseError` with line and column on bad input.

    ``options`` gives the templates and the source name (``templates=`` and
    ``source=`` override them, for callers of the older signature).
    """
    if templates is None:
        templates = options.templates if options is not None else TemplateRegistry()
    if source is None and options is not None:
        source = options.source
    decoded = decode_text(data, source)
    text, bom = split_bom(decoded)
    check_line_ends(text, source)
    final_newline = text.endswith("\n")
    if not final_newline:
        text += "\n"
    try:
        top, sections = parse_blocks(text, final_newline)
        doc = _Builder(templates, source).document(top, sections, final_newline)
        if bom:
            doc = evolve(doc, layout=evolve(doc.layout or DocumentLayout(), bom=True))
        remember(doc, decoded, templates)  # its own projection, if it writes this text back
        return doc
    except ParseError as err:
        if source is None:
            raise
        raise err.with_source(source) from None


class _Builder:
    def __init__(self, templates: TemplateRegistry, source: str | None) -> None:
        self.templates = templates
        self.source = source
        self.tags: list[Tag] = []
        self.sources: set[str] = set()  # the values of the source tags so far
        self._shared: dict[ItemLayout, ItemLayout] = {}
        self.page = False  # a page of another generator (blog, story, ...): "> " lines are quotations
        self.best: str | None = None  # the best template's name

    # -- document and header --------------------------------------------------
    def document(self, top: list[Block], sections: list[list[Block]], final_newline: bool) -> Document:
        template = self.choose_template(top, sections)
        leading = 0
        if top and top[0][0] == "BLANKS":
            leading = len(top[0][1]) + top[0][2] + 1  # body is "" ; gap counts the rest
            top = top[1:]
        header, title, body = self.header(top)
        out_sections: list[Section] = []
        if body:
            items, runs = self.items(body)
            out_sections.append(
                Section(items=tuple(items), layout=SectionLayout(heading=False, lead_line=False, tag_runs=runs))
            )
        for sec in sections:
            out_sections.append(self.section(sec))
        return Document(
            title=title,
            tags=tuple(self.tags),
            sections=tuple(out_sections),
            template=template,
            layout=DocumentLayout(leading_blanks=leading, header=tuple(header), final_newline=final_newline),
        )

    def choose_template(self, top: list[Block], sections: list[list[Block]]) -> str | None:
        """Rank the templates for this document's ``> `` lines and ``type`` tag; the best one's name.

        Also notes whether the document is a page of another generator (its
        ``type`` tag one of :data:`PAGE_KINDS`: ``blog``, ``story``, ...).
        """
        asked: list[str] = []
        kind: str | None = None
        for blocks in (top, *sections):
            for block in blocks:
                if block[0] == "INSTRUCTION":
                    asked.append(block[1][2:])
                elif block[0] == "TAGS" and kind is None:
                    kind = next((t.value for t in block[1].tags if t.key == "type"), None)
        self.page = kind in PAGE_KINDS
        if not len(self.templates):
            return None
        self.templates, self.best = self.templates.choose(asked, kind)
        return self.best

    def add_tags(self, lines: TagLines) -> None:
        self.tags.extend(lines.tags)
        self.sources.update(t.value for t in lines.tags if t.key == "source")

    def shared(self, entry: ItemLayout) -> ItemLayout:
        """One object for equal item layouts (most items of a file have one of a few)."""
        return self._shared.setdefault(entry, entry)

    def header(self, blocks: list[Block]) -> tuple[list[HeaderEntry], str, list[Block]]:
        entries: list[HeaderEntry] = []
        title = ""
        i, n = 0, len(blocks)
        seen_title = False
        while i < n:
            kind, body, gap, _line = blocks[i]
            if kind == "TITLE":
                if seen_title:
                    break
                seen_title = True
                title = body[2:]
                # Continuation lines of a title that opens the file, up to the tags that follow it.
                if not entries and i + 2 < n and blocks[i + 1][0] == "TEXT" and blocks[i + 2][0] == "TAGS":
                    nxt = blocks[i + 1]
                    title += "\n" * (gap + 1) + unescape_further(nxt[1])
                    gap = nxt[2]
                    i += 1
                entries.append(HeaderEntry(kind="title", gap=gap))
            elif kind == "TAGS":
                self.add_tags(body)
                for count, g in body.runs(gap):
                    _append_shared(entries, HeaderEntry(kind="tags", count=count, gap=g))
            elif (kind == "LINK" and self._repeats_source(body)) or not seen_title:
                entries.append(HeaderEntry(kind="raw", raw=body, gap=gap))
            else:
                break
            i += 1
        return entries, title, blocks[i:]

    def _repeats_source(self, body: str) -> bool:
        parts = link_parts(body)
        return parts is not None and parts[1] in self.sources

    # -- sections -------------------------------------------------------------
    def section(self, blocks: list[Block]) -> Section:
        head = blocks[0]
        title = head[1][3:]
        heading_gap = head[2]
        lead, lead_line, lead_gap = "", False, 1
        rest = blocks[1:]
        if rest and rest[0][0] == "LEAD":
            lead, lead_line, lead_gap = rest[0][1][2:-2], True, rest[0][2]
            rest = rest[1:]
        items, runs = self.items(rest)
        return Section(
            title=title,
            lead=lead,
            items=tuple(items),
            layout=SectionLayout(
                heading=True, heading_gap=heading_gap, lead_line=lead_line, lead_gap=lead_gap, tag_runs=runs
            ),
        )

    # -- items ----------------------------------------------------------------
    def items(self, blocks: list[Block]) -> tuple[list[Item], tuple[TagRun, ...]]:
        items: list[Item] = []
        runs: list[TagRun] = []
        item: Item
        blocks = split_questions(blocks)  # interview question lines: QUESTION blocks (.interviews)
        i, n = 0, len(blocks)
        while i < n:
            kind = blocks[i][0]
            if kind == "TAGS":
                lines = blocks[i][1]
                self.add_tags(lines)
                before = len(items)
                for count, g in lines.runs(blocks[i][2]):
                    _append_shared(runs, TagRun(before_item=before, count=count, gap=g))
                i += 1
            elif kind == "QUESTION":
                item, i = interview_item(self, blocks, i)
                items.append(item)
            elif kind == "DIV_CLOSE":
                raise ParseError(
                    "'</div>' closes no group", line=blocks[i][3], column=1, text=blocks[i][1],
                    expected="a '<div class=\"group\">' line before it",
                )
            elif kind == "INSTRUCTION" and self.page and self._quotes(blocks[i][1]):
                item, i = self.quotation(blocks, i)
                items.append(item)
            else:
                item, i = self.item(blocks, i)
                items.append(item)
        return items, tuple(runs)

    def _quotes(self, line: str) -> bool:
        """Whether a ``> `` line of a page is a quotation: no chosen template asks it."""
        return self.best is None or self.templates.item(line[2:]) is None

    def quotation(self, blocks: list[Block], i: int) -> tuple[Item, int]:
        """Consecutive ``> `` lines of a page (no blank line between them): one quoted text."""
        lines = [blocks[i][1][2:]]
        gap = blocks[i][2]
        i += 1
        n = len(blocks)
        while gap == 0 and i < n and blocks[i][0] == "INSTRUCTION" and self._quotes(blocks[i][1]):
            lines.append(blocks[i][1][2:])
            gap = blocks[i][2]
            i += 1
        layout = self.shared(ItemLayout(gaps=(gap,)))
        return TextItem(text="\n".join(lines), quote=True, layout=layout), i

    def item(self, blocks: list[Block], i: int) -> tuple[Item, int]:
        kind, body, gap, _line = blocks[i]
        instruction: str | None = None
        gaps: list[int] = []
        spec: TemplateItem | None = None
        paragraph = False
        if kind == "INSTRUCTION":
            instruction = body[2:]
            i += 1
            n = len(blocks)
            # "> line\" with the next "> " line directly under it: one instruction of several lines.
            while gap == 0 and instruction.endswith("\\") and i < n and blocks[i][0] == "INSTRUCTION":
                instruction = instruction[:-1] + "\n" + blocks[i][1][2:]
                gap = blocks[i][2]
                i += 1
            spec = self.templates.item(instruction)
            if spec is not None and "\n" in spec.instruction and "\n" not in instruction:
                instruction, gap, i, paragraph = self._continued(instruction, gap, spec, blocks, i)
            gaps.append(gap)
        if paragraph:
            item, i = self._answer(instruction, gaps, spec, blocks, i)
            return evolve(item, layout=evolve(item.layout or ItemLayout(), paragraph=True)), i
        return self._answer(instruction, gaps, spec, blocks, i)

    def _answer(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: list[Block], i: int
    ) -> tuple[Item, int]:
        n = len(blocks)
        nxt = blocks[i][0] if i < n else None
        if nxt == "DIV_OPEN":
            return self.group(instruction, gaps, spec, blocks, i)
        if nxt in _TEXTUAL:
            return self.text(instruction, gaps, spec, blocks, i)
        if nxt == "IMAGE":
            return self.images(instruction, gaps, blocks, i)
        if nxt == "LINK":
            _k, lbody, lgap, _l = blocks[i]
            parts = link_parts(lbody)
            assert parts is not None
            text, url = parts
            gaps.append(lgap)
            return LinkItem(
                instruction=instruction, url=url, text=None if text == url else text,
                layout=self.shared(ItemLayout(gaps=tuple(gaps))),
            ), i + 1
        # Nothing answers this question.
        layout = self.shared(ItemLayout(gaps=tuple(gaps)))
        if spec is not None and spec.kind in ("checklist", "radiolist"):
            return ChoiceItem(instruction=instruction, multiple=spec.kind == "checklist", layout=layout), i
        unanswered = _UNANSWERED.get(spec.kind, TextItem) if spec is not None else TextItem
        return unanswered(instruction=instruction, layout=layout), i

    def _continued(
        self, first: str, gap: int, spec: TemplateItem, blocks: list[Block], i: int
    ) -> tuple[str, int, int, bool]:
        """Join the template's further instruction paragraphs when the text that follows is them."""
        rest = spec.instruction.split("\n", 1)[1].strip("\n")
        if i < len(blocks) and blocks[i][0] == "TEXT":
            body = unescape_further(blocks[i][1])
            if body.split() == rest.split():
                return first + "\n" * (gap + 1) + body, blocks[i][2], i + 1, True
        return first, gap, i, False

    def text(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: list[Block], i: int
    ) -> tuple[Item, int]:
        """Text and checklist blocks that follow each other make one answer."""
        start = i
        n = len(blocks)
        i += 1
        while i < n and blocks[i][0] in _TEXTUAL:
            i += 1
        last = blocks[i - 1]
        gaps.append(last[2])
        layout = self.shared(ItemLayout(gaps=tuple(gaps)))
        if i - start == 1:
            kind, body = last[0], last[1]
            if kind == "BULLETS" and (
                spec.kind in ("checklist", "radiolist") if spec is not None else _look_like_options(body)
            ):
                options = tuple(Option(name=line[2:]) for line in body.split("\n"))
                multiple = spec is None or spec.kind == "checklist"
                return ChoiceItem(instruction=instruction, options=options, multiple=multiple, layout=layout), i
            return TextItem(instruction=instruction, text=unescape_text(body), layout=layout), i
        parts: list[str] = []
        for kind, body, gap, _line in blocks[start : i - 1]:
            parts.append(unescape_text(body) if kind == "TEXT" else body)
            parts.append("\n" * (gap + 1))
        parts.append(unescape_text(last[1]) if last[0] == "TEXT" else last[1])
        return TextItem(instruction=instruction, text="".join(parts), layout=layout), i

    def images(self, instruction: str | None, gaps: list[int], blocks: list[Block], i: int) -> tuple[Item, int]:
        """Image lines one blank line apart make one answer; a line may hold several images (a mosaic)."""
        images: list[Image] = []
        per_line: list[int] = []
        n = len(blocks)
        while True:
            _k, body, gap, _l = blocks[i]
            line = split_images(body)
            images.extend(Image(src=src, alt=alt) for alt, src in line)
            per_line.append(len(line))
            i += 1
            if gap != 1 or i >= n or blocks[i][0] != "IMAGE":
                break
        gaps.append(gap)
        sizes = tuple(per_line) if len(images) > len(per_line) else ()  # only where a line holds several
        layout = self.shared(ItemLayout(gaps=tuple(gaps), sizes=sizes))
        if len(images) == 1:
            return ImageItem(instruction=instruction, src=images[0].src, alt=images[0].alt, layout=layout), i
        return MosaicItem(instruction=instruction, images=tuple(images), layout=layout), i

    def group(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: list[Block], i: int
    ) -> tuple[Item, int]:
        order: dict[str, int] = {}
        unnamed: dict[str, int] = {}  # the template's questions without an instruction, by kind
        for k, question in enumerate(spec.items if spec is not None else ()):
            wording = normalize_instruction(question.instruction)
            if wording:
                order[wording] = k
            else:
                unnamed.setdefault(question.kind, k)
        records: list[list[Item]] = []
        current: list[Item] = []
        seen: set[object] = set()
        last_pos = -1
        sizes: list[int] = []
        n = len(blocks)
        while i < n and blocks[i][0] == "DIV_OPEN":
            open_line = blocks[i][3]
            gaps.append(blocks[i][2])
            j = i + 1
            while j < n and blocks[j][0] not in ("DIV_CLOSE", "DIV_OPEN"):
                j += 1
            if j >= n or blocks[j][0] != "DIV_CLOSE":
                raise ParseError(
                    "group div is never closed", line=open_line, column=1, text='<div class="group">',
                    expected="a '</div>' line",
                )
            inner, runs = self.items(blocks[i + 1 : j])
            if runs:
                raise ParseError("tags inside a group div", line=open_line, column=1, expected="items only")
            sizes.append(len(inner))
            for item in inner:
                key: object = item.instruction
                if key and key != "None":
                    pos = order.get(normalize_instruction(item.instruction or ""), -1)
                else:  # no question asked (no "> " line, an empty one, or "> None"): the answer's kind places it
                    key = type(item)
                    pos = min((unnamed[k] for k in _FILLS.get(type(item), ()) if k in unnamed), default=-1)
                if current and (key in seen or (pos >= 0 and last_pos >= 0 and pos <= last_pos)):
                    records.append(current)
                    current, seen = [], set()
                current.append(item)
                seen.add(key)
                last_pos = pos
            gaps.append(blocks[j][2])
            i = j + 1
        if current:
            records.append(current)
        layout = self.shared(ItemLayout(gaps=tuple(gaps), sizes=tuple(sizes)))
        return GroupItem(instruction=instruction, records=tuple(tuple(r) for r in records), layout=layout), i
