"""Loading the ``.lark`` grammars shipped with alpdoc, with cached LALR parsers.

Analysing a grammar into LALR tables takes tens of milliseconds, paid by
every process that parses (a command, each batch worker), so the tables are
kept by Lark's own cache (``Lark(..., cache=path)``) in a file per grammar
text, Lark version and Python version in the user's cache folder
(``ALPDOC_CACHE_DIR`` moves it; set it to an empty string to build the tables
every time). A damaged or stale file is built again, and a folder that cannot
be written only means no cache (``benchmarks/grammar_cache.py`` measured Lark's
cache against the hand-written one it replaced: the same load times).

A grammar may come with a lexer of its own (a :class:`lark.lexer.Lexer`
subclass whose ``lex(text, token_class)`` yields tokens, as
``archive_md``'s line lexer does) and a transformer applied while parsing;
both parsers, Lark's and lark_cython's, then read that lexer's tokens.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import lark
from lark import Lark, Transformer
from lark.lexer import Lexer

lark_cython: ModuleType | None = None
if not os.environ.get("ALPDOC_PURE_PYTHON"):  # set it to compare with, or debug in, pure-Python Lark
    # The Cython build of Lark's LALR parser and lexer: the same parse, faster; pure-Python Lark where no wheel exists.
    with contextlib.suppress(ImportError):
        import lark_cython as _cython

        lark_cython = _cython

__all__ = ["grammar_text", "lalr_parser", "build_parser", "cache_file", "cache_folder", "ACCELERATED"]

ACCELERATED = lark_cython is not None
"""Whether parsers run on ``lark_cython``."""

_REPO_GRAMMARS = Path(__file__).resolve().parents[2] / "grammars"


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>.lark`` (package data in a wheel, the repo folder in a checkout)."""
    packaged = resources.files("alpdoc") / "grammars" / f"{name}.lark"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (_REPO_GRAMMARS / f"{name}.lark").read_text(encoding="utf-8")


def cache_folder() -> Path | None:
    """Where analysed grammars are kept between runs (``None``: not kept)."""
    setting = os.environ.get("ALPDOC_CACHE_DIR")
    if setting is not None:
        return Path(setting) if setting else None
    import platformdirs  # only when a parser is built

    try:
        folder = Path(platformdirs.user_cache_dir("alpdoc", appauthor=False))
    except (RuntimeError, KeyError):  # no home folder to be found (platformdirs 4.x)
        return None
    return folder if folder.is_absolute() else None  # never a cache in the working folder


@functools.cache
def lalr_parser(
    name: str,
    start: tuple[str, ...] = ("start",),
    lexer: type[Lexer] | None = None,
    transformer: Transformer[Any, Any] | None = None,
) -> Lark:
    """A LALR parser for grammar ``name``, built once per process.

    Its lexer is Lark's contextual lexer, or ``lexer`` (a custom lexer class);
    ``transformer`` is applied to each rule as it is parsed.
    """
    return build_parser(grammar_text(name), name, start, cache_folder(), lexer, transformer)


def _end_of_input() -> Iterator[object]:
    raise EOFError  # how lark_cython's parser learns that the tokens are over
    yield  # pragma: no cover - makes this a generator


class _TokenFeed:
    """The token stream lark_cython's parser reads (``next_token``) from a custom lexer's ``lex(text, token_class)``."""

    __slots__ = ("next_token",)

    def __init__(self, tokens: Iterable[object]) -> None:
        # next(tokens, parser_state): no Python frame per token; the end raises EOFError before any default is used.
        self.next_token = functools.partial(next, itertools.chain(tokens, _end_of_input()))

    @classmethod
    def from_text(cls, lexer: Any, text: str) -> _TokenFeed:
        """``lexer``: Lark's (private) wrapper class around the custom lexer's instance, in ``lexer.lexer``."""
        assert lark_cython is not None  # only lark_cython's parser calls this
        return cls(lexer.lexer.lex(text, lark_cython.Token))

    @classmethod
    def from_custom_input(cls, lexer: Any, data: object) -> _TokenFeed:
        """The same, for what the custom lexer reads that is not a ``str``."""
        return cls.from_text(lexer, data)  # type: ignore[arg-type]


def cache_file(
    text: str, name: str, start: tuple[str, ...], folder: Path, lexer: type[Lexer] | None = None
) -> Path:
    """The file in ``folder`` that keeps the tables of grammar ``text`` (one per grammar text, start
    rules, lexer, Lark version, parser flavour and Python), so two alpdoc versions never overwrite
    each other's tables."""
    flavour = "cython" if lark_cython is not None else "python"
    lexer_name = "contextual" if lexer is None else f"{lexer.__module__}.{lexer.__qualname__}"
    parts = [text, *start, lexer_name, lark.__version__, flavour, sys.implementation.cache_tag or ""]
    return folder / f"{name}-{hashlib.sha256(chr(0).join(parts).encode('utf-8')).hexdigest()[:24]}.lark-cache"


def build_parser(
    text: str,
    name: str,
    start: tuple[str, ...],
    folder: Path | None,
    lexer: type[Lexer] | None = None,
    transformer: Transformer[Any, Any] | None = None,
) -> Lark:
    """A LALR parser for grammar ``text``, its tables read from (or saved to) a file in ``folder``.

    The file is Lark's own cache (``Lark(..., cache=path)``): Lark checks the
    grammar and options it was made from, builds the tables again when the file
    is missing, damaged or stale, and a file it cannot write only means no cache.
    """
    options: dict[str, object] = {"parser": "lalr", "lexer": lexer or "contextual", "start": list(start)}
    if lark_cython is not None:
        plugins = lark_cython.plugins
        custom = {"LALR_Parser": plugins["LALR_Parser"], "LexerThread": _TokenFeed}
        options["_plugins"] = plugins if lexer is None else custom
    if transformer is not None:
        options["transformer"] = transformer
    if folder is None:
        return Lark(text, **options)
    with contextlib.suppress(OSError):  # Lark writes the file, not its folder
        folder.mkdir(parents=True, exist_ok=True)
    # Lark's cache key leaves the parser plugins out, so the file name tells lark_cython's apart.
    return Lark(text, **options, cache=os.fspath(cache_file(text, name, start, folder, lexer)))
