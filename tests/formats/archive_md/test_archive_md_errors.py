"""archive-md: bad input raises ParseError with a line and column, never anything else, never hangs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc import ParseError

GOOD = "# Title\n\n[[type:solution]]\n## S\n****\n\n> Q\n\nAnswer\n\n<div class=\"group\">\n\n> Name\n\nA\n\n</div>\n"


@pytest.mark.parametrize(
    ("data", "line", "column", "fragment"),
    [
        (b"", 1, 1, "title"),
        (b"\n\n\n", 4, 1, "title"),
        (b"just some words\nand more\n", 3, 1, "title"),
        (b"# T\n\x00\x01\x02binary", 2, 1, "NUL"),
        ("# Tïtle\n".encode() + b"ok\n\xff\xfe\n", 3, 1, "UTF-8"),
        (b"# T\n\n## S\n\nsome text\n</div>\n", 6, 1, "closes no group"),
        (GOOD.encode()[: GOOD.index("</div>")], 11, 1, "never closed"),
    ],
)
def test_bad_input_reports_where(data: bytes, line: int, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        alpdoc.loads(data, "archive-md", source="bad.md")
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert fragment in str(err)
    assert str(err).startswith(f"bad.md:{line}:{column}: ")


def test_error_quotes_the_offending_line() -> None:
    with pytest.raises(ParseError) as info:
        alpdoc.loads("# T\n\nfine\n</div>\n", "archive-md")
    assert info.value.text == "</div>"
    assert "'</div>'" in str(info.value)


def test_read_names_the_file(tmp_path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(b"no title here\n")
    with pytest.raises(ParseError) as info:
        alpdoc.read(path)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)


@given(st.binary(max_size=300))
def test_random_bytes_never_raise_anything_else(data: bytes) -> None:
    try:
        doc = alpdoc.loads(data, "archive-md")
    except ParseError as err:
        assert err.line >= 1 and err.column >= 1
    else:
        assert alpdoc.dumps(doc, "archive-md").encode() == data


_PIECES = st.sampled_from(
    ["# ", "## ", "> ", "- ", "[[a:b]]", "[[", "]]", "**", "![x](y)", "[u](v)", '<div class="group">', "</div>",
     "\n", "\n\n", "text", " ", "\r", "\u00a0"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_markup_round_trips_or_fails_cleanly(text: str) -> None:
    try:
        doc = alpdoc.loads(text, "archive-md")
    except ParseError as err:
        assert err.line >= 1 and err.column >= 1
    else:
        assert alpdoc.dumps(doc, "archive-md") == text


@given(st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_documents(cut: int) -> None:
    text = GOOD[:cut]
    try:
        doc = alpdoc.loads(text, "archive-md")
    except ParseError as err:
        assert 1 <= err.line <= text.count("\n") + 1
    else:
        assert alpdoc.dumps(doc, "archive-md") == text
