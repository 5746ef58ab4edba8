"""Interviews in archive markdown: timestamped questions, each answer with its own tags.

The archive's story documents (``Experimenters_*``, ``SolutionMappers_*``,
``Explorers_*``) are transcripts of recorded interviews. Each question of
the interviewer is one line with the time it was asked, then the answer's
own tag lines (tools, tactics, principles, skills it mentions), then the
answer::

    ### [[0:27]] So could you tell me about an R&D activity?

    [[tools:Futures and Foresight]]
    [[tactics:Getting in there]]
    Yes, of course. ...

Such a question line starts with ``### `` or not, and its timestamp is
written in a few ways (``[[0:15]] ``, ``[[0:01\\]\\]``, ``[[11:08\\] ``,
``### \\[11:01]] ``, ``[[2:40 ``): the exact start of the line is layout
(:attr:`~alpdoc.model.ItemLayout.marker`), the time is content. Each
question and its answer read as one :class:`~alpdoc.model.TextItem` with
``instruction`` (the question), ``timestamp``, ``tags`` and ``text``.

A question line is found in the text blocks of a body (:func:`split_questions`);
a text line of that form that is not a question is written with one more
leading backslash (the escapes of :mod:`.escapes`). The writer writes an item
with a timestamp as such a question (:func:`write_interview`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from ...model import ItemLayout, Tag, TextItem
from .escapes import escape_text, one_line, tag_key, tag_value, unescape_text

if TYPE_CHECKING:
    from .blocks import Block, Blocks, TagBody

__all__ = [
    "QUESTION_LINE",
    "TIMESTAMP",
    "parse_question",
    "split_questions",
    "interview_item",
    "interview_blocks",
    "write_interview",
]

TIMESTAMP = re.compile(r"\d{1,3}(?::\d{2}){1,2}")
"""A timestamp the writer writes: ``m:ss`` or ``h:mm:ss`` (minutes or hours of up to three digits)."""

QUESTION_LINE = re.compile(
    r"(?P<marker>(?:### (?:\[\[|\\\[\[?)|\[\[)(?P<time>\d{1,3}(?::\d{2}){1,2})(?:[\\\]]+ ?| ))(?P<question>.*)"
)
"""An interview question line: ``### `` (optional), the timestamp in brackets, one space, the question.

Without ``### `` the line must open with ``[[``; with it also ``\\[`` or ``\\[[``
(markdown-escaped brackets). The brackets after the time may be any run of
``]`` and ``\\`` (then one space or none), or missing when a space follows the time.
"""

_ANSWER_KINDS = ("TEXT", "BULLETS")
_DEFAULT_MARKER = "### [[{}]] "


def parse_question(line: str) -> tuple[str, str, str] | None:
    """``(marker, timestamp, question)`` of a question line, ``None`` for any other line."""
    m = QUESTION_LINE.fullmatch(line)
    if m is None:
        return None
    return m.group("marker"), m.group("time"), m.group("question")


_START = re.compile(r"^(?:### \\?\[|\[\[)", re.M)


def split_questions(blocks: Blocks, start: int, stop: int) -> tuple[Blocks, int, int]:
    """Blocks ``start`` to ``stop`` with each question line of a text block as a ``QUESTION`` block of its own.

    The text before and after a question line stays text (blank lines
    between them become the gaps); other blocks are kept as they are.
    Returns ``(blocks, start, stop)`` itself when no text block holds a
    question line, else new blocks and their bounds.
    """
    out: Blocks | None = None
    kinds, bodies = blocks.kinds, blocks.bodies
    for k in range(start, stop):
        body = bodies[k]
        holds = kinds[k] == "TEXT" and ("[[" in body or "### " in body)  # a cheap test first: most text has neither
        pieces = _split(blocks[k]) if holds and _START.search(body) else None
        if pieces is None:
            if out is not None:
                out.append(*blocks[k])
            continue
        if out is None:
            out = blocks.sub(start, k)
        for piece in pieces:
            out.append(*piece)
    return (blocks, start, stop) if out is None else (out, 0, len(out))


def _split(block: Block) -> list[Block] | None:
    """The pieces of one text block cut at its question lines; ``None`` when it holds none."""
    _kind, body, gap, line = block
    lines = body.split("\n")
    if not any(parse_question(text) is not None for text in lines if text[:1] in "#["):
        return None
    pieces: list[Block] = []
    start = 0  # the first line of the current text piece
    k = 0
    while k < len(lines):
        if lines[k][:1] not in "#[" or parse_question(lines[k]) is None:
            k += 1
            continue
        if k > start:  # the text before the question, its blank lines as its gap
            end = k
            while end > start and lines[end - 1] == "":
                end -= 1
            pieces.append(("TEXT", "\n".join(lines[start:end]), k - end, line + start))
        after = k + 1
        while after < len(lines) and lines[after] == "":
            after += 1
        last = after >= len(lines)
        pieces.append(("QUESTION", lines[k], gap if last else after - k - 1, line + k))
        start = k = after
    if start < len(lines):
        pieces.append(("TEXT", "\n".join(lines[start:]), gap, line + start))
    return pieces


class _Shares(Protocol):
    def shared(self, entry: ItemLayout) -> ItemLayout: ...


def interview_item(builder: _Shares, blocks: Blocks, i: int, n: int) -> tuple[TextItem, int]:
    """The interview answer that starts at the ``QUESTION`` block ``i`` (blocks up to ``n``), and the next index.

    The tag lines directly under the question are the answer's tags; the
    text and ``- `` blocks after them, up to anything else, its text.
    """
    kinds, bodies = blocks.kinds, blocks.bodies
    parsed = parse_question(bodies[i])
    assert parsed is not None
    marker, timestamp, question = parsed
    gaps = [blocks.gaps[i]]
    i += 1
    tags: tuple[Tag, ...] = ()
    sizes: list[int] = []
    if i < n and kinds[i] == "TAGS":
        lines: TagBody = bodies[i]
        tags = tuple(lines.tags)
        for count, gap in lines.runs(blocks.gaps[i]):
            sizes.append(count)
            gaps.append(gap)
        i += 1
    start = i
    while i < n and kinds[i] in _ANSWER_KINDS:
        i += 1
    parts: list[str] = []
    for k in range(start, i):
        parts.append(unescape_text(bodies[k]) if kinds[k] == "TEXT" else bodies[k])
        parts.append("\n" * (blocks.gaps[k] + 1))
    if parts:
        parts.pop()
        gaps.append(blocks.gaps[i - 1])
    layout = builder.shared(ItemLayout(gaps=tuple(gaps), sizes=tuple(sizes), marker=marker))
    item = TextItem(instruction=question, text="".join(parts), timestamp=timestamp, tags=tags, layout=layout)
    return item, i


# --------------------------------------------------------------------------- writing


def _question_line(item: TextItem) -> str:
    """The question line of ``item``: its layout's marker when that still reads back as this question."""
    question = one_line(item.instruction or "")
    timestamp = str(item.timestamp)
    marker = item.layout.marker if item.layout is not None else None
    if marker is not None:
        line = marker + question
        if not line.startswith("[") or not _LINK_LINE.fullmatch(line):
            parsed = parse_question(line)
            if parsed is not None and parsed[1] == timestamp and parsed[2] == question:
                return line
    return _DEFAULT_MARKER.format(timestamp) + question


