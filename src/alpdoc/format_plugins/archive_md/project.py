"""What archive markdown can carry: ``project(doc, options)`` for the ``archive-md`` format.

The projection is the reader's own second pass run on what the writer
writes: the writer gives its output as line blocks
(:func:`~.writer.written_blocks`), :func:`lexed_blocks` turns them into the
blocks the lexer would find in that text (answer texts cut into text and
``- `` runs, neighbouring text runs joined), and the reader's builder makes
the document, with the same templates, the same template choice and the
same decisions. So ``project(doc, options) == read(write(doc), options)``
by construction, without writing or lexing any text.

What the format does not keep, in short: layout; platform-only content
(:func:`alpdoc.projection.drop_platform`); unchecked options and the radio
or checklist distinction; what :func:`~.carry.carried` changes to make the
document writable (tag keys and values, titles, leads, option names, URLs,
alt and link texts); a ``- `` answer read as a checklist or as text as the
template says; neighbouring answers without an instruction merged; blank
lines at the ends of texts.
"""

from __future__ import annotations

from attrs import evolve

from ...model import Document, DocumentLayout
from ...options import ReaderOptions
from ...projection import drop_platform
from ...templates import TemplateRegistry
from .blocks import Blocks, TagLines, _Tok
from .carry import carried, header_fits, refuse_nul
from .lexer import lex_lines
from .reader import _IMAGE, _Builder, link_parts
from .stable import is_its_own_projection
from .writer import written_blocks

__all__ = ["project_archive_md", "lexed_blocks"]


def project_archive_md(
    doc: Document, options: ReaderOptions | None = None, *, written: str | None = None
) -> Document:
    """``doc`` as it reads back (with ``options``' templates) after being written as archive markdown.

    ``written``: the writer's output for ``doc``, when the caller has it; a
    document the reader made from exactly that text is returned as it is
    (:mod:`.stable`). Raises the writer's :class:`~alpdoc.FormatError` for a
    document it refuses (NUL characters).
    """
    templates = options.templates if options is not None else TemplateRegistry()
    if written is not None and is_its_own_projection(doc, written, templates):
        return doc
    doc = carried(drop_platform(doc))
    top, sections = lexed_blocks(written_blocks(doc), doc)
    projected = _Builder(templates, None).document(top, sections, True)
    if doc.layout is not None and doc.layout.bom and header_fits(doc):  # the writer writes the mark back
        projected = evolve(projected, layout=evolve(projected.layout or DocumentLayout(), bom=True))
    return projected


def _raw_kind(body: str) -> str:
    if body.startswith("!") and _IMAGE.fullmatch(body):
        return "IMAGE"
    if body.startswith("[") and link_parts(body) is not None:
        return "LINK"
    return "TEXT"


def lexed_blocks(written: list[tuple[str, object, int]], doc: Document) -> tuple[Blocks, list[Blocks]]:
    """The blocks the reader would get from the text of ``written`` (before the first heading, and per section)."""
    top = Blocks()
    sections: list[Blocks] = []
    out = top
    for kind, body, gap in written:
        if kind == "TAGS":
            if any("\x00" in t.key or "\x00" in t.value for t in body):  # type: ignore[attr-defined]
                refuse_nul(doc)
            if out.kinds and out.kinds[-1] == "TAGS":  # tag lines after tag lines: one token, blank lines or not
                out.bodies[-1].add(body, out.gaps[-1])
                out.gaps[-1] = gap
            else:
                out.append("TAGS", TagLines(body), gap, 0)  # type: ignore[arg-type]  # the writer's tags
            continue
        assert isinstance(body, str)
        if "\x00" in body:
            refuse_nul(doc)
        if kind == "ANSWER":
            _answer(out, body, gap)
        elif kind == "SECTION":
            out = Blocks()
            sections.append(out)
            out.append(kind, body, gap, 0)
        elif kind == "RAW":
            _push(out, _raw_kind(body), body, gap)
        elif kind == "INSTRUCTION":
            out.append(kind, body[2:], gap, 0)  # a block's question is the text after "> "
        else:
            _push(out, kind, body, gap)
    return top, sections


def _may_hold_link(body: str) -> bool:
    """Whether a text block may hold a link written over several lines (which the lexer reads as a link)."""
    return "](" in body and "\n" in body and (body.startswith("[") or "\n[" in body)


def _push(out: Blocks, kind: str, body: str, gap: int) -> None:
    """Append a block, joining it to the one before as the lexer would (text runs; ``- `` lines with no blank)."""
    if kind == "TEXT" and out.kinds and out.kinds[-1] == "TEXT":
        _kind, last_body, last_gap, _line = out.pop()
        body = last_body + "\n" * (last_gap + 1) + body
    if kind == "TEXT" and _may_hold_link(body):
        tokens = list(lex_lines(body + "\n", _Tok, titled=True))
        if len(tokens) > 1:  # a link of several lines cuts the text, as in the written file
            for tok in tokens[:-1]:
                out.append(tok.type, tok.value, tok.end_pos - tok.start_pos - len(tok.value) - 1, 0)
            last = tokens[-1]
            out.append(last.type, last.value, gap, 0)
            return
    if out.kinds and kind == "BULLETS" and out.kinds[-1] == "BULLETS" and out.gaps[-1] == 0:
        out.bodies[-1] = out.bodies[-1] + "\n" + body
        out.gaps[-1] = gap
        return
    out.append(kind, body, gap, 0)


def _more_gap(out: Blocks, blanks: int) -> None:
    if out.kinds and blanks:
        out.gaps[-1] += blanks


def _answer(out: Blocks, body: str, gap: int) -> None:
    """An answer text's blocks: text runs (blank lines inside kept) and ``- `` runs."""
    text = body.strip("\n")
    if not text:
        _more_gap(out, len(body) + gap + 1)
        return
    before = len(body) - len(body.lstrip("\n"))
    after = len(body) - before - len(text)
    _more_gap(out, before)
    if not text.startswith("- ") and "\n- " not in text:
        _push(out, "TEXT", text, after + gap)
        return
    kind = ""
    lines: list[str] = []
    blanks = 0
    for line in text.split("\n"):
        if not line:
            blanks += 1
            continue
        this = "BULLETS" if line.startswith("- ") else "TEXT"
        if this == kind and (blanks == 0 or kind == "TEXT"):
            lines.extend([""] * blanks)
            lines.append(line)
        else:
            if kind:
                _push(out, kind, "\n".join(lines), blanks)
            kind, lines = this, [line]
        blanks = 0
    _push(out, kind, "\n".join(lines), after + gap)
