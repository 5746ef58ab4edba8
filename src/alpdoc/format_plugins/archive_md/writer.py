"""Writing a :class:`~alpdoc.model.Document` as archive markdown.

Layout read from a file is replayed exactly; a document built in code (or a
layout that no longer fits its content) gets the generator's usual spacing.
What the dialect cannot hold is first changed by
:func:`~alpdoc.format_plugins.archive_md.carry.carried`, and text lines that
would read as markers are escaped (:mod:`.escapes`), so whatever is written
reads back. An instruction of several lines is written as ``> `` lines, each
but the last ending in ``\\`` (a markdown line break), unless it was read as
a template's paragraph (:attr:`~alpdoc.model.ItemLayout.paragraph`).

:func:`written_blocks` gives the same output as line blocks, for ``project``.
"""

from __future__ import annotations

from ...model import (
    ChoiceItem,
    Document,
    DocumentLayout,
    GroupItem,
    HeaderEntry,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Section,
    SectionLayout,
    TagRun,
    TextItem,
)
from .carry import carried, header_fits, refuse_nul
from .escapes import ends_in_bold, escape_further, escape_text
from .interviews import write_interview

__all__ = ["write_archive_md", "written_blocks", "item_gaps"]

_FIRST_TAGS = ("focal_point", "year", "type")
_EMPTY_LEAD = "****"


class _Out:
    """Collects the written lines (or, for ``project``, the blocks as ``(kind, body, gap)``)."""

    __slots__ = ("parts", "tags", "cursor", "blocks", "headed", "joinable")

    def __init__(self, doc: Document, blocks: bool = False) -> None:
        self.parts: list[str] = []
        self.tags = doc.tags
        self.cursor = 0
        self.blocks: list[tuple[str, object, int]] | None = [] if blocks else None
        self.headed = False  # a heading without its lead line was the last line
        self.joinable = False  # the last line closed an instruction with "\" and no blank line after it

    def line(self, kind: str, text: str, gap: int) -> None:
        if self.joinable and kind == "INSTRUCTION":
            self._more_blank()  # else the reader joins the two instructions
        if self.headed and kind == "ANSWER" and ends_in_bold(text.lstrip("\n").split("\n", 1)[0]):
            self._put("LEAD", _EMPTY_LEAD, 0)  # else the reader takes the line for the lead
        self.headed = False
        self.joinable = kind == "INSTRUCTION" and gap == 0 and text.endswith("\\")
        self._put(kind, text, gap)

    def further(self, text: str) -> None:
        """An instruction line that the next ``> `` line continues (it ends in ``\\``)."""
        if self.joinable:
            self._more_blank()
        self.headed = False
        self.joinable = False
        self._put("INSTRUCTION", text, 0)

    def heading(self, text: str, gap: int, lead: bool) -> None:
        self.joinable = False
        self._put("SECTION", text, gap)
        self.headed = not lead

    def _put(self, kind: str, text: str, gap: int) -> None:
        if self.blocks is not None:
            self.blocks.append((kind, text, gap))
        else:
            self.parts.append(text)
            self.parts.append("\n" * (gap + 1))

    def _more_blank(self) -> None:
        if self.blocks is not None:
            kind, body, gap = self.blocks[-1]
            self.blocks[-1] = (kind, body, gap + 1)
        else:
            self.parts.append("\n")

    def tag_run(self, count: int, gap: int) -> None:
        self.headed = self.joinable = False
        run = self.tags[self.cursor : self.cursor + count]
        self.cursor += count
        if self.blocks is not None:
            if run:
                self.blocks.append(("TAGS", list(run), gap))
            elif gap and self.blocks:
                kind, body, last = self.blocks[-1]
                self.blocks[-1] = (kind, body, last + gap)
            return
        for tag in run:
            self.parts.append(f"[[{tag.key}:{tag.value}]]\n")
        self.parts.append("\n" * gap)


def write_archive_md(doc: Document) -> str:
    """The archive-markdown text of ``doc``; :class:`~alpdoc.FormatError` for text holding NUL."""
    doc = carried(doc)
    out = _Out(doc)
    layout = _write(out, doc)
    text = "".join(out.parts)
    if "\x00" in text:
        refuse_nul(doc)
    if layout is not None and not layout.final_newline and text.endswith("\n"):
        text = text[:-1]
    return text


