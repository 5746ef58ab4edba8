"""The ``json`` format: canonical alpdoc JSON.

``{"alpdoc": 2, "document": {...}}``: the document model unstructured by a
cattrs converter, items tagged with ``"kind"``, every field written (defaults
included; version 1 files, which left defaults out, still read). It carries everything, layout
included, so it round-trips any document exactly (its projection is the identity). :func:`json_schema` gives a
JSON Schema of it.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .converter import JSON_ITEM_KINDS, converter, full_converter
from .reader import SUPPORTED_VERSIONS, read_json
from .schema import json_schema
from .writer import FORMAT_VERSION, write_json

__all__ = [
    "read_json",
    "write_json",
    "json_schema",
    "converter",
    "full_converter",
    "FORMAT_VERSION",
    "SUPPORTED_VERSIONS",
    "JSON_ITEM_KINDS",
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


def __getattr__(name: str) -> object:
    if name == "ITEM_KINDS":  # deprecated alias (warns), kept for code written against 0.1
        import importlib  # the package's name "converter" is the cattrs object

        return importlib.import_module(f"{__name__}.converter").__getattr__(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
