"""Documents as tables for analysts: one row per answer (CSV, JSON Lines, pandas).

Every item of a document gives one row; an item inside a repeated group gives
one row per record, numbered from 1 in ``record`` (``"2.1"`` for a group
inside the second record of another group; empty outside groups), and the
group's own question in ``group`` (the questions of nested groups joined by
``" / "``, outermost first), so rows with the same sub-question in different
groups ("Quantitative evidence" under two questions) stay apart. A document
without items still gives one row, so it is not missing from the table.

>>> import alpdoc
>>> text = "# Plan\\n\\n[[type:learningplan]]\\n## Why\\n****\\n\\n> Goal?\\n\\nLess waste.\\n"
>>> doc = alpdoc.loads(text, "archive-md")
>>> row = next(iter_rows(doc, doc_id="plan.md"))
>>> row["section"], row["instruction"], row["answer"], row["item_kind"]
('Why', 'Goal?', 'Less waste.', 'text')
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import AlpdocError
from .model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    TextItem,
)

__all__ = ["COLUMNS", "iter_rows", "rows_of", "write_csv", "write_jsonl", "to_dataframe", "item_kind"]

COLUMNS: tuple[str, ...] = (
    "doc_id",
    "kind",
    "title",
    "year",
    "countries",
    "section",
    "instruction",
    "record",
    "answer",
    "choices",
    "item_kind",
    "group",
)
"""The columns, in order: ``doc_id`` is the platform pad id when the document has one, else the file name.

``countries`` lists each country once (:attr:`~alpdoc.model.Document.countries`); ``group`` (last, so the
earlier columns keep their places) is the question of the group a row's answer belongs to, empty outside groups.
"""

GROUP_SEPARATOR = " / "

CHOICE_SEPARATOR = "; "


def item_kind(item: Item) -> str:
    """``text``, ``checklist``, ``radio``, ``image``, ``mosaic``, ``link``, ``embed``, ``group`` or ``meta:TYPE``."""
    if isinstance(item, TextItem):
        return "text"
    if isinstance(item, ChoiceItem):
        return "checklist" if item.multiple else "radio"
    if isinstance(item, ImageItem):
        return "image"
    if isinstance(item, MosaicItem):
        return "mosaic"
    if isinstance(item, LinkItem):
        return "link"
    if isinstance(item, EmbedItem):
        return "embed"
    if isinstance(item, GroupItem):
        return "group"
    if isinstance(item, MetaItem):
        return f"meta:{item.type}"
    return type(item).__name__  # pragma: no cover - a class added later


def _answer(item: Item) -> tuple[str, str]:
    """``(answer text, checked choices)`` of one item."""
    if isinstance(item, TextItem):
        return item.text, ""
    if isinstance(item, ChoiceItem):
        return "", CHOICE_SEPARATOR.join(item.selected)
    if isinstance(item, ImageItem):
        return item.src, ""
    if isinstance(item, MosaicItem):
        return "\n".join(image.src for image in item.images), ""
    if isinstance(item, LinkItem):
        return item.url, ""
    if isinstance(item, EmbedItem):
        return item.src or item.html, ""
    if isinstance(item, MetaItem):
        return "" if item.data == "{}" else item.data, ""
    return "", ""


def _doc_id(doc: Document, fallback: str) -> str:
    if doc.platform is not None and doc.platform.pad_id is not None:
        return str(doc.platform.pad_id)
    return fallback


def _item_rows(item: Item, record: str, group: str) -> Iterator[tuple[str, Item, str]]:
    """``(record, leaf item, group question)`` of each row ``item`` gives."""
    if isinstance(item, GroupItem):
        question = item.instruction or ""
        inner_group = f"{group}{GROUP_SEPARATOR}{question}" if group else question
        for n, entries in enumerate(item.records, start=1):
            inner = f"{record}.{n}" if record else str(n)
            for sub in entries:
                yield from _item_rows(sub, inner, inner_group)
        if not item.records:  # an unanswered group still shows its question
            yield record, item, group
        return
    yield record, item, group


def iter_rows(doc: Document, doc_id: str = "") -> Iterator[dict[str, Any]]:
    """The rows of ``doc`` as dicts keyed by :data:`COLUMNS` (``year`` and ``record`` may be ``None``)."""
    base = {
        "doc_id": _doc_id(doc, doc_id),
        "kind": doc.kind or "",
        "title": doc.title,
        "year": doc.year,
        "countries": CHOICE_SEPARATOR.join(country.name for country in doc.countries),
    }
    empty = True
    for section in doc.sections:
        for item in section.items:
            for record, leaf, group in _item_rows(item, "", ""):
                answer, choices = _answer(leaf)
                empty = False
                yield {
                    **base,
                    "section": section.title,
                    "instruction": leaf.instruction or "",
                    "record": record or None,
                    "answer": answer,
                    "choices": choices,
                    "item_kind": item_kind(leaf),
                    "group": group,
                }
    if empty:
        yield {
            **base, "section": "", "instruction": "", "record": None, "answer": "", "choices": "", "item_kind": "",
            "group": "",
        }


def rows_of(docs: Iterable[Document | str | os.PathLike[str]]) -> Iterator[dict[str, Any]]:
    """Rows of many documents; a path is read with :func:`alpdoc.read_all` (its name is the ``doc_id``)."""
    from .api import read_all

    for n, entry in enumerate(docs, start=1):
        if isinstance(entry, Document):
            yield from iter_rows(entry, str(n))
        else:
            name = os.fspath(entry)
            for doc in read_all(name):
                yield from iter_rows(doc, name)


def _csv_cell(value: Any) -> str:
    return "" if value is None else str(value)


def csv_text(rows: Iterable[dict[str, Any]]) -> str:
    """``rows`` as CSV text: a header row, then one line per row (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def write_csv(rows: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> int:
    """Write ``rows`` to ``path`` as UTF-8 CSV with a header row (atomically); return the row count."""
    return _write(rows, path, "csv")


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> int:
    """Write ``rows`` to ``path`` as JSON Lines, one object per line (atomically); return the row count."""
    return _write(rows, path, "jsonl")


def _write(rows: Iterable[dict[str, Any]], path: str | os.PathLike[str], kind: str) -> int:
    from .api import atomic_write_bytes

    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if kind == "csv":
        text = csv_text(counted())
    else:
        text = "".join(json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False) + "\n" for row in counted())
    atomic_write_bytes(Path(path), text.encode("utf-8"))
    return count


def to_dataframe(docs: Iterable[Document | str | os.PathLike[str]]) -> Any:
    """A pandas ``DataFrame`` of the rows of ``docs`` (documents or paths), one column per :data:`COLUMNS`.

    Needs pandas (``pip install "alpdoc[pandas]"``); without it raises
    :class:`alpdoc.AlpdocError` saying so.
    """
    try:
        import pandas as pd
    except ImportError:
        raise AlpdocError(
            'alpdoc.to_dataframe needs pandas, which is not installed: pip install "alpdoc[pandas]" '
            "(or pip install pandas)"
        ) from None
    frame = pd.DataFrame.from_records(list(rows_of(docs)), columns=list(COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame
