"""The ``json`` format: canonical alpdoc JSON (placeholder until the converter lands)."""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return []
