"""A JSON Schema (draft 2020-12) of alpdoc JSON, derived from the model classes.

Hand-written because none of alpdoc's libraries generates JSON Schema from
attrs classes (cattrs structures and unstructures, but has no schema output;
pydantic or apischema would be a new dependency for one small function). It
walks ``attrs.fields`` with resolved type hints, so a field added to the model
shows up here without edits; it knows only what the converter adds on top: the
``"kind"`` tag of items. Every field is ``required`` (the writer writes them
all, defaults included); a field's ``default`` is given too, as the value the
reader takes for a missing key (version 1 files left defaults out).
"""

from __future__ import annotations

import inspect
import types
from typing import Any, Union, get_args, get_origin

import attrs

from ...model import Document
from .converter import JSON_ITEM_KINDS, KIND_KEY, converter
from .writer import DOCUMENT_KEY, FORMAT_VERSION, VERSION_KEY

__all__ = ["json_schema"]

_PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    type(None): {"type": "null"},
}


def json_schema() -> dict[str, Any]:
    """The schema of ``{"alpdoc": 2, "document": {...}}`` as :func:`write_json` writes it (every key required)."""
    defs: dict[str, dict[str, Any]] = {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "alpdoc JSON",
        "type": "object",
        "properties": {VERSION_KEY: {"const": FORMAT_VERSION}, DOCUMENT_KEY: _schema(Document, defs)},
        "required": [VERSION_KEY, DOCUMENT_KEY],
        "additionalProperties": False,
        "$defs": defs,
    }


def _ref(name: str, defs: dict[str, dict[str, Any]], build: Any) -> dict[str, Any]:
    if name not in defs:
        defs[name] = {}  # placeholder: stops the recursion through GroupItem.records
        defs[name] = build()
    return {"$ref": f"#/$defs/{name}"}


def _schema(tp: Any, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if tp in _PRIMITIVES:
        return dict(_PRIMITIVES[tp])
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        if set(args) == set(JSON_ITEM_KINDS):  # the tagged union
            return _ref("Item", defs, lambda: {"oneOf": [_schema(a, defs) for a in args]})
        return {"anyOf": [_schema(a, defs) for a in args]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema(args[0], defs)}
        items = [_schema(a, defs) for a in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
    if attrs.has(tp):
        return _ref(tp.__name__, defs, lambda: _class_schema(tp, defs))
    raise TypeError(f"no JSON Schema for {tp!r}")


def _class_schema(cls: type, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    properties: dict[str, dict[str, Any]] = {}
    required: list[str] = []
    if cls in JSON_ITEM_KINDS:
        properties[KIND_KEY] = {"const": JSON_ITEM_KINDS[cls]}
        required.append(KIND_KEY)
    for a in attrs.fields(attrs.resolve_types(cls)):
        prop = _schema(a.type, defs)
        required.append(a.name)  # always written, defaults included
        if a.default is attrs.NOTHING:
            pass
        elif not isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            prop["default"] = converter.unstructure(a.default)
        properties[a.name] = prop
    out: dict[str, Any] = {"type": "object"}
    doc = inspect.getdoc(cls)
    if doc and cls.__doc__:  # not a docstring inherited from object
        out["description"] = doc.split("\n\n")[0]
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out
