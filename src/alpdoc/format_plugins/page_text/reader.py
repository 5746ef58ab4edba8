"""Reading page text: its lines, then the structure the best template gives them (:mod:`.recover`).

The reader never refuses what the writer wrote: a line no template question
places is read as an answer without instruction, in document order. Only
text that is not page text at all (no disclaimer, no footer, a blank line,
invalid UTF-8, a NUL) is an error, and with ``options.strict`` a line no
template places is one too, naming the templates tried.
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import UnexpectedInput

from ...decoding import check_line_ends, decode_text, split_bom
from ...errors import ParseError
from ...grammar import lalr_parser
from ...model import Document
from ...options import ReaderOptions
from .recover import Recovered, recover
from .writer import Page

__all__ = ["read_page_text", "read_page"]


def read_page(text: str, source: str | None = None) -> tuple[Page, list[Token], str]:
    """The page of ``text``, its body line tokens and the text they point into (without byte order mark,
    LF line ends); :class:`ParseError` for text that is not page text."""
    text, bom = split_bom(text)
    check_line_ends(text, source)
    text, crlf = _lf_lines(text, source)
    try:
        tree = lalr_parser("page_text").parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, source) from None
    tokens: list[Token] = list(tree.children)  # type: ignore[arg-type] # the rule holds tokens only
    body = tokens[2:-2]
    page = Page(disclaimer=str(tokens[1]), lines=tuple(str(t) for t in body), final_newline=text.endswith("\n"),
                bom=bom, crlf=crlf)
    return page, body, text


def _lf_lines(text: str, source: str | None) -> tuple[str, bool]:
    """``text`` with LF line ends, and whether they were CRLF (told by the first line; all must agree)."""
    first = text.find("\n")
    crlf = first > 0 and text[first - 1] == "\r"
    pos = first
    while pos >= 0:
        if (pos > 0 and text[pos - 1] == "\r") != crlf:
            found, other = ("LF", "CRLF") if crlf else ("CRLF", "LF")
            err = ParseError.at_offset(f"this line ends in {found}, the first line in {other}: page text uses one "
                                       "kind of line end", text, pos - (not crlf), expected=f"{other} line ends")
            raise err.with_source(source) if source else err
        pos = text.find("\n", pos + 1)
    return (text.replace("\r\n", "\n"), True) if crlf else (text, False)


def read_page_text(data: bytes | str, options: ReaderOptions | None = None) -> Document:
    """Parse page text, its structure recovered with ``options.templates`` (the best match per document;
    default: the registered templates)."""
    if options is None:
        from ...api import reader_options  # the api imports the format plugins

        options = reader_options()
    page, body, text = read_page(decode_text(data, options.source), options.source)
    found = recover(page, options.templates)
    if options.strict and found.loose:
        raise _strict_error(found, body, text, options.source)
    return found.document


_ADVICE = ("pass the template of this form (templates=...), or learn one from archive-markdown files of it "
           "with 'alpdoc templates learn'")


def _strict_error(found: Recovered, body: list[Token], text: str, source: str | None) -> ParseError:
    """Why the first line no template places is refused: what it was read as, and what to do."""
    tried = _names(found.tried)
    best = found.document.template
    if found.free_form:
        message = (f"strict: the page reads as user-written sections only, each answer under its own title, "
                   f"which no template tried has ({_ADVICE})")
        expected = f"a section title or question of a template (templates tried: {tried})"
    elif best is None:
        message = f"strict: no template tried places any line of this page ({_ADVICE})"
        expected = f"a section title or question of a template (templates tried: {tried})"
    else:
        what = found.why[0] if found.why else "this line is no section title or question of"
        message = f"strict: {what} template {best!r}, the best match ({_ADVICE})"
        expected = f"a section title or question of template {best!r} (templates tried: {tried})"
    return _located(message, body, found.loose[0], text, source, expected=expected)


def _names(tried: tuple[str, ...], shown: int = 5) -> str:
    """The templates tried, best first: the first few by name, then how many more."""
    if not tried:
        return "none"
    names = ", ".join(repr(name) for name in tried[:shown])
    return names if len(tried) <= shown else f"{names} and {len(tried) - shown} more"


def _located(message: str, body: list[Token], index: int, text: str, source: str | None, **kw: str) -> ParseError:
    tok = body[index] if index < len(body) else None
    offset = tok.start_pos if tok is not None and tok.start_pos is not None else len(text)
    err = ParseError.at_offset(message, text, offset, **kw)
    return err.with_source(source) if source else err


def _syntax_error(exc: UnexpectedInput, text: str, source: str | None) -> ParseError:
    token = getattr(exc, "token", None)
    at_end = token is not None and getattr(token, "type", "") == "$END"
    offset = token.start_pos if token is not None and not at_end else getattr(exc, "pos_in_stream", None)
    if not text.startswith("Disclaimer:\n"):
        offset, message, expected = 0, "page text starts with its disclaimer", "'Disclaimer:' then the disclaimer"
    elif at_end or offset is None:
        offset = len(text)
        message = "the page text ends without its footer"
        expected = "'Comments' and 'Log in to add a comment or reply.' as the last lines"
    elif text[offset : offset + 1] == "\n":
        message, expected = "blank line: page text has none", "a line of text"
    else:
        message, expected = "this line cannot stand here", "a line of text"
    err = ParseError.at_offset(message, text, min(offset, len(text)), expected=expected)
    return err.with_source(source) if source else err
