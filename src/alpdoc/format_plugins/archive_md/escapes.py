"""What archive markdown can carry, and the backslash escapes that let text lines through.

The dialect recognises a block by how its line starts. A text line that would
be read as a marker is written with one more leading backslash than it has,
and the reader takes one away again::

    > quote           ->  \\> quote
    \\## heading       ->  \\\\## heading

The rule is a shift by one of the leading backslashes of lines that match
``^\\\\*<marker>`` (writer) and ``^\\\\+<marker>`` (reader), so it is bijective:
a file keeps its bytes, and no file of the real archive has such a line. The
escapes are also what ``marked`` (the archive page's renderer) reads as
literal text: ``\\>``, ``\\#``, ``\\[`` and ``\\<`` show the character itself.

Text lines are those of an answer and the further lines of a title or of an
instruction written as a paragraph. The markers are ``> ``, ``## ``,
``[[key:``, ``<div class="group">`` and ``</div>`` lines, and whole image and
link lines; in the further lines of a title or instruction also ``- ``
(an answer's ``- `` lines stay as they are: under a free-text question they
are text, elsewhere a checklist, as the templates say).

What no escape can carry is changed as little as possible by
:func:`carried`, the same function for the writer and for ``project``.
"""

from __future__ import annotations

import re

__all__ = [
    "escape_text",
    "unescape_text",
    "escape_further",
    "unescape_further",
    "tag_key",
    "tag_value",
    "one_line",
    "link_url",
    "image_alt",
    "link_text",
    "ends_in_bold",
]

_MARKERS = (
    r"> |## |\[\[[A-Za-z_][A-Za-z0-9_]*:"
    r"|(?:### (?:\[\[|\\\[\[?)|\[\[)\d{1,3}(?::\d{2}){1,2}[\\\] ]"  # an interview question (.interviews)
    r'|(?:<div class="group">|</div>|!\[[^\]\n]*\]\([^\n]*\)|\[(?:[^\]\n]|\](?!\())*\]\([^\n]*\))$'
)
_FURTHER = "- |" + _MARKERS

_ESCAPE = re.compile(rf"^(?=\\*(?:{_MARKERS}))", re.M)
_UNESCAPE = re.compile(rf"^\\(?=\\*(?:{_MARKERS}))", re.M)
_ESCAPE_FURTHER = re.compile(rf"^(?=\\*(?:{_FURTHER}))", re.M)
_UNESCAPE_FURTHER = re.compile(rf"^\\(?=\\*(?:{_FURTHER}))", re.M)


def _may_start_marker(text: str) -> bool:
    """A quick test: whether some line starts with a character a marker (or an escape) starts with."""
    return text[:1] in _FIRSTS or any(pair in text for pair in _LINE_FIRSTS)


_FIRSTS = frozenset("\\>#[<!-")
_LINE_FIRSTS = tuple("\n" + c for c in _FIRSTS)


def _escaped(text: str) -> bool:
    return text.startswith("\\") or "\n\\" in text


def escape_text(text: str) -> str:
    """An answer text as written: one more backslash before each line that would read as a marker."""
    return _ESCAPE.sub("\\\\", text) if _may_start_marker(text) else text


def unescape_text(body: str) -> str:
    """The text of an answer block as read: one backslash fewer before each escaped marker line."""
    return _UNESCAPE.sub("", body) if _escaped(body) else body


def escape_further(text: str) -> str:
    """The further lines of a title or instruction as written (``- `` lines escaped too)."""
    return _ESCAPE_FURTHER.sub("\\\\", text) if _may_start_marker(text) else text


def unescape_further(body: str) -> str:
    return _UNESCAPE_FURTHER.sub("", body) if _escaped(body) else body


# --------------------------------------------------------------------------- least changes

_NOT_KEY = re.compile(r"[^A-Za-z0-9_]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def tag_key(key: str) -> str:
    """A tag key as ``[[key:`` can hold it: other characters become ``_``, a leading digit gets one."""
    if _KEY.fullmatch(key):
        return key
    key = _NOT_KEY.sub("_", key)
    return key if key and not key[0].isdigit() else "_" + key


def tag_value(value: str) -> str:
    """A tag value as ``[[key:value]]`` can hold it: ``]]`` is split by a space, a final ``]`` gets one."""
    if "]]" not in value and not value.endswith("]"):
        return value
    while "]]" in value:
        value = value.replace("]]", "] ]")
    return value + " " if value.endswith("]") else value


_BREAKS = re.compile(r"\n+")


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks becomes a space."""
    return _BREAKS.sub(" ", text) if "\n" in text else text


def link_url(url: str) -> str:
    """A URL as ``(url)`` can hold it: a line break is percent-encoded (the URL ends at the line's last ``)``)."""
    return url.replace("\n", "%0A") if "\n" in url else url


def image_alt(alt: str) -> str:
    """An image's alt text as ``![alt]`` can hold it: no ``]``, on one line."""
    if "]" not in alt and "\n" not in alt:
        return alt
    return one_line(alt).replace("]", "")


_TAG_START = re.compile(r"\[[A-Za-z_][A-Za-z0-9_]*:")


def link_text(text: str) -> str:
    """A link's text as ``[text]`` can hold it: on one line, ``](`` split, never opening a tag."""
    if "\n" in text:
        text = one_line(text)
    if "](" in text:
        text = text.replace("](", "] (")
    if _TAG_START.match(text):
        text = " " + text
    return text


def ends_in_bold(line: str) -> bool:
    """Whether a line directly under a heading would be read as its ``**lead**`` line."""
    return line.startswith("**") and line.endswith("**") and len(line) >= 4
