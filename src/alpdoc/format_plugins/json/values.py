"""What both JSON formats accept as a value, read or written.

JSON text in, Python values out, and back, with three rules the ``json``
module does not enforce:

* text is valid Unicode: a lone surrogate escape (``"\\ud800"``) is refused;
* numbers are finite: ``NaN``, ``Infinity`` and literals that overflow a
  float (``1e400``) are refused, and so are integers longer than Python will
  convert (:func:`sys.get_int_max_str_digits`);
* groups nest at most :data:`MAX_GROUP_DEPTH` deep.

Readers decode with :data:`DECODER` and ask :func:`reading_problem` where the
first offending value is (a JSON path, turned into a line and column by the
reader); writers serialize with :func:`dumps`, which raises a
:class:`~alpdoc.errors.FormatError` naming the path instead of writing text
its reader would refuse. None of this recurses on Python's stack.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from ...errors import FormatError
from ...model import Document, GroupItem, Item

__all__ = [
    "MAX_GROUP_DEPTH",
    "DECODER",
    "JsonPath",
    "where",
    "decode_flags",
    "refusals",
    "reading_problem",
    "value_problem",
    "group_depth_problem",
    "check_group_depth",
    "dumps",
]

MAX_GROUP_DEPTH = 50
"""How deep groups may nest (a group inside a group's record is depth 2); the platform itself never nests them."""

JsonPath = list[str | int]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_MESSAGE = "lone surrogate escape (\\ud800-\\udfff) is not valid text"


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (UTF-8 cannot encode one; much faster than a regex)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Refused:
    """A number the decoder read but alpdoc refuses (kept as text so the path can be found)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_refusals = [0]  # how many numbers the hooks refused so far (a cheap "anything to look for?" check)


def _refuse(message: str) -> _Refused:
    _refusals[0] += 1
    return _Refused(message)


def _parse_constant(name: str) -> _Refused:
    return _refuse(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def _parse_float(text: str) -> float | _Refused:
    value = float(text)
    if math.isfinite(value):
        return value
    return _refuse(f"number {_short(text)} is too large (it overflows a float)")


def _parse_int(text: str) -> int | _Refused:
    try:
        return int(text)
    except ValueError:  # longer than sys.get_int_max_str_digits()
        return _refuse(f"integer of {len(text.lstrip('-'))} digits is too long (at most {_max_digits()})")


DECODER = json.JSONDecoder(parse_constant=_parse_constant, parse_float=_parse_float, parse_int=_parse_int)
"""A decoder that never fails on a number: refused numbers become markers that :func:`value_problem` finds."""


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:17] + "..."


def _max_digits() -> int:
    return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300


def where(path: Iterable[str | int]) -> str:
    """``$.sections[2].items[0].status``: a JSON path as errors show it."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def refusals() -> int:
    """How many numbers the decoder has refused so far (compare before and after a decode)."""
    return _refusals[0]


def decode_flags(text: str, raw_surrogates: bool) -> tuple[int, bool]:
    """What a reader records before decoding: the refusal count, and whether ``text`` may hold a lone surrogate.

    ``raw_surrogates``: the text came in as ``str`` (bytes decoded as UTF-8 cannot hold surrogates).
    """
    maybe = _SURROGATE_ESCAPE.search(text) is not None or (raw_surrogates and _has_surrogate(text))
    return _refusals[0], maybe


def reading_problem(value: Any, flags: tuple[int, bool], path: JsonPath | None = None) -> tuple[JsonPath, str] | None:
    """The first refused value in a decoded ``value`` (``(path, message)``), if :func:`decode_flags` says there may
    be one."""
    count, maybe_surrogate = flags
    if _refusals[0] == count and not maybe_surrogate:
        return None
    return value_problem(value, path)


def value_problem(value: Any, path: JsonPath | None = None) -> tuple[JsonPath, str] | None:
    """The first value (in document order) that is not valid alpdoc JSON: ``(path, message)`` or ``None``."""
    stack: list[tuple[JsonPath, Any]] = [(list(path or ()), value)]
    max_digits = _max_digits()
    while stack:
        here, v = stack.pop()
        if isinstance(v, str):
            if _has_surrogate(v):
                return here, _SURROGATE_MESSAGE
        elif isinstance(v, dict):
            children = []
            for key, child in v.items():
                if isinstance(key, str) and _has_surrogate(key):
                    return here, f"key {key!r}: {_SURROGATE_MESSAGE}"
                children.append(([*here, key], child))
            stack.extend(reversed(children))
        elif isinstance(v, (list, tuple)):
            stack.extend(reversed([([*here, i], child) for i, child in enumerate(v)]))
        elif isinstance(v, _Refused):
            return here, v.message
        elif isinstance(v, float):
            if not math.isfinite(v):
                return here, f"{v!r} is not a JSON number (JSON has no NaN or Infinity)"
        elif isinstance(v, int) and not isinstance(v, bool) and max_digits and v.bit_length() > max_digits * 3.32:
            return here, f"integer too long to write (more than {max_digits} digits)"
    return None


# --------------------------------------------------------------------------- group nesting


def _records(items: Iterable[Item]) -> Iterator[tuple[int, tuple[tuple[Item, ...], ...]]]:
    for index, item in enumerate(items):
        if isinstance(item, GroupItem):
            yield index, item.records


def group_depth_problem(doc: Document) -> tuple[JsonPath, str] | None:
    """Where ``doc``'s groups nest deeper than :data:`MAX_GROUP_DEPTH`, as a pad-JSON-style path
    (``sections[i].items[j]...``)."""
    stack: list[tuple[JsonPath, int, tuple[Item, ...]]] = [
        (["sections", s, "items"], 1, section.items) for s, section in enumerate(doc.sections)
    ]
    while stack:
        path, depth, items = stack.pop()
        for index, records in _records(items):
            if depth > MAX_GROUP_DEPTH:
                return [*path, index], f"groups nested too deeply (more than {MAX_GROUP_DEPTH} levels)"
            for r, record in enumerate(records):
                stack.append(([*path, index, "items", r], depth + 1, record))
    return None


def check_group_depth(doc: Document, format_name: str) -> None:
    """Raise :class:`FormatError` when ``doc``'s groups nest deeper than ``format_name`` writes."""
    problem = group_depth_problem(doc)
    if problem is not None:
        raise FormatError(f"cannot write {format_name}: {where(problem[0])}: {problem[1]}")


# --------------------------------------------------------------------------- writing


def dumps(value: Any, format_name: str, **kw: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, allow_nan=False, **kw)``, or a :class:`FormatError` naming the path.

    Refused: NaN and infinities, lone surrogates, integers too long to
    convert, nesting too deep for the encoder.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, **kw)
    except (ValueError, RecursionError) as exc:
        problem = value_problem(value)
        if problem is None:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise FormatError(f"cannot write {format_name}: {reason}") from None
        raise FormatError(f"cannot write {format_name}: {where(problem[0])}: {problem[1]}") from None
    if _has_surrogate(text):
        problem = value_problem(value) or ([], _SURROGATE_MESSAGE)
        raise FormatError(f"cannot write {format_name}: {where(problem[0])}: {problem[1]}")
    return text
