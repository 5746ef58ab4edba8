"""alpdoc past one machine: documents as a Dask bag, the analyst table as a Dask DataFrame.

Files are opened through `fsspec <https://filesystem-spec.readthedocs.io>`_,
so local paths, globs and URLs such as ``s3://bucket/pads/*.json``,
``gcs://...``, ``zip://*.md::archive.zip`` or ``memory://...`` all work when
the filesystem's package (``s3fs``, ``gcsfs``, ...) is installed. Each file is
read on a worker exactly as :func:`alpdoc.read_all` reads it (format detected
from the name and first bytes unless ``format`` is given), and each row is
:func:`alpdoc.analysis.iter_rows`'s, so a cluster's table equals the one-process
``alpdoc table`` of the same files.

Needs the ``dask`` extra: ``pip install "alpdoc[dask]"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .errors import AlpdocError
from .model import Document
from .options import ReaderOptions

__all__ = ["open_files", "read_bag", "to_dataframe", "table_frame", "table_meta"]

_LOCAL_PROTOCOLS = frozenset({"file", "local"})


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise AlpdocError(
            f'alpdoc.dask needs {module.split(".")[0]}, which is not installed: pip install "alpdoc[dask]"'
        ) from None


def open_files(paths_or_glob: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
               storage_options: Mapping[str, Any] | None = None) -> list[Any]:
    """The fsspec ``OpenFile`` of every file named or matched (globs expanded), in name order."""
    fsspec = _need("fsspec")
    spec = os.fspath(paths_or_glob) if isinstance(paths_or_glob, (str, os.PathLike)) else [
        os.fspath(p) for p in paths_or_glob
    ]
    files = fsspec.open_files(spec, mode="rb", **dict(storage_options or {}))
    if not files:
        raise AlpdocError(f"no files match {paths_or_glob!r}")
    return list(files)


def file_name(open_file: Any) -> str:
    """The ``doc_id`` fallback of a file: its absolute path for a local file, else its full URL."""
    protocol = open_file.fs.protocol
    protocols = {protocol} if isinstance(protocol, str) else set(protocol)
    if protocols & _LOCAL_PROTOCOLS:
        return str(open_file.path)
    return str(open_file.full_name)


def _read_file(open_file: Any, format: str | None, options: ReaderOptions | None) -> list[tuple[str, Document]]:
    from .api import format_for_path, read_all_data, reader_options

    name = file_name(open_file)
    with open_file as fh:
        data = fh.read()
    spec = format_for_path(open_file.path, given=format, head=data)
    return [(name, doc) for doc in read_all_data(spec, data, reader_options(options, source=name))]


def read_bag(
    paths_or_glob: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    format: str | None = None,
    *,
    options: ReaderOptions | None = None,
    storage_options: Mapping[str, Any] | None = None,
    files_per_partition: int = 20,
    with_names: bool = False,
) -> Any:
    """A ``dask.bag`` of the documents of every file (a file of several documents gives several).

    ``with_names=True`` makes each element a ``(file name, Document)`` pair, as
    :func:`to_dataframe` needs for its ``doc_id`` column. A file that cannot be
    read fails the computation with its :class:`alpdoc.AlpdocError`.
    """
    bag = _need("dask.bag")
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be 1 or more")
    files = open_files(paths_or_glob, storage_options)
    named = bag.from_sequence(files, partition_size=files_per_partition).map(_read_file, format, options).flatten()
    return named if with_names else named.pluck(1)


def table_meta() -> Any:
    """An empty pandas frame with the table's columns and dtypes (the Dask DataFrame's ``meta``)."""
    from .analysis import to_dataframe as pandas_frame

    return pandas_frame([])


def _partition_frame(entries: Iterable[Document | tuple[str, Document]]) -> Any:
    from .analysis import COLUMNS, iter_rows

    pd = _need("pandas")

    def rows() -> Iterator[dict[str, Any]]:
        for entry in entries:
            name, doc = ("", entry) if isinstance(entry, Document) else entry
            yield from iter_rows(doc, name)

    frame = pd.DataFrame.from_records(list(rows()), columns=list(COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def to_dataframe(bag: Any) -> Any:
    """The analyst table (:data:`alpdoc.analysis.COLUMNS`) of a bag of documents, as a Dask DataFrame.

    Elements may be documents (``doc_id``: the pad id, else empty) or
    ``(file name, Document)`` pairs (``read_bag(..., with_names=True)``;
    ``doc_id``: the pad id, else the file name). One partition per bag partition.
    """
    dd = _need("dask.dataframe")
    delayed = _need("dask").delayed
    parts = [delayed(_partition_frame)(part) for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=table_meta(), verify_meta=False)


def table_frame(
    paths_or_glob: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    format: str | None = None,
    **read_options: Any,
) -> Any:
    """``to_dataframe(read_bag(paths_or_glob, format, with_names=True, ...))``: the table of many files."""
    return to_dataframe(read_bag(paths_or_glob, format, with_names=True, **read_options))
