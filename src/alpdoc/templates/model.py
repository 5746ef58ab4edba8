"""Questionnaire templates: the sections, questions and item kinds a document follows."""

from __future__ import annotations

from collections.abc import Iterator

from attrs import frozen

__all__ = ["TemplateItem", "TemplateSection", "Template", "ITEM_KINDS", "normalize_instruction"]

ITEM_KINDS = frozenset({"txt", "title", "checklist", "radiolist", "img", "mosaic", "embed", "group", "other"})


@frozen(kw_only=True)
class TemplateItem:
    """A question of a template.

    ``kind`` is the platform's item type (``txt``, ``checklist``,
    ``radiolist``, ``img``, ``mosaic``, ``embed``, ``group``, ...). A
    ``group`` lists the questions of one record in ``items``.
    """

    instruction: str
    aliases: tuple[str, ...] = ()
    """Other spellings of the instruction's first line seen in real files."""
    kind: str = "txt"
    options: tuple[str, ...] = ()
    items: tuple[TemplateItem, ...] = ()


@frozen(kw_only=True)
class TemplateSection:
    """A section of a template; ``aliases`` are its title as other versions of the form spell it
    (translations: "Titre", "Título" for "Title")."""

    title: str = ""
    lead: str = ""
    items: tuple[TemplateItem, ...] = ()
    aliases: tuple[str, ...] = ()


@frozen(kw_only=True)
class Template:
    """A questionnaire: ``doc_kind`` is the document type it is for (``learningplan``, ...)."""

    name: str
    doc_kind: str = ""
    description: str = ""
    sections: tuple[TemplateSection, ...] = ()

    def iter_items(self) -> Iterator[TemplateItem]:
        """Its top-level questions, section by section."""
        for section in self.sections:
            yield from section.items


def normalize_instruction(text: str) -> str:
    """The key an instruction is looked up by: its first line, as the web page shows it.

    NBSP and narrow NBSP become spaces, ``&amp;`` becomes ``&``, and surrounding
    white space is dropped, so old and new spellings of one question meet.
    """
    first = text.split("\n", 1)[0]
    return first.replace("\u00a0", " ").replace("\u202f", " ").replace("&amp;", "&").strip()
