"""One standalone HTML page per document.

Every text of the document is escaped (answers are shown, never run); the
page has its style sheet inline, no script, and a ``Content-Security-Policy``
that allows no script, no frame and no fetch except the document's own
images; links and images keep only ``http``, ``https``, ``mailto`` and
relative addresses (any other is shown as text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ...model import ChoiceItem, Document, GroupItem, ImageItem, Item, LinkItem, MosaicItem, Section, Tag, TextItem
from .style import CSS

__all__ = ["write_html", "page_language", "safe_url", "clean", "shown_timestamp"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{2})\Z", re.ASCII)
_POLICY = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def clean(text: str) -> str:
    """``text`` as an HTML page holds it: no control characters HTML forbids, CR and CRLF as LF."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _h(text: str) -> str:
    return escape(clean(text), quote=True)


def shown_timestamp(timestamp: str | None) -> str | None:
    """An answer's ``timestamp`` as the page shows it: :func:`clean`; ``None`` when nothing of it would show."""
    if timestamp is None:
        return None
    shown = clean(timestamp)
    return shown if shown.strip() else None


def _duration(timestamp: str) -> str | None:
    """``m:ss`` or ``h:mm:ss`` as an HTML duration (``PT1H2M3S``) for ``<time datetime>``; else ``None``."""
    m = _CLOCK.match(timestamp)
    if m is None:
        return None
    hours, minutes, seconds = m.groups()
    return f"PT{f'{int(hours)}H' if hours is not None else ''}{int(minutes)}M{int(seconds)}S"


def safe_url(url: str) -> str | None:
    """``url`` when a browser may follow or fetch it (http, https, mailto, relative); else ``None``."""
    url = clean(url).strip()
    squeezed = re.sub(r"[\s\x00-\x20]", "", url)  # browsers drop these inside a scheme ("java\tscript:")
    m = _SCHEME.match(squeezed)
    if not url or (m and m.group(1).lower() not in _SAFE_SCHEMES):
        return None
    return url


def page_language(doc: Document) -> str:
    """The page's ``lang``: a ``lang`` or ``language`` tag that is a language code, else ``und`` (undetermined)."""
    for tag in doc.tags:
        if tag.key in ("lang", "language") and _LANG.match(tag.value.strip()):
            return tag.value.strip()
    return "und"


