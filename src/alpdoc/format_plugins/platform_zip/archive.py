"""Opening a platform download zip safely: its entries, sizes checked before anything is decompressed."""

from __future__ import annotations

import io
import re
import zipfile

from ...errors import ParseError

__all__ = ["MAX_ENTRIES", "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "DATA_FILE", "IMAGE_FILE", "open_zip",
           "data_members", "read_member", "image_members"]

MAX_ENTRIES = 100_000
"""Most entries a download zip may list."""
MAX_MEMBER_BYTES = 256 * 1024 * 1024
"""Largest data file read out of a zip, decompressed (its declared size is checked first, then the bytes read)."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""Most bytes read out of one zip, decompressed, all its data files together."""

DATA_FILE = re.compile(r"(?:^|/)(?:[^/]*_)?data\.(csv|xlsx|json)$", re.IGNORECASE)
"""``<app>_data.xlsx`` at the top of the download, or ``<app>_template_<id>/data.xlsx``."""
IMAGE_FILE = re.compile(r"(?:^|/)images/pad-(\d+)/image-(\d+)(?:\.[A-Za-z0-9]+)?$")
DOWNLOAD_FOLDER = re.compile(r"download-\d+/")


def open_zip(data: bytes, source: str | None) -> zipfile.ZipFile:
    """``data`` as a zip (a :class:`ParseError` when it is none, or lists too many entries)."""
    if isinstance(data, str):
        raise ParseError("a download zip is binary: pass bytes, not text", source=source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ParseError(f"not a readable zip file ({exc})", source=source) from None
    if len(archive.infolist()) > MAX_ENTRIES:
        raise ParseError(f"the zip lists {len(archive.infolist())} entries, more than {MAX_ENTRIES}: not read",
                         source=source)
    return archive


def _skipped(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "__MACOSX" or "images" in parts[:-1] or any(part.startswith(".") for part in parts)


def data_members(archive: zipfile.ZipFile, source: str | None) -> list[zipfile.ZipInfo]:
    """The data files of a download (zip order); a :class:`ParseError` when there is none or they are too large."""
    found = [info for info in archive.infolist()
             if not info.is_dir() and not _skipped(info.filename) and DATA_FILE.search(info.filename)]
    if not found:
        names = [i.filename for i in archive.infolist() if not i.is_dir()]
        hint = ""
        if any("_contributors." in n for n in names):
            hint = "; it holds a contributors export (people, not pads), which alpdoc does not read"
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "") if names else "no files"
        raise ParseError(
            f"no data file in the zip (expected <app>_data.csv, .xlsx or .json, or <app>_template_<id>/data.*; "
            f"found {shown}){hint}", source=source)
    total = 0
    for info in found:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ParseError(f"{info.filename}: {info.file_size} bytes when decompressed, more than "
                             f"{MAX_MEMBER_BYTES}: not read (a zip bomb?)", source=source)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ParseError(f"the data files are {total} bytes when decompressed, more than {MAX_TOTAL_BYTES}: "
                         "not read", source=source)
    return found


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str | None) -> bytes:
    """The bytes of one entry, never more than its declared size (a lying header is a :class:`ParseError`)."""
    limit = min(info.file_size, MAX_MEMBER_BYTES)
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except RuntimeError as exc:  # encrypted
        raise ParseError(f"{info.filename}: cannot be read: {exc}", source=source) from None
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise ParseError(f"{info.filename}: cannot be decompressed: {exc}", source=source) from None
    except Exception as exc:  # noqa: BLE001 - zlib and lzma errors of a damaged entry
        raise ParseError(f"{info.filename}: cannot be decompressed: {type(exc).__name__}: {exc}",
                         source=source) from None
    if len(data) > limit:
        raise ParseError(f"{info.filename}: holds more than the {limit} bytes its header says: not read",
                         source=source)
    return data


def image_members(archive: zipfile.ZipFile, folder: str) -> dict[int, dict[str, str]]:
    """The images of the data file in ``folder``: pad id -> {path as the data names it: entry name}."""
    out: dict[int, dict[str, str]] = {}
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or not name.startswith(folder):
            continue
        relative = name[len(folder):]
        match = IMAGE_FILE.fullmatch(relative) if relative.startswith("images/") else None
        if match is not None:
            out.setdefault(int(match.group(1)), {})[relative] = name
    return out
