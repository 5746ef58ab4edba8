"""Writing a download zip as the platform's JSON download makes it: ``download-<ms>/<app>_data.json``.

The data file is the pads as ``pad-json`` writes an array; no images are
written (the documents hold image addresses, not image bytes). The zip is
the same for the same documents (fixed entry dates).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from ...model import Document
from ..pad_json.writer import dumps_all

__all__ = ["FOLDER", "DATA_NAME", "write_zip", "write_zip_all"]

FOLDER = "download-0/"
DATA_NAME = FOLDER + "solutions-mapping_data.json"
_DATE = (1980, 1, 1, 0, 0, 0)


def write_zip_all(docs: Sequence[Document]) -> bytes:
    """``docs`` as a download zip holding one JSON data file (a JSON array of pads)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        folder = zipfile.ZipInfo(FOLDER, date_time=_DATE)
        folder.external_attr = 0o40755 << 16
        archive.writestr(folder, b"")
        entry = zipfile.ZipInfo(DATA_NAME, date_time=_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        archive.writestr(entry, dumps_all(docs).encode("utf-8"))
    return buf.getvalue()


def write_zip(doc: Document) -> bytes:
    """One document as a download zip."""
    return write_zip_all([doc])
