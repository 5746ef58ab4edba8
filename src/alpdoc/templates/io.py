"""Templates as JSON files: the shape of ``alpdoc/templates/data/alp.json``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cattrs

from ..errors import ParseError
from .model import Template

__all__ = ["templates_from_json", "templates_to_json", "load_templates", "is_platform_template"]

_converter = cattrs.Converter()


def is_platform_template(value: object) -> bool:
    """Whether ``value`` is a platform template row (``template-N.json``: sections with a ``structure``)
    rather than an alpdoc template (which has a ``name`` and sections with ``items``)."""
    if not isinstance(value, dict) or "name" in value:
        return False
    sections = value.get("sections")
    return "medium" in value or (isinstance(sections, list) and any(
        isinstance(s, dict) and "structure" in s for s in sections))


def templates_from_json(text: str, source: str | None = None) -> list[Template]:
    """Templates from JSON: an alpdoc template object or a list of them, or the platform's own
    template rows (``template-N.json``, one object or a list; named ``platform-template-<id>``);
    :class:`ParseError` on bad input, naming the file and the template."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not JSON: {exc.msg}", line=exc.lineno, column=exc.colno, source=source) from None
    if isinstance(data, dict):
        data = [data]
    if isinstance(data, list) and data and all(is_platform_template(d) for d in data):
        from ..format_plugins.pad_json.templates import read_platform_template  # the plugin imports this package

        out = []
        for i, row in enumerate(data):
            try:
                out.append(read_platform_template(row, source=source))
            except ParseError as exc:
                where = f"platform template {row.get('id')!r}" + (f" (entry {i})" if len(data) > 1 else "")
                raise ParseError(f"{where}: {exc.reason}", source=source) from None
        return out
    try:
        return _converter.structure(data, list[Template])
    except Exception as exc:  # noqa: BLE001 - cattrs raises exception groups of many kinds
        detail = "; ".join(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else str(exc)
        raise ParseError(f"not a list of templates: {detail}", source=source) from None


def templates_to_json(templates: list[Template]) -> str:
    """JSON text of ``templates`` (UTF-8, indented, final newline)."""
    return json.dumps(_converter.unstructure(templates), ensure_ascii=False, indent=2) + "\n"


def load_templates(path: str | os.PathLike[str]) -> list[Template]:
    """Templates read from a JSON file written by :func:`templates_to_json` (or ``alpdoc templates learn``),
    or a platform template file (``template-N.json``)."""
    return templates_from_json(Path(path).read_text(encoding="utf-8"), source=os.fspath(path))