class _Page:
    def __init__(self) -> None:
        self.out: list[str] = []

    def w(self, *parts: str) -> None:
        self.out.extend(parts)

    def instruction(self, item: Item, level: int) -> None:
        """The question as a heading; an interview answer's time before it (alone when there is no question)."""
        stamp = self.timestamp(item.timestamp) if isinstance(item, TextItem) else ""
        if item.instruction is not None and clean(item.instruction).strip():
            self.w(f'<h{level} class="instruction">{stamp + " " if stamp else ""}{_h(item.instruction)}</h{level}>')
        elif stamp:
            self.w(f'<p class="instruction">{stamp}</p>')

    @staticmethod
    def timestamp(timestamp: str | None) -> str:
        shown = shown_timestamp(timestamp)
        if shown is None:
            return ""
        duration = _duration(shown)
        if duration is None:  # not a clock time: shown as written, with no machine-readable value
            return f'<span class="timestamp">{_h(shown)}</span>'
        return f'<time class="timestamp" datetime="{duration}">{_h(shown)}</time>'

    def tags(self, tags: Sequence[Tag], label: str) -> None:
        self.w(f'<ul class="tags" aria-label="{label}">')
        for tag in tags:
            self.w(f'<li class="chip"><span class="key">{_h(tag.key)}</span> {_h(tag.value)}</li>')
        self.w("</ul>")

    def item(self, item: Item, level: int) -> None:
        kind = type(item).__name__.removesuffix("Item").lower()
        self.w(f'<div class="item item-{kind}">')
        self.instruction(item, level)
        if not item.answered and not isinstance(item, ChoiceItem):
            self.w('<p class="unanswered">No answer</p>')
        elif isinstance(item, TextItem) and item.quote and clean(item.text):
            self.w(f'<blockquote class="quote"><p class="text">{_h(item.text)}</p></blockquote>')
        elif isinstance(item, TextItem):
            self.w(f'<p class="text">{_h(item.text)}</p>')
        elif isinstance(item, ChoiceItem):
            self.choices(item)
        elif isinstance(item, ImageItem):
            self.figure(item.src, item.alt)
        elif isinstance(item, MosaicItem):
            self.w('<div class="mosaic">')
            for image in item.images:
                self.figure(image.src, image.alt)
            self.w("</div>")
        elif isinstance(item, LinkItem):
            self.link(item.url, item.text)
        elif isinstance(item, GroupItem):
            self.group(item, level)
        if isinstance(item, TextItem) and item.tags:
            self.tags(item.tags, "Answer tags")
        self.w("</div>")

    def choices(self, item: ChoiceItem) -> None:
        if not item.options:
            self.w('<p class="unanswered">No answer</p>')
            return
        on, off = ("\u2611", "\u2610") if item.multiple else ("\u25c9", "\u25cb")
        self.w(f'<ul class="choices {"checklist" if item.multiple else "radiolist"}">')
        for option in item.options:
            state = "checked" if option.checked else "unchecked"
            mark = on if option.checked else off
            said = "selected" if option.checked else "not selected"
            self.w(f'<li class="option {state}"><span class="mark" aria-hidden="true">{mark}</span>'
                   f'{_h(option.name)}<span class="visually-hidden"> ({said})</span></li>')
        self.w("</ul>")

    def figure(self, src: str, alt: str) -> None:
        url = safe_url(src)
        caption = f"<figcaption>{_h(alt)}</figcaption>" if clean(alt).strip() else ""
        if url is None:
            self.w(f'<figure><p class="text">{_h(src)}</p>{caption}</figure>')
        else:
            self.w(f'<figure><img src="{escape(url, quote=True)}" alt="{_h(alt)}" loading="lazy">{caption}</figure>')

    def link(self, url: str, text: str | None) -> None:
        shown = _h(text if text else url)
        href = safe_url(url)
        if href is None:
            self.w(f'<p class="link">{shown} <span class="text">({_h(url)})</span></p>')
        else:
            self.w(f'<p class="link"><a href="{escape(href, quote=True)}" rel="noopener noreferrer">{shown}</a></p>')

    def group(self, item: GroupItem, level: int) -> None:
        label = clean(item.instruction or "").strip() or "Record"
        for k, record in enumerate(item.records, 1):
            self.w(f'<div class="record" role="group" aria-label="{_h(label)} {k}">'
                   f'<p class="record-label" aria-hidden="true">{k} / {len(item.records)}</p>')
            for inner in record:
                self.item(inner, min(level + 1, 6))
            self.w("</div>")

    def section(self, section: Section, number: int) -> None:
        title = clean(section.title)
        if title.strip():
            self.w(f'<section class="section" aria-labelledby="s{number}"><h2 id="s{number}">{_h(title)}</h2>')
        else:
            self.w(f'<section class="section" aria-label="Section {number}">')
        if clean(section.lead).strip():
            self.w(f'<p class="lead">{_h(section.lead)}</p>')
        for item in section.items:
            self.item(item, 3)
        self.w("</section>")

    def document(self, doc: Document) -> str:
        title = clean(doc.title).strip()
        self.w(
            "<!DOCTYPE html>\n",
            f'<html lang="{escape(page_language(doc), quote=True)}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="generator" content="alpdoc">\n',
            f"<title>{_h(title) or 'Untitled document'}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n",
            f'<article>\n<header>\n<h1>{_h(doc.title) if title else "Untitled document"}</h1>\n',
        )
        if doc.tags:
            self.tags(doc.tags, "Tags")
        self.w("</header>\n")
        for number, section in enumerate(doc.sections, 1):
            self.section(section, number)
            self.w("\n")
        self.w("</article>\n</main>\n</body>\n</html>\n")
        return "".join(self.out)


def write_html(doc: Document) -> str:
    """``doc`` as a standalone, accessible, printable HTML page (no script, nothing fetched but its images)."""
    return _Page().document(doc)
