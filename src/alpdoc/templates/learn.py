"""Deriving a template from documents whose questions are marked (archive markdown).

Sections and questions keep the order they first appear in; a question's
kind is what its answers show (a group, a checklist, an image, ...), and a
question never answered stays free text. Radio lists cannot be learned from
archive markdown, which never wrote their answers, unless a template already
told the reader.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import ChoiceItem, Document, GroupItem, ImageItem, Item, LinkItem, MosaicItem, TextItem
from .model import Template, TemplateItem, TemplateSection

__all__ = ["learn_template"]

_RANK = {"txt": 0, "embed": 1, "img": 1, "mosaic": 2, "checklist": 3, "radiolist": 3, "group": 4}


class _Question:
    def __init__(self, instruction: str) -> None:
        self.instruction = instruction
        self.kind = "txt"
        self.options: list[str] = []
        self.items = _Questions()

    def see(self, item: Item) -> None:
        kind = _kind(item)
        if kind == "txt" and isinstance(item, TextItem) and not item.answered:
            return  # an unanswered question says nothing about its kind
        if _RANK[kind] > _RANK[self.kind]:
            self.kind = kind
        if isinstance(item, ChoiceItem):
            for name in item.selected:
                if name not in self.options:
                    self.options.append(name)
        if isinstance(item, GroupItem):
            for record in item.records:
                self.items.see_all(record)

    def template(self) -> TemplateItem:
        return TemplateItem(
            instruction=self.instruction,
            kind=self.kind,
            options=tuple(self.options) if self.kind in ("checklist", "radiolist") else (),
            items=self.items.templates() if self.kind == "group" else (),
        )


class _Questions:
    """Questions in first-seen order, a later one inserted after the one it followed."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.by_instruction: dict[str, _Question] = {}

    def see_all(self, items: Iterable[Item]) -> None:
        previous: str | None = None
        for item in items:
            if item.instruction is None:
                continue
            # Questions without instruction (group records) are told apart by kind.
            key = item.instruction or f"\0{_kind(item)}"
            if key not in self.by_instruction:
                self.by_instruction[key] = _Question(item.instruction)
                at = self.order.index(previous) + 1 if previous in self.order else len(self.order)
                self.order.insert(at, key)
            self.by_instruction[key].see(item)
            previous = key

    def templates(self) -> tuple[TemplateItem, ...]:
        return tuple(self.by_instruction[k].template() for k in self.order)


def _kind(item: Item) -> str:
    if isinstance(item, GroupItem):
        return "group"
    if isinstance(item, ChoiceItem):
        return "checklist" if item.multiple else "radiolist"
    if isinstance(item, MosaicItem):
        return "mosaic"
    if isinstance(item, ImageItem):
        return "img"
    if isinstance(item, LinkItem):
        return "embed"
    return "txt"


def learn_template(docs: Iterable[Document], name: str, *, doc_kind: str = "", description: str = "") -> Template:
    """A template covering the sections and questions of ``docs``."""
    section_order: list[str] = []
    questions: dict[str, _Questions] = {}
    leads: dict[str, str] = {}
    count = 0
    kinds: dict[str, int] = {}
    for doc in docs:
        count += 1
        if doc.kind:
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
        previous: str | None = None
        for section in doc.sections:
            if section.title not in questions:
                questions[section.title] = _Questions()
                leads[section.title] = section.lead
                at = section_order.index(previous) + 1 if previous in section_order else len(section_order)
                section_order.insert(at, section.title)
            questions[section.title].see_all(section.items)
            previous = section.title
    if not doc_kind and kinds:
        doc_kind = max(kinds, key=kinds.__getitem__)
    return Template(
        name=name,
        doc_kind=doc_kind,
        description=description or f"Learned by alpdoc from {count} document(s).",
        sections=tuple(
            TemplateSection(title=t, lead=leads[t], items=questions[t].templates()) for t in section_order
        ),
    )
