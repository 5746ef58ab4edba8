"""What differs between two documents, field by field: the loss report's engine.

:func:`diff_documents` walks two documents the way their equality does
(every field that takes part in ``==``, text fields compared by
:func:`~alpdoc.model.content_text`), so it lists a difference exactly when
``before != after``, and each one says where it is (section, item, record,
field) and what it was and became. Sequences are aligned before they are
compared, so a dropped item shows as one removed item, not as every later
item changed; tags that only moved show as one ``tag order`` difference.

Layout (blank lines, header placement: what only byte-exactness needs) is
not part of equality; when the source had it and the other side does not
keep it, one difference of severity ``"layout"`` says so.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
from attrs import evolve, frozen

from .model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Image,
    ImageItem,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    Section,
    Tag,
    TextItem,
    content_text,
)

__all__ = ["Difference", "DIFFERENCE_KINDS", "SEVERITIES", "count_of", "diff_documents", "shorten"]

SEVERITIES = ("content", "layout", "viewer")
"""``content``: the documents differ (``==`` is false); ``layout``: only byte-exactness is lost;
``viewer``: the format's usual viewer shows something other than intended (see
:attr:`alpdoc.FormatSpec.viewer_notes`)."""

DIFFERENCE_KINDS: dict[str, str] = {
    "title": "the document title",
    "tag": "a tag (key and value)",
    "tag order": "the order of the tags",
    "section": "a whole section",
    "section title": "a section title",
    "section lead": "a section lead",
    "item": "a whole item (question and answer)",
    "item kind": "what kind of item a question is (text, checklist, radio list, image, ...)",
    "instruction": "a question's instruction",
    "answer text": "a text answer",
    "item type": "the platform item type of a text (title)",
    "answer timestamp": "where in an interview's recording a question was asked",
    "answer tags": "the tags of one answer (an interview's per-answer tags)",
    "quotation": "whether a text is a quotation",
    "option": "an option of a choice",
    "option checked": "whether an option is checked",
    "choice kind": "radio list or checklist",
    "image": "an image address",
    "image alt": "an image's alt text",
    "link": "a link address",
    "link text": "a link's text",
    "embed": "embedded HTML or its address",
    "record boundary": "where the records of a repeated group start and end",
    "record": "a record of a repeated group",
    "meta item": "a platform location, tag list or index item",
    "option id": "a platform option id",
    "platform info": "platform ids, status, dates, owner, tag/location/metadata lists, has_content flags",
    "layout": "layout only (blank lines, header placement): the file is not byte-exact",
    "other": "a difference of a field alpdoc has no name for",
}
"""Every kind of difference a loss report names, with what it means."""

_COUNTED: dict[str, tuple[str, str]] = {
    "answer tags": ("answer's tags", "answers' tags"),
    "option checked": ("option check mark", "option check marks"),
    "image alt": ("image alt text", "image alt texts"),
    "record boundary": ("record boundary", "record boundaries"),
    "platform info": ("platform info field", "platform info fields"),
    "layout": ("layout change", "layout changes"),
    "other": ("other difference", "other differences"),
}
"""How a count of each kind reads where adding an "s" would be wrong (see :func:`count_of`)."""


def count_of(kind: str, count: int) -> str:
    """``count`` differences of ``kind`` in words: ``"1 tag"``, ``"3 item kinds"``, ``"2 record boundaries"``."""
    one, many = _COUNTED.get(kind, (kind, kind + "s"))
    return f"{count} {one if count == 1 else many}"

_KINDS: dict[tuple[type, str], str] = {
    (Document, "title"): "title",
    (Document, "platform"): "platform info",
    (Section, "title"): "section title",
    (Section, "lead"): "section lead",
    (TextItem, "text"): "answer text",
    (TextItem, "platform_type"): "item type",
    (TextItem, "timestamp"): "answer timestamp",
    (TextItem, "tags"): "answer tags",
    (TextItem, "quote"): "quotation",
    (ChoiceItem, "multiple"): "choice kind",
    (ImageItem, "src"): "image",
    (ImageItem, "alt"): "image alt",
    (Image, "src"): "image",
    (Image, "alt"): "image alt",
    (LinkItem, "url"): "link",
    (LinkItem, "text"): "link text",
    (EmbedItem, "html"): "embed",
    (EmbedItem, "src"): "embed",
    (Option, "name"): "option",
    (Option, "checked"): "option checked",
    (Option, "id"): "option id",
    (Tag, "key"): "tag",
    (Tag, "value"): "tag",
}

_ITEM_NAMES: dict[type, str] = {
    TextItem: "text",
    ChoiceItem: "choice",
    ImageItem: "image",
    MosaicItem: "mosaic",
    LinkItem: "link",
    GroupItem: "group",
    EmbedItem: "embed",
    MetaItem: "meta item",
}

_SHORT = 60


def shorten(value: object, limit: int = _SHORT) -> str | None:
    """``value`` as a short one-line text for a report (``None`` stays ``None``)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else _summary(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@frozen(kw_only=True)
class Difference:
    """One place where two documents differ.

    ``kind`` is a key of :data:`DIFFERENCE_KINDS`; ``where`` names the place
    for people (``section 2 'Context' > item 3 'What is…' > record 1``);
    ``path`` names it for programs (``("sections", 1, "items", 2, "text")``);
    ``before`` and ``after`` are what it was and became, shortened (``None``:
    absent on that side).
    """

    kind: str
    where: str
    path: tuple[str | int, ...] = ()
    before: str | None = None
    after: str | None = None
    severity: str = "content"

    def __str__(self) -> str:
        place = f" at {self.where}" if self.where else ""
        if self.severity == "viewer":
            return f"{self.kind}{place} not shown as intended: {self.before!r} ({self.after})"
        if self.before is None and self.after is None:
            return f"{self.kind}{place}"
        if self.before == self.after:
            return f"{self.kind}{place}: {self.before!r} moved"
        if self.before is None:
            return f"{self.kind} added{place}: {self.after!r}"
        if self.after is None:
            return f"{self.kind} dropped{place}: {self.before!r}"
        return f"{self.kind} changed{place}: {self.before!r} -> {self.after!r}"


# --------------------------------------------------------------------------- describing values


def _summary(value: object) -> str:
    """A short description of a model object (for items and sections added or removed)."""
    if isinstance(value, Section):
        return f"section {value.title!r}" if value.title else "untitled section"
    if isinstance(value, Tag):
        return f"{value.key}:{value.value}"
    if isinstance(value, Option):
        return ("[x] " if value.checked else "[ ] ") + value.name
    if isinstance(value, Image):
        return f"![{value.alt}]({value.src})"
    name = _ITEM_NAMES.get(type(value))
    if name is not None:
        ins = getattr(value, "instruction", None)
        return f"{name} {ins!r}" if ins else f"{name} without instruction"
    if isinstance(value, tuple):
        return f"{len(value)} entries"
    return repr(value)


def _item_label(item: object) -> str:
    ins = getattr(item, "instruction", None)
    return f" {shorten(ins, 30)!r}" if ins else ""


# --------------------------------------------------------------------------- the walk


class _Walk:
    def __init__(self) -> None:
        self.out: list[Difference] = []

    def add(self, kind: str, where: str, path: tuple[str | int, ...], before: object, after: object) -> None:
        self.out.append(Difference(kind=kind, where=where, path=path, before=shorten(before), after=shorten(after)))

    # -- generic: attrs objects compared the way their __eq__ compares them --------------
    def objects(self, a: Any, b: Any, where: str, path: tuple[str | int, ...]) -> None:
        cls = type(a)
        for f in attrs.fields(cls):
            if not f.eq:
                continue
            va, vb = getattr(a, f.name), getattr(b, f.name)
            key = f.eq_key
            if (key(va) if key else va) == (key(vb) if key else vb):
                continue
            self.value(cls, f.name, va, vb, where, (*path, f.name))

    def value(self, cls: type, name: str, va: Any, vb: Any, where: str, path: tuple[str | int, ...]) -> None:
        if cls is Document and name == "tags":
            self.tags(va, vb, path)
        elif cls is Document and name == "sections":
            self.sections(va, vb, path)
        elif cls is Section and name == "items":
            self.items(va, vb, where, path)
        elif cls is GroupItem and name == "records":
            self.records(va, vb, where, path)
        elif cls is ChoiceItem and name == "options":
            self.sequence(va, vb, where, path, "option")
        elif cls is MosaicItem and name == "images":
            self.sequence(va, vb, where, path, "image")
        elif cls is PlatformInfo or cls is MetaItem or name == "has_content":
            self.add("platform info" if cls is not MetaItem else "meta item", _at(where, name), path, va, vb)
        elif name == "instruction":
            self.add("instruction", where, path, va, vb)
        elif attrs.has(type(va)) and type(va) is type(vb):
            self.objects(va, vb, where, path)
        else:
            self.add(_KINDS.get((cls, name), "other"), where, path, va, vb)

    # -- sequences -------------------------------------------------------------------------
    def sequence(
        self,
        a: Sequence[Any],
        b: Sequence[Any],
        where: str,
        path: tuple[str | int, ...],
        kind: str,
        pair: Callable[[Any, Any, int], None] | None = None,
        similar: Callable[[Any, Any], bool] | None = None,
    ) -> None:
        """Align ``a`` and ``b`` and compare the pairs; what has no partner is added or removed.

        Where the alignment replaces a run by another, entries are paired in
        order while ``similar`` says they are two versions of one thing (by
        default always); the rest are dropped and added.
        """

        def compare(i: int, j: int) -> None:
            if a[i] == b[j]:
                return
            if pair is not None:
                pair(a[i], b[j], j)
            elif attrs.has(type(a[i])) and type(a[i]) is type(b[j]):
                self.objects(a[i], b[j], _at(where, f"{kind} {j + 1}"), (*path, j))
            else:
                self.add(kind, _at(where, f"{kind} {j + 1}"), (*path, j), a[i], b[j])

        if len(a) == len(b):
            for i in range(len(a)):
                compare(i, i)
            return
        # Equal entries are aligned (they are hashable: frozen attrs classes); the rest is paired
        # or dropped and added below.
        matcher = difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            common = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
            if op == "replace" and similar is not None:
                common = next((k for k in range(common) if not similar(a[i1 + k], b[j1 + k])), common)
            for k in range(common):
                compare(i1 + k, j1 + k)
            for i in range(i1 + common, i2):
                self.add(kind, _at(where, f"{kind} {i + 1}"), (*path, i), a[i], None)
            for j in range(j1 + common, j2):
                self.add(kind, _at(where, f"{kind} {j + 1}"), (*path, j), None, b[j])

    def tags(self, a: tuple[Tag, ...], b: tuple[Tag, ...], path: tuple[str | int, ...]) -> None:
        if sorted((t.key, t.value) for t in a) == sorted((t.key, t.value) for t in b):
            first = next(k for k in range(len(a)) if a[k] != b[k])
            self.add("tag order", "tags", path, _summary(a[first]), _summary(b[first]))
            return

        def pair(x: Tag, y: Tag, j: int) -> None:
            self.add("tag", f"tag {j + 1}", (*path, j), _summary(x), _summary(y))

        start = len(self.out)
        self.sequence(a, b, "", path, "tag", pair, lambda x, y: x.key == y.key)
        self._moves(start, "tag")

    def _moves(self, start: int, kind: str) -> None:
        """Turn an entry dropped in one place and added in another into one ``tag order`` difference."""
        found = self.out[start:]
        added_at: dict[str | None, list[int]] = {}
        for k, d in enumerate(found):
            if d.kind == kind and d.before is None:
                added_at.setdefault(d.after, []).append(k)
        moved: dict[int, Difference] = {}
        absorbed: set[int] = set()  # the "added" halves of moves
        for k, d in enumerate(found):
            if d.kind == kind and d.after is None and added_at.get(d.before):
                j = added_at[d.before].pop(0)
                absorbed.add(j)
                moved[k] = evolve(d, kind="tag order", where=f"{d.where} -> {found[j].where}", after=d.before)
        self.out[start:] = [moved.get(k, d) for k, d in enumerate(found) if k not in absorbed]

    def sections(self, a: tuple[Section, ...], b: tuple[Section, ...], path: tuple[str | int, ...]) -> None:
        def pair(x: Section, y: Section, j: int) -> None:
            self.objects(x, y, _section_label(j, y), (*path, j))

        self.sequence(a, b, "", path, "section", pair)

    def items(self, a: tuple[Any, ...], b: tuple[Any, ...], where: str, path: tuple[str | int, ...]) -> None:
        def pair(x: Any, y: Any, j: int) -> None:
            place = _at(where, f"item {j + 1}{_item_label(y)}")
            if type(x) is type(y):
                self.objects(x, y, place, (*path, j))
            else:
                self.add("item kind", place, (*path, j), _kind_summary(x), _kind_summary(y))

        def similar(x: Any, y: Any) -> bool:
            return type(x) is type(y) or content_text(x.instruction) == content_text(y.instruction)

        self.sequence(a, b, where, path, "item", pair, similar)

    def records(
        self, a: tuple[tuple[Any, ...], ...], b: tuple[tuple[Any, ...], ...], where: str, path: tuple[str | int, ...]
    ) -> None:
        flat_a = tuple(i for r in a for i in r)
        flat_b = tuple(i for r in b for i in r)
        if [len(r) for r in a] != [len(r) for r in b]:
            self.add("record boundary", where, path, _sizes(a), _sizes(b))
            if flat_a != flat_b:
                self.items(flat_a, flat_b, _at(where, "records"), path)
            return
        for k, (ra, rb) in enumerate(zip(a, b)):
            if ra != rb:
                self.items(ra, rb, _at(where, f"record {k + 1}"), (*path, k))


def _at(where: str, more: str) -> str:
    return f"{where} > {more}" if where else more


def _section_label(index: int, section: Section) -> str:
    title = f" {shorten(section.title, 30)!r}" if section.title else ""
    return f"section {index + 1}{title}"


def _sizes(records: tuple[tuple[Any, ...], ...]) -> str:
    """``"2 records of 3+1 items"``, ``"1 record of 1 item"``, ``"no records"``."""
    if not records:
        return "no records"
    sizes = "+".join(str(len(r)) for r in records)
    items = "item" if sizes == "1" else "items"
    return f"{len(records)} record{'' if len(records) == 1 else 's'} of {sizes} {items}"


def _kind_summary(item: object) -> str:
    name = _ITEM_NAMES.get(type(item), type(item).__name__)
    if isinstance(item, ChoiceItem):
        name = ("checklist" if item.multiple else "radio list") + f" of {len(item.options)} options"
    elif isinstance(item, TextItem):
        name = "text " + (repr(shorten(item.text, 30)) if item.text else "(unanswered)")
    return name


def _layout_kept(before: Document, after: Document) -> bool:
    if before.layout is None:
        return True
    if before.layout != after.layout:
        return False
    return all(s.layout == t.layout for s, t in zip(before.sections, after.sections))


def diff_documents(before: Document, after: Document) -> tuple[Difference, ...]:
    """Every content difference between ``before`` and ``after`` (empty exactly when they are equal),
    then one ``layout`` difference when ``before``'s layout is not kept."""
    walk = _Walk()
    if before != after:
        walk.objects(before, after, "", ())
        if not walk.out:  # never miss one: a field the walk has no rule for
            walk.add("other", "document", (), before, after)
    if not _layout_kept(before, after):
        walk.out.append(
            Difference(kind="layout", where="document", severity="layout",
                       before="the source's spacing and header layout", after="the format's default layout")
        )
    return tuple(walk.out)


def iter_content(differences: Sequence[Difference]) -> Iterator[Difference]:
    """The differences of severity ``content``."""
    return (d for d in differences if d.severity == "content")
