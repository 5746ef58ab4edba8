"""The ``json`` format: canonical alpdoc JSON.

``{"alpdoc": 1, "document": {...}}``: the document model unstructured by a
cattrs converter, items tagged with ``"kind"``, fields equal to their default
left out. It carries everything, layout included, so it round-trips any
document exactly (its projection is the identity). :func:`json_schema` gives a
JSON Schema of it.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .converter import ITEM_KINDS, converter
from .reader import SUPPORTED_VERSIONS, read_json
from .schema import json_schema
from .writer import FORMAT_VERSION, write_json

__all__ = [
    "read_json",
    "write_json",
    "json_schema",
    "converter",
    "FORMAT_VERSION",
    "SUPPORTED_VERSIONS",
    "ITEM_KINDS",
    "FORMAT",
]


def _sniff(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") and b'"alpdoc"' in text


FORMAT = FormatSpec(
    name="json",
    description="canonical alpdoc JSON (every field, layout included; lossless)",
    extensions=(".json",),
    reader=read_json,
    writer=write_json,
    sniff=_sniff,
    platform_content=True,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
