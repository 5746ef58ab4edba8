"""Reading alpdoc JSON back into a :class:`~alpdoc.model.Document`.

Every failure is a :class:`~alpdoc.errors.ParseError`: malformed JSON at the
decoder's line and column; a value of the wrong shape with its JSON path
(``$.document.sections[2].items[0].kind: unknown item kind 'foo' ...``) and
the line and column where that value starts.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from ...decoding import decode_utf8
from ...errors import ParseError
from ...model import Document, Item
from ...options import ReaderOptions
from .converter import JSON_ITEM_KINDS, KIND_KEY, NotA, converter
from .values import DECODER, MAX_GROUP_DEPTH, decode_flags, reading_problem, where
from .writer import DOCUMENT_KEY, FORMAT_VERSION, VERSION_KEY

__all__ = ["SUPPORTED_VERSIONS", "read_json"]

SUPPORTED_VERSIONS: tuple[int, ...] = (1, FORMAT_VERSION)
"""Versions read: 1 (fields equal to their default left out) and 2 (every field written); a missing key
reads as its default in both."""

Path = list[str | int]
_MISSING = object()
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = DECODER  # skips any value, refused numbers included, when locating a path
_KINDS = ", ".join(JSON_ITEM_KINDS.values())


def read_json(data: bytes | str, options: ReaderOptions | None = None, *, source: str | None = None) -> Document:
    """Parse alpdoc JSON (templates in ``options`` are not needed: the JSON carries the whole structure).

    ``source`` names the input in errors when ``options`` does not. A UTF-8
    byte order mark before the JSON is accepted. Lone surrogate escapes,
    ``NaN``/``Infinity``, numbers too large, and groups nested more than
    :data:`~alpdoc.format_plugins.json.values.MAX_GROUP_DEPTH` deep are
    :class:`ParseError` s naming the JSON path.
    """
    if options is not None and options.source is not None:
        source = options.source
    text = _decode(data, source)
    flags = decode_flags(text, isinstance(data, str))
    try:
        raw = DECODER.decode(text)
    except json.JSONDecodeError as exc:
        lines = text.splitlines() or [""]
        line = lines[exc.lineno - 1] if exc.lineno <= len(lines) else ""
        raise ParseError(
            f"malformed JSON: {exc.msg}", line=exc.lineno, column=exc.colno, text=line, source=source
        ) from None
    except RecursionError:
        raise ParseError("malformed JSON: nested too deeply", source=source) from None
    except ValueError as exc:  # pragma: no cover - the decoder's number hooks refuse values instead
        raise ParseError(f"malformed JSON: {exc}", source=source) from None

    problem = reading_problem(raw, flags)
    if problem is not None:
        raise _at(problem, text, source)
    _check_envelope(raw, text, source)
    deep = _too_deep(raw[DOCUMENT_KEY])
    if deep is not None:
        raise _at(deep, text, source)
    try:
        return converter.structure(raw[DOCUMENT_KEY], Document)
    except RecursionError:
        raise ParseError("document nested too deeply", source=source) from None
    except Exception as exc:  # noqa: BLE001 - every structuring failure becomes a ParseError
        raise _shape_error(exc, raw, text, source) from None


def _at(problem: tuple[Path, str], text: str, source: str | None) -> ParseError:
    path, message = problem
    return ParseError.at_offset(f"{where(path)}: {message}", text, _locate(text, path), source=source)


def _too_deep(document: Any) -> tuple[Path, str] | None:
    """Where groups in the raw ``document`` object nest deeper than :data:`MAX_GROUP_DEPTH` (walked, no recursion)."""
    sections = document.get("sections") if type(document) is dict else None
    if type(sections) is not list:
        return None
    stack: list[tuple[Path, int, Any]] = [
        ([DOCUMENT_KEY, "sections", s, "items"], 1, section.get("items"))
        for s, section in enumerate(sections) if type(section) is dict
    ]
    while stack:
        path, depth, items = stack.pop()
        if type(items) is not list:
            continue
        for i, item in enumerate(items):
            if type(item) is not dict or item.get(KIND_KEY) != "group" or type(item.get("records")) is not list:
                continue
            if depth > MAX_GROUP_DEPTH:
                return [*path, i], f"groups nested too deeply (more than {MAX_GROUP_DEPTH} levels)"
            stack.extend(([*path, i, "records", r], depth + 1, record) for r, record in enumerate(item["records"]))
    return None


# --------------------------------------------------------------------------- input


def _decode(data: bytes | str, source: str | None) -> str:
    text = decode_utf8(data, source)
    return text[1:] if text.startswith("\ufeff") else text


def _check_envelope(raw: Any, text: str, source: str | None) -> None:
    supported = ", ".join(map(str, SUPPORTED_VERSIONS))

    def fail(message: str, key: str | None = None) -> ParseError:
        path: Path = [] if key is None else [key]
        where = "$" + "".join(f".{p}" for p in path)
        return ParseError.at_offset(f"{where}: {message}", text, _locate(text, path), source=source)

    if type(raw) is not dict:
        raise fail(f"expected an object {{{VERSION_KEY!r}: {FORMAT_VERSION}, {DOCUMENT_KEY!r}: {{...}}}}, "
                   f"got {_describe(raw)}")
    if VERSION_KEY not in raw:
        raise fail(f"not alpdoc JSON: no {VERSION_KEY!r} version key (supported versions: {supported})")
    version = raw[VERSION_KEY]
    if type(version) is not int or version not in SUPPORTED_VERSIONS:
        raise fail(f"unsupported alpdoc JSON version {_show(version)} (supported versions: {supported})",
                   VERSION_KEY)
    if DOCUMENT_KEY not in raw:
        raise fail(f"missing required field {DOCUMENT_KEY!r}")
    extra = sorted(set(raw) - {VERSION_KEY, DOCUMENT_KEY})
    if extra:
        raise fail(f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")


# --------------------------------------------------------------------------- shape errors


def _leaves(exc: BaseException, path: Path, tp: Any) -> Iterator[tuple[Path, Any, BaseException]]:
    """The plain exceptions inside cattrs' exception groups, with their JSON path and expected type."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            step = note.name if isinstance(note, AttributeValidationNote) else note.index
            yield from _leaves(sub, [*path, step], note.type)
        for sub in without:
            yield from _leaves(sub, path, tp)
    else:
        yield path, tp, exc


