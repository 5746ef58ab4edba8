"""The grammars ship with the package, parse the same with and without lark_cython, and their tables are cached."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lark import Lark

from alpdoc.grammar import build_parser, cache_folder, grammar_text, lalr_parser

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


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.lark-cache"))


def test_parser_tables_are_cached_and_reused(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = _tokens(Lark(grammar_text("archive_md"), parser="lalr", lexer="contextual"), text)
    built = build_parser(grammar_text("archive_md"), "archive_md", ("start",), tmp_path)
    [cache] = _cache_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]  # nothing left aside
    saved = cache.read_bytes()
    loaded = build_parser(grammar_text("archive_md"), "archive_md", ("start",), tmp_path)
    assert cache.read_bytes() == saved  # read, not written again
    assert _tokens(built, text) == _tokens(loaded, text) == expected


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    build_parser(grammar_text("archive_md"), "archive_md", ("start",), tmp_path)
    [cache] = _cache_files(tmp_path)
    good = cache.read_bytes()
    cache.write_bytes(good[: len(good) // 2])
    parser = build_parser(grammar_text("archive_md"), "archive_md", ("start",), tmp_path)
    expected = _tokens(Lark(grammar_text("archive_md"), parser="lalr", lexer="contextual"), text)
    assert _tokens(parser, text) == expected
    with cache.open("rb") as saved:  # written whole again
        assert _tokens(Lark.load(saved), text) == expected


def test_another_grammar_text_gets_its_own_cache(tmp_path: Path) -> None:
    grammar = "start: WORD+\nWORD: /[a-z]+/\n%ignore \" \"\n"
    build_parser(grammar, "words", ("start",), tmp_path)
    changed = build_parser(grammar.replace("a-z", "a-y"), "words", ("start",), tmp_path)
    assert len(_cache_files(tmp_path)) == 2
    assert len(changed.parse("ab cd").children) == 2


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    parser = build_parser(grammar_text("archive_md"), "archive_md", ("start",), blocker / "cache")
    assert _tokens(parser, EXAMPLE.read_text(encoding="utf-8"))


def test_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALPDOC_CACHE_DIR", str(tmp_path))
    assert cache_folder() == tmp_path
    monkeypatch.setenv("ALPDOC_CACHE_DIR", "")
    assert cache_folder() is None
    monkeypatch.delenv("ALPDOC_CACHE_DIR")
    assert cache_folder() is not None


def test_no_cache_without_a_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALPDOC_CACHE_DIR", raising=False)
    for name in ("HOME", "XDG_CACHE_HOME", "USERPROFILE", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # as when no home folder can be found
    folder = cache_folder()
    if sys.platform == "win32":  # Windows asks the system for the folder, not the environment
        assert folder is None or folder.is_absolute()
    else:
        assert folder is None
