"""Reading page text: the structure is recovered by walking a template.

The page shows section titles, instructions and answers as bare lines. A
template says which lines to expect, in order: a line equal to a later section
title opens that section (the current section's title, once it has items,
opens it again: platform templates can repeat a section); a line equal to a later question's instruction
(first line, then its further lines) opens that question, and a group's
instruction opens a new record of the group; any other line is the answer of
the open question. Questions the page skipped are simply absent; a question
followed directly by the next instruction was left unanswered.

Every registered template is tried (or only the one passed); the first that
accounts for every line wins. When none does, the error names the line that
the closest template could not place.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from lark import Token
from lark.exceptions import UnexpectedInput

from ...decoding import decode_text
from ...errors import ParseError
from ...grammar import lalr_parser
from ...model import (
    ChoiceItem,
    Document,
    DocumentLayout,
    GroupItem,
    HeaderEntry,
    ImageItem,
    Item,
    LinkItem,
    Option,
    Section,
    TextItem,
)
from ...templates import Template, TemplateItem, TemplateRegistry
from .vocabulary import flatten, instruction_lines

__all__ = ["read_page_text", "split_options"]

ANSWERABLE = frozenset({"txt", "title", "checklist", "radiolist", "other"})


def split_options(answer: str, known: Iterable[str] = ()) -> tuple[Option, ...]:
    """Checked options from a ``", "``-joined line; known option names may themselves hold ``", "``."""
    names: list[str] = []
    candidates = sorted({flatten(k) for k in known}, key=len, reverse=True)
    rest = answer
    while rest:
        for name in candidates:
            if rest == name or rest.startswith(name + ", "):
                names.append(name)
                rest = rest[len(name) + 2 :]
                break
        else:
            head, _sep, rest = rest.partition(", ")
            names.append(head)
    return tuple(Option(name=n) for n in names)


class _Open:
    """A question being read: its template spec, the instruction lines seen, its answer."""

    __slots__ = ("spec", "instruction", "answer", "records")

    def __init__(self, spec: TemplateItem, instruction: str) -> None:
        self.spec = spec
        self.instruction = instruction
        self.answer: str | None = None
        self.records: list[list[Item]] = []

    def build(self) -> Item:
        spec, ins, answer = self.spec, self.instruction, self.answer
        if spec.kind == "group":
            records = tuple(tuple(r) for r in self.records)
            return GroupItem(instruction=ins, records=() if records == ((),) else records)
        if spec.kind == "checklist":
            return ChoiceItem(instruction=ins, options=split_options(answer or "", spec.options), multiple=True)
        if spec.kind == "radiolist":
            return ChoiceItem(instruction=ins, options=(Option(name=answer),) if answer else (), multiple=False)
        if spec.kind in ("img", "mosaic"):
            return ImageItem(instruction=ins)
        if spec.kind == "embed":
            return LinkItem(instruction=ins)
        return TextItem(instruction=ins, text=answer or "")


class _Failure(Exception):
    def __init__(self, index: int, expected: str) -> None:
        super().__init__(expected)
        self.index = index
        self.expected = expected


@functools.lru_cache(maxsize=4096)
def _spellings(spec: TemplateItem) -> tuple[tuple[str, ...], frozenset[str]]:
    """``spec``'s instruction as page lines, and the first lines it (or an alias) may start with."""
    wanted = tuple(instruction_lines(spec.instruction))
    firsts = {wanted[0]} if wanted else set()
    firsts.update(first for alias in spec.aliases for first in instruction_lines(alias)[:1])
    return wanted, frozenset(firsts)


def _match_instruction(lines: list[str], i: int, spec: TemplateItem) -> int:
    """How many lines from ``i`` spell ``spec``'s instruction (0: no match)."""
    wanted, firsts = _spellings(spec)
    if not wanted or lines[i] not in firsts:
        return 0
    n = 1
    while n < len(wanted) and i + n < len(lines) and lines[i + n] == wanted[n]:
        n += 1
    return n


