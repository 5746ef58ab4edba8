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

from attrs import evolve, fields

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
from .blocks import Blocks, TagBody, parse_blocks
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
_Shared = TypeVar("_Shared", HeaderEntry, TagRun, Item)
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


_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = (str, int)


def _exactly_same(a: _Shared, b: _Shared) -> bool:
    """Whether two model objects of one class are the same in every field.

    Exact, not the content equality of ``==`` (which ignores white space at
    line ends): strings and numbers equal, every other field the very same
    object (the builder shares layouts, tags and tag runs; empty tuples,
    ``None`` and booleans are single objects).
    """
    cls = type(a)
    if type(b) is not cls:
        return False
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))  # an item's instruction first: most differ there
    for name in names:
        x, y = getattr(a, name), getattr(b, name)
        if x is not y and not (type(x) in _PLAIN and type(x) is type(y) and x == y):
            return False
    return True


def _append_shared(entries: list[_Shared], entry: _Shared) -> None:
    """Append ``entry``, or the last entry again where the two are exactly the same (:func:`_exactly_same`).

    Equal neighbours then share one object: a file of one short question
    repeated, or of tags between blank lines, costs a list slot per line,
    not an object.
    """
    entries.append(entries[-1] if entries and _exactly_same(entries[-1], entry) else entry)


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
        # In a group div: the kinds of the template's questions that have no instruction (None: not in one).
        self.unnamed: dict[str, int] | None = None
        self.best: str | None = None  # the best template's name

    # -- document and header --------------------------------------------------
    def document(self, top: Blocks, sections: list[Blocks], final_newline: bool) -> Document:
        template = self.choose_template(top, sections)
        leading = 0
        start = 0
        if top.kinds and top.kinds[0] == "BLANKS":
            leading = len(top.bodies[0]) + top.gaps[0] + 1  # body is "" ; gap counts the rest
            start = 1
        header, title, body = self.header(top, start)
        out_sections: list[Section] = []
        if body < len(top):
            items, runs = self.items(top, body, len(top))
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

    def choose_template(self, top: Blocks, sections: list[Blocks]) -> str | None:
        """Rank the templates for this document's ``> `` lines and ``type`` tag; the best one's name.

        Also notes whether the document is a page of another generator (its
        ``type`` tag one of :data:`PAGE_KINDS`: ``blog``, ``story``, ...).
        """
        asked: list[str] = []
        kind: str | None = None
        for blocks in (top, *sections):
            for what, body in zip(blocks.kinds, blocks.bodies):
                if what == "INSTRUCTION":
                    asked.append(body)
                elif what == "TAGS" and kind is None:
                    kind = next((t.value for t in body.tags if t.key == "type"), None)
        self.page = kind in PAGE_KINDS
        if not len(self.templates):
            return None
        self.templates, self.best = self.templates.choose(asked, kind)
        return self.best

    def add_tags(self, lines: TagBody) -> None:
        self.tags.extend(lines.tags)
        self.sources.update(t.value for t in lines.tags if t.key == "source")

    def shared(self, entry: ItemLayout) -> ItemLayout:
        """One object for equal item layouts (most items of a file have one of a few)."""
        return self._shared.setdefault(entry, entry)

    def header(self, blocks: Blocks, i: int) -> tuple[list[HeaderEntry], str, int]:
        """The header entries and title from block ``i`` on, and the index of the first block of the body."""
        entries: list[HeaderEntry] = []
        title = ""
        n = len(blocks)
        seen_title = False
        while i < n:
            kind, body, gap, _line = blocks[i]
            if kind == "TITLE":
                if seen_title:
                    break
                seen_title = True
                title = body[2:]
                # Continuation lines of a title that opens the file, up to the tags that follow it.
                if not entries and i + 2 < n and blocks.kinds[i + 1] == "TEXT" and blocks.kinds[i + 2] == "TAGS":
                    title += "\n" * (gap + 1) + unescape_further(blocks.bodies[i + 1])
                    gap = blocks.gaps[i + 1]
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
        return entries, title, i

    def _repeats_source(self, body: str) -> bool:
        parts = link_parts(body)
        return parts is not None and parts[1] in self.sources

    # -- sections -------------------------------------------------------------
    def section(self, blocks: Blocks) -> Section:
        title = blocks.bodies[0][3:]
        heading_gap = blocks.gaps[0]
        lead, lead_line, lead_gap = "", False, 1
        start = 1
        if len(blocks) > 1 and blocks.kinds[1] == "LEAD":
            lead, lead_line, lead_gap = blocks.bodies[1][2:-2], True, blocks.gaps[1]
            start = 2
        items, runs = self.items(blocks, start, len(blocks))
        return Section(
            title=title,
            lead=lead,
            items=tuple(items),
            layout=SectionLayout(
                heading=True, heading_gap=heading_gap, lead_line=lead_line, lead_gap=lead_gap, tag_runs=runs
            ),
        )

    # -- items ----------------------------------------------------------------
    def items(self, blocks: Blocks, i: int, n: int) -> tuple[list[Item], tuple[TagRun, ...]]:
        """The items of blocks ``i`` to ``n``, and the tag runs among them."""
        items: list[Item] = []
        runs: list[TagRun] = []
        item: Item
        blocks, i, n = split_questions(blocks, i, n)  # interview question lines: QUESTION blocks (.interviews)
        kinds = blocks.kinds
        while i < n:
            kind = kinds[i]
            if kind == "TAGS":
                lines = blocks.bodies[i]
                self.add_tags(lines)
                before = len(items)
                for count, g in lines.runs(blocks.gaps[i]):
                    _append_shared(runs, TagRun(before_item=before, count=count, gap=g))
                i += 1
                continue
            if kind == "QUESTION":
                item, i = interview_item(self, blocks, i, n)
            elif kind == "DIV_CLOSE":
                raise ParseError(
                    "'</div>' closes no group", line=blocks.lines[i], column=1, text=blocks.bodies[i],
                    expected="a '<div class=\"group\">' line before it",
                )
            elif kind == "INSTRUCTION" and self.page and self._quotes(blocks.bodies[i]):
                item, i = self.quotation(blocks, i, n)
            else:
                item, i = self.item(blocks, i, n)
            _append_shared(items, item)
        return items, tuple(runs)

    def _quotes(self, line: str) -> bool:
        """Whether a ``> `` line of a page is a quotation: no chosen template asks it."""
        return self.best is None or self.templates.item(line) is None

    def quotation(self, blocks: Blocks, i: int, n: int) -> tuple[Item, int]:
        """Consecutive ``> `` lines of a page (no blank line between them): one quoted text."""
        kinds, bodies, gaps = blocks.kinds, blocks.bodies, blocks.gaps
        lines = [bodies[i]]
        gap = gaps[i]
        i += 1
        while gap == 0 and i < n and kinds[i] == "INSTRUCTION" and self._quotes(bodies[i]):
            lines.append(bodies[i])
            gap = gaps[i]
            i += 1
        layout = self.shared(ItemLayout(gaps=(gap,)))
        return TextItem(text="\n".join(lines), quote=True, layout=layout), i

    def item(self, blocks: Blocks, i: int, n: int) -> tuple[Item, int]:
        kinds, bodies = blocks.kinds, blocks.bodies
        instruction: str | None = None
        gaps: list[int] = []
        spec: TemplateItem | None = None
        paragraph = False
        if kinds[i] == "INSTRUCTION":
            instruction = bodies[i]
            gap = blocks.gaps[i]
            i += 1
            # "> line\" with the next "> " line directly under it: one instruction of several lines.
            while gap == 0 and instruction.endswith("\\") and i < n and kinds[i] == "INSTRUCTION":
                instruction = instruction[:-1] + "\n" + bodies[i]
                gap = blocks.gaps[i]
                i += 1
            spec = self.templates.item(instruction)
            if spec is not None and "\n" in spec.instruction and "\n" not in instruction:
                instruction, gap, i, paragraph = self._continued(instruction, gap, spec, blocks, i, n)
            gaps.append(gap)
        if paragraph:
            item, i = self._answer(instruction, gaps, spec, blocks, i, n)
            return evolve(item, layout=evolve(item.layout or ItemLayout(), paragraph=True)), i
        return self._answer(instruction, gaps, spec, blocks, i, n)

    def _answer(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: Blocks, i: int, n: int
    ) -> tuple[Item, int]:
        nxt = blocks.kinds[i] if i < n else None
        if nxt == "DIV_OPEN":
            return self.group(instruction, gaps, spec, blocks, i, n)
        if nxt in _TEXTUAL:
            return self.text(instruction, gaps, spec, blocks, i, n)
        if nxt == "IMAGE":
            return self.images(instruction, gaps, blocks, i, n)
        if nxt == "LINK":
            parts = link_parts(blocks.bodies[i])
            assert parts is not None
            text, url = parts
            gaps.append(blocks.gaps[i])
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
        self, first: str, gap: int, spec: TemplateItem, blocks: Blocks, i: int, n: int
    ) -> tuple[str, int, int, bool]:
        """Join the template's further instruction paragraphs when the text that follows is them."""
        rest = spec.instruction.split("\n", 1)[1].strip("\n")
        if i < n and blocks.kinds[i] == "TEXT":
            body = unescape_further(blocks.bodies[i])
            if body.split() == rest.split():
                return first + "\n" * (gap + 1) + body, blocks.gaps[i], i + 1, True
        return first, gap, i, False

    def text(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: Blocks, i: int, n: int
    ) -> tuple[Item, int]:
        """Text and checklist blocks that follow each other make one answer."""
        kinds, bodies = blocks.kinds, blocks.bodies
        start = i
        i += 1
        while i < n and kinds[i] in _TEXTUAL:
            i += 1
        last = i - 1
        gaps.append(blocks.gaps[last])
        layout = self.shared(ItemLayout(gaps=tuple(gaps)))
        if i - start == 1:
            kind, body = kinds[last], bodies[last]
            if kind == "BULLETS" and self._options(instruction, spec, body):
                options = tuple(Option(name=line[2:]) for line in body.split("\n"))
                multiple = spec is None or spec.kind == "checklist"
                return ChoiceItem(instruction=instruction, options=options, multiple=multiple, layout=layout), i
            return TextItem(instruction=instruction, text=unescape_text(body), layout=layout), i
        parts: list[str] = []
        for k in range(start, last):
            parts.append(unescape_text(bodies[k]) if kinds[k] == "TEXT" else bodies[k])
            parts.append("\n" * (blocks.gaps[k] + 1))
        parts.append(unescape_text(bodies[last]) if kinds[last] == "TEXT" else bodies[last])
        return TextItem(instruction=instruction, text="".join(parts), layout=layout), i

    def _options(self, instruction: str | None, spec: TemplateItem | None, body: str) -> bool:
        """Whether a run of ``- `` lines answering ``instruction`` is a checklist's options (else free text).

        The template's question says; in a group, an answer with no question
        takes the kinds of the template's questions without an instruction
        (evidence records ask a text, a link and images: no checklist); with
        neither, short lines are options (:func:`_look_like_options`).
        """
        if spec is not None:
            return spec.kind in ("checklist", "radiolist")
        if self.unnamed and (not instruction or instruction == "None"):
            return "checklist" in self.unnamed or "radiolist" in self.unnamed
        return _look_like_options(body)

    def images(
        self, instruction: str | None, gaps: list[int], blocks: Blocks, i: int, n: int
    ) -> tuple[Item, int]:
        """Image lines one blank line apart make one answer; a line may hold several images (a mosaic)."""
        images: list[Image] = []
        per_line: list[int] = []
        while True:
            gap = blocks.gaps[i]
            line = split_images(blocks.bodies[i])
            images.extend(Image(src=src, alt=alt) for alt, src in line)
            per_line.append(len(line))
            i += 1
            if gap != 1 or i >= n or blocks.kinds[i] != "IMAGE":
                break
        gaps.append(gap)
        sizes = tuple(per_line) if len(images) > len(per_line) else ()  # only where a line holds several
        layout = self.shared(ItemLayout(gaps=tuple(gaps), sizes=sizes))
        if len(images) == 1:
            return ImageItem(instruction=instruction, src=images[0].src, alt=images[0].alt, layout=layout), i
        return MosaicItem(instruction=instruction, images=tuple(images), layout=layout), i

    def group(
        self, instruction: str | None, gaps: list[int], spec: TemplateItem | None, blocks: Blocks, i: int, n: int
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
        kinds = blocks.kinds
        while i < n and kinds[i] == "DIV_OPEN":
            open_line = blocks.lines[i]
            gaps.append(blocks.gaps[i])
            j = i + 1
            while j < n and kinds[j] not in ("DIV_CLOSE", "DIV_OPEN"):
                j += 1
            if j >= n or kinds[j] != "DIV_CLOSE":
                raise ParseError(
                    "group div is never closed", line=open_line, column=1, text='<div class="group">',
                    expected="a '</div>' line",
                )
            outer, self.unnamed = self.unnamed, unnamed
            try:
                inner, runs = self.items(blocks, i + 1, j)
            finally:
                self.unnamed = outer
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
            gaps.append(blocks.gaps[j])
            i = j + 1
        if current:
            records.append(current)
        layout = self.shared(ItemLayout(gaps=tuple(gaps), sizes=tuple(sizes)))
        return GroupItem(instruction=instruction, records=tuple(tuple(r) for r in records), layout=layout), i
