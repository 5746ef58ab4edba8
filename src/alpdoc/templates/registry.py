"""A registry of templates, looked up by the questions readers meet."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import PluginError
from .model import Template, TemplateItem, normalize_instruction

__all__ = ["TemplateRegistry"]

_CACHE_LIMIT = 50_000


class TemplateRegistry:
    """Templates by name, and their questions by normalized instruction.

    When two templates ask the same question with different item kinds, the
    first registered wins the lookup; a reader handed an explicit template
    uses that template's view instead.
    """

    def __init__(self, templates: Iterable[Template] = ()) -> None:
        self._by_name: dict[str, Template] = {}
        self._items: dict[str, TemplateItem] = {}
        self._seen: dict[str, TemplateItem | None] = {}
        for template in templates:
            self.register(template)

    def register(self, template: Template) -> None:
        if template.name in self._by_name:
            raise PluginError(f"template {template.name!r} is registered twice")
        self._by_name[template.name] = template
        self._seen.clear()
        pending = list(template.iter_items())
        while pending:
            item = pending.pop(0)
            for spelling in (item.instruction, *item.aliases):
                self._items.setdefault(normalize_instruction(spelling), item)
            pending.extend(item.items)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Template:
        return self._by_name[name]

    def __iter__(self):  # noqa: ANN204
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def item(self, instruction: str | None) -> TemplateItem | None:
        """The template question whose instruction matches ``instruction`` (first line)."""
        if not instruction:
            return None
        try:
            return self._seen[instruction]
        except KeyError:
            if len(self._seen) > _CACHE_LIMIT:
                self._seen.clear()
            found = self._seen[instruction] = self._items.get(normalize_instruction(instruction))
            return found