def written_blocks(doc: Document) -> list[tuple[str, object, int]]:
    """What :func:`write_archive_md` writes for ``carried(doc)``, as ``(kind, body, gap)`` blocks.

    Kinds are the reader's, except ``ANSWER`` (an answer text, escaped, that
    may hold several blocks) and ``RAW`` (a header line kept verbatim).
    """
    out = _Out(doc, blocks=True)
    _write(out, doc)
    assert out.blocks is not None
    return out.blocks


def _write(out: _Out, doc: Document) -> DocumentLayout | None:
    layout = doc.layout if header_fits(doc) else None
    if layout is not None and out.blocks is None:
        out.parts.append(("\ufeff" if layout.bom else "") + "\n" * layout.leading_blanks)
    for entry in layout.header if layout is not None else _default_header(doc):
        if entry.kind == "title":
            _title(out, doc.title, entry.gap)
        elif entry.kind == "tags":
            out.tag_run(entry.count, entry.gap)
        else:
            out.line("RAW", entry.raw, entry.gap)
    body_runs = layout is not None
    for index, section in enumerate(doc.sections):
        _section(out, section, index == 0, body_runs)
    return layout


def _title(out: _Out, title: str, gap: int) -> None:
    if "\n" not in title:
        out.line("TITLE", "# " + title, gap)
        return
    first, rest = title.split("\n", 1)
    body = rest.lstrip("\n")
    out.line("TITLE", "# " + first, len(rest) - len(body))
    out.line("TEXT", escape_further(body), gap)


# --------------------------------------------------------------------------- header


def _default_header(doc: Document) -> list[HeaderEntry]:
    entries = [HeaderEntry(kind="title", gap=1)]
    tags = doc.tags
    k = 0
    while k < len(tags) and k < len(_FIRST_TAGS) and tags[k].key in _FIRST_TAGS:
        entries.append(HeaderEntry(kind="tags", count=1, gap=1))
        k += 1
    if k < len(tags):
        first = doc.sections[0] if doc.sections else None
        headed = first is not None and _section_layout(first, True).heading
        entries.append(HeaderEntry(kind="tags", count=len(tags) - k, gap=0 if headed else 1))
    return entries


# --------------------------------------------------------------------------- sections


def _section_layout(section: Section, first: bool) -> SectionLayout:
    if section.layout is not None:
        return section.layout
    untitled = first and not section.title and not section.lead and bool(section.items)
    return SectionLayout(heading=not untitled, lead_line=not untitled, lead_gap=1 if section.items else 0)


def _section(out: _Out, section: Section, first: bool, body_runs: bool) -> None:
    layout = _section_layout(section, first)
    if layout.heading or section.title or section.lead or not first:
        lead_line = layout.lead_line or bool(section.lead)
        out.heading("## " + section.title, layout.heading_gap, lead_line)
        if lead_line:
            # A fresh lead loses white space at its end (layout), which the archive page shows as '**Lead **'.
            lead = section.lead if section.layout is not None else section.lead.rstrip()
            out.line("LEAD", "**" + lead + "**", layout.lead_gap)
    runs: tuple[TagRun, ...] = layout.tag_runs if body_runs else ()
    r = 0
    for index, item in enumerate(section.items):
        while r < len(runs) and runs[r].before_item <= index:
            out.tag_run(runs[r].count, runs[r].gap)
            r += 1
        _item(out, item)
    for run in runs[r:]:
        out.tag_run(run.count, run.gap)


# --------------------------------------------------------------------------- items


