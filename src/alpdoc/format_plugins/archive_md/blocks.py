"""Archive markdown text to line blocks: the line lexer, checked by the grammar's LALR parser.

A block is ``(kind, body, gap, line)``: the kind of line (a terminal of
``grammars/archive_md.lark``; a heading is ``"SECTION"``), its text without
the final newline (for tag lines, a :class:`TagLines`; for a question, the
text after ``> ``), the number of blank lines after it, and its first line.
:func:`parse_blocks` gives the blocks before the first section and those of
each section, in order, as :class:`Blocks` (columns); pairing answers with
questions and cutting group records is the reader's next pass.

The lexer's tokens go to Lark's LALR parser, which checks that the lines
stand in an order the grammar allows and reports the first that does not.
Each token's block is kept as the token is lexed (:class:`_Sink`), not
built by the rules' callbacks: LALR keeps a rule's tokens until the rule is
reduced, and the parts of a body that no question asks for are reduced only
with the section, so a file of such lines would hold a token object per
line until the end (``benchmarks/linear_archive_md.py`` measures the peak).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from sys import intern
from typing import Any

from lark import Transformer
from lark.exceptions import UnexpectedInput, UnexpectedToken

from ...errors import ParseError
from ...grammar import lalr_parser
from ...model import Tag
from .lexer import LineLexer, UnclosedTag, lex_lines

__all__ = ["Block", "Blocks", "OneRun", "TagBody", "TagLines", "parse_blocks"]

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


class OneRun(tuple):  # type: ignore[type-arg]
    """The tags of a ``TAGS`` token whose lines stand together (no blank line between them): a tuple.

    It answers what :class:`TagLines` answers (``tags``, ``runs``) for the
    commonest token, a tag line or a few with no blank line among them, at
    the cost of a tuple (a file of tag lines between text lines holds one per line).
    """

    __slots__ = ()

    @property
    def tags(self) -> tuple[Tag, ...]:
        """The tags (this tuple itself)."""
        return self

    def runs(self, last_gap: int) -> Iterator[tuple[int, int]]:
        """``(count, gap)`` of the one run of lines: all the tags, then the token's own gap."""
        yield len(self), last_gap


TagBody = TagLines | OneRun
"""The body of a ``TAGS`` block."""


def _tags(run: str, previous: Tag | None = None) -> TagBody:
    """The tags of a tag token (its lines checked by the lexer): each ends at its first ``]]``.

    Equal tags of the token share one object, and so does a first tag equal
    to ``previous`` (the last tag of the token before).
    """
    tags: list[Tag] = []
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
            if not tags and previous is not None and previous.key == key and previous.value == value:
                tag = previous
            else:
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
    if counts is None:
        return OneRun(tags)
    counts.append(len(tags) - start)
    return TagLines(tags, counts, gaps)


class Blocks:
    """Line blocks in columns: block ``i`` is ``(kinds[i], bodies[i], gaps[i], lines[i])``.

    Four lists (the lines in an ``array``) instead of a tuple per block: a
    file of lines of a few bytes each costs about 32 bytes per line here,
    where a tuple and its line number would cost about 100. ``blocks[i]``
    still gives the tuple, for code that is not on the reader's hot path.
    An ``INSTRUCTION`` body is the question without its ``> ``.
    """

    __slots__ = ("kinds", "bodies", "gaps", "lines")

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.bodies: list[Any] = []
        self.gaps: list[int] = []
        self.lines = array("l")

    def append(self, kind: str, body: Any, gap: int, line: int) -> None:
        """Add a block at the end."""
        self.kinds.append(kind)
        self.bodies.append(body)
        self.gaps.append(gap)
        self.lines.append(line)

    def pop(self) -> Block:
        """Take the last block off, and give it."""
        return self.kinds.pop(), self.bodies.pop(), self.gaps.pop(), self.lines.pop()

    def sub(self, start: int, stop: int) -> Blocks:
        """A copy of blocks ``start`` to ``stop``."""
        out = Blocks()
        out.kinds, out.bodies, out.gaps = self.kinds[start:stop], self.bodies[start:stop], self.gaps[start:stop]
        out.lines = self.lines[start:stop]
        return out

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: int) -> Block:
        return self.kinds[i], self.bodies[i], self.gaps[i], self.lines[i]

    def __iter__(self) -> Iterator[Block]:
        return zip(self.kinds, self.bodies, self.gaps, self.lines)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Blocks):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # blocks are appended to

    def __repr__(self) -> str:
        return f"Blocks({list(self)!r})"


