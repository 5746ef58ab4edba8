"""Item type names of pad JSON, old and new, and the keys that are rendering rather than content."""

from __future__ import annotations

import json

from ...model import META_KINDS

__all__ = [
    "LEGACY_TYPES",
    "META_KINDS",
    "RENDER_KEYS",
    "CONTENT_TYPES",
    "PAD_ITEM_TYPES",
    "TAGS_KEY",
    "LAYOUT_KEY",
    "TIMESTAMP_KEY",
    "ITEM_TAGS_KEY",
    "QUOTE_KEY",
    "ALT_KEY",
    "ALTS_KEY",
    "LINK_TEXT_KEY",
    "canonical_json",
    "extra_json",
]

LEGACY_TYPES: dict[str, tuple[str, str | None]] = {
    "locations": ("location", None),
    "sdgs": ("index", "sdgs"),
    "tags": ("tag", "thematic_areas"),
    "methods": ("tag", "methods"),
    "datasources": ("tag", "datasources"),
}
"""Item types of older rows and the ``(type, name)`` the platform later used for them."""

CONTENT_TYPES = frozenset({"txt", "title", "checklist", "radiolist", "img", "mosaic", "embed", "group"})
PAD_ITEM_TYPES: tuple[str, ...] = tuple(sorted(CONTENT_TYPES | META_KINDS | set(LEGACY_TYPES)))
"""Every pad item ``type`` the reader accepts (``ITEM_TYPES`` before: a deprecated alias)."""

RENDER_KEYS = frozenset(
    {"level", "fontsize", "fontstyle", "fontweight", "textalign", "verticalalign", "required", "scale"}
)
"""Keys that say how the platform draws an item, not what it holds (kept in ``extra``)."""


# Keys alpdoc adds to the pads it writes, so archive content a pad has no place for comes back.
# The platform keeps an item object whole when it saves a pad (public/js/contribute/pad/save.js pushes the
# item's datum as it is), so item keys survive an edit there; pad-level keys are simply not read by it.
TAGS_KEY = "alpdoc_tags"
"""Pad key: the document's ``[[key:value]]`` tags in their order, ``[{"key": ..., "value": ...}]``."""
LAYOUT_KEY = "alpdoc_layout"
"""Pad key: where the archive file placed its tags and blank lines, ``{"document": ..., "sections": [...]}``."""
ALT_KEY = "alt"
"""``img`` item key: the image's alt text (written when not empty)."""
ALTS_KEY = "alts"
"""``mosaic`` item key: one alt text per ``srcs`` entry (written when any is not empty)."""
TIMESTAMP_KEY = "alpdoc_timestamp"
"""``txt`` item key: an interview answer's timestamp (``"0:27"``), written when set."""
ITEM_TAGS_KEY = "alpdoc_tags"
"""``txt`` item key: an interview answer's own tags, ``[{"key": ..., "value": ...}]``, written when any."""
QUOTE_KEY = "alpdoc_quote"
"""``txt`` item key: ``true`` when the text is a quotation, written only then."""
LINK_TEXT_KEY = "link_text"
"""``embed`` item key marking a link: its text, ``null`` when the text is the URL itself (``src``)."""


def canonical_json(value: object) -> str:
    """Compact JSON with sorted keys: the form :attr:`MetaItem.data` is stored and compared in."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def extra_json(value: object) -> str:
    """Compact JSON in source key order: the form of ``extra`` values."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def __getattr__(name: str) -> object:
    if name == "ITEM_TYPES":  # its name in alpdoc 0.1; alpdoc.model.ITEM_TYPES is the item classes
        import warnings

        warnings.warn("pad-json ITEM_TYPES is renamed PAD_ITEM_TYPES", DeprecationWarning, stacklevel=2)
        return PAD_ITEM_TYPES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
