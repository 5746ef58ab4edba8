"""The line lexer of archive markdown: whole lines classified by cheap tests.

Each token is one line kind of ``grammars/archive_md.lark`` (a line, or a run
of lines of one kind) with the blank lines after it. Its ``value`` is the
line(s) without the final newline, ``start_pos`` and ``end_pos`` bound the
token with its blank lines (so ``end_pos - start_pos - len(value) - 1`` is
the number of blank lines after it), ``line`` is its first line.

Every test looks at the start of a line, or scans one line (or one tag value)
once with ``str.find``; a text run is found by one forward regex search for
the next line that may start another kind. So lexing is linear in the size of
the input and keeps nothing but the tokens the parser still holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lark.common import LexerConf
from lark.lexer import Lexer, Token

__all__ = ["LineLexer", "LinkFinder", "UnclosedTag", "lex_lines", "multiline_link"]

_NEWLINES = re.compile(r"\n*")
_TAG_OPEN = re.compile(r"\[\[[A-Za-z_][A-Za-z0-9_]*:")
# A newline before a line that may end a text run (image, link and tag lines are checked further).
_TEXT_STOP = re.compile(r'\n(?=> |## |<div class="group">\n|</div>\n|- |!\[|\[)')
_DIV_OPEN = '<div class="group">\n'
_DIV_CLOSE = "</div>\n"


class UnclosedTag(Exception):
    """A ``[[key:`` line whose value has no ``]]`` that ends a line."""

    def __init__(self, offset: int, before_title: bool) -> None:
        super().__init__(offset)
        self.offset = offset
        self.before_title = before_title


def _is_image(text: str, pos: int, eol: int) -> bool:
    """``![alt](src)`` from ``pos`` to ``eol``: the alt text holds no ``]``."""
    close = text.find("]", pos + 2, eol)
    return close >= 0 and text.startswith("(", close + 1) and text[eol - 1] == ")" and eol - 1 >= close + 2


def _is_link(text: str, pos: int, eol: int) -> bool:
    """``[text](url)`` from ``pos`` to ``eol``: the text holds no ``](``."""
    middle = text.find("](", pos + 1, eol)
    return middle >= 0 and text[eol - 1] == ")" and eol - 1 >= middle + 2


class LinkFinder:
    """Finds links written over several lines: ``[u](u)`` where ``u`` holds a line break.

    The platform writes a link as ``[u](u)`` with the same text and address;
    an address typed with line breaks spans lines. Such a link starts at a
    line opening with ``[``: ``u`` runs to the first ``](`` (it holds no
    ``](`` and no ``)`` that ends a line), and the same ``u`` follows, then
    ``)`` at the end of a line. The next ``](`` and ``)\n`` are searched once
    for each place they are found (later lines reuse them), so a text of many
    ``[`` lines is still read in linear time.
    """

    __slots__ = ("text", "_from", "_middle", "_end_from", "_end")

    def __init__(self, text: str) -> None:
        self.text = text
        self._from = self._end_from = len(text) + 1  # nothing searched yet
        self._middle = self._end = -1

    def _next(self, what: str, start: int, cached_from: int, cached: int) -> tuple[int, int]:
        if cached_from <= start <= cached or (cached < 0 and cached_from <= start):
            return cached_from, cached
        return start, self.text.find(what, start)

    def end(self, pos: int, eol: int) -> int:
        """The newline ending the multi-line link that opens at ``pos`` (its first line ends at ``eol``), or -1."""
        text = self.text
        self._from, self._middle = self._next("](", pos + 1, self._from, self._middle)
        middle = self._middle
        if middle < eol:  # no "](" at all, or on the first line: not a link of several lines
            return -1
        self._end_from, self._end = self._next(")\n", pos + 1, self._end_from, self._end)
        close = self._end
        # The text is text[pos + 1 : middle]: the address must be the same text, closed by the first ")\n".
        if close != 2 * middle + 1 - pos or not text.startswith(text[pos + 1 : middle], middle + 2):
            return -1
        return close + 1


def _is_marker(text: str, pos: int, eol: int, links: LinkFinder) -> bool:
    """Whether the line at ``pos`` (a candidate of ``_TEXT_STOP``) ends a text run."""
    first = text[pos]
    if first == "!":
        return _is_image(text, pos, eol)
    if first == "[":
        return _TAG_OPEN.match(text, pos) is not None or _is_link(text, pos, eol) or links.end(pos, eol) >= 0
    return True


def _blank_end(text: str, pos: int) -> int:
    """Where the run of newlines at ``pos`` ends."""
    blanks = _NEWLINES.match(text, pos)
    return blanks.end() if blanks is not None else pos  # "\n*" always matches


def _tag_run_end(text: str, value: int) -> int:
    """The end (the newline) of the tag lines whose first value starts at ``value``; -1 if that tag never closes.

    A value ends at its first ``]]``, which must end a line; the token goes
    on while the next line that is not blank opens a tag that closes (blank
    lines between tag lines stay inside one token, so a file of tags between
    blank lines is one token, not one per tag). Each ``]]`` is searched once.
    """
    close = text.find("]]", value)
    if close < 0 or not text.startswith("\n", close + 2):
        return -1
    while True:
        end = close + 2
        following = _blank_end(text, end + 1)
        if not text.startswith("[[", following):
            return end
        opened = _TAG_OPEN.match(text, following)
        if opened is None:
            return end
        close = text.find("]]", opened.end())
        if close < 0 or not text.startswith("\n", close + 2):
            return end


def lex_lines(text: str, make: Callable[..., Any], titled: bool = False) -> Iterator[Any]:
    """The tokens of ``text`` (which ends with ``\\n``).

    Each is built by ``make(type, value, start_pos, line, 1, line, 1, end_pos)``.

    ``titled``: the title was already seen (a ``# `` line is text). Raises
    :class:`UnclosedTag` at a tag line that never closes.
    """
    n = len(text)
    pos = 0
    line = 1
    find = text.find
    startswith = text.startswith
    if startswith("\n"):
        end = _blank_end(text, 0)
        yield make("BLANKS", "", 0, 1, 1, 1, 1, end)
        line, pos = end + 1, end
    after_heading = False
    links = LinkFinder(text)
    while pos < n:
        first = text[pos]
        eol = find("\n", pos)
        kind = ""
        lines = 1  # lines of the token before its blank lines (counted where a run may have more)
        if first == ">":
            if startswith("> ", pos):
                kind = "INSTRUCTION"
        elif first == "#":
            if startswith("## ", pos):
                kind = "HEADING"
            elif not titled and startswith("# ", pos):
                kind = "TITLE"
                titled = True
        elif first == "<":
            if startswith(_DIV_OPEN, pos):
                kind = "DIV_OPEN"
            elif startswith(_DIV_CLOSE, pos):
                kind = "DIV_CLOSE"
        elif first == "-":
            if startswith("- ", pos):
                kind = "BULLETS"
                while startswith("- ", eol + 1):
                    eol = find("\n", eol + 1)
                    lines += 1
        elif first == "!":
            if _is_image(text, pos, eol):
                kind = "IMAGE"
        elif first == "[":
            opened = _TAG_OPEN.match(text, pos)
            tags_end = _tag_run_end(text, opened.end()) if opened else -1
            if tags_end >= 0:
                kind = "TAGS"
                eol = tags_end
                lines = 0  # counted below: values may span lines
            elif _is_link(text, pos, eol):
                kind = "LINK"
            elif opened:
                raise UnclosedTag(pos, not titled)
            else:
                link_end = links.end(pos, eol)
                if link_end >= 0:
                    kind = "LINK"
                    eol = link_end
                    lines = 0  # counted below
        elif first == "*" and after_heading and eol - pos >= 4 and startswith("**", pos) and startswith("**", eol - 2):
            kind = "LEAD"
        if not kind:
            kind = "TEXT"
            lines = 0
            stop = _TEXT_STOP.search(text, eol)
            while stop is not None:
                nxt = stop.end()
                if _is_marker(text, nxt, find("\n", nxt), links):
                    break
                stop = _TEXT_STOP.search(text, nxt)
            eol = stop.start() if stop is not None else n - 1
            while text[eol - 1] == "\n":  # blank lines before the next marker are the gap
                eol -= 1
        end = eol + 1
        if end < n and text[end] == "\n":
            end = _blank_end(text, end)
        yield make(kind, text[pos:eol], pos, line, 1, line, 1, end)
        after_heading = kind == "HEADING"
        line += (lines or text.count("\n", pos, eol) + 1) + end - eol - 1
        pos = end


def multiline_link(body: str) -> tuple[str, str] | None:
    """``(text, url)`` of a link block written over several lines (``body``: no final newline), else ``None``."""
    if "\n" not in body or not body.startswith("[") or _TAG_OPEN.match(body):
        return None
    text = body + "\n"
    if LinkFinder(text).end(0, text.find("\n")) != len(body):
        return None
    middle = body.find("](")
    return body[1:middle], body[middle + 2 : -1]


class LineLexer(Lexer):
    """Lark's lexer for ``archive_md.lark``: :func:`lex_lines`, making Lark's tokens (or ``token_class``'s).

    Given a plain text, it yields a token per line kind. Given what
    :func:`.blocks.parse_blocks` hands Lark (an object with ``text`` and a
    ``sink``), each token goes through the sink, which keeps its block and
    gives Lark one shared token per kind.
    """

    def __init__(self, lexer_conf: LexerConf) -> None:
        pass

    def lex(self, data: Any, token_class: Callable[..., Any] = Token) -> Iterator[Any]:
        if isinstance(data, str):
            return lex_lines(data, token_class)
        sink = data.sink
        sink.use(token_class)
        return lex_lines(data.text, sink.make)
