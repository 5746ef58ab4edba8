"""The checked options of a choice answer line, in one pass."""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Option
from .vocabulary import flatten

__all__ = ["split_options"]

_SEP = ", "


def split_options(answer: str, known: Iterable[str] = ()) -> tuple[Option, ...]:
    """Checked options from a ``", "``-joined line; known option names may themselves hold ``", "``.

    A piece that could not be an option of its own (empty, or ending in a
    space: the page trims names) is joined to the next, so joining the names
    with ``", "`` gives the line back. Linear in the length of the line.
    """
    candidates = sorted({flatten(k) for k in known} - {""}, key=len, reverse=True)
    names: list[str] = []
    pos, end = 0, len(answer)
    while pos < end:
        for name in candidates:
            stop = pos + len(name)
            if answer.startswith(name, pos) and (stop == end or answer.startswith(_SEP, stop)):
                names.append(name)
                pos = stop + len(_SEP)
                break
        else:
            start, cut = pos, pos
            while True:
                cut = answer.find(_SEP, cut)
                if cut < 0:
                    cut = end
                if cut == end or (cut > start and not answer[cut - 1].isspace()):
                    break
                cut += len(_SEP)
            names.append(answer[start:cut])
            pos = cut + len(_SEP)
    return tuple(Option(name=n) for n in names)
