"""Writing a :class:`~alpdoc.model.Document` as archive markdown.

Layout read from a file is replayed exactly; a document built in code (or a
layout that no longer fits its content) gets the generator's usual spacing.
"""

from __future__ import annotations

from ...model import (
    ChoiceItem,
    Document,
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

__all__ = ["write_archive_md"]

_FIRST_TAGS = ("focal_point", "year", "type")


class _Out:
    __slots__ = ("parts", "tags", "cursor")

    def __init__(self, doc: Document) -> None:
        self.parts: list[str] = []
        self.tags = doc.tags
        self.cursor = 0

    def line(self, text: str, gap: int) -> None:
        self.parts.append(text)
        self.parts.append("\n" * (gap + 1))

    def tag_run(self, count: int, gap: int) -> None:
        for tag in self.tags[self.cursor : self.cursor + count]:
            self.parts.append(f"[[{tag.key}:{tag.value}]]\n")
        self.cursor += count
        self.parts.append("\n" * gap)


def write_archive_md(doc: Document) -> str:
    """The archive-markdown text of ``doc``."""
    out = _Out(doc)
    layout = doc.layout if doc.layout is not None and _header_fits(doc) else None
    if layout is not None:
        out.parts.append("\n" * layout.leading_blanks)
    for entry in layout.header if layout is not None else _default_header(doc):
        if entry.kind == "title":
            out.line("# " + doc.title, entry.gap)
        elif entry.kind == "tags":
            out.tag_run(entry.count, entry.gap)
        else:
            out.line(entry.raw, entry.gap)
    body_runs = layout is not None
    for index, section in enumerate(doc.sections):
        _section(out, section, index == 0, body_runs)
    text = "".join(out.parts)
    if layout is not None and not layout.final_newline and text.endswith("\n"):
        text = text[:-1]
    return text


# --------------------------------------------------------------------------- header


def _header_fits(doc: Document) -> bool:
    """Whether the stored layout accounts for exactly this document's title and tags."""
    assert doc.layout is not None
    header = doc.layout.header
    if sum(e.kind == "title" for e in header) != 1:
        return False
    placed = sum(e.count for e in header if e.kind == "tags")
    for section in doc.sections:
        if section.layout is not None:
            placed += sum(run.count for run in section.layout.tag_runs)
    return placed == len(doc.tags)


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
        out.line("## " + section.title, layout.heading_gap)
        if layout.lead_line or section.lead:
            out.line("**" + section.lead + "**", layout.lead_gap)
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


def _answer_lines(item: Item) -> list[str] | None:
    """The answer's line blocks, or ``None`` for an unanswered question."""
    if isinstance(item, TextItem):
        return [item.text] if item.text else None
    if isinstance(item, ChoiceItem):
        names = [o.name for o in item.options if o.checked]
        return ["\n".join("- " + name for name in names)] if names else None
    if isinstance(item, ImageItem):
        return [f"![{item.alt}]({item.src})"] if item.src else None
    if isinstance(item, MosaicItem):
        if not item.images:
            return None
        return ["\n\n".join(f"![{im.alt}]({im.src})" for im in item.images)]
    if isinstance(item, LinkItem):
        return [f"[{item.url if item.text is None else item.text}]({item.url})"] if item.url else None
    raise TypeError(f"not an item: {item!r}")  # pragma: no cover


def _default_gaps(item: Item, answered: bool) -> list[int]:
    gaps: list[int] = []
    pictures = isinstance(item, (ImageItem, MosaicItem))
    if item.instruction is not None:
        gaps.append(2 if answered and pictures else 1)
    if answered:
        gaps.append(2 if pictures else 1)
    return gaps


def _item(out: _Out, item: Item) -> None:
    if isinstance(item, GroupItem):
        _group(out, item)
        return
    answer = _answer_lines(item)
    gaps = _default_gaps(item, answer is not None)
    if item.layout is not None and len(item.layout.gaps) == len(gaps):
        gaps = list(item.layout.gaps)
    g = 0
    if item.instruction is not None:
        out.line("> " + item.instruction, gaps[0])
        g = 1
    if answer is not None:
        out.line(answer[0], gaps[g])


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
        out.line("> " + str(item.instruction), gaps[0])
        g = 1
    k = 0
    for size in sizes:
        out.line('<div class="group">', gaps[g])
        for inner in flat[k : k + size]:
            _item(out, inner)
        k += size
        out.line("</div>", gaps[g + 1])
        g += 2
