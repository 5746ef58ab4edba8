"""The ``platform-zip`` format: the zip the platform's download button sends.

Reading takes the whole zip in one call: each data file (``<app>_data.csv``,
``.xlsx`` or ``.json``, or ``<app>_template_<id>/data.*`` per template) is read
by the format for it, found through the registry (``platform-csv``,
``platform-xlsx``, ``pad-json`` or ``geojson``), and image items that name one
of a pad's images (``images/pad-<id>/image-<k>``) get that image's entry name
in the zip (:func:`pad_images` lists them all; no image is decompressed).
Sizes are checked before anything is decompressed (:mod:`.archive`).
Writing makes the JSON download's zip (:mod:`.writer`). See
``docs/formats/platform-zip.md``.
"""

from __future__ import annotations

import re

from ...hookspecs import hookimpl
from ...model import Document
from ...options import ReaderOptions
from ...plugins import FormatSpec
from .archive import DATA_FILE, DOWNLOAD_FOLDER
from .reader import iter_zip, pad_images, read_zip
from .writer import write_zip, write_zip_all

__all__ = ["iter_zip", "read_zip", "pad_images", "write_zip", "write_zip_all", "project_zip", "FORMAT"]

_LOCAL_HEADER = b"PK\x03\x04"


def _sniff(head: bytes) -> bool:
    """A zip whose first entry is a ``download-<ms>/`` folder or file, or a data file."""
    if not head.startswith(_LOCAL_HEADER) or len(head) < 30:
        return False
    size = int.from_bytes(head[26:28], "little")
    name = head[30:30 + size].decode("utf-8", "replace")
    return DOWNLOAD_FOLDER.match(name) is not None or DATA_FILE.search(name) is not None or bool(
        re.match(r"[^/]+_template_[^/]+/", name))


def project_zip(doc: Document, options: ReaderOptions | None = None, *, written: bytes | None = None) -> Document:
    """What a document reads back as from the zip: the written zip read back (``written``, when given, is it)."""
    return read_zip(written if written is not None else write_zip(doc),
                    options if options is not None else ReaderOptions())


FORMAT = FormatSpec(
    name="platform-zip",
    description="the platform's download zip: data.csv/.xlsx/.json (+ images) read in one go; writes the JSON one",
    aliases=("download-zip",),
    extensions=(".zip",),
    reader=read_zip,
    writer=write_zip,
    project=project_zip,
    sniff=_sniff,
    binary=True,
    read_all=iter_zip,
    write_all=write_zip_all,
    platform_content=True,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
