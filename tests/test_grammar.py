"""The grammars ship with the package, parse the same with and without lark_cython, and their tables are cached."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lark import Lark

from alpdoc.format_plugins.archive_md.blocks import _CHECK, Blocks, _Input, _Sink
from alpdoc.format_plugins.archive_md.lexer import LineLexer
from alpdoc.grammar import build_parser, cache_folder, grammar_text, lalr_parser

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_plan.md"


def _tokens(parser: Lark, text: str) -> list[tuple[str, str, int]]:
    tree = parser.parse(text)
    return [(t.type, str(t), t.line) for t in tree.scan_values(lambda v: True)]


def _blocks(parser: Lark, text: str) -> tuple[Blocks, list[Blocks]]:
    """What the archive-md reader gets from ``parser``: the blocks its lexer's tokens left in the sink."""
    sink = _Sink()
    assert parser.parse(_Input(text, sink)) is None  # type: ignore[arg-type]  # the rules build nothing
    return sink.top, sink.sections


def _archive(folder: Path | None, *, transformer: object = None) -> Lark:
    return build_parser(grammar_text("archive_md"), "archive_md", ("start",), folder, LineLexer, transformer)  # type: ignore[arg-type]


def test_grammar_is_found() -> None:
    text = grammar_text("archive_md")
    for terminal in ("TITLE", "TAGS", "HEADING", "LEAD", "INSTRUCTION", "DIV_OPEN", "DIV_CLOSE", "BULLETS", "IMAGE",
                     "LINK", "TEXT", "BLANKS"):
        assert re.search(rf"^{terminal}: ", text, re.M), terminal
    for rule in ("start", "header", "section", "item", "group_div"):
        assert re.search(rf"^{rule}: ", text, re.M), rule


def test_cython_and_pure_python_parsers_agree() -> None:
    lark_cython = pytest.importorskip("lark_cython")
    from alpdoc.grammar import _TokenFeed

    text = EXAMPLE.read_text(encoding="utf-8")
    pure = Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer)
    fast = Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer,
                _plugins={"LALR_Parser": lark_cython.plugins["LALR_Parser"], "LexerThread": _TokenFeed})
    assert _tokens(pure, text) == _tokens(fast, text)
    blocks = _blocks(lalr_parser("archive_md", ("start",), LineLexer, _CHECK), text)
    pure_blocks = _blocks(Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer, transformer=_CHECK), text)
    assert blocks == pure_blocks
    assert len(blocks[0]) > 1 and len(blocks[1]) > 1


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.lark-cache"))


def test_parser_tables_are_cached_and_reused(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = _tokens(Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer), text)
    built = _archive(tmp_path)
    [cache] = _cache_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]  # nothing left aside
    saved = cache.read_bytes()
    loaded = _archive(tmp_path)
    assert cache.read_bytes() == saved  # read, not written again
    assert _tokens(built, text) == _tokens(loaded, text) == expected


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    _archive(tmp_path)
    [cache] = _cache_files(tmp_path)
    good = cache.read_bytes()
    cache.write_bytes(good[: len(good) // 2])
    parser = _archive(tmp_path)
    expected = _tokens(Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer), text)
    assert _tokens(parser, text) == expected
    assert len(cache.read_bytes()) > len(good) // 2  # written whole again
    assert _tokens(_archive(tmp_path), text) == expected


def test_a_transformer_is_applied_to_cached_tables(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    built = _blocks(_archive(tmp_path, transformer=_CHECK), text)
    [_cache] = _cache_files(tmp_path)
    assert _blocks(_archive(tmp_path, transformer=_CHECK), text) == built
    top, sections = built
    assert top[0][0] == "TITLE" and sections and all(s[0][0] == "SECTION" for s in sections)


def test_another_grammar_text_gets_its_own_cache(tmp_path: Path) -> None:
    grammar = "start: WORD+\nWORD: /[a-z]+/\n%ignore \" \"\n"
    build_parser(grammar, "words", ("start",), tmp_path)
    changed = build_parser(grammar.replace("a-z", "a-y"), "words", ("start",), tmp_path)
    assert len(_cache_files(tmp_path)) == 2
    assert len(changed.parse("ab cd").children) == 2


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    parser = _archive(blocker / "cache")
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
