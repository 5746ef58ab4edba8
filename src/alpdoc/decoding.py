"""Turning input bytes into text for the text formats, with precise errors."""

from __future__ import annotations

from .errors import ParseError

__all__ = ["decode_text", "decode_utf8"]


def decode_utf8(data: bytes | str, source: str | None = None) -> str:
    """UTF-8 text of ``data`` (``str`` passes through); an invalid byte raises :class:`ParseError` at its place."""
    if isinstance(data, str):
        return data
    raw = memoryview(data).tobytes()  # bytes, bytearray, memoryview; TypeError for anything else
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        err = ParseError.at_offset(
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", good + "\ufffd", len(good), expected="UTF-8 text"
        )
        raise (err.with_source(source) if source else err) from None


def decode_text(data: bytes | str, source: str | None = None) -> str:
    """UTF-8 text of ``data``; invalid bytes and NUL characters raise :class:`ParseError`."""
    text = decode_utf8(data, source)
    nul = text.find("\x00")
    if nul >= 0:
        err = ParseError.at_offset("NUL character: this looks like binary data", text, nul, expected="text")
        raise err.with_source(source) if source else err
    return text
