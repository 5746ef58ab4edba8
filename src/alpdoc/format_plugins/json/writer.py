"""Writing a :class:`~alpdoc.model.Document` as alpdoc JSON."""

from __future__ import annotations

import json

from ...model import Document
from .converter import converter

__all__ = ["FORMAT_VERSION", "VERSION_KEY", "DOCUMENT_KEY", "write_json", "to_json_data"]

FORMAT_VERSION = 1
"""The version written in the ``"alpdoc"`` key; bumped on any incompatible change."""
VERSION_KEY = "alpdoc"
DOCUMENT_KEY = "document"


def to_json_data(doc: Document) -> dict:
    """The JSON value (dicts, lists, strings, ...) that :func:`write_json` serializes."""
    return {VERSION_KEY: FORMAT_VERSION, DOCUMENT_KEY: converter.unstructure(doc)}


def write_json(doc: Document) -> str:
    """``{"alpdoc": 1, "document": {...}}``, indented by two spaces, non-ASCII kept as is."""
    return json.dumps(to_json_data(doc), ensure_ascii=False, indent=2) + "\n"
