"""The type checks on a plugin's :class:`~alpdoc.plugins.FormatSpec`, in one place.

The registry runs :func:`validate_spec` on every spec a plugin returns and
skips (with a :class:`~alpdoc.PluginWarning`) any spec it finds fault with, so
a wrong type in a third-party plugin never breaks the built-in formats.
Plugin authors can call it in their own tests.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable

__all__ = ["SPEC_FIELD_RULES", "validate_spec", "short_repr"]

_repr = reprlib.Repr()
_repr.maxstring = 40
_repr.maxother = 40


def short_repr(value: object) -> str:
    """``value``'s type and a repr cut short (never raises, whatever ``__repr__`` does)."""
    try:
        shown = _repr.repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__
        shown = "?"
    return f"{type(value).__name__} {shown}"


def _is_name(value: object) -> bool:
    return isinstance(value, str) and value != "" and not any(c.isspace() for c in value)


def _is_names(value: object) -> bool:
    return isinstance(value, tuple) and all(_is_name(v) for v in value)


def _is_extension(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "."
        and value.count(".") == 1
        and value == value.lower()
        and not any(c.isspace() or c in "/\\" for c in value)
    )


def _is_extensions(value: object) -> bool:
    return isinstance(value, tuple) and all(_is_extension(v) for v in value)


def _optional(check: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda value: value is None or check(value)


SPEC_FIELD_RULES: dict[str, tuple[Callable[[object], bool], str]] = {
    "name": (_is_name, "a non-empty string without white space"),
    "description": (lambda v: isinstance(v, str), "a string"),
    "aliases": (_is_names, "a tuple (or list) of non-empty strings without white space"),
    "extensions": (
        _is_extensions,
        "a tuple (or list) of lower-case suffixes with one leading dot, like '.csv'",
    ),
    "sniff_extensions": (
        _is_extensions,
        "a tuple (or list) of lower-case suffixes with one leading dot, like '.json'",
    ),
    "reader": (_optional(callable), "None or a callable reader(data, options)"),
    "writer": (_optional(callable), "None or a callable writer(doc)"),
    "project": (callable, "a callable project(doc)"),
    "sniff": (_optional(callable), "None or a callable sniff(head)"),
    "binary": (lambda v: isinstance(v, bool), "True or False"),
    "read_all": (_optional(callable), "None or a callable read_all(data, options)"),
    "write_all": (_optional(callable), "None or a callable write_all(docs)"),
    "viewer_notes": (_optional(callable), "None or a callable viewer_notes(doc)"),
    "platform_content": (lambda v: isinstance(v, bool), "True or False"),
    "overrides": (_optional(_is_name), "None or the name of the built-in format this one replaces"),
}
"""Field name -> (check, what the field must be). ``plugin`` is not checked: the registry sets it."""


def validate_spec(spec: object) -> list[str]:
    """What is wrong with ``spec`` as a plugin's format declaration; empty when nothing is.

    Each problem reads ``"<field> must be <what>, not <type> <value>"``.
    """
    from .plugins import FormatSpec  # plugins imports this module

    if not isinstance(spec, FormatSpec):
        return [f"a format must be an alpdoc.FormatSpec, not {short_repr(spec)}"]
    problems = []
    for name, (check, what) in SPEC_FIELD_RULES.items():
        value: object = None
        try:
            value = getattr(spec, name)
            ok = bool(check(value))
        except Exception:  # noqa: BLE001 - a value (or a subclass's property) that raises is wrong too
            ok = False
        if not ok:
            problems.append(f"{name} must be {what}, not {short_repr(value)}")
    return problems
