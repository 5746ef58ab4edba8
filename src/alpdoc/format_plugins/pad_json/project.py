"""What pad JSON can carry: ``project(doc)`` for the ``pad-json`` format.

Pad JSON carries the platform parts of the model in full (platform record,
option ids, ``has_content``, embeds, meta items) and, in keys alpdoc adds
(see :mod:`.vocabulary`), what archive markdown has and a pad has no place
for. A document written and read back is, precisely:

* document tags kept, in their order (``alpdoc_tags``); the pad's platform
  lists also get them, for the platform's readers: ``thematic_areas``,
  ``sdgs`` (``"N. Name"`` split into goal number and name), ``methods`` and
  ``datasources`` into ``tags``; ``country`` (with the ``latlng`` tag right
  after it, when that parses as two numbers) into ``locations``; every other
  tag into ``metadata`` as ``name: value``;
* image and mosaic alt texts kept (``alt``, ``alts``), links kept
  (an ``embed`` with ``src`` its URL, ``html`` its text and ``link_text``);
* the document's and the sections' layout kept (``alpdoc_layout``: where an
  archive file placed its tags) when it fits (:mod:`.layout`), item layout dropped (``extra`` fields are
  kept but never compared);
* ``platform`` always present (an empty :class:`PlatformInfo` if there was none);
* a text item's ``platform_type`` other than ``"title"`` is dropped; an interview answer's
  ``timestamp`` and ``tags`` and the ``quote`` mark are kept (item keys ``alpdoc_timestamp``,
  ``alpdoc_tags``, ``alpdoc_quote``);
* meta items: old type names become new ones, kinds the platform does not
  have are dropped, ``data`` is canonical JSON without the keys the item
  object uses itself; non-finite coordinates become ``None``;
* :attr:`Document.template`: the registered template the pad's platform
  template id names (:func:`~.templates.match_template`), given ``options``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from attrs import evolve

from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    Tag,
    TextItem,
)
from ...options import ReaderOptions
from ..json.values import check_group_depth
from .layout import document_layout_fits, section_layout_fits
from .templates import match_template
from .vocabulary import LEGACY_TYPES, META_KINDS, RENDER_KEYS, canonical_json

__all__ = ["project_pad_json", "tags_to_platform", "list_entries", "RESERVED_KEYS", "TAG_TYPES"]

TAG_TYPES = ("thematic_areas", "sdgs", "methods", "datasources")
"""Document tag keys that become entries of a pad's ``tags`` list."""
RESERVED_KEYS = frozenset({"type", "name", "instruction", "has_content"}) | RENDER_KEYS
"""Keys of a meta item object that are not part of its ``data``."""

_SDG = re.compile(r"([1-9][0-9]?)\. (.*)", re.S)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _latlng(value: str) -> tuple[float, float] | None:
    lat, sep, lng = value.partition(",")
    if not sep or not _NUMBER.fullmatch(lat) or not _NUMBER.fullmatch(lng):
        return None
    a, b = float(lat), float(lng)
    return (a, b) if math.isfinite(a) and math.isfinite(b) else None


def tags_to_platform(tags: tuple[Tag, ...], info: PlatformInfo) -> PlatformInfo:
    """``info`` with archive-style ``tags`` appended to its tags, locations and metadata lists."""
    out_tags, locations, metadata = list(info.tags), list(info.locations), list(info.metadata)
    last_country: int | None = None
    for tag in tags:
        if tag.key in TAG_TYPES:
            m = _SDG.fullmatch(tag.value) if tag.key == "sdgs" else None
            if m:
                out_tags.append(PlatformTag(type="sdgs", name=m.group(2), key=int(m.group(1))))
            else:
                out_tags.append(PlatformTag(type=tag.key, name=tag.value))
            continue
        if tag.key == "country":
            locations.append(PlatformLocation(country=tag.value))
            last_country = len(locations) - 1
            continue
        if tag.key == "latlng" and last_country is not None and (point := _latlng(tag.value)) is not None:
            locations[last_country] = evolve(locations[last_country], lat=point[0], lng=point[1])
            last_country = None
            continue
        last_country = None
        metadata.append(PlatformMeta(name=tag.key, value=tag.value))
    return evolve(info, tags=tuple(out_tags), locations=tuple(locations), metadata=tuple(metadata))


def list_entries(info: PlatformInfo) -> dict[str, list[dict[str, Any]]]:
    """``info``'s ``tags``, ``locations`` and ``metadata`` lists as the pad object holds them."""
    return {
        "tags": [{"tag_id": t.tag_id, "type": t.type, "key": t.key, "name": t.name} for t in info.tags],
        "locations": [{"iso3": x.iso3, "country": x.country, "lat": x.lat, "lng": x.lng} for x in info.locations],
        "metadata": [{"type": m.type, "name": m.name, "value": m.value} for m in info.metadata],
    }


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _platform(doc: Document) -> PlatformInfo:
    info = doc.platform or PlatformInfo()
    if any(not (_finite(loc.lat) == loc.lat and _finite(loc.lng) == loc.lng) for loc in info.locations):
        info = evolve(
            info, locations=tuple(evolve(loc, lat=_finite(loc.lat), lng=_finite(loc.lng)) for loc in info.locations)
        )
    return info


def _meta(item: MetaItem) -> MetaItem | None:
    kind, name = item.type, item.name
    if kind in LEGACY_TYPES:
        kind, default = LEGACY_TYPES[kind]
        name = name if name is not None else default
    if kind not in META_KINDS:
        return None
    try:
        data = json.loads(item.data)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data = {k: v for k, v in data.items() if k not in RESERVED_KEYS}
    try:
        text = canonical_json(data)
    except ValueError:  # NaN or infinity somewhere inside
        text = "{}"
    return evolve(item, type=kind, name=name, data=text)


def _item(item: Item) -> Item | None:
    if isinstance(item, TextItem):
        return item if item.platform_type in (None, "title") else evolve(item, platform_type=None)
    if isinstance(item, GroupItem):
        return evolve(item, records=tuple(_items(r) for r in item.records))
    if isinstance(item, MetaItem):
        return _meta(item)
    if isinstance(item, (ChoiceItem, EmbedItem, ImageItem, MosaicItem, LinkItem)):
        return item
    raise TypeError(f"not an item: {item!r}")  # pragma: no cover


def _items(items: tuple[Item, ...]) -> tuple[Item, ...]:
    return tuple(i for i in map(_item, items) if i is not None)


def project_pad_json(doc: Document, options: ReaderOptions | None = None) -> Document:
    """``doc`` as it reads back (with ``options``) after being written as pad JSON.

    Raises :class:`~alpdoc.errors.FormatError` where the writer does: groups
    nested more than :data:`~alpdoc.format_plugins.json.values.MAX_GROUP_DEPTH` deep.
    """
    check_group_depth(doc, "pad JSON")
    sections = tuple(
        Section(title=s.title, lead=s.lead, items=_items(s.items), extra=s.extra,
                layout=s.layout if section_layout_fits(s.layout) else None)
        for s in doc.sections
    )
    platform = _platform(doc)
    return Document(
        title=doc.title,
        tags=doc.tags,
        sections=sections,
        platform=platform,
        template=match_template(options.templates if options is not None else None, platform.template, sections),
        layout=doc.layout if document_layout_fits(doc.layout) else None,
    )