def _walk(template: Template, lines: list[str]) -> list[Section]:
    """The sections of ``lines`` read with ``template``; :class:`_Failure` where a line fits nothing."""
    tsections = template.sections
    sections: list[tuple[str, list[Item]]] = []
    sec = -1
    pos = -1  # index of the last question matched in the current template section
    item: _Open | None = None
    sub: _Open | None = None  # the open question inside the open group record
    sub_pos = -1
    i = 0

    def close_sub() -> None:
        nonlocal sub
        if item is not None and sub is not None:
            item.records[-1].append(sub.build())
        sub = None

    def close_item() -> None:
        nonlocal item
        close_sub()
        if item is not None:
            sections[-1][1].append(item.build())
        item = None

    def open_section(s: int, title: str) -> None:
        nonlocal sec, pos
        close_item()
        sec, pos = s, -1
        sections.append((title, []))

    while i < len(lines):
        line = lines[i]
        # A later section's title, or the current one's again (a repeated section).
        start = sec if sec >= 0 and sections[-1][1] else sec + 1
        later = [s for s in range(start, len(tsections)) if tsections[s].title and flatten(tsections[s].title) == line]
        if later:
            open_section(later[0], line)
            i += 1
            continue
        # Inside a group: a new record, or the next question of the record.
        if item is not None and item.spec.kind == "group":
            n = _match_instruction(lines, i, item.spec)
            if n:
                close_sub()
                item.records.append([])
                sub_pos = -1
                i += n
                continue
            found = False
            for k in range(sub_pos + 1, len(item.spec.items)):
                n = _match_instruction(lines, i, item.spec.items[k])
                if n:
                    close_sub()
                    sub, sub_pos = _Open(item.spec.items[k], "\n".join(lines[i : i + n])), k
                    i += n
                    found = True
                    break
            if found:
                continue
        # A later question of this section, or of a later untitled section.
        found = False
        for s in range(max(sec, 0), len(tsections)):
            if s > sec and tsections[s].title:
                break
            start = pos + 1 if s == sec else 0
            for k in range(start, len(tsections[s].items)):
                spec = tsections[s].items[k]
                n = _match_instruction(lines, i, spec)
                if n:
                    if s != sec:
                        open_section(s, "")
                    close_item()
                    item, pos = _Open(spec, "\n".join(lines[i : i + n])), k
                    if spec.kind == "group":
                        item.records.append([])
                        sub, sub_pos = None, -1
                    i += n
                    found = True
                    break
            if found:
                break
        if found:
            continue
        # Otherwise: the answer of the open question.
        target = sub if item is not None and item.spec.kind == "group" else item
        if item is not None and item.spec.kind == "group" and sub is None:
            # A record question without instruction shows only its answer.
            for k in range(sub_pos + 1, len(item.spec.items)):
                spec = item.spec.items[k]
                if not instruction_lines(spec.instruction) and spec.kind in ANSWERABLE:
                    sub, sub_pos = _Open(spec, ""), k
                    target = sub
                    break
        if target is not None and target.answer is None and target.spec.kind in ANSWERABLE:
            target.answer = line
            i += 1
            continue
        raise _Failure(i, _expectation(template, sec, target))
    close_item()
    return [Section(title=title, items=tuple(items)) for title, items in sections]


def _expectation(template: Template, sec: int, target: _Open | None) -> str:
    where = f"template {template.name!r}"
    if sec < 0:
        return f"a section title or question of {where}"
    if target is not None and target.answer is not None:
        return f"the next question of {where} after {target.instruction.splitlines()[0]!r}"
    return f"a question or section title of {where}"


def read_page_text(
    data: bytes | str, *, templates: TemplateRegistry | Template | None = None, source: str | None = None
) -> Document:
    """Parse page text with the templates; :class:`ParseError` names the line no template can place."""
    text = decode_text(data, source)
    try:
        tree = lalr_parser("page_text").parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, source) from None
    tokens: list[Token] = list(tree.children)  # type: ignore[arg-type] # the rule holds tokens only
    sentence = str(tokens[1])
    body = tokens[2:-2]
    lines = [str(t) for t in body]
    if isinstance(templates, Template):
        candidates = [templates]
    else:
        candidates = list(templates or ())
    if not candidates:
        raise _located(ParseError, "no template to read page text with", body, 0, text, source,
                       expected="a template: pass templates=..., or learn one with 'alpdoc templates learn'")
    best: _Failure | None = None
    for template in candidates:
        try:
            sections = _walk(template, lines)
        except _Failure as failure:
            if best is None or failure.index > best.index:
                best = failure
            continue
        layout = DocumentLayout(
            header=(HeaderEntry(kind="page-disclaimer", raw=sentence), HeaderEntry(kind="page-template", raw=template.name)),
            final_newline=text.endswith("\n"),
        )
        return Document(sections=tuple(sections), layout=layout)
    assert best is not None
    raise _located(
        ParseError,
        "this line fits no known template (pass a template explicitly, or learn one from archive-markdown "
        "files with 'alpdoc templates learn' and register it)",
        body, best.index, text, source, expected=best.expected,
    )


def _located(
    cls: type[ParseError], message: str, body: list[Token], index: int, text: str, source: str | None, **kw: str
) -> ParseError:
    tok = body[index] if index < len(body) else None
    offset = tok.start_pos if tok is not None else len(text)
    err = cls.at_offset(message, text, offset, **kw)
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
