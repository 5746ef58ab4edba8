"""Writing a :class:`~alpdoc.model.Document` as alpdoc JSON."""

from __future__ import annotations

from typing import Any

from ...errors import FormatError
from ...model import Document
from .converter import full_converter
from .values import check_group_depth, dumps

__all__ = ["FORMAT_VERSION", "VERSION_KEY", "DOCUMENT_KEY", "write_json", "to_json_data"]

FORMAT_VERSION = 2
"""The version written in the ``"alpdoc"`` key; bumped on any incompatible change.

2: every field is written, defaults included (1 left fields equal to their default out).
"""
VERSION_KEY = "alpdoc"
DOCUMENT_KEY = "document"
_NAME = "alpdoc JSON"


def to_json_data(doc: Document) -> dict[str, Any]:
    """The JSON value (dicts, lists, strings, ...) that :func:`write_json` serializes."""
    check_group_depth(doc, _NAME)
    try:
        return {VERSION_KEY: FORMAT_VERSION, DOCUMENT_KEY: full_converter.unstructure(doc)}
    except RecursionError:  # pragma: no cover - check_group_depth keeps documents well inside the stack
        raise FormatError(f"cannot write {_NAME}: the document is nested too deeply") from None


def write_json(doc: Document) -> str:
    """``{"alpdoc": 2, "document": {...}}`` with every field, indented by two spaces, non-ASCII kept as is.

    Raises :class:`~alpdoc.errors.FormatError` (naming the JSON path) for what
    the reader would refuse: NaN or infinite numbers, lone surrogates,
    integers too long to convert, groups nested more than
    :data:`~alpdoc.format_plugins.json.values.MAX_GROUP_DEPTH` deep.
    """
    return dumps(to_json_data(doc), _NAME, indent=2) + "\n"
