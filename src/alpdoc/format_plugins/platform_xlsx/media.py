"""A pad's images and the ``data-media`` sheet.

The rows of ``data-media`` are kept as the CSV download's ``media-k``
columns are (:mod:`alpdoc.format_plugins.platform_sheet.rows`): a JSON list
of paths under the ``media`` key of :attr:`PlatformInfo.extra`. Writing
takes that list, or, for a pad that has none (one read from pad JSON), the
sources of its image and mosaic items in document order, as the platform
lists a pad's images.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from attrs import evolve

from ...model import Document, GroupItem, ImageItem, Item, MosaicItem

__all__ = ["media_of", "attach_media", "MEDIA_KEY"]

MEDIA_KEY = "media"


def _sources(items: Iterable[Item]) -> Iterable[str]:
    for item in items:
        if isinstance(item, ImageItem) and item.src:
            yield item.src
        elif isinstance(item, MosaicItem):
            yield from (image.src for image in item.images if image.src)
        elif isinstance(item, GroupItem):
            for record in item.records:
                yield from _sources(record)


def media_of(doc: Document) -> list[str]:
    """The image paths ``data-media`` lists for ``doc``."""
    for key, value in (doc.platform.extra or ()) if doc.platform is not None else ():
        if key == MEDIA_KEY:
            try:
                paths = json.loads(value)
            except ValueError:
                return []
            return [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False)
                    for p in paths if p is not None] if isinstance(paths, list) else []
    return [src for section in doc.sections for src in _sources(section.items)]


def attach_media(doc: Document, paths: list[str]) -> Document:
    """``doc`` with ``paths`` as its ``media`` list (in :attr:`PlatformInfo.extra`, replacing one it had)."""
    if doc.platform is None:
        return doc
    kept = tuple((k, v) for k, v in doc.platform.extra or () if k != MEDIA_KEY)
    extra = (*kept, (MEDIA_KEY, json.dumps(paths, ensure_ascii=False)))
    return evolve(doc, platform=evolve(doc.platform, extra=extra))
