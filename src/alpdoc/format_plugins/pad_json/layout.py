"""Which archive layouts pad JSON carries in ``alpdoc_layout``.

A layout says how many blank lines and tag lines an archive file has where;
the archive-md writer replays it. From a pad (input alpdoc did not
necessarily write) only a layout of whole numbers in a sane range and known
header kinds is taken: a gap of ``10**12`` blank lines or a negative tag
count must not reach that writer. The writer and ``project`` drop a layout
that does not fit, the reader refuses one.
"""

from __future__ import annotations

from ...model import DocumentLayout, SectionLayout

__all__ = ["MAX_LAYOUT_NUMBER", "HEADER_KINDS", "document_layout_fits", "section_layout_fits"]

MAX_LAYOUT_NUMBER = 10_000
"""The largest blank-line count, tag count or item index a carried layout may hold."""
HEADER_KINDS = frozenset({"title", "tags", "raw"})


def _numbers_fit(*numbers: int) -> bool:
    return all(0 <= n <= MAX_LAYOUT_NUMBER for n in numbers)


def document_layout_fits(layout: DocumentLayout | None) -> bool:
    """Whether pad JSON carries ``layout`` (``None`` always fits)."""
    if layout is None:
        return True
    return _numbers_fit(layout.leading_blanks) and all(
        e.kind in HEADER_KINDS and _numbers_fit(e.gap, e.count) for e in layout.header
    )


def section_layout_fits(layout: SectionLayout | None) -> bool:
    """Whether pad JSON carries ``layout`` (``None`` always fits)."""
    if layout is None:
        return True
    return _numbers_fit(layout.heading_gap, layout.lead_gap) and all(
        _numbers_fit(r.before_item, r.count, r.gap) for r in layout.tag_runs
    )
