"""Loading the ``.lark`` grammars shipped with alpdoc, with cached LALR parsers.

Analysing a grammar into LALR tables takes tens of milliseconds, paid by
every process that parses (a command, each batch worker), so the tables are
kept (``Lark.save``, ``Lark.load``) in a file per grammar text, Lark version
and Python version in the user's cache folder (``ALPDOC_CACHE_DIR`` moves it;
set it to an empty string to build the tables every time). A file appears in
one step (written aside, then renamed), a damaged one is built again, and a
folder that cannot be written only means no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import sys
from importlib import resources
from pathlib import Path

import lark
from lark import Lark

lark_cython = None
if not os.environ.get("ALPDOC_PURE_PYTHON"):  # set it to compare with, or debug in, pure-Python Lark
    try:  # The Cython build of Lark's LALR parser and lexer: the same parse, faster.
        import lark_cython
    except ImportError:  # pragma: no cover - pure-Python fallback where no wheel exists
        pass

__all__ = ["grammar_text", "lalr_parser", "cache_folder", "ACCELERATED"]

ACCELERATED = lark_cython is not None
"""Whether parsers run on ``lark_cython``."""

_REPO_GRAMMARS = Path(__file__).resolve().parents[2] / "grammars"


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>.lark`` (package data in a wheel, the repo folder in a checkout)."""
    packaged = resources.files("alpdoc").joinpath("grammars", f"{name}.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (_REPO_GRAMMARS / f"{name}.lark").read_text(encoding="utf-8")


def cache_folder() -> Path | None:
    """Where analysed grammars are kept between runs (``None``: not kept)."""
    setting = os.environ.get("ALPDOC_CACHE_DIR")
    if setting is not None:
        return Path(setting) if setting else None
    import platformdirs  # noqa: PLC0415 - only when a parser is built

    try:
        folder = Path(platformdirs.user_cache_dir("alpdoc", appauthor=False))
    except (RuntimeError, KeyError):  # no home folder to be found (platformdirs 4.x)
        return None
    return folder if folder.is_absolute() else None  # never a cache in the working folder


@functools.lru_cache(maxsize=None)
def lalr_parser(name: str, start: tuple[str, ...] = ("start",)) -> Lark:
    """A LALR parser with a contextual lexer for grammar ``name``, built once per process."""
    return build_parser(grammar_text(name), name, start, cache_folder())


def build_parser(text: str, name: str, start: tuple[str, ...], folder: Path | None) -> Lark:
    """A LALR parser for grammar ``text``, its tables read from (or saved to) a file in ``folder``."""
    options: dict[str, object] = {"parser": "lalr", "lexer": "contextual", "start": list(start)}
    if lark_cython is not None:
        options["_plugins"] = lark_cython.plugins
    if folder is None:
        return Lark(text, **options)
    flavour = "cython" if lark_cython is not None else "python"
    parts = [text, *start, lark.__version__, flavour, sys.implementation.cache_tag or ""]
    cache = folder / f"{name}-{hashlib.sha256(chr(0).join(parts).encode('utf-8')).hexdigest()[:24]}.lark-cache"
    try:
        with cache.open("rb") as saved:
            return Lark.load(saved)
    except Exception:  # noqa: BLE001 - missing, damaged or unreadable (unpickling fails many ways): built again
        pass
    parser = Lark(text, **options)
    _save(parser, cache)
    return parser


def _save(parser: Lark, cache: Path) -> None:
    """Write ``parser``'s tables to ``cache`` in one step; a folder that cannot be written means no cache."""
    from .api import atomic_write_bytes  # noqa: PLC0415 - the API imports the formats, which import this

    tables = io.BytesIO()
    parser.save(tables)
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(cache, tables.getvalue(), durable=False)
