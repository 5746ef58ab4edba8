"""Templates as JSON files: the shape of ``alpdoc/templates/data/alp.json``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cattrs

from ..errors import ParseError
from .model import Template

__all__ = ["templates_from_json", "templates_to_json", "load_templates"]

_converter = cattrs.Converter()


def templates_from_json(text: str, source: str | None = None) -> list[Template]:
    """Templates from a JSON list of template objects; :class:`ParseError` on bad input."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not JSON: {exc.msg}", line=exc.lineno, column=exc.colno, source=source) from None
    if isinstance(data, dict):
        data = [data]
    try:
        return _converter.structure(data, list[Template])
    except Exception as exc:  # noqa: BLE001 - cattrs raises exception groups of many kinds
        detail = "; ".join(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else str(exc)
        raise ParseError(f"not a list of templates: {detail}", source=source) from None


def templates_to_json(templates: list[Template]) -> str:
    """JSON text of ``templates`` (UTF-8, indented, final newline)."""
    return json.dumps(_converter.unstructure(templates), ensure_ascii=False, indent=2) + "\n"


def load_templates(path: str | os.PathLike[str]) -> list[Template]:
    """Templates read from a JSON file written by :func:`templates_to_json` (or ``alpdoc templates learn``)."""
    return templates_from_json(Path(path).read_text(encoding="utf-8"), source=os.fspath(path))
