"""A registry of templates, looked up by the questions readers meet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import PluginError
from .model import Template, TemplateItem, normalize_instruction

__all__ = ["TemplateRegistry"]

_CACHE_LIMIT = 50_000


_CHOSEN_LIMIT = 4096
"""How many :meth:`TemplateRegistry.choose` results a registry keeps (then it starts again)."""
_CHOSEN_QUESTIONS = 256
"""The most questions of a document whose :meth:`TemplateRegistry.choose` result is kept."""


class TemplateRegistry:
    """Templates by name, and their questions by normalized instruction.

    When two templates ask the same question with different item kinds, the
    one earlier in the registry wins :meth:`item`. Readers do not rely on
    registration order: they look questions up in :meth:`ranked`, the same
    templates with the document's best match first.
    """

    def __init__(self, templates: Iterable[Template] = ()) -> None:
        self._by_name: dict[str, Template] = {}
        self._items: dict[str, TemplateItem] = {}
        self._seen: dict[str, TemplateItem | None] = {}
        self._spellings: dict[str, frozenset[str]] = {}
        self._ranked: dict[tuple[str, ...], TemplateRegistry] = {}
        self._chosen: dict[tuple[str | None, tuple[str, ...]], tuple[TemplateRegistry, str | None]] = {}
        for template in templates:
            self.register(template)

    def register(self, template: Template) -> None:
        if template.name in self._by_name:
            raise PluginError(f"template {template.name!r} is registered twice")
        self._by_name[template.name] = template
        self._seen.clear()
        self._ranked.clear()
        self._chosen.clear()
        spellings: set[str] = set()
        pending = list(template.iter_items())
        while pending:
            item = pending.pop(0)
            for spelling in (item.instruction, *item.aliases):
                key = normalize_instruction(spelling)
                spellings.add(key)
                self._items.setdefault(key, item)
            pending.extend(item.items)
        self._spellings[template.name] = frozenset(spellings)

    # -- choosing a template per document ---------------------------------------
    def scores(self, instructions: Iterable[str], kind: str | None = None) -> list[tuple[Template, int]]:
        """Each template with how many of ``instructions`` it asks, best match first.

        Best is the template asking most of the instructions (first lines,
        compared as :func:`normalize_instruction` does); ties go to the
        template whose ``doc_kind`` is ``kind`` (the document's ``type`` tag),
        then to the name in alphabetical order. Registration order plays no part.
        """
        keys = [normalize_instruction(text) for text in instructions if text]
        scored = [(t, sum(k in self._spellings[t.name] for k in keys)) for t in self._by_name.values()]
        scored.sort(key=lambda pair: (-pair[1], pair[0].doc_kind != kind if kind else True, pair[0].name))
        return scored

    def best_match(self, instructions: Iterable[str], kind: str | None = None) -> str | None:
        """The name of the template :meth:`ranked` puts first, if it asks any of ``instructions``."""
        return self.choose(instructions, kind)[1]

    def ranked(self, instructions: Iterable[str], kind: str | None = None) -> TemplateRegistry:
        """The same templates, best match for ``instructions`` first, so :meth:`item` asks it first.

        Deterministic for a document whatever the registration order (see
        :meth:`scores`); registries for an order already seen are reused.
        """
        return self.choose(instructions, kind)[0]

    def choose(self, instructions: Iterable[str], kind: str | None = None) -> tuple[TemplateRegistry, str | None]:
        """:meth:`ranked` and :meth:`best_match` at once (what a reader calls once per document).

        Remembered per kind and questions (documents of one form ask the same
        questions: the archive corpus has 810 sets in 7,773 files), for
        documents of at most 256 questions (the corpus's longest asks 73): a
        longer list is not kept, so a batch of huge inputs holds no copy of them.
        """
        if not self._by_name:
            return self, None
        asked = tuple(instructions)
        if len(asked) > _CHOSEN_QUESTIONS:
            return self._choose(asked, kind)
        key = (kind, asked)
        found = self._chosen.get(key)
        if found is None:
            if len(self._chosen) >= _CHOSEN_LIMIT:
                self._chosen.clear()
            found = self._chosen[key] = self._choose(asked, kind)
        return found

    def _choose(self, instructions: tuple[str, ...], kind: str | None) -> tuple[TemplateRegistry, str | None]:
        scored = self.scores(instructions, kind)
        best = scored[0][0].name if scored[0][1] > 0 else None
        order = tuple(t.name for t, _n in scored)
        if len(order) < 2 or order == tuple(self._by_name):
            return self, best
        found = self._ranked.get(order)
        if found is None:
            found = self._ranked[order] = TemplateRegistry(self._by_name[name] for name in order)
        return found, best

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Template:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Template]:
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
