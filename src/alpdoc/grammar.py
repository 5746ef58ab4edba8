"""Loading the ``.lark`` grammars shipped with alpdoc, with cached LALR parsers."""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

from lark import Lark

lark_cython = None
if not os.environ.get("ALPDOC_PURE_PYTHON"):  # set it to compare with, or debug in, pure-Python Lark
    try:  # The Cython build of Lark's LALR parser and lexer: the same parse, faster.
        import lark_cython
    except ImportError:  # pragma: no cover - pure-Python fallback where no wheel exists
        pass

__all__ = ["grammar_text", "lalr_parser", "ACCELERATED"]

ACCELERATED = lark_cython is not None
"""Whether parsers run on ``lark_cython``."""

_REPO_GRAMMARS = Path(__file__).resolve().parents[2] / "grammars"


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>.lark`` (package data in a wheel, the repo folder in a checkout)."""
    packaged = resources.files("alpdoc").joinpath("grammars", f"{name}.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (_REPO_GRAMMARS / f"{name}.lark").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def lalr_parser(name: str, start: tuple[str, ...] = ("start",)) -> Lark:
    """A LALR parser with a contextual lexer for grammar ``name``, built once per process."""
    plugins = {"_plugins": lark_cython.plugins} if lark_cython is not None else {}
    return Lark(grammar_text(name), parser="lalr", lexer="contextual", start=list(start), **plugins)
