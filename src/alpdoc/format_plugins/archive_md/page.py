"""What the SDG Commons archive page will not show as intended: :func:`archive_page_warnings`.

The page renders each file with ``marked`` and finds tags with the pattern
``\\[\\[[\\w:.\\-\\/\\d\\s…&\\(\\)\\"'_,@%~#=]*\\]\\]`` (JavaScript without the ``u``
flag: ``\\w`` is ASCII, ``\\s`` is Unicode white space). alpdoc writes what it can
so that it renders right (a fresh lead loses trailing white space, escaped
marker lines show as typed); these warnings list the rest, each with where
it is, so a loss report can give them as their own kind ("not shown as
intended by the archive page").
"""

from __future__ import annotations

import re

from attrs import frozen

from ...differences import Difference, shorten
from ...model import ChoiceItem, Document, GroupItem, Item, TextItem
from ...projection import drop_platform
from .carry import carried

__all__ = ["PageWarning", "archive_page_warnings"]

_JS_SPACE = "\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_PAGE_TAG_INSIDE = re.compile(f"[A-Za-z0-9_:.\\-/{_JS_SPACE}…&()\"'_,@%~#=]*")
_PAGE_TAG = re.compile(f"\\[\\[{_PAGE_TAG_INSIDE.pattern}\\]\\]")


@frozen(kw_only=True)
class PageWarning:
    """One place the archive page shows otherwise than the document means.

    ``field`` is ``"tag"``, ``"lead"``, ``"option"``, ``"answer text"``,
    ``"instruction"`` or ``"title"``; ``section`` and ``item`` are 0-based
    indexes into :attr:`Document.sections` and the section's items
    (``None`` for the document's own fields); ``text`` is what is written.
    """

    field: str
    section: int | None
    item: int | None
    text: str
    reason: str


def _shown_as_tag(text: str) -> bool:
    return "[[" in text and _PAGE_TAG.search(text) is not None


def archive_page_warnings(doc: Document) -> list[PageWarning]:
    """Every place where the archive page will not show ``carried(doc)`` as intended, in document order."""
    doc = carried(drop_platform(doc))
    out: list[PageWarning] = []
    if _shown_as_tag(doc.title):
        out.append(PageWarning(field="title", section=None, item=None, text=doc.title,
                               reason="holds text the page takes for a tag"))
    for tag in doc.tags:
        written = f"[[{tag.key}:{tag.value}]]"
        if not _PAGE_TAG_INSIDE.fullmatch(f"{tag.key}:{tag.value}"):
            out.append(PageWarning(field="tag", section=None, item=None, text=written,
                                   reason="the page's tag pattern does not match it: shown as literal text"))
    for s, section in enumerate(doc.sections):
        lead = section.lead if section.layout is not None else section.lead.rstrip()
        if lead and lead != lead.strip():
            out.append(PageWarning(field="lead", section=s, item=None, text=f"**{lead}**",
                                   reason="white space inside '**': shown with literal asterisks"))
        previous: Item | None = None
        for i, item in enumerate(section.items):
            _item_warnings(out, item, s, i, previous)
            previous = item
    return out


def _is_list(item: Item | None) -> bool:
    if isinstance(item, ChoiceItem):
        return item.answered
    return isinstance(item, TextItem) and item.text.lstrip("\n").startswith("- ")


def _item_warnings(out: list[PageWarning], item: Item, s: int, i: int, previous: Item | None) -> None:
    if item.instruction and _shown_as_tag(item.instruction):
        out.append(PageWarning(field="instruction", section=s, item=i, text=item.instruction,
                               reason="holds text the page takes for a tag"))
    if isinstance(item, TextItem) and _shown_as_tag(item.text):
        out.append(PageWarning(field="answer text", section=s, item=i, text=item.text,
                               reason="holds text the page takes for a tag"))
    if isinstance(item, ChoiceItem):
        for option in item.options:
            if option.checked and option.name != option.name.lstrip():
                out.append(PageWarning(field="option", section=s, item=i, text="- " + option.name,
                                       reason="white space at the start of an option: not shown"))
    if item.instruction is None and _is_list(item) and _is_list(previous):
        out.append(PageWarning(field="option", section=s, item=i, text="",
                               reason="two checklists in a row: the page shows one list"))
    if isinstance(item, GroupItem):
        for record in item.records:
            prev: Item | None = None
            for inner in record:
                _item_warnings(out, inner, s, i, prev)
                prev = inner


def page_notes(doc: Document) -> list[Difference]:
    """:func:`archive_page_warnings` as loss-report entries of severity ``viewer`` (``FormatSpec.viewer_notes``)."""
    notes = []
    for warning in archive_page_warnings(doc):
        where = [f"section {warning.section + 1}"] if warning.section is not None else [f"{warning.field}s"]
        if warning.item is not None:
            where.append(f"item {warning.item + 1}")
        path: tuple[str | int, ...] = ()
        if warning.section is not None:
            path = ("sections", warning.section) + (("items", warning.item) if warning.item is not None else ())
        notes.append(Difference(kind=warning.field, where=" > ".join(where), path=path, before=shorten(warning.text),
                                after=warning.reason, severity="viewer"))
    return notes
