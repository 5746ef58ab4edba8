"""Files of several documents: one output per document, or many documents into one file.

* :func:`document_stem` names the file of one document of a multi-document
  input (``pad-123-some-title``); :class:`~alpdoc.batch.NamePlanner` makes
  it safe and unique.
* :func:`convert_documents` converts each document of a file on its own
  (one bad document never stops the others) and returns one
  :class:`DocumentResult` each, the bytes left to the caller to name and write.
* :func:`join_documents` converts documents into one file of a format with
  ``write_all`` (``pad-json``, ``geojson``), with one loss report each.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from attrs import field, frozen

from .api import read_all_data, write_all_data
from .conversion import LossReport, LossyConversionError, convert_doc, loss_report
from .errors import AlpdocError, FormatError
from .model import Document
from .options import ReaderOptions
from .plugins import FormatSpec, call_project

__all__ = [
    "peek_documents", "slug", "document_label", "document_stem", "DocumentResult", "convert_documents",
    "join_documents",
]

MAX_SLUG = 60
"""Longest title part of a per-document file name, in characters."""
_NOT_WORD = re.compile(r"[^\w]+")


def peek_documents(docs: Iterator[Document]) -> tuple[Document | None, Iterator[Document] | None]:
    """``(the one document, None)``, ``(None, every document)`` for several, ``(None, None)`` for none.

    It reads the first two documents to tell. A second document that fails
    to read still makes the input one of several: the failure is raised again
    where that document comes.
    """
    first = next(docs, None)
    if first is None:
        return None, None
    try:
        second = next(docs, None)
    except Exception as exc:  # noqa: BLE001 - raised again in its place
        return None, itertools.chain((first,), _raising(exc))
    if second is None:
        return first, None
    return None, itertools.chain((first, second), docs)


def _raising(exc: BaseException) -> Iterator[Document]:
    raise exc
    yield  # pragma: no cover - makes this a generator


def slug(text: str, max_chars: int = MAX_SLUG) -> str:
    """``text`` in lower case, words joined by ``-`` (letters and digits of any script kept)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    words = _NOT_WORD.sub("-", text).replace("_", "-").strip("-")
    words = re.sub("-{2,}", "-", words)
    return words[:max_chars].rstrip("-")


def _pad_id(doc: Document) -> int | None:
    return doc.platform.pad_id if doc.platform is not None else None


def document_label(doc: Document, index: int) -> str:
    """How reports name the ``index``-th document (from 1) of a file: ``pad 123`` or ``document 4``."""
    pad_id = _pad_id(doc)
    return f"pad {pad_id}" if pad_id is not None else f"document {index}"


def document_stem(doc: Document, index: int, fallback: str = "document") -> str:
    """The output name (no extension) of the ``index``-th document (from 1) of a file.

    ``pad-<id>-<title slug>``; a document without a pad id is
    ``<fallback>-<index>-<title slug>`` (``fallback``: the input's name).
    Not yet safe or unique: pass it to :meth:`alpdoc.batch.NamePlanner.claim`.
    """
    pad_id = _pad_id(doc)
    head = f"pad-{pad_id}" if pad_id is not None else f"{fallback}-{index}"
    title = slug(doc.title)
    return f"{head}-{title}" if title else head


@frozen(kw_only=True)
class DocumentResult:
    """One document of a multi-document input: ``status`` ``"ok"`` or ``"failed"`` (``reason`` says why)."""

    label: str
    stem: str
    status: str = "ok"
    reason: str = ""
    title: str = ""
    payload: bytes | None = field(default=None, repr=False)
    staged: str | None = None
    """The temporary file holding the converted bytes, when they were written to a scratch folder
    (:func:`alpdoc.api.install_file` puts it in place) instead of kept in ``payload``."""
    losses: dict[str, int] | None = None
    report: str = ""
    details: tuple[str, ...] = ()


def _reason(exc: BaseException) -> str:
    from .batch import _failure_reason  # batch imports this module

    return _failure_reason(exc)


def convert_documents(
    docs: Iterable[Document],
    to: str,
    *,
    source: str,
    fallback: str,
    options: ReaderOptions,
    strict: bool = False,
    verify: bool = False,
    keep_payload: bool = True,
    stage_in: str | None = None,
) -> Iterator[DocumentResult]:
    """Each of ``docs`` converted to ``to`` on its own: one :class:`DocumentResult` per document.

    A document that fails (lossy with ``strict``, unwritable) fails alone;
    an input that stops reading part way (a malformed pad) ends with one
    failed result for the rest of it. With ``stage_in`` (a folder) the bytes
    go to a temporary file there (:attr:`DocumentResult.staged`), so that
    results sent between processes stay small.
    """
    index = 0
    it = iter(docs)
    while True:
        try:
            doc = next(it)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - the documents read so far are kept
            yield DocumentResult(label=f"document {index + 1} on", stem="", status="failed",
                                 reason=f"the rest of the input cannot be read: {_reason(exc)}")
            return
        index += 1
        label, stem = document_label(doc, index), document_stem(doc, index, fallback)
        try:
            conversion = convert_doc(doc, to, options=options, strict=strict, verify=verify, source=source,
                                     warn=False)
        except LossyConversionError as exc:
            yield _lossy(label, stem, doc, exc.report)
            continue
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the others
            yield DocumentResult(label=label, stem=stem, status="failed", reason=_reason(exc), title=doc.title)
            continue
        report = conversion.report
        payload, staged = (conversion.data if keep_payload else None), None
        if payload is not None and stage_in is not None:
            try:
                staged, payload = _stage(payload, stage_in), None
            except OSError as exc:
                yield DocumentResult(label=label, stem=stem, status="failed", reason=_reason(exc), title=doc.title)
                continue
        yield DocumentResult(label=label, stem=stem, title=doc.title, losses=report.losses, report=str(report),
                             details=tuple(report.details(5)), payload=payload, staged=staged)


def _stage(data: bytes, folder: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=".document.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def _lossy(label: str, stem: str, doc: Document, report: LossReport) -> DocumentResult:
    return DocumentResult(label=label, stem=stem, status="failed", reason=f"lossy: {report}", title=doc.title,
                          losses=report.losses, report=str(report), details=tuple(report.details(5)))


def join_documents(
    docs: Sequence[tuple[Document, str]],
    target: FormatSpec,
    options: ReaderOptions,
    *,
    verify: bool = False,
) -> tuple[bytes, list[LossReport]]:
    """``docs`` (each with the name of its source format) written by ``target.write_all`` as one file.

    Returns the bytes and one loss report per document, from
    ``project(doc, options)`` (or, with ``verify``, from reading the file
    back: it must give as many documents, in order).
    """
    if target.write_all is None:
        raise FormatError(f"format {target.name!r} holds one document per file")
    payload = write_all_data(target, [doc for doc, _source in docs])
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if verify:
        from .conversion import UnreadableOutputError

        try:
            back = list(read_all_data(target, data, options.for_source(f"<{target.name} output>")))
        except AlpdocError as exc:
            raise UnreadableOutputError(f"the {target.name} output does not read back: {exc}") from exc
        if len(back) != len(docs):
            raise UnreadableOutputError(
                f"the {target.name} output reads back as {len(back)} document{'' if len(back) == 1 else 's'}, "
                f"not {len(docs)}")
    else:
        back = [call_project(target, doc, options) for doc, _source in docs]
    notes = target.viewer_notes
    reports = [loss_report(doc, again, source, target.name, verified=verify, notes=notes(doc) if notes else ())
               for (doc, source), again in zip(docs, back)]
    return data, reports
