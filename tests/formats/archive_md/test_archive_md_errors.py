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


def _round_trips_or_fails_cleanly(data: str | bytes) -> None:
    """Either the input reads and writes back unchanged, or it raises ParseError pointing into it."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    try:
        doc = alpdoc.loads(data, "archive-md")
    except ParseError as err:
        assert 1 <= err.line <= text.count("\n") + 1 and err.column >= 1
    else:
        written = alpdoc.dumps(doc, "archive-md")
        assert (written.encode() if isinstance(data, bytes) else written) == data


@given(st.binary(max_size=300))
def test_random_bytes_never_raise_anything_else(data: bytes) -> None:
    _round_trips_or_fails_cleanly(data)


_PIECES = st.sampled_from(
    ["# ", "## ", "> ", "- ", "[[a:b]]", "[[", "]]", "**", "![x](y)", "[u](v)", '<div class="group">', "</div>",
     "\n", "\n\n", "text", " ", "\r", "\u00a0"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_markup_round_trips_or_fails_cleanly(text: str) -> None:
    _round_trips_or_fails_cleanly(text)


@given(st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_documents(cut: int) -> None:
    _round_trips_or_fails_cleanly(GOOD[:cut])


def test_pathological_lines_stay_linear() -> None:
    """Inputs built to make backtracking regexes explode are read (or refused) at once."""
    cases = [
        "# T\n\n" + "[" + "](" * 20000 + ")x\n",
        "# T\n\n> q\n\n" + "[x" * 200000 + "\n",
        "# T\n\n" + "[[a:b\n" * 20000,
        "# T\n\n" + '<div class="group">\n\n' * 3000 + "</div>\n" * 3000,
    ]
    for text in cases:
        _round_trips_or_fails_cleanly(text)
