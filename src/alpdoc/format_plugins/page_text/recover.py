"""From a page to a document: the best-matching template, the structure, what the page says about it.

Every template is walked over the lines (:mod:`.walk`); the one that places
the most lines wins, ties going to a template of a kind the disclaimer
allows, then by kind, then by name, so neither registration order nor
installed plugins change the result. When it leaves lines unplaced, the
sections of the runner-up are tried after its own, and kept if they place
more lines (a page holding a closing report's section and a plan's). When no template places a line, the
document is read without one: every line an answer without instruction.

Metadata comes from what the page shows: the kind from the disclaimer (the
solution sentence says ``solution``; the other one is shared by action plans
and experiments, so the template's kind decides), the title from the answer
of the template's title question (the platform's own rule: an empty title is
filled from it).
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from ...model import Document, Tag
from ...templates import Template
from .vocabulary import kinds_for_disclaimer
from .walk import Reading, walk
from .writer import Page, page_layout

__all__ = ["Recovered", "recover"]

_NO_TEMPLATE = Template(name="")


@frozen
class Recovered:
    document: Document
    loose: tuple[int, ...]
    """Indices of the lines no template question placed (answers without instruction)."""
    why: tuple[str, ...]
    """Per loose line, what it was read as (see :attr:`.walk.Reading.why`)."""
    tried: tuple[str, ...]
    """Names of the templates tried, in the order they were ranked."""
    free_form: bool = False
    """Read without template though one placed lines: a page of user-written sections only."""


def _kind(allowed: frozenset[str], template: Template | None) -> str | None:
    if template is not None and template.doc_kind in allowed:
        return template.doc_kind
    return next(iter(allowed)) if len(allowed) == 1 else None


def _other_form(best: Template, other: Template) -> bool:
    """Whether ``other`` is another form of the same kind: its first section is none of ``best``'s."""
    titles = {s.title for s in best.sections}
    return other.doc_kind == best.doc_kind and bool(other.sections) and other.sections[0].title not in titles


def _with_runner_up(best: Template, second: Template, page: Page, reading: Reading) -> Reading:
    """The reading with the sections of the second-best template after the best one's, when it places
    more lines: a page that holds two forms (a closing report's section before the plan's)."""
    both = Template(name=best.name, doc_kind=best.doc_kind, sections=(*best.sections, *second.sections))
    combined = walk(both, page.lines)
    return combined if combined.matched > reading.matched else reading


def _titled_answers_only(reading: Reading) -> bool:
    """Whether a reading without template is user-written sections only, each answer right under its title.

    When the best template leaves lines unplaced and the page reads like that, the page is a free-form
    one whose few template lines are titles among titles (a solution's "Stage of Innovation" section),
    not questions: on the shared corpus this turns 4 solution pages from wrong to right, and none back.
    """
    items = [(j, section) for section in reading.sections for j, _item in enumerate(section.items)]
    return bool(items) and all(j == 0 and section.title for j, section in items)


def recover(page: Page, templates: Iterable[Template]) -> Recovered:
    """The document ``page`` reads as with the best of ``templates``."""
    allowed = kinds_for_disclaimer(page.disclaimer)
    ranked: list[tuple[tuple[int, int, str, str], Template, Reading]] = []
    for template in templates:
        reading = walk(template, page.lines)
        key = (-reading.matched, template.doc_kind not in allowed, template.doc_kind, template.name)
        ranked.append((key, template, reading))
    ranked.sort(key=lambda entry: entry[0])
    chosen: Template | None = None
    free_form = False
    if ranked and ranked[0][2].matched:
        _key, chosen, reading = ranked[0]
        runner = next((entry for entry in ranked[1:] if _other_form(chosen, entry[1])), None)
        if reading.loose and runner is not None and runner[2].matched:
            reading = _with_runner_up(chosen, runner[1], page, reading)
        if reading.loose:
            free = walk(_NO_TEMPLATE, page.lines)
            if _titled_answers_only(free):
                chosen, reading = None, free
                free_form = True
    else:
        reading = walk(_NO_TEMPLATE, page.lines)
    kind = _kind(allowed, chosen)
    doc = Document(
        title=reading.title,
        tags=(Tag(key="type", value=kind),) if kind else (),
        sections=reading.sections,
        template=chosen.name if chosen is not None else None,
        layout=page_layout(page),
    )
    return Recovered(document=doc, loose=reading.loose, why=reading.why,
                     tried=tuple(t.name for _k, t, _r in ranked), free_form=free_form)
