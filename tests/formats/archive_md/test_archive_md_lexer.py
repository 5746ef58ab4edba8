"""archive-md lexing: the line lexer agrees with the grammar's patterns; BOM, CR-only and UTF-16 input.

The lexer modules are imported inside the tests that need them, so the input
tests below also run (and fail) against a reader without them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import alpdoc
from alpdoc import ParseError, testing

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "sample_plan.md"
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "archive-md"


def _patterns() -> dict[str, re.Pattern[str]]:
    from lark import Lark

    from alpdoc.format_plugins.archive_md.lexer import LineLexer
    from alpdoc.grammar import grammar_text

    parser = Lark(grammar_text("archive_md"), parser="lalr", lexer=LineLexer)
    return {t.name: re.compile(t.pattern.to_regexp()) for t in parser.terminals}


def _check_tokens(text: str, patterns: dict[str, re.Pattern[str]]) -> None:
    """The tokens tile the text, each is its terminal's pattern exactly, and each knows its line."""
    from alpdoc.format_plugins.archive_md.lexer import UnclosedTag, lex_lines

    if not text.endswith("\n"):
        text += "\n"
    pos = 0
    try:
        for tok in lex_lines(text, alpdoc_token):
            assert tok.start_pos == pos
            whole = text[tok.start_pos : tok.end_pos]
            assert whole.startswith(tok.value) and set(whole[len(tok.value) :]) == {"\n"}
            assert patterns[tok.type].fullmatch(whole), (tok.type, whole[:200])
            assert tok.line == text.count("\n", 0, pos) + 1
            pos = tok.end_pos
    except UnclosedTag as exc:
        assert exc.offset == pos and text.startswith("[[", pos)
        return
    assert pos == len(text)


def alpdoc_token(*args: object) -> object:
    from lark import Token

    return Token(*args)


def test_every_line_kind_is_a_terminal_of_the_grammar() -> None:
    patterns = _patterns()
    text = (
        "\n\n[[pre:tag]]\n# Title\n\n[[a:b]]\n[[c:multi\nline]]\n\n[https://s](https://s)\n## Section\n****\n\n"
        "> Question\n\nAn answer\n\nthat goes on\n# not a title\n\n- one\n- two\n\n![alt](img.png)\n"
        '[a [link]](https://x)\n<div class="group">\n\n> Name\n\nValue\n</div>\n\n'
    )
    from alpdoc.format_plugins.archive_md.lexer import lex_lines

    kinds = [tok.type for tok in lex_lines(text, alpdoc_token)]
    assert kinds == ["BLANKS", "TAGS", "TITLE", "TAGS", "LINK", "HEADING", "LEAD", "INSTRUCTION", "TEXT", "BULLETS",
                     "IMAGE", "LINK", "DIV_OPEN", "INSTRUCTION", "TEXT", "DIV_CLOSE"]
    assert set(kinds) == set(patterns)  # one terminal per line kind, none unused
    _check_tokens(text, patterns)
    _check_tokens(EXAMPLE.read_text(encoding="utf-8"), patterns)


def test_tag_lines_are_one_token_whose_runs_end_at_blank_lines_and_a_link_may_open_like_a_tag() -> None:
    from alpdoc.format_plugins.archive_md.lexer import lex_lines

    text = "# T\n[[a:b]]\n[[c:d]]\n\n[[e:f]]\n[[https://x](https://x)\n"
    toks = [(t.type, t.value, t.end_pos - t.start_pos - len(t.value) - 1, t.line) for t in lex_lines(text, alpdoc_token)]
    assert toks == [("TITLE", "# T", 0, 1), ("TAGS", "[[a:b]]\n[[c:d]]\n\n[[e:f]]", 0, 2),
                    ("LINK", "[[https://x](https://x)", 0, 6)]
    doc = alpdoc.loads(text, "archive-md")
    assert [t.key for t in doc.tags] == ["a", "c", "e"]
    assert [(e.kind, e.count, e.gap) for e in doc.layout.header] == [("title", 0, 0), ("tags", 2, 1), ("tags", 1, 0)]
    plain = "# T\n[[a:b]]\n[[c:d]]\n\n[[e:f]]\n\n\n[[g:h]]\n"
    assert alpdoc.dumps(alpdoc.loads(plain, "archive-md"), "archive-md") == plain


