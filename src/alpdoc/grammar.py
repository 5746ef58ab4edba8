"""Loading the ``.lark`` grammars shipped with alpdoc, with cached LALR parsers."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from lark import Lark

__all__ = ["grammar_text", "lalr_parser"]

_REPO_GRAMMARS = Path(__file__).resolve().parents[2] / "grammars"


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>.lark`` (package data in a wheel, the repo folder in a checkout)."""
    packaged = resources.files("alpdoc").joinpath("grammars", f"{name}.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (_REPO_GRAMMARS / f"{name}.lark").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def lalr_parser(name: str) -> Lark:
    """A LALR parser with a contextual lexer for grammar ``name``, built once per process."""
    return Lark(grammar_text(name), parser="lalr", lexer="contextual", propagate_positions=False)
