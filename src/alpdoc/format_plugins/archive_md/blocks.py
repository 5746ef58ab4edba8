"""Archive markdown text to line blocks: the line lexer, the grammar's LALR parser, a Transformer.

A block is ``(kind, body, gap, line)``: the kind of line (a terminal of
``grammars/archive_md.lark``; a heading is ``"SECTION"``), its text without
the final newline (for tag lines, a :class:`TagLines`),
the number of blank lines after it, and its first line. :func:`parse_blocks`
gives the blocks before the first section and those of each section, in
order; pairing answers with questions and cutting group records is the
reader's next pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from sys import intern
from typing import Any

from lark import Transformer
from lark.exceptions import UnexpectedInput, UnexpectedToken

from ...errors import ParseError
from ...grammar import lalr_parser
from ...model import Tag
from .lexer import LineLexer, UnclosedTag, lex_lines

__all__ = ["Block", "TagLines", "parse_blocks"]

Block = tuple[str, Any, int, int]

_DESCRIBE = {
    "TITLE": "a '# title' line",
    "TAGS": "a '[[key:value]]' tag line",
    "HEADING": "a '## section' line",
    "INSTRUCTION": "a '> question' line",
    "TEXT": "answer text",
    "BULLETS": "a '- ' checklist line",
    "IMAGE": "an image line",
    "LINK": "a link line",
    "DIV_OPEN": "'<div class=\"group\">'",
    "DIV_CLOSE": "'</div>'",
    "BLANKS": "blank lines",
}
# What may stand where a tag line fails to close: at the very start, before the title, after it.
_BEFORE_TITLE = ("TITLE", "TAGS", "LINK", "TEXT")
_AFTER_TITLE = ("TAGS", "INSTRUCTION", "DIV_OPEN", "DIV_CLOSE", "BULLETS", "IMAGE", "LINK", "TEXT", "HEADING")


class TagLines(list):  # type: ignore[type-arg]
    """The tags of one ``TAGS`` token (consecutive tag lines, blank lines between them included).

    The list of its tags, in order. Where blank lines cut the lines into several runs,
    ``counts[k]`` tags make the ``k``-th run and ``gaps[k]`` blank lines follow
    it (the last run's are the block's gap); one run: both ``None``. One
    object per token, not one block per run: a file of tags between blank
    lines costs a list slot per tag, and equal tags share one :class:`~alpdoc.model.Tag`.
    """

    __slots__ = ("counts", "gaps")

    def __init__(
        self, tags: Iterable[Tag] = (), counts: list[int] | None = None, gaps: list[int] | None = None
    ) -> None:
        super().__init__(tags)
        self.counts = counts
        self.gaps = gaps

    @property
    def tags(self) -> list[Tag]:
        """The tags (this list itself)."""
        return self

    def add(self, tags: Iterable[Tag], gap_before: int) -> None:
        """Append a run of tags that followed the last after ``gap_before`` blank lines (0: the same run)."""
        before = len(self.tags)
        self.tags.extend(tags)
        if gap_before == 0:
            if self.counts is not None:
                self.counts[-1] += len(self.tags) - before
            return
        if self.counts is None or self.gaps is None:
            self.counts, self.gaps = [before], []
        self.counts.append(len(self.tags) - before)
        self.gaps.append(gap_before)

    def runs(self, last_gap: int) -> Iterator[tuple[int, int]]:
        """``(count, gap)`` of each run of lines; ``last_gap`` is the token's own gap."""
        if self.counts is None or self.gaps is None:
            yield len(self.tags), last_gap
            return
        yield from zip(self.counts, [*self.gaps, last_gap])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TagLines):
            return NotImplemented
        return list.__eq__(self, other) and (self.counts, self.gaps) == (other.counts, other.gaps)

    __hash__ = None  # mutable while the writer's blocks are joined

    def __repr__(self) -> str:
        return f"TagLines({list.__repr__(self)}, counts={self.counts!r}, gaps={self.gaps!r})"


def _tags(run: str) -> TagLines:
    """The tags of a tag token (its lines checked by the lexer): each ends at its first ``]]``."""
    lines = TagLines()
    tags: list[Tag] = lines
    counts: list[int] | None = None
    gaps: list[int] | None = None
    seen: dict[tuple[str, str], Tag] | None = None  # equal tags share one object (from the second tag on)
    i, n = 0, len(run)
    start = 0  # where the current run of lines starts in ``tags``
    while i < n:
        colon = run.index(":", i)
        close = run.index("]]", colon)
        key = intern(run[i + 2 : colon])  # keys repeat: one copy each
        value = run[colon + 1 : close]
        if seen is None:
            tag = Tag(key=key, value=value)
            if tags:
                seen = {(t.key, t.value): t for t in (tags[0], tag)}
        else:
            tag = seen.get((key, value))  # type: ignore[assignment]
            if tag is None:
                tag = seen[key, value] = Tag(key=key, value=value)
        tags.append(tag)
        i = close + 3
        blank = i
        while blank < n and run[blank] == "\n":
            blank += 1
        if blank > i:  # blank lines end a run of lines
            if counts is None or gaps is None:
                counts, gaps = [], []
            counts.append(len(tags) - start)
            gaps.append(blank - i)
            start = len(tags)
        i = blank
    if counts is not None:
        counts.append(len(tags) - start)
    lines.counts, lines.gaps = counts, gaps
    return lines