class _Sink:
    """Where the lexer's tokens go while Lark checks their order: each token's block, into columns.

    Lark is handed one token per kind, the same object every time (the
    parser looks at nothing but a token's type), so the parse keeps no
    object per line: its stack holds references, and the rules' callbacks
    build nothing (:class:`_Check`). The blocks are cut into the part before
    the first section and one :class:`Blocks` per section (a heading starts
    one). ``last`` is where the last token starts (a parse error's place).
    """

    __slots__ = ("top", "sections", "current", "last", "_tokens", "_tag")

    def __init__(self) -> None:
        self.top = self.current = Blocks()
        self.sections: list[Blocks] = []
        self.last = 0
        self._tag: Tag | None = None  # the last tag so far
        self._tokens: dict[str, Any] = {}

    def use(self, token_class: Callable[..., Any]) -> None:
        """Give Lark tokens of ``token_class`` (Lark's, or lark_cython's): one per kind, made once per process."""
        tokens = _SHARED.get(token_class)
        if tokens is None:
            tokens = _SHARED[token_class] = {kind: token_class(kind, "", 0, 0, 0, 0, 0, 0) for kind in _KINDS}
        self._tokens = tokens

    def make(self, kind: str, value: str, start: int, line: int, _c: int, _el: int, _ec: int, end: int) -> Any:
        """The block of one lexed token (``lex_lines``' ``make``); gives the token to feed Lark."""
        self.last = start
        gap = end - start - len(value) - 1
        if kind == "TAGS":
            tags = _tags(value, self._tag)
            self._tag = tags[-1]
            self.current.append(kind, tags, gap, line)
        elif kind == "INSTRUCTION":
            self.current.append(kind, value[2:], gap, line)
        elif kind == "HEADING":
            self.current = Blocks()
            self.sections.append(self.current)
            self.current.append("SECTION", value, gap, line)
        else:
            self.current.append(kind, value, gap, line)
        return self._tokens[kind]


_KINDS = (*_DESCRIBE, "LEAD")
"""Every terminal of the grammar (the line kinds the lexer finds)."""
_SHARED: dict[Callable[..., Any], dict[str, Any]] = {}
"""The tokens a sink gives Lark, by token class: one per line kind."""


class _Input:
    """What :func:`parse_blocks` hands Lark to parse: the text and the sink the lexer fills."""

    __slots__ = ("text", "sink")

    def __init__(self, text: str, sink: _Sink) -> None:
        self.text, self.sink = text, sink


class _Check(Transformer):  # type: ignore[type-arg]
    """The rules' callbacks while parsing (Lark's ``transformer=``): nothing is built, the order is checked."""

    # Lark's anonymous rules (the repetitions) get its plain Tree, which their parent inlines at once (one list).
    __default__ = None  # type: ignore[assignment]

    def _nothing(self, _children: list[Any]) -> None:
        return None

    start = header = section = item = group_div = _nothing


_CHECK = _Check()


def _flat_blocks(text: str) -> tuple[Blocks, list[Blocks]]:
    """The blocks of every token in order, cut at headings only (for input whose divs do not match)."""
    sink = _Sink()
    sink.use(_Tok)
    for _token in lex_lines(text, sink.make):
        pass
    return sink.top, sink.sections


class _Tok:
    """A token where Lark's own class is not needed (``project`` lexing a text, the sink's shared tokens)."""

    __slots__ = ("type", "value", "start_pos", "line", "end_pos")

    def __init__(self, kind: str, value: str, start_pos: int, line: int, _c: int, _el: int, _ec: int, end_pos: int):
        self.type, self.value, self.start_pos, self.line, self.end_pos = kind, value, start_pos, line, end_pos


def _expected(names: Iterable[str]) -> str | None:
    described = sorted({_DESCRIBE[n] for n in names if n in _DESCRIBE})
    return ", ".join(described) or None


def _error(reason: str, shown: str, offset: int, expected: Iterable[str]) -> ParseError:
    return ParseError.at_offset(reason, shown, offset, expected=_expected(expected))


def parse_blocks(text: str, final_newline: bool) -> tuple[Blocks, list[Blocks]]:
    """The blocks before the first section, and each section's, of ``text`` (which ends with ``\\n``).

    ``final_newline`` says whether the input had that last newline (errors
    quote the input as it was). Bad input raises :class:`ParseError`; input
    whose group divs do not match gives its blocks as they come, for the
    reader to report.
    """
    shown = text if final_newline else text[:-1]
    sink = _Sink()
    try:
        lalr_parser("archive_md", ("start",), LineLexer, _CHECK).parse(_Input(text, sink))
        return sink.top, sink.sections
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
        raise _error("this line cannot stand here", shown, sink.last, exc.expected) from None
    except UnexpectedInput as exc:  # pragma: no cover - the line lexer raises no other lexing error
        raise _error("this line cannot stand here", shown, getattr(exc, "pos_in_stream", 0) or 0, ()) from None
