"""What page text can carry: ``project(doc, options)`` for the ``page-text`` format.

The page shows no title line, tags, leads, pictures, image or link
addresses; it shows answers on one line (white space runs become one
space), instructions one line per non-empty line (``&amp;`` as ``&``), only
checked options, and nothing for a question without instruction or answer.
Which line is a title, an instruction or an answer is then read again with
the templates, exactly as the reader does: the projection is the page's
lines placed by :func:`.recover.recover` (lines no template places become
answers without instruction; the title and kind are what the page implies).
"""

from __future__ import annotations

from ...model import Document
from ...options import ReaderOptions
from .recover import recover
from .writer import page_of

__all__ = ["project_page_text"]


def project_page_text(doc: Document, options: ReaderOptions | None = None) -> Document:
    """``doc`` as it reads back from its page text with ``options`` (default: the registered templates).

    ``options.strict`` is not applied: this is what a lenient read gives.
    """
    if options is None:
        from ...api import reader_options  # the api imports the format plugins

        options = reader_options()
    return recover(page_of(doc), options.templates).document
