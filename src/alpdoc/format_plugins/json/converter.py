"""The cattrs converter behind the ``json`` format.

Items are a tagged union: each item object carries a ``"kind"`` key (see
:data:`JSON_ITEM_KINDS`), written first. :data:`full_converter` (what the
``json`` writer uses, format version 2) writes every field, defaults
included, so a consumer can index ``d["title"]`` on any document;
:data:`converter` leaves fields equal to their default out (the compact side
data of other formats, such as pad-json's layout). Both read a missing key as
the field's default, which is how version 1 files (defaults left out) still read.

Structuring is strict: a string field takes only a JSON string, an integer
field only an integer (not ``true``), an array field only an array, and an
object with a key the model does not know is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args, get_origin

import cattrs
from cattrs.cols import list_structure_factory
from cattrs.strategies import configure_tagged_union

from ...model import ChoiceItem, EmbedItem, GroupItem, ImageItem, Item, LinkItem, MetaItem, MosaicItem, TextItem

__all__ = ["JSON_ITEM_KINDS", "KIND_KEY", "NotA", "converter", "full_converter", "make_converter"]

KIND_KEY = "kind"
JSON_ITEM_KINDS: dict[type, str] = {
    TextItem: "text",
    ChoiceItem: "choice",
    ImageItem: "image",
    MosaicItem: "mosaic",
    LinkItem: "link",
    GroupItem: "group",
    EmbedItem: "embed",
    MetaItem: "meta",
}
"""The ``"kind"`` tag of each item class in alpdoc JSON (``ITEM_KINDS``, its old name, is a deprecated alias)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


class NotA(TypeError):
    """A JSON value of the wrong type; ``expected`` is what the model wanted."""

    def __init__(self, expected: str) -> None:
        super().__init__(f"expected {expected}")
        self.expected = expected


def _str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise NotA("a string")
    if _SURROGATE.search(value):
        raise ValueError("lone surrogate escape (\\ud800-\\udfff) is not valid text")
    return value


def _int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise NotA("an integer")
    return value


def _bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise NotA("true or false")
    return value


def _float(value: Any, _: type) -> float:
    if type(value) not in (int, float):
        raise NotA("a number")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"number too large (an integer of {len(str(value))} digits overflows a float)") from None


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:  # a cattrs hook factory
    """cattrs' own sequence hook, refusing anything but a JSON array (a string is iterable too)."""
    inner = list_structure_factory(tp, conv)

    def structure_array(value: Any, t: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise NotA("an array")
        return tuple(inner(value, t))

    return structure_array


def make_converter(*, omit_if_default: bool = True) -> cattrs.Converter:
    """A converter for the model; ``omit_if_default=False`` writes every field, defaults included."""
    conv = cattrs.Converter(omit_if_default=omit_if_default, forbid_extra_keys=True)
    for tp, hook in ((str, _str), (int, _int), (bool, _bool), (float, _float)):
        conv.register_structure_hook(tp, hook)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _array_factory)

    # GroupItem.records nests items. Unstructuring it looks the item hook up at
    # call time, so nested items get the final hook registered below (the one
    # writing "kind" first) rather than whatever existed when the GroupItem
    # hook was generated inside configure_tagged_union().
    records_type = tuple[tuple[Item, ...], ...]

    def unstructure_records(records: tuple[tuple[Item, ...], ...]) -> list[list[dict[str, Any]]]:
        item = conv.get_unstructure_hook(Item)
        return [[item(i) for i in record] for record in records]

    conv.register_unstructure_hook_func(lambda tp: tp == records_type, unstructure_records)

    configure_tagged_union(Item, conv, tag_generator=JSON_ITEM_KINDS.__getitem__, tag_name=KIND_KEY)

    tagged = conv.get_unstructure_hook(Item)

    def unstructure_item(item: Item) -> dict[str, Any]:
        # The tagged-union hook appends "kind"; a dict display puts it first.
        return {KIND_KEY: JSON_ITEM_KINDS[item.__class__], **tagged(item)}

    conv.register_unstructure_hook(Item, unstructure_item)
    return conv


converter: cattrs.Converter = make_converter()
"""The compact converter (defaults left out): ``converter.unstructure(doc)``,
``converter.structure(data, Document)``."""

full_converter: cattrs.Converter = make_converter(omit_if_default=False)
"""The converter of the ``json`` writer: every field written, defaults included."""


def __getattr__(name: str) -> object:
    if name == "ITEM_KINDS":
        import warnings

        warnings.warn(
            "alpdoc.format_plugins.json ITEM_KINDS is renamed JSON_ITEM_KINDS (alpdoc.templates.ITEM_KINDS "
            "is the template item kinds)", DeprecationWarning, stacklevel=2,
        )
        return JSON_ITEM_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
