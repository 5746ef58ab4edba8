"""Platform questionnaire templates (``template-N.json`` rows, or the API's template objects) as alpdoc templates."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ...errors import ParseError
from ...model import Section
from ...templates import Template, TemplateItem, TemplateRegistry, TemplateSection, normalize_instruction
from ...templates.model import ITEM_KINDS
from ..json.reader import _decode, _describe
from .vocabulary import LEGACY_TYPES

__all__ = ["read_platform_template", "template_name", "match_template"]

_PLATFORM_NAME = re.compile(r".+-template-(-?[0-9]+)")


def template_name(template_id: object, prefix: str = "platform") -> str:
    """The alpdoc name of platform template ``template_id``: ``platform-template-<id>``."""
    return f"{prefix}-template-{template_id}"


def match_template(
    templates: TemplateRegistry | None, template_id: int | None, sections: Iterable[Section]
) -> str | None:
    """The name of the registered template a pad was filled from, or ``None``.

    A pad names its platform template by id; the candidates are the
    templates named :func:`template_name` of that id, whatever their prefix
    (one per platform instance). Of several, the one asking the most of the
    pad's top-level questions wins, then the first name in sort order, so the
    choice never depends on registration order. The template only names the
    document's questionnaire: pad JSON carries its whole structure, so
    nothing is read differently.
    """
    if not templates or template_id is None:
        return None
    names: list[str] = sorted(
        t.name for t in templates
        if (m := _PLATFORM_NAME.fullmatch(t.name)) is not None and int(m.group(1)) == template_id
    )
    if len(names) <= 1:
        return names[0] if names else None
    asked = {normalize_instruction(i.instruction) for s in sections for i in s.items if i.instruction}

    def known(name: str) -> int:
        return sum(normalize_instruction(q.instruction) in asked for q in templates[name].iter_items())

    return min(names, key=lambda name: (-known(name), name))


def _kind(raw: Any) -> str:
    kind = LEGACY_TYPES.get(raw, (raw, None))[0] if isinstance(raw, str) else "other"
    return kind if kind in ITEM_KINDS else "other"


def _items(structure: Any, where: str) -> tuple[TemplateItem, ...]:
    if structure is None:
        return ()
    if not isinstance(structure, list):
        raise ParseError(f"{where}: expected an array of questions, got {_describe(structure)}")
    out = []
    for i, item in enumerate(structure):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ParseError(f"{here}: expected a question object, got {_describe(item)}")
        instruction = item.get("instruction")
        options = item.get("options") or []
        if not isinstance(options, list):
            raise ParseError(f"{here}.options: expected an array, got {_describe(options)}")
        names = tuple(o["name"] for o in options if isinstance(o, dict) and isinstance(o.get("name"), str))
        inner = item.get("structure", item.get("items"))
        out.append(
            TemplateItem(
                instruction=instruction if isinstance(instruction, str) else "",
                kind=_kind(item.get("type")),
                options=names,
                items=_items(inner, f"{here}.structure") if isinstance(inner, list) and inner and
                isinstance(inner[0], dict) else (),
            )
        )
    return tuple(out)


def read_platform_template(
    data: dict[str, Any] | str | bytes, *, prefix: str = "platform", source: str | None = None
) -> Template:
    """A platform template (a decoded object, or its JSON text) as an alpdoc :class:`Template`.

    The name is :func:`template_name` of its ``id`` (so the templates of one
    platform instance do not clash with another's when ``prefix`` differs);
    sections keep title and lead; each question of a section's ``structure``
    becomes a :class:`TemplateItem` with its instruction, item kind (older
    type names mapped, meta items as ``"other"``) and option names.
    """
    if not isinstance(data, dict):
        text = _decode(data, source)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError.at_offset(f"malformed JSON: {exc.msg}", text, exc.pos, source=source) from None
        except ValueError as exc:
            raise ParseError(f"malformed JSON: {exc}", source=source) from None
    if not isinstance(data, dict):
        raise ParseError(f"$: expected a template object, got {_describe(data)}", source=source)
    sections = data.get("sections") or []
    if not isinstance(sections, list):
        raise ParseError(f"$.sections: expected an array, got {_describe(sections)}", source=source)
    out = []
    for i, s in enumerate(sections):
        if not isinstance(s, dict):
            raise ParseError(f"$.sections[{i}]: expected a section object, got {_describe(s)}", source=source)
        try:
            items = _items(s.get("structure"), f"$.sections[{i}].structure")
        except ParseError as exc:
            raise exc.with_source(source) if source else exc from None
        out.append(TemplateSection(title=_text(s.get("title")), lead=_text(s.get("lead")), items=items))
    template_id = data.get("id", data.get("template_id"))
    return Template(
        name=template_name(template_id, prefix),
        doc_kind=_text(data.get("medium")),
        description=" — ".join(t for t in (_text(data.get("title")), _text(data.get("description"))) if t),
        sections=tuple(out),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
