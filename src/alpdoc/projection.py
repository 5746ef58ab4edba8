"""Dropping what only the platform's own formats carry.

:func:`drop_platform` is the first step of every ``project()`` of a format
that does not know the platform-only parts of the model
(:attr:`Document.platform`, :class:`~alpdoc.model.EmbedItem`,
:class:`~alpdoc.model.MetaItem`, option ids, ``has_content``, the ``title``
item type, the ``extra`` fields). The registry also passes every document
through it before calling the writer of a format whose
:class:`~alpdoc.plugins.FormatSpec` does not set ``platform_content=True``,
so writers that predate these classes never meet them.

:func:`read_back` makes the ``project()`` of a format whose projection is,
by definition, what its writer's output reads back as.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from attrs import evolve

from .model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    Section,
    Tag,
    TextItem,
)

__all__ = ["drop_platform", "platform_tags", "has_platform_content", "read_back", "TAG_KEYS"]


def read_back(writer: Callable[[Document], Any], reader: Callable[[Any, Any], Document]) -> Callable[..., Document]:
    """``project(doc, options=None, *, written=None)``: ``reader(writer(doc), options)``.

    ``written``, when the caller has the writer's output already, is read
    instead of writing again; ``options`` default to ``ReaderOptions()``.
    """

    def project(doc: Document, options: Any = None, *, written: Any = None) -> Document:
        from .options import ReaderOptions  # options imports the templates, which import the model

        data = written if written is not None else writer(doc)
        return reader(data, options if options is not None else ReaderOptions())

    return project

TAG_KEYS: dict[str, str] = {
    "tag": "thematic_areas",
    "thematic_area": "thematic_areas",
    "sdg": "sdgs",
    "method": "methods",
    "datasource": "datasources",
}
"""Archive tag key of a platform tag ``type`` given in the singular; other types are used as they are."""

_EMBED_URL = re.compile(r"""\b(?:src|href)\s*=\s*["'](https?://[^"'\s]+)["']""", re.I)


def platform_tags(info: PlatformInfo) -> tuple[Tag, ...]:
    """``info``'s tags, locations and metadata as archive ``key: value`` tags, in the archive's order.

    Tags first (``sdgs`` as ``"N. Name"`` when the goal number is known), then
    ``country`` with its ``latlng``, then metadata ``name: value``.
    """
    out: list[Tag] = []
    for t in info.tags:
        key = TAG_KEYS.get(t.type, t.type)
        value = f"{t.key}. {t.name}" if key == "sdgs" and t.key is not None else t.name
        out.append(Tag(key=key, value=value))
    for loc in info.locations:
        if loc.country is not None:
            out.append(Tag(key="country", value=loc.country))
        if loc.lat is not None and loc.lng is not None:
            out.append(Tag(key="latlng", value=f"{loc.lat!r},{loc.lng!r}"))
    out.extend(Tag(key=m.name, value=m.value) for m in info.metadata)
    return tuple(out)


def _plain_item(item: Item) -> Item | None:
    """``item`` without platform-only fields; ``None`` for a meta item (dropped)."""
    if isinstance(item, MetaItem):
        return None
    if isinstance(item, EmbedItem):
        url = item.src or (m.group(1) if (m := _EMBED_URL.search(item.html)) else None)
        if url:
            return LinkItem(instruction=item.instruction, url=url, layout=item.layout)
        return TextItem(instruction=item.instruction, text=item.html.strip("\n"), layout=item.layout)
    if isinstance(item, GroupItem):
        records = tuple(tuple(i for i in map(_plain_item, r) if i is not None) for r in item.records)
        return evolve(item, records=records, has_content=None, extra=None)
    if isinstance(item, ChoiceItem):
        options = tuple(Option(name=o.name, checked=o.checked) for o in item.options)
        return evolve(item, options=options, has_content=None, extra=None)
    if isinstance(item, TextItem):
        return evolve(item, platform_type=None, has_content=None, extra=None)
    if isinstance(item, (ImageItem, MosaicItem)):
        return evolve(item, has_content=None, extra=None)
    return item


def has_platform_content(doc: Document) -> bool:
    """Whether ``doc`` holds anything :func:`drop_platform` would change (a cheap scan)."""
    if doc.platform is not None:
        return True

    def platformish(item: Item) -> bool:
        if isinstance(item, (MetaItem, EmbedItem)):
            return True
        if isinstance(item, LinkItem):
            return False
        if item.has_content is not None or item.extra is not None:
            return True
        if isinstance(item, TextItem):
            return item.platform_type is not None
        if isinstance(item, ChoiceItem):
            return any(o.id is not None for o in item.options)
        if isinstance(item, GroupItem):
            return any(platformish(i) for r in item.records for i in r)
        return False

    return any(s.extra is not None or any(platformish(i) for i in s.items) for s in doc.sections)


def drop_platform(doc: Document) -> Document:
    """``doc`` without the content only the platform's formats carry.

    * :attr:`Document.platform` goes; its tags, locations and metadata become
      document tags (:func:`platform_tags`), appended to ``doc.tags``;
    * meta items (locations, tag lists, SDG index, video, drawing, files, ...)
      are dropped;
    * an embed becomes a link to its ``src`` (or to the first ``src``/``href``
      URL in its HTML), else a text holding the HTML;
    * option ids, ``has_content``, the ``title`` item type and the ``extra``
      fields are cleared.

    Layout fields are kept, so a document without platform content comes back
    unchanged (the same object).
    """
    if not has_platform_content(doc):
        return doc
    tags = doc.tags + (platform_tags(doc.platform) if doc.platform is not None else ())
    sections = tuple(
        Section(
            title=s.title,
            lead=s.lead,
            items=tuple(i for i in map(_plain_item, s.items) if i is not None),
            layout=s.layout,
        )
        for s in doc.sections
    )
    return evolve(doc, tags=tags, sections=sections, platform=None)
