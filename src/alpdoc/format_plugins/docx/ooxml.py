"""WordprocessingML names and the text rules both directions share.

XML 1.0 cannot hold most control characters, so :func:`clean` drops them
(and turns CR and CRLF into line breaks, which DOCX writes as ``<w:br/>``);
:func:`clean_attr` drops them from attribute values, where CR, LF and tab are
kept as character references.
"""

from __future__ import annotations

import re

__all__ = [
    "NS",
    "W",
    "clean",
    "clean_attr",
    "esc",
    "attr",
    "REPEAT_SUFFIX",
    "INDEX_TITLE",
    "meta_heading",
    "tag_list_name",
]

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = f"{{{NS['w']}}}"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

REPEAT_SUFFIX = re.compile(r" – (\d+)\Z")
"""What the platform appends to the title of each repeated section (EN DASH, counted from 1)."""
INDEX_TITLE = re.compile(r"([A-Za-z0-9_]+)-(\d+)\Z")
"""An index icon's ``docPr/@title``: ``sdgs-7`` (index name, then the goal number)."""


def clean(text: str) -> str:
    """``text`` as DOCX body text can hold it: no XML-invalid characters, CR and CRLF as LF."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_attr(text: str) -> str:
    """``text`` as an XML attribute can hold it (only XML-invalid characters dropped)."""
    return _NOT_XML.sub("", text)


def esc(text: str) -> str:
    """Escape element text (``text`` already :func:`clean`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Escape an attribute value, keeping CR, LF and tab as character references."""
    return (esc(clean_attr(text)).replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


_CAPTIONS = {"sdgs": "SDGs", "location": "Locations"}
_TAG_LISTS = {"Thematic areas": "thematic_areas", "Methods": "methods", "Datasources": "datasources"}


def meta_heading(kind: str, name: str | None) -> str:
    """The heading the platform prints for a metadata item without instruction: its name, capitalised."""
    key = name or kind
    return _CAPTIONS.get(key) or key.replace("_", " ").capitalize()


def tag_list_name(heading: str | None) -> str | None:
    """Which tag list a heading names (``"Methods"`` -> ``methods``); ``None`` when it is a question."""
    return _TAG_LISTS.get(heading) if heading is not None else None