def test_a_tag_line_that_never_closes_after_blank_lines_is_reported_at_its_line() -> None:
    with pytest.raises(alpdoc.ParseError) as err:
        alpdoc.loads("# T\n\n[[a:b]]\n\n[[c:never closes\n", "archive-md")
    assert (err.value.line, err.value.column) == (5, 1)


def test_long_lines_that_look_like_markers_are_read_at_once() -> None:
    """Lines that nearly open a link, an image or a tag are each scanned once (a text run does not rescan them)."""
    many = "# T\n\n> q\n\n" + "[x](y) z\n![a]b\n[[k no colon\n" * 20000
    doc = alpdoc.loads(many, "archive-md")
    assert len(doc.sections[0].items) == 1
    assert alpdoc.dumps(doc, "archive-md") == many
    long_line = "# T\n\n> q\n\n" + "[x" * 300000 + "\n"
    assert alpdoc.dumps(alpdoc.loads(long_line, "archive-md"), "archive-md") == long_line


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(testing.documents(hostile=True))
def test_lexer_agrees_with_the_grammar_on_written_documents(doc: alpdoc.Document) -> None:
    try:
        text = alpdoc.dumps(doc, "archive-md")
    except alpdoc.AlpdocError:
        return
    _check_tokens(text, _patterns())


def test_lexer_agrees_with_the_grammar_on_the_corpus() -> None:
    files = sorted(CORPUS.glob("*.md"))[:300] if CORPUS.is_dir() else []
    if not files:
        pytest.skip("shared corpus not present")
    patterns = _patterns()
    for path in files:
        _check_tokens(path.read_text(encoding="utf-8"), patterns)


# -- input that is not plain UTF-8 with LF line ends --------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_kept_and_written_back() -> None:
    data = "\ufeff# Title\n\n[[type:solution]]\n## S\n****\n\n> Q\n\nAnswer\n".encode()
    doc = alpdoc.loads(data, "archive-md")
    assert doc.title == "Title" and [t.key for t in doc.tags] == ["type"]
    assert doc.layout is not None and doc.layout.bom
    assert alpdoc.dumps(doc, "archive-md").encode() == data
    plain = alpdoc.loads(data[3:], "archive-md")
    assert plain.layout is not None and not plain.layout.bom
    assert plain.sections == doc.sections  # the mark is layout only


def test_cr_only_line_ends_are_refused_where_the_first_one_is() -> None:
    data = b"# Title\r\r[[type:solution]]\r## S\r\r> Q\r\rAnswer\r"
    with pytest.raises(ParseError) as info:
        alpdoc.loads(data, "archive-md", source="mac.md")
    err = info.value
    assert (err.line, err.column) == (1, 8)
    assert "CR alone" in str(err) and str(err).startswith("mac.md:1:8: ")


def test_cr_inside_lf_text_is_a_character() -> None:
    for text in ("# a\r b\n", "# T\r\n\r\n> Q\r\n\r\nAnswer\r\n", "# one\rline"):
        assert alpdoc.dumps(alpdoc.loads(text, "archive-md"), "archive-md") == text


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"), ("utf-16-le", "UTF-16 (little-endian)"),
     ("utf-32", "UTF-32 (little-endian)")],
)
def test_utf16_and_utf32_are_named(encoding: str, named: str) -> None:
    data = "# Title\n\n> Q\n\nAnswer\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    with pytest.raises(ParseError) as info:
        alpdoc.loads(data, "archive-md", source="wide.md")
    err = info.value
    assert (err.line, err.column) == (1, 1)
    assert named in str(err) and "UTF-8" in str(err)
    assert "invalid UTF-8 byte" not in str(err)


def test_utf16_without_a_byte_order_mark_is_named() -> None:
    for encoding, order in (("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")):
        with pytest.raises(ParseError, match=rf"UTF-16 \({order}\)"):
            alpdoc.loads("# Title\n\nsome text\n".encode(encoding), "archive-md")


def test_binary_with_nul_is_still_binary() -> None:
    with pytest.raises(ParseError, match="NUL character"):
        alpdoc.loads(b"# T\n\x00\x01\x02binary", "archive-md")