def _shape_error(exc: Exception, raw: dict[str, Any], text: str, source: str | None) -> ParseError:
    problems = list(_leaves(exc, [DOCUMENT_KEY], Document))
    for path, _tp, leaf in problems:
        if isinstance(leaf, RecursionError):
            return ParseError.at_offset("document nested too deeply", text, _locate(text, path), source=source)
    path, tp, leaf = problems[0]
    path, message = _explain(path, tp, leaf, raw)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    return ParseError.at_offset(f"{where}: {message}{more}", text, _locate(text, path), source=source)


def _explain(path: Path, tp: Any, exc: BaseException, raw: Any) -> tuple[Path, str]:
    """``(path, message)`` for one failure, looking at the offending JSON value itself."""
    value = _lookup(raw, path)
    if value is _MISSING:
        return path, "missing required field"
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)
        return path, f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}"
    if tp == Item:
        if type(value) is not dict:
            return path, f"expected an item object, got {_describe(value)}"
        if KIND_KEY not in value:
            return path, f"item without a {KIND_KEY!r} (expected one of: {_KINDS})"
        kind = value[KIND_KEY]
        if not isinstance(kind, str) or kind not in JSON_ITEM_KINDS.values():
            return [*path, KIND_KEY], f"unknown item kind {_show(kind)} (expected one of: {_KINDS})"
    if isinstance(exc, (NotA, TypeError, AttributeError)):
        return path, f"expected {_expected(tp)}, got {_describe(value)}"
    if isinstance(exc, ValueError):
        return path, str(exc)
    return path, f"invalid value ({type(exc).__name__}: {exc})"


def _lookup(raw: Any, path: Path) -> Any:
    for step in path:
        try:
            raw = raw[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return raw


def _expected(tp: Any) -> str:
    if tp == Item:
        return "an item object"
    args = get_args(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return " or ".join(_expected(a) for a in args)
    if get_origin(tp) is tuple:
        return "an array"
    if attrs.has(tp):
        return "an object"
    return {str: "a string", int: "an integer", bool: "true or false", float: "a number", type(None): "null"}.get(
        tp, repr(tp)
    )


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {_show(value)}"
    return "an array" if isinstance(value, list) else "an object"


def _show(value: Any) -> str:
    shown = repr(value) if isinstance(value, str) else json.dumps(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _space_end(text: str, pos: int = 0) -> int:
    """Where the JSON white space from ``pos`` ends."""
    match = _WS.match(text, pos)
    assert match is not None  # _WS matches the empty string
    return match.end()


def _locate(text: str, path: Path) -> int:
    """Offset in ``text`` of the value at ``path`` (or of the deepest part of it that exists).

    Walks the (already valid) JSON text, skipping uninteresting values with the
    C decoder, so only error reporting pays for it.
    """
    pos = _space_end(text)
    try:
        for step in path:
            found = None
            if isinstance(step, str) and text.startswith("{", pos):
                i = _space_end(text, pos + 1)
                while not text.startswith("}", i):
                    key, i = _DECODER.raw_decode(text, i)
                    i = _space_end(text, _space_end(text, i) + 1)  # past ':'
                    if key == step:
                        found = i  # keep going: the last duplicate key wins, as in json.loads
                    i = _space_end(text, _DECODER.raw_decode(text, i)[1])
                    if text.startswith(",", i):
                        i = _space_end(text, i + 1)
            elif isinstance(step, int) and text.startswith("[", pos):
                i = _space_end(text, pos + 1)
                index = 0
                while not text.startswith("]", i):
                    if index == step:
                        found = i
                        break
                    i = _space_end(text, _DECODER.raw_decode(text, i)[1])
                    if text.startswith(",", i):
                        i = _space_end(text, i + 1)
                    index += 1
            if found is None:
                break
            pos = found
    except (ValueError, RecursionError):
        pass
    return pos