_LINK_LINE = re.compile(r"\[((?:[^\]\n]|\](?!\())*)\]\((.*)\)")


def _tag(tag: Tag) -> Tag:
    key, value = tag_key(tag.key), tag_value(tag.value)
    return tag if key == tag.key and value == tag.value else Tag(key=key, value=value)


def interview_blocks(item: TextItem) -> list[tuple[str, object, int]] | None:
    """What :func:`write_interview` writes for ``item`` as ``(kind, body, gap)`` blocks.

    The question line (a ``TEXT`` block), the tag runs (``TAGS`` blocks with
    lists of tags), the answer (``ANSWER``, escaped). ``None`` when the item
    cannot be written as an interview question (its timestamp is not
    ``m:ss`` or ``h:mm:ss``): the writer then writes it as any text item.
    """
    if item.timestamp is None or not TIMESTAMP.fullmatch(item.timestamp):
        return None
    tags = [_tag(t) for t in item.tags]
    answer = escape_text(item.text) if item.text else None
    sizes: list[int] = [len(tags)] if tags else []
    gaps = [1, *([0 if answer is not None else 1] if tags else []), *([1] if answer is not None else [])]
    layout = item.layout
    if (
        layout is not None
        and sum(layout.sizes) == len(tags)
        and all(layout.sizes)
        and len(layout.gaps) == 1 + len(layout.sizes) + (answer is not None)
    ):
        sizes, gaps = list(layout.sizes), list(layout.gaps)
    out: list[tuple[str, object, int]] = [("TEXT", _question_line(item), gaps[0])]
    k = 0
    for g, size in enumerate(sizes, start=1):
        out.append(("TAGS", tags[k : k + size], gaps[g]))
        k += size
    if answer is not None:
        out.append(("ANSWER", answer, gaps[-1]))
    return out


class _Writes(Protocol):
    """What :func:`write_interview` needs of the archive-md writer's output (``writer._Out``)."""

    blocks: list[tuple[str, object, int]] | None
    parts: list[str]
    headed: bool
    joinable: bool

    def line(self, kind: str, text: str, gap: int) -> None: ...


def write_interview(out: _Writes, item: TextItem) -> bool:
    """Write ``item`` as an interview question and answer; ``False`` (nothing written) when it cannot be."""
    written = interview_blocks(item)
    if written is None:
        return False
    for kind, body, gap in written:
        if kind != "TAGS":
            assert isinstance(body, str)
            out.line(kind, body, gap)
            continue
        assert isinstance(body, list)
        out.headed = out.joinable = False
        if out.blocks is not None:
            out.blocks.append(("TAGS", body, gap))
        else:
            out.parts.extend(_tag_lines(body))
            out.parts.append("\n" * gap)
    return True


def _tag_lines(tags: Sequence[Tag]) -> list[str]:
    return [f"[[{tag.key}:{tag.value}]]\n" for tag in tags]