def _block(tok: Any) -> Block:
    kind = tok.type
    body = tok.value
    gap = tok.end_pos - tok.start_pos - len(body) - 1
    if kind == "TAGS":
        return (kind, _tags(body), gap, tok.line)
    if kind == "HEADING":
        kind = "SECTION"
    return (kind, body, gap, tok.line)


def _flatten(children: Iterable[Any]) -> list[Block]:
    out: list[Block] = []
    for child in children:
        if isinstance(child, list):
            out.extend(child)
        else:
            out.append(_block(child))
    return out


class _SectionBlocks(list):  # type: ignore[type-arg]
    """The blocks of one section (told apart from an item's blocks in ``start``)."""


class _ToBlocks(Transformer):  # type: ignore[type-arg]
    """Each rule's tokens become blocks as it is parsed (Lark's ``transformer=``)."""

    # Lark's anonymous rules (the repetitions) then get its plain Tree, which their parent inlines, at once.
    __default__ = None  # type: ignore[assignment]

    def header(self, children: list[Any]) -> list[Block]:
        return [
            (tok.type, _tags(tok.value) if tok.type == "TAGS" else tok.value,
             tok.end_pos - tok.start_pos - len(tok.value) - 1, tok.line)
            for tok in children
        ]

    item = header  # an item's tokens are never headings

    def group_div(self, children: list[Any]) -> list[Block]:
        return _flatten(children)

    def section(self, children: list[Any]) -> _SectionBlocks:
        return _SectionBlocks(_flatten(children))

    def start(self, children: list[Any]) -> tuple[list[Block], list[list[Block]]]:
        top: list[Block] = []
        sections: list[list[Block]] = []
        for child in children:
            if type(child) is _SectionBlocks:
                sections.append(child)
            elif isinstance(child, list):
                top.extend(child)
            else:
                top.append(_block(child))
        return top, sections


_TRANSFORMER = _ToBlocks()


def _flat_blocks(text: str) -> tuple[list[Block], list[list[Block]]]:
    """The blocks of every token in order, cut at headings only (for input whose divs do not match)."""
    return _cut(list(map(_block, lex_lines(text, _Tok))))


def _cut(blocks: list[Block]) -> tuple[list[Block], list[list[Block]]]:
    """Blocks in order: those before the first section, and each section's (a heading starts one)."""
    top: list[Block] = []
    sections: list[list[Block]] = []
    current = top
    for block in blocks:
        if block[0] == "SECTION":
            current = []
            sections.append(current)
        current.append(block)
    return top, sections


class _Tok:
    __slots__ = ("type", "value", "start_pos", "line", "end_pos")

    def __init__(self, kind: str, value: str, start_pos: int, line: int, _c: int, _el: int, _ec: int, end_pos: int):
        self.type, self.value, self.start_pos, self.line, self.end_pos = kind, value, start_pos, line, end_pos


def _expected(names: Iterable[str]) -> str | None:
    described = sorted({_DESCRIBE[n] for n in names if n in _DESCRIBE})
    return ", ".join(described) or None


def _error(reason: str, shown: str, offset: int, expected: Iterable[str]) -> ParseError:
    return ParseError.at_offset(reason, shown, offset, expected=_expected(expected))


def parse_blocks(text: str, final_newline: bool) -> tuple[list[Block], list[list[Block]]]:
    """The blocks before the first section, and each section's, of ``text`` (which ends with ``\\n``).

    ``final_newline`` says whether the input had that last newline (errors
    quote the input as it was). Bad input raises :class:`ParseError`; input
    whose group divs do not match gives its blocks as they come, for the
    reader to report.
    """
    shown = text if final_newline else text[:-1]
    try:
        parsed: tuple[list[Block], list[list[Block]]]
        parsed = lalr_parser("archive_md", ("start",), LineLexer, _TRANSFORMER).parse(text)  # type: ignore[assignment]
        return parsed  # the transformer's start() made it
    except UnclosedTag as exc:
        where = ("BLANKS", *_BEFORE_TITLE) if exc.offset == 0 else _BEFORE_TITLE if exc.before_title else _AFTER_TITLE
        raise _error("a tag line must end with ']]' (a '[[key:' line opens a tag)", shown, exc.offset, where) from None
    except UnexpectedToken as exc:
        if "TITLE" not in exc.expected:  # after the title only group divs can fail to match
            try:
                return _flat_blocks(text)
            except UnclosedTag as later:  # a tag line the parser had not reached yet is reported first
                raise _error("a tag line must end with ']]' (a '[[key:' line opens a tag)", shown, later.offset,
                             _BEFORE_TITLE if later.before_title else _AFTER_TITLE) from None
        if exc.token.type == "$END":
            line = shown.count("\n") + 1 if shown else 1
            raise ParseError(
                "the document has no '# ' title line", line=line, column=1, text="", expected="a '# title' line"
            ) from None
        raise _error("this line cannot stand here", shown, exc.token.start_pos, exc.expected) from None
    except UnexpectedInput as exc:  # pragma: no cover - the line lexer raises no other lexing error
        raise _error("this line cannot stand here", shown, getattr(exc, "pos_in_stream", 0) or 0, ()) from None
