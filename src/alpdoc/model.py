"""The typed document model shared by every format.

Content and layout are kept apart, so two documents with the same content
compare equal even when they were read from files laid out differently:

* every ``layout`` field (blank-line counts, header placement, where a link
  stood, ...) is left out of equality and hashing;
* text fields keep the exact characters of the source, so writing is byte
  for byte, but they compare by :func:`content_text`: a CR before a line
  break and white space at the end of a line are layout, not content.

Layout is what a writer needs to reproduce a file byte for byte; a document
built in code has ``layout=None`` everywhere and gets each format's defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import suppress
from typing import Any, Union

from attrs import field, frozen

__all__ = [
    "content_text",
    "Tag",
    "Option",
    "Image",
    "TextItem",
    "ChoiceItem",
    "ImageItem",
    "MosaicItem",
    "LinkItem",
    "GroupItem",
    "EmbedItem",
    "MetaItem",
    "META_KINDS",
    "Extra",
    "PlatformTag",
    "PlatformLocation",
    "PlatformMeta",
    "PlatformInfo",
    "Item",
    "ITEM_TYPES",
    "Section",
    "Document",
    "Country",
    "Sdg",
    "ItemLayout",
    "TagRun",
    "SectionLayout",
    "HeaderEntry",
    "DocumentLayout",
]


def _layout() -> Any:
    """A layout field: left out of equality, hashing and ``repr``."""
    return field(default=None, eq=False, repr=False)


_LINE_END_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")


def content_text(text: str | None) -> str | None:
    """``text`` without what counts as layout: CRs before line breaks, white space at line ends."""
    if not text:
        return text
    # The same as ``_LINE_END_SPACE.sub("", text)`` (white space is ``str.isspace`` for both), about
    # ten times faster on real answers: equality compares every text field through this.
    if "\n" not in text:
        return text.rstrip() if text[-1].isspace() else text
    return "\n".join([line.rstrip() for line in text.split("\n")])


def _extra() -> Any:
    """Platform keys that are not content, kept so pad JSON can be written back (see :data:`Extra`)."""
    return field(default=None, eq=False, repr=False)


Extra = tuple[tuple[str, str], ...]
"""``(key, JSON text of the value)`` pairs, in source order: what a pad carried beside its content.

