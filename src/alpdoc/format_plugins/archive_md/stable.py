"""A document read from text that it writes back exactly is its own projection.

The reader is deterministic: if ``doc = read(text, templates)`` and
``write(doc) == text``, then ``read(write(doc), templates) == doc``, so
``project(doc)`` is ``doc`` itself and a conversion need not build it again
(the usual case: converting real files, all byte-exact). The reader
:func:`remember` s each document with the text it was read from and the
templates it was read with, for as long as the document lives (documents
are immutable, so a changed copy is a new object that is not remembered);
:func:`is_its_own_projection` checks the rest: the same text, the same
templates.
"""

from __future__ import annotations

import weakref

from ...model import Document
from ...templates import TemplateRegistry

__all__ = ["remember", "is_its_own_projection"]

_read: dict[int, tuple[weakref.ref[Document], str, tuple[object, ...]]] = {}


def _forget(key: int) -> None:
    _read.pop(key, None)


def remember(doc: Document, text: str, templates: TemplateRegistry) -> None:
    """Note that ``doc`` was read from ``text`` (the whole decoded input) with ``templates``."""
    key = id(doc)

    def forget(_ref: weakref.ref[Document]) -> None:
        _forget(key)

    _read[key] = (weakref.ref(doc, forget), text, tuple(templates))


def is_its_own_projection(doc: Document, written: str, templates: TemplateRegistry) -> bool:
    """Whether ``doc`` was read, with these ``templates``, from exactly the text ``written``."""
    entry = _read.get(id(doc))
    if entry is None:
        return False
    ref, text, read_with = entry
    return ref() is doc and text == written and read_with == tuple(templates)
