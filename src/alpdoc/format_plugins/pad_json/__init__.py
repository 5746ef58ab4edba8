"""The ``pad-json`` format: pads as the SDG Commons platform stores and serves them.

Reads one pad object, the API's bare array of pads, the ``{"count": N,
"data": [...]}`` wrapper, and the platform's stored database rows (older item
type names included); writes the API's shape (one document: one pad object;
:func:`dumps_all` / :func:`dump_all`: an array). ``alpdoc.read_all`` iterates
an array pad by pad without holding all of them. Platform templates read into
alpdoc templates with :func:`read_platform_template`; given them in
``ReaderOptions.templates``, the reader names the one a pad was filled from
in :attr:`Document.template`. What archive markdown has and a pad has no
place for (tag order, alt texts, link texts, tag placement) is written in
keys alpdoc adds (:mod:`.vocabulary`) and read back.
"""

from __future__ import annotations

import re

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .project import project_pad_json
from .reader import iter_pads, pad_to_document, read_pad_json
from .templates import read_platform_template, template_name
from .vocabulary import LEGACY_TYPES, PAD_ITEM_TYPES
from .writer import dump_all, dumps_all, pad_data, write_pad_json

__all__ = [
    "read_pad_json",
    "iter_pads",
    "pad_to_document",
    "write_pad_json",
    "pad_data",
    "dumps_all",
    "dump_all",
    "project_pad_json",
    "read_platform_template",
    "template_name",
    "PAD_ITEM_TYPES",
    "LEGACY_TYPES",
    "FORMAT",
]

_PAD_HINTS = (b'"pad_id"', b'"contributor_id"')
_ROW = re.compile(rb'\{\s*"id"\s*:')
_TEMPLATE_KEYS = (b'"medium":', b'"description":')


def _sniff(head: bytes) -> bool:
    """A pad object, an array of pads, or ``{count, data}`` (never alpdoc JSON or a template row)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if b'"alpdoc"' in text[:200]:
        return False
    if text.startswith(b"["):
        text = text[1:].lstrip()
        if text.startswith(b"]"):
            return False
    if not text.startswith(b"{"):
        return False
    if any(hint in text for hint in _PAD_HINTS):
        return True
    if b'"count"' in text and b'"data"' in text:
        return True
    # a stored row: {"id": ..., ..., "sections": ...}, unlike a template row (which has medium and description)
    return (
        _ROW.match(text) is not None
        and b'"sections"' in text
        and not any(key in text for key in _TEMPLATE_KEYS)
    )


FORMAT = FormatSpec(
    name="pad-json",
    description="platform pads as JSON: API arrays, {count, data}, single pads, stored rows",
    aliases=("pad", "pads"),
    extensions=(".json",),
    reader=read_pad_json,
    writer=write_pad_json,
    project=project_pad_json,
    sniff=_sniff,
    read_all=iter_pads,
    write_all=dumps_all,
    platform_content=True,
)



def __getattr__(name: str) -> object:
    if name == "ITEM_TYPES":  # its name in alpdoc 0.1; alpdoc.model.ITEM_TYPES is the item classes
        import warnings

        warnings.warn("pad-json ITEM_TYPES is renamed PAD_ITEM_TYPES", DeprecationWarning, stacklevel=2)
        return PAD_ITEM_TYPES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
