"""A folder index page: one link per converted document."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from .style import CSS
from .writer import clean

__all__ = ["write_index"]


def write_index(entries: Iterable[tuple[str, str]], title: str = "Documents") -> str:
    """A page listing ``(relative path, document title)`` pairs as links, in the order given."""
    rows = "".join(
        f'<li><a href="{escape(quote(path), quote=True)}">{escape(clean(name).strip() or path)}</a></li>\n'
        for path, name in entries
    )
    return (
        '<!DOCTYPE html>\n<html lang="und">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escape(clean(title))}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(clean(title))}</h1>\n<ul class=\"index\">\n{rows}</ul>\n</main>\n</body>\n</html>\n"
    )