Rendering attributes (``fontsize``, ``textalign``, ``level``, ``required``,
``scale``, ...), a section's ``structure``, a stored row's ``full_text``, and
keys alpdoc does not know. Left out of equality; the ``pad-json`` writer
writes them back, other formats ignore them.
"""


def _text(default: object = "") -> Any:
    """A text field: stored exactly, compared by :func:`content_text`."""
    return field(default=default, eq=content_text)


# --------------------------------------------------------------------------- layout


@frozen(kw_only=True)
class ItemLayout:
    """Blank lines after each line block an item writes, in writing order.

    For an item with an instruction the first gap follows the instruction
    line; the others follow its answer blocks (see each format's writer).
    """

    gaps: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()
    """For a group: how many items each of its divs held."""
    paragraph: bool = False
    """Archive markdown: the instruction's further lines stood as a paragraph under its ``> `` line
    (a template's own wording, read with that template), not as ``> `` lines ending in ``\\``."""
    marker: str | None = None
    """Archive markdown interviews: the question line's exact start before the question
    (``"### [[0:15]] "``, ``"[[3:12]] "``, ``"### [[0:01\\]\\]"``); ``None``: the usual ``### [[TIME]] ``."""


@frozen(kw_only=True)
class TagRun:
    """Tags written inside a section body, before item ``before_item``."""

    before_item: int
    count: int
    gap: int = 0


@frozen(kw_only=True)
class SectionLayout:
    heading: bool = True
    """Whether a ``## title`` line was written (the first section may lack one)."""
    heading_gap: int = 0
    lead_line: bool = True
    """Whether the ``**lead**`` line was written (older files omit empty leads)."""
    lead_gap: int = 1
    tag_runs: tuple[TagRun, ...] = ()


@frozen(kw_only=True)
class HeaderEntry:
    """One block of a document's header, in file order.

    ``kind`` is ``"title"``, ``"tags"`` (the next ``count`` tags of the
    document), or ``"raw"`` (a line kept verbatim, such as the link to an
    original article that repeats the ``source`` tag).
    """

    kind: str
    gap: int = 0
    count: int = 0
    raw: str = ""


@frozen(kw_only=True)
class DocumentLayout:
    leading_blanks: int = 0
    header: tuple[HeaderEntry, ...] = ()
    final_newline: bool = True
    bom: bool = False
    """The file began with a UTF-8 byte order mark (archive markdown writes it back)."""


# --------------------------------------------------------------------------- content


@frozen(kw_only=True)
class Tag:
    """A ``key: value`` pair: SDGs, methods, countries, metadata, ..."""

    key: str
    value: str


@frozen(kw_only=True)
class Option:
    """One option of a checklist or radio list."""

    name: str = field(eq=content_text)
    checked: bool = True
    id: int | None = None
    """The platform's option id (pad JSON ``options[].id``), ``None`` when unknown."""


@frozen(kw_only=True)
class Image:
    src: str
    alt: str = ""


@frozen(kw_only=True)
class TextItem:
    """A free-text answer; ``text == ""`` means the question was left unanswered.

    An interview answer (story documents) is a text item too: ``instruction``
    is the interviewer's question, ``timestamp`` where it was asked in the
    recording, ``tags`` the answer's own tags, ``text`` the answer.
    """

    instruction: str | None = _text(None)
    text: str = _text()
    platform_type: str | None = None
    """The pad item type when it is not ``txt``: ``"title"`` for the question that names the pad."""
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    timestamp: str | None = None
    """Interviews: where in the recording the question (``instruction``) was asked, as written
    (``"12:46"``, ``"1:02:03"``); ``None`` for an answer that is not part of an interview."""
    tags: tuple[Tag, ...] = ()
    """Tags of this answer alone (an interview tags each answer with the tools, tactics, principles
    and skills it mentions); the document's own tags stay in :attr:`Document.tags`."""
    quote: bool = False
    """The text is a quotation (a blog post's ``> `` lines), not the author's own text."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return self.text != ""

    @property
    def interview(self) -> bool:
        """Whether this is an interview answer: a question asked at a ``timestamp``."""
        return self.timestamp is not None


@frozen(kw_only=True)
class ChoiceItem:
    """A checklist (``multiple=True``) or radio list (``multiple=False``)."""

    instruction: str | None = _text(None)
    options: tuple[Option, ...] = ()
    multiple: bool = True
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def selected(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options if o.checked)

    @property
    def answered(self) -> bool:
        return any(o.checked for o in self.options)


@frozen(kw_only=True)
class ImageItem:
    instruction: str | None = _text(None)
    src: str = ""
    alt: str = ""
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return self.src != ""


@frozen(kw_only=True)
class MosaicItem:
    """Several images answering one question."""

    instruction: str | None = _text(None)
    images: tuple[Image, ...] = ()
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return bool(self.images)


@frozen(kw_only=True)
class LinkItem:
    """A link or embedded resource; ``text=None`` when the text is the URL itself."""

    instruction: str | None = _text(None)
    url: str = ""
    text: str | None = None
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return self.url != ""


@frozen(kw_only=True)
class GroupItem:
    """A repeated group: each record is one instance (e.g. one partner)."""

    instruction: str | None = _text(None)
    records: tuple[tuple[Item, ...], ...] = ()
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return bool(self.records)


@frozen(kw_only=True)
class EmbedItem:
    """Embedded HTML (the platform's ``embed`` item): a video player, a map, a snippet.

    A separate class rather than a :class:`LinkItem`: ``html`` is markup, not
    a URL and its text, and formats that cannot carry it say so in their
    projection (see :func:`alpdoc.projection.drop_platform`).
    """

    instruction: str | None = _text(None)
    html: str = ""
    src: str | None = None
    """The URL the platform stored beside the HTML (often ``None``)."""
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def answered(self) -> bool:
        return self.html != "" or bool(self.src)


META_KINDS = frozenset({"location", "tag", "index", "video", "drawing", "files", "attachment"})
"""Pad item types that are metadata or media alpdoc does not model in detail (current names)."""


@frozen(kw_only=True)
class MetaItem:
    """A pad item alpdoc keeps with its raw payload: locations, tags, SDG index, video, drawing, files, ...

    ``type`` is the platform's current item type (one of :data:`META_KINDS`;
    older names are mapped when reading: ``locations`` -> ``location``,
    ``sdgs`` -> ``index`` named ``sdgs``, ``tags``/``methods``/``datasources``
    -> ``tag`` named ``thematic_areas``/``methods``/``datasources``). ``name``
    says which tag list or index. ``data`` is the rest of the item's content
    (``tags``, ``centerpoints``, ``caption``, ``src``, ``shapes``, ...) as a
    JSON object in canonical form (sorted keys, no spaces); :attr:`payload`
    decodes it.
    """

    type: str
    """The platform's item type (a name the ``"kind"`` tag of alpdoc JSON cannot clash with)."""
    name: str | None = None
    instruction: str | None = _text(None)
    data: str = "{}"
    has_content: bool | None = None
    """The platform's ``has_content`` flag (pad JSON), ``None`` when the source has none."""
    extra: Extra | None = _extra()
    layout: ItemLayout | None = _layout()

    @property
    def payload(self) -> dict[str, Any]:
        value = json.loads(self.data)
        return value if isinstance(value, dict) else {}

    @property
    def answered(self) -> bool:
        return bool(self.has_content) if self.has_content is not None else self.data not in ("", "{}")


# ``Union``, not ``|``: the JSON converter's tagged union and schema take the alias as a ``typing.Union``.
Item = Union[TextItem, ChoiceItem, ImageItem, MosaicItem, LinkItem, GroupItem, EmbedItem, MetaItem]  # noqa: UP007
ITEM_TYPES: tuple[type, ...] = (
    TextItem, ChoiceItem, ImageItem, MosaicItem, LinkItem, GroupItem, EmbedItem, MetaItem,
)


@frozen(kw_only=True)
class Section:
    title: str = _text()
    lead: str = _text()
    items: tuple[Item, ...] = ()
    extra: Extra | None = _extra()
    """Pad JSON section keys beside title, lead and items (``structure``, ``repeat``, ``group``, ...)."""
    layout: SectionLayout | None = _layout()


@frozen(kw_only=True)
class Country:
    name: str
    lat: float | None = None
    lng: float | None = None


@frozen(kw_only=True)
class Sdg:
    number: int | None
    name: str


_SDG = re.compile(r"\s*(\d+)\.\s*(.*)", re.S)


@frozen(kw_only=True)
class PlatformTag:
    """One entry of a pad's ``tags`` list: a thematic area, SDG, method, data source, ..."""

    type: str = ""
    """The tag list it belongs to (``thematic_areas``, ``sdgs``, ``methods``, ``datasources``, ...)."""
    name: str = _text()
    key: int | None = None
    """For SDGs, the goal number."""
    tag_id: int | None = None


@frozen(kw_only=True)
class PlatformLocation:
    """One entry of a pad's ``locations`` list."""

    country: str | None = None
    iso3: str | None = None
    lat: float | None = None
    lng: float | None = None


@frozen(kw_only=True)
class PlatformMeta:
    """One entry of a pad's ``metadata`` list (a template's extra field and its value)."""

    name: str = ""
    value: str = _text()
    type: str | None = None


@frozen(kw_only=True)
class PlatformInfo:
    """What the platform records about a pad beside its content (pad JSON; other formats drop it).

    Dates are kept as the platform wrote them (e.g. ``2022-07-04 11:51:16.446365+02``).
    """

    pad_id: int | None = None
    contributor_id: str | None = None
    """The owner's id (a UUID; ``owner`` in stored rows)."""
    status: int | None = None
    """0 draft, 1 preview, 2 shared/published, 3 ... as the platform numbers them."""
    published: bool | None = None
    """Stored rows' ``published`` flag (``"t"``/``"f"``)."""
    created_at: str | None = None
    updated_at: str | None = None
    template: int | None = None
    """The id of the platform template the pad was filled from."""
    email: str | None = None
    ownername: str | None = _text(None)
    country: str | None = None
    """The owner's country."""
    tags: tuple[PlatformTag, ...] = ()
    locations: tuple[PlatformLocation, ...] = ()
    metadata: tuple[PlatformMeta, ...] = ()
    extra: Extra | None = _extra()
    """Other keys of the pad object (``full_text``, ``source``, ...)."""


@frozen(kw_only=True)
class Document:
    """An ALP, solution, experiment or any other exported document."""

    title: str = _text()
    tags: tuple[Tag, ...] = ()
    sections: tuple[Section, ...] = ()
    platform: PlatformInfo | None = None
    """Platform record data (ids, status, dates, owner, tags/locations/metadata lists); pad JSON only."""
    template: str | None = field(default=None, eq=False)
    """The name of the template the reader matched this document to (``None``: none was used).

    How the document was read, not content: left out of equality, like ``layout``.
    """
    layout: DocumentLayout | None = _layout()

    # -- tag accessors -------------------------------------------------------
    def tag_values(self, key: str) -> tuple[str, ...]:
        """Values of every tag named ``key``, in document order."""
        return tuple(t.value for t in self.tags if t.key == key)

    def _first(self, key: str) -> str | None:
        for t in self.tags:
            if t.key == key:
                return t.value
        return None

    @property
    def kind(self) -> str | None:
        """``learningplan``, ``solution``, ``experiment``, ``blog``, ... (the ``type`` tag)."""
        return self._first("type")

    @property
    def year(self) -> int | None:
        value = self._first("year")
        return int(value) if value is not None and value.strip().isdigit() else None

    @property
    def focal_point(self) -> str | None:
        return self._first("focal_point")

    @property
    def locations(self) -> tuple[Country, ...]:
        """Every ``country`` tag, each paired with the ``latlng`` tag that follows it, in document order.

        A document names its country once per place it worked in, so a
        country may repeat here (with each place's coordinates); see
        :attr:`countries` for each country once.
        """
        out: list[Country] = []
        for tag in self.tags:
            if tag.key == "country":
                out.append(Country(name=tag.value))
            elif tag.key == "latlng" and out and out[-1].lat is None:
                lat, _, lng = tag.value.partition(",")
                with suppress(ValueError):
                    out[-1] = Country(name=out[-1].name, lat=float(lat), lng=float(lng))
        return tuple(out)

    @property
    def countries(self) -> tuple[Country, ...]:
        """The distinct countries of :attr:`locations`, in first-seen order.

        Each comes with the coordinates of its first location that has any
        (``lat``/``lng`` ``None`` when none has). Count documents per country
        with this; every place is in :attr:`locations`.
        """
        first: dict[str, Country] = {}
        for place in self.locations:
            seen = first.get(place.name)
            if seen is None or (seen.lat is None and place.lat is not None):
                first[place.name] = place
        return tuple(first.values())

    @property
    def sdgs(self) -> tuple[Sdg, ...]:
        out = []
        for value in self.tag_values("sdgs"):
            m = _SDG.fullmatch(value)
            out.append(Sdg(number=int(m.group(1)), name=m.group(2)) if m else Sdg(number=None, name=value))
        return tuple(out)

    @property
    def methods(self) -> tuple[str, ...]:
        return self.tag_values("methods")

    @property
    def datasources(self) -> tuple[str, ...]:
        return self.tag_values("datasources")

    @property
    def thematic_areas(self) -> tuple[str, ...]:
        return self.tag_values("thematic_areas")

    # -- traversal -------------------------------------------------------------
    def iter_items(self) -> Iterator[tuple[Section, Item]]:
        """Yield ``(section, item)`` for every top-level item."""
        for section in self.sections:
            for item in section.items:
                yield section, item
