"""Turning input bytes into text for the text formats, with precise errors.

alpdoc reads UTF-8. Text in another Unicode encoding (UTF-16 or UTF-32, told
by its byte order mark or, for UTF-16 without one, by its NUL bytes) is
refused with an error naming that encoding. :func:`split_bom` takes a UTF-8
byte order mark off (a format that keeps it records it as layout), and
:func:`check_line_ends` refuses lines that end in CR alone.
"""

from __future__ import annotations

from .errors import ParseError

__all__ = ["decode_text", "decode_utf8", "split_bom", "check_line_ends", "UTF8_BOM"]

UTF8_BOM = "\ufeff"
"""The byte order mark as a character (the bytes ``EF BB BF`` decoded)."""

_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32", "little-endian"),
    (b"\x00\x00\xfe\xff", "UTF-32", "big-endian"),
    (b"\xff\xfe", "UTF-16", "little-endian"),
    (b"\xfe\xff", "UTF-16", "big-endian"),
)


def _other_encoding(raw: bytes) -> tuple[str, str] | None:
    """``(encoding, how it shows)`` when ``raw`` is evidently UTF-16 or UTF-32 rather than UTF-8."""
    for mark, name, order in _OTHER_BOMS:
        if raw.startswith(mark):
            return name, f"{name} ({order}) text: it starts with the byte order mark {mark.hex(' ').upper()}"
    head = raw[:256]
    even, odd = head[0::2], head[1::2]
    if len(odd) >= 2:  # mostly ASCII UTF-16 without a mark: every other byte is NUL
        if odd.count(0) * 4 >= len(odd) * 3 and even.count(0) == 0:
            return "UTF-16", "UTF-16 (little-endian) text: every other byte is NUL"
        if even.count(0) * 4 >= len(even) * 3 and odd.count(0) == 0:
            return "UTF-16", "UTF-16 (big-endian) text: every other byte is NUL"
    return None


def _encoding_error(raw: bytes, source: str | None) -> ParseError | None:
    found = _other_encoding(raw)
    if found is None:
        return None
    name, how = found
    err = ParseError(
        f"this is {how}; alpdoc reads UTF-8 (convert it first, e.g. iconv -f {name} -t UTF-8)",
        line=1, column=1, expected="UTF-8 text",
    )
    return err.with_source(source) if source else err


def decode_utf8(data: bytes | str, source: str | None = None) -> str:
    """UTF-8 text of ``data`` (``str`` passes through); an invalid byte raises :class:`ParseError` at its place.

    UTF-16 and UTF-32 input raise a :class:`ParseError` that names the
    encoding. A UTF-8 byte order mark stays in the text (see :func:`split_bom`).
    """
    if isinstance(data, str):
        return data
    raw = memoryview(data).tobytes()  # bytes, bytearray, memoryview; TypeError for anything else
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        other = _encoding_error(raw, source)
        if other is not None:
            raise other from None
        good = raw[: exc.start].decode("utf-8")
        err = ParseError.at_offset(
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", good + "\ufffd", len(good), expected="UTF-8 text"
        )
        raise (err.with_source(source) if source else err) from None


def decode_text(data: bytes | str, source: str | None = None) -> str:
    """UTF-8 text of ``data``; invalid bytes, UTF-16/UTF-32 and NUL characters raise :class:`ParseError`."""
    text = decode_utf8(data, source)
    nul = text.find("\x00")
    if nul >= 0:
        other = _encoding_error(memoryview(data).tobytes(), source) if not isinstance(data, str) else None
        if other is not None:
            raise other
        err = ParseError.at_offset("NUL character: this looks like binary data", text, nul, expected="text")
        raise err.with_source(source) if source else err
    return text


def split_bom(text: str) -> tuple[str, bool]:
    """``text`` without a leading UTF-8 byte order mark, and whether it had one."""
    if text.startswith(UTF8_BOM):
        return text[1:], True
    return text, False


def check_line_ends(text: str, source: str | None = None) -> None:
    """Refuse text whose line breaks are CR alone (classic Mac OS): a line format would read it as one line.

    That is text with no LF at all and CRs inside it at two places or more.
    CR characters in text with LF line ends (CRLF included), or a single one
    in a one-line text, are left alone: they are characters of the text.
    """
    cr = text.find("\r")
    if cr < 0 or "\n" in text:
        return
    end = len(text.rstrip("\r"))  # CRs after the last line do not break lines
    if text.find("\r", cr + 1, end) < 0:
        return
    err = ParseError.at_offset(
        "the lines of this file end in CR alone (classic Mac OS line ends), so it would read as one line; "
        "convert them to LF first (e.g. tr '\\r' '\\n')",
        text, cr, expected="LF (or CRLF) line ends",
    )
    raise err.with_source(source) if source else err