def _answer(item: Item) -> list[tuple[str, str]] | None:
    """The answer's ``(kind, text)`` blocks, or ``None`` for an unanswered question."""
    if isinstance(item, TextItem):
        return [("ANSWER", escape_text(item.text))] if item.text else None
    if isinstance(item, ChoiceItem):
        names = [o.name for o in item.options if o.checked]
        if not names:
            return None
        if item.layout is None:
            names = [name.rstrip() for name in names]
        return [("BULLETS", "\n".join("- " + name for name in names))]
    if isinstance(item, ImageItem):
        return [("IMAGE", f"![{item.alt}]({item.src})")] if item.src else None
    if isinstance(item, MosaicItem):
        lines = [f"![{im.alt}]({im.src})" for im in item.images]
        sizes = item.layout.sizes if item.layout is not None else ()
        if sizes and sum(sizes) == len(lines) and all(sizes):  # several images on one line, as read
            joined, k = [], 0
            for size in sizes:
                joined.append("".join(lines[k : k + size]))
                k += size
            lines = joined
        return [("IMAGE", line) for line in lines] or None
    if isinstance(item, LinkItem):
        return [("LINK", f"[{item.url if item.text is None else item.text}]({item.url})")] if item.url else None
    raise TypeError(f"not an item: {item!r}")  # pragma: no cover


def _default_gaps(item: Item, answered: bool) -> list[int]:
    gaps: list[int] = []
    pictures = isinstance(item, (ImageItem, MosaicItem))
    if item.instruction is not None:
        gaps.append(2 if answered and pictures else 1)
    if answered:
        gaps.append(2 if pictures else 1)
    return gaps


def item_gaps(item: Item, answered: bool) -> list[int]:
    """The blank lines written after an item's instruction and answer: its layout's when they fit."""
    gaps = _default_gaps(item, answered)
    if item.layout is not None and len(item.layout.gaps) == len(gaps):
        return list(item.layout.gaps)
    return gaps


def _instruction(out: _Out, item: Item, gap: int) -> None:
    text = str(item.instruction)
    if "\n" not in text:
        out.line("INSTRUCTION", "> " + text, gap)
        return
    first, rest = text.split("\n", 1)
    body = rest.lstrip("\n")
    if item.layout is not None and item.layout.paragraph and body and not body.endswith("\n"):
        out.line("INSTRUCTION", "> " + first, len(rest) - len(body))
        out.line("TEXT", escape_further(body), gap)
        return
    lines = text.split("\n")
    for line in lines[:-1]:
        out.further("> " + line + "\\")
    out.line("INSTRUCTION", "> " + lines[-1], gap)


def _item(out: _Out, item: Item) -> None:
    if isinstance(item, TextItem) and item.timestamp is not None and write_interview(out, item):
        return  # an interview question and its answer (.interviews)
    if isinstance(item, GroupItem):
        _group(out, item)
        return
    if isinstance(item, TextItem) and item.quote and item.instruction is None:
        _quotation(out, item)
        return
    answer = _answer(item)
    gaps = item_gaps(item, answer is not None)
    g = 0
    if item.instruction is not None:
        _instruction(out, item, gaps[0])
        g = 1
    if answer is not None:
        for kind, text in answer[:-1]:
            out.line(kind, text, 1)  # the images of a mosaic, one blank line apart
        kind, text = answer[-1]
        out.line(kind, text, gaps[g])


def _quotation(out: _Out, item: TextItem) -> None:
    """A quoted text: one ``> `` line per line (a page reads them back as one quotation)."""
    if not item.text:
        return
    lines = item.text.split("\n")
    gap = item_gaps(item, True)[0]
    for line in lines[:-1]:
        out.line("INSTRUCTION", "> " + line, 0)
    out.line("INSTRUCTION", "> " + lines[-1], gap)


def _group(out: _Out, item: GroupItem) -> None:
    flat = [inner for record in item.records for inner in record]
    has_instruction = item.instruction is not None
    sizes = [1] * len(flat)
    gaps = ([1] if has_instruction else []) + [2, 3] * len(flat)
    layout = item.layout
    if layout is not None and sum(layout.sizes) == len(flat):
        expected = int(has_instruction) + 2 * len(layout.sizes)
        if len(layout.gaps) == expected:
            sizes, gaps = list(layout.sizes), list(layout.gaps)
    g = 0
    if has_instruction:
        _instruction(out, item, gaps[0])
        g = 1
    k = 0
    for size in sizes:
        out.line("DIV_OPEN", '<div class="group">', gaps[g])
        for inner in flat[k : k + size]:
            _item(out, inner)
        k += size
        out.line("DIV_CLOSE", "</div>", gaps[g + 1])
        g += 2
