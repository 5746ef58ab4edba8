"""The grammars ship with the package and parse the same with and without lark_cython."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark

from alpdoc.grammar import grammar_text, lalr_parser

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_plan.md"


def _tokens(parser: Lark, text: str) -> list[tuple[str, str, int]]:
    tree = parser.parse(text)
    return [(t.type, str(t), t.line) for t in tree.scan_values(lambda v: True)]


def test_grammar_is_found() -> None:
    assert "QUESTION" in grammar_text("archive_md")


def test_cython_and_pure_python_parsers_agree() -> None:
    lark_cython = pytest.importorskip("lark_cython")
    text = EXAMPLE.read_text(encoding="utf-8")
    pure = Lark(grammar_text("archive_md"), parser="lalr", lexer="contextual")
    fast = Lark(grammar_text("archive_md"), parser="lalr", lexer="contextual", _plugins=lark_cython.plugins)
    assert _tokens(pure, text) == _tokens(fast, text)
    assert _tokens(lalr_parser("archive_md"), text) == _tokens(pure, text)
