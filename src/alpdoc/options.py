"""What a reader is told besides the bytes: :class:`ReaderOptions`.

Readers never consult globals: the caller (the Python API, the command line,
each batch worker) builds one options object and passes it down, so the same
bytes read the same way whatever plugins happen to be installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import evolve, field, frozen

from .templates import Template, TemplateRegistry

__all__ = ["ReaderOptions", "as_registry"]


def as_registry(value: TemplateRegistry | Template | None) -> TemplateRegistry:
    """``value`` as a :class:`TemplateRegistry` (``None``: an empty one; a single template: a registry of it)."""
    if value is None:
        return TemplateRegistry()
    if isinstance(value, Template):
        return TemplateRegistry([value])
    return value


def _mapping(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


@frozen(kw_only=True)
class ReaderOptions:
    """Everything a reader may use besides the input itself.

    ``templates``: the questionnaires a reader may match the document to
    (the reader picks the best match per document and records its name in
    :attr:`alpdoc.Document.template`). ``strict``: refuse what would otherwise
    be read leniently. ``source``: the name errors give the input (a path,
    ``<stdin>``). ``extra``: settings of one format, keyed by name (a plugin
    documents its own; a plain dict, so options can be sent to worker processes).
    """

    templates: TemplateRegistry = field(factory=TemplateRegistry, converter=as_registry)
    strict: bool = False
    source: str | None = None
    extra: Mapping[str, Any] = field(factory=dict, converter=_mapping)

    def for_source(self, source: str | None) -> ReaderOptions:
        """The same options, naming ``source`` as the input."""
        return self if source == self.source else evolve(self, source=source)
