"""The OOXML ``_xHHHH_`` escapes of spreadsheet text.

XML cannot hold most control characters, and a literal CR in XML text reads
back as LF, so spreadsheet writers spell them ``_xHHHH_`` (SheetJS in lower
case, ``_x000d_``; Excel in upper case, ``_x000D_``). Writers that are careful
(Excel, and this module) also escape the ``_`` of a literal ``_xHHHH_`` in the
text as ``_x005F_``; SheetJS does not, so such a literal reads back decoded.
"""

from __future__ import annotations

import re

__all__ = ["decode_escapes", "encode_escapes"]

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _decoded(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate is no character: keep the text as it stands
        return match.group(0)
    return chr(code)


def decode_escapes(text: str) -> str:
    """``text`` with each ``_xHHHH_`` replaced by its character (left to right, so ``_x005F_x000D_`` is ``_x000D_``)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_decoded, text)


def _encoded(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04x}_"


def encode_escapes(text: str) -> str:
    """``text`` ready for XML: control characters (not TAB, LF), U+FFFE/U+FFFF and literal escapes' ``_`` escaped."""
    return _NEEDS_ESCAPE.sub(_encoded, text)
