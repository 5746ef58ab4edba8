"""Hypothesis strategies and checks for alpdoc formats (needs ``hypothesis``).

Plugin authors use these in their own tests::

    from hypothesis import given
    from alpdoc.testing import documents, check_round_trip

    @given(documents())
    def test_my_format(doc):
        check_round_trip("my-format", doc)

The generated documents hold only content every line-based format can
delimit: lines do not start with a markup marker and hold no line breaks where
a single line is expected. Everything else (empty answers, unchecked options,
radio lists, groups, images, links, tags, untitled sections) is generated.

``documents(platform=True)`` and :func:`pad_documents` also generate the
platform-only parts of the model (platform record, option ids,
``has_content``, ``title`` items, embeds and meta items); formats that do not
carry them drop them in ``project`` (see :func:`alpdoc.projection.drop_platform`).

:func:`hostile_documents` (or ``documents(hostile=True)``) generates what real
authors type and what a line-based dialect without escaping finds hard: lines
that start with every markup marker, CR, NBSP, U+2028 and other characters
some splitters treat as line breaks, lone backslashes, non-ASCII and
punctuation in tag keys and values, multi-line titles, leads, instructions and
option names, empty strings and white space at the edges. Generated strings
are valid Unicode (no lone surrogates) and hold no NUL unless asked
(``nul=True``): archive markdown cannot carry NUL and its writer refuses it.
"""

from __future__ import annotations

import random
from typing import TypeVar

from attrs import frozen
from hypothesis import strategies as st

from . import api
from .model import (
    META_KINDS,
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    Tag,
    TextItem,
)
from .options import ReaderOptions
from .templates import Template, TemplateItem, TemplateSection

__all__ = [
    "lines",
    "texts",
    "hostile_lines",
    "hostile_texts",
    "hostile_tags",
    "hostile_documents",
    "items",
    "sections",
    "tags",
    "documents",
    "platform_infos",
    "pad_documents",
    "documents_following",
    "check_round_trip",
    "check_loss_report",
    "check_bad_input",
    "check_format",
    "mangle",
    "check_project_idempotent",
]

_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éçñ«¿"
_REST = _FIRST + " .,;:'\"()&?!/%+=*#>-_\u00a0\u202f\t"


def lines(min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[str]:
    """One line of text that starts with a letter or digit (no markup marker)."""
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_FIRST),
        st.text(alphabet=_REST, max_size=max_size - 1),
    ).filter(lambda s: len(s) >= min_size)


@st.composite
def texts(draw: st.DrawFn, max_paragraphs: int = 3) -> str:
    """Multi-line text: paragraphs of lines, separated by one to three blank lines; CR and trailing spaces kept."""
    paragraphs = []
    for _ in range(draw(st.integers(1, max_paragraphs))):
        body = "\n".join(draw(st.lists(lines(), min_size=1, max_size=3)))
        if draw(st.booleans()) and draw(st.booleans()):
            body += draw(st.sampled_from(["\r", " ", "\u00a0"]))
        paragraphs.append(body)
    seps = [draw(st.sampled_from(["\n\n", "\n\n\n", "\n\n\n\n"])) for _ in paragraphs[1:]]
    out = paragraphs[0]
    for sep, para in zip(seps, paragraphs[1:]):
        out += sep + para
    return out


# Texts that start or end with line breaks (the platform keeps them; line-based formats lose them).
_padded_texts = st.builds(lambda before, t, after: before + t + after, st.sampled_from(["", "\n", "\n\n"]), texts(),
                          st.sampled_from(["\n", "\n\n\n"]))
_URL = st.builds(lambda path: "https://example.org/" + path, st.text(alphabet="abcdef0123456789-_/.", max_size=20))
_instructions = st.one_of(st.none(), lines(max_size=60), st.just(""))

# --------------------------------------------------------------------------- hostile text

_MARKERS = (
    "# ", "## ", "### ", "> ", ">", "- ", "-", "* ", "+ ", "1. ", '<div class="group">', "</div>", "<div>",
    "[[k:v]]", "[[key:", "[[", "]]", "![a](b)", "![](https://example.org/a.png)", "[a](b)",
    "[https://example.org](https://example.org)", "****", "**x**", "**", "\\", "\\\\", "\\> ", "\\## ",
    "\\[[k:v]]", "\\- ", '\\<div class="group">', "\\![a](b)", "#", "```", "---", "<br>", "&amp;", "|",
)
"""What a line may start with: every marker of the line-based dialects, and markers already escaped."""

_HOSTILE_CHARS = (
    "aZ09éñü中Ωß🙂İ"
    " :][?;!\\*#>-_()\"',.@%~=&/|`<>{}"
    "\t\r\u00a0\u202f\u2028\u2029\x0b\x0c\x1c\x85\u200b\ufeff"
)
"""Letters beyond ASCII, markdown punctuation, and white space or line separators other than LF."""

_EDGE_SPACE = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\r", " \u00a0"])


def hostile_lines(max_size: int = 40, *, nul: bool = False) -> st.SearchStrategy[str]:
    """One line (no LF) of what authors type: markers at the start, odd white space, any character.

    Empty lines, lines that are exactly a marker (``</div>``, ``[[k:v]]``,
    ``****``, ...), and ordinary :func:`lines` are all drawn. ``nul=True``
    lets NUL in.
    """
    chars = _HOSTILE_CHARS + ("\x00" if nul else "")
    body = st.text(alphabet=chars, max_size=max_size)
    excluded = "\n" if nul else "\n\x00"
    anything = st.text(st.characters(exclude_categories=["Cs"], exclude_characters=excluded), max_size=max_size)
    return st.one_of(
        lines(max_size=max_size),
        st.builds(lambda marker, rest: marker + rest, st.sampled_from(_MARKERS),
                  st.one_of(st.just(""), lines(max_size=max_size), body)),
        body,
        anything,
        st.builds(lambda before, text, after: before + text + after, _EDGE_SPACE, lines(max_size=max_size),
                  _EDGE_SPACE),
    )


@st.composite
def _hostile_paragraphs(draw: st.DrawFn, max_lines: int, nul: bool) -> str:
    out = draw(st.sampled_from(["", "", "\n", "\n\n"]))
    for k in range(draw(st.integers(1, max_lines))):
        if k:
            out += draw(st.sampled_from(["\n", "\n", "\n\n", "\n\n\n", "\r\n"]))
        out += draw(hostile_lines(nul=nul))
    return out + draw(st.sampled_from(["", "", "\n", "\n\n"]))


def hostile_texts(max_lines: int = 5, *, nul: bool = False) -> st.SearchStrategy[str]:
    """Multi-line text of :func:`hostile_lines`, with blank lines, CRLF and line breaks at the edges; or ``""``."""
    return st.one_of(st.just(""), texts(), _hostile_paragraphs(max_lines, nul))


_TAG_KEY_CHARS = "abcxyzAZ_09éñ中 :][?;!\\-./#"


def hostile_tags(*, nul: bool = False) -> st.SearchStrategy[Tag]:
    """Tags with keys and values beyond ``[[word:text]]``: punctuation, ``]]``, ``[[``, line breaks, empty."""
    keys = st.one_of(
        st.sampled_from(["focal_point", "year", "type", "sdgs", "methods", "country", "latlng", "source"]),
        st.sampled_from(["", "a:b", "a]", "ключ", "key with space", "k?", "k;", "k!", "k\\", "[[k", "1st"]),
        st.text(alphabet=_TAG_KEY_CHARS, max_size=12),
    )
    values = st.one_of(
        lines(max_size=30),
        hostile_lines(nul=nul),
        st.sampled_from(["", "a]]b", "ends]", "]", "[[", "a]] [[b:c", "x\ny", "two\n\nparagraphs", "[[k:v]]",
                         "é?;!\\", " edge ", "10. Reduced inequalities"]),
        st.builds(lambda v: v + "]", lines(max_size=20)),
        hostile_texts(max_lines=3, nul=nul),
    )
    return st.builds(Tag, key=keys, value=values)


def _hostile_vocabulary(nul: bool) -> _Vocabulary:
    line = st.one_of(hostile_lines(nul=nul), hostile_texts(max_lines=2, nul=nul))
    urls = st.one_of(
        _URL,
        st.builds(lambda url, tail: url + tail, _URL, st.sampled_from(["(x)", ")", " a b", "\n", "](", "\\", "]"])),
        hostile_lines(nul=nul),
    )
    return _Vocabulary(
        line=line,
        text=st.one_of(hostile_texts(nul=nul), _padded_texts),
        instruction=st.one_of(st.none(), st.just(""), hostile_lines(max_size=60, nul=nul),
                              hostile_texts(max_lines=3, nul=nul)),
        url=urls,
        alt=st.one_of(st.just(""), st.just("Missing alt text"), hostile_lines(nul=nul)),
        title=st.one_of(st.just(""), hostile_lines(nul=nul), hostile_texts(max_lines=3, nul=nul)),
    )


@st.composite
def hostile_documents(draw: st.DrawFn, *, platform: bool = False, nul: bool = False) -> Document:
    """Documents whose every text field may be hostile (see :func:`hostile_lines`, :func:`hostile_tags`).

    Titles, leads, instructions and option names may span lines; tags may
    hold any key and value. ``platform=True`` adds the platform-only parts
    as :func:`documents` does; ``nul=True`` lets NUL into text.
    """
    v = _HOSTILE if not nul else _hostile_vocabulary(True)
    item = st.one_of(_text_items(v.instruction, platform, v), _groups(platform, v))
    section = st.builds(Section, title=v.title, lead=v.title, items=st.lists(item, max_size=5).map(tuple))
    return Document(
        title=draw(v.title),
        tags=tuple(draw(st.lists(st.one_of(tags(), hostile_tags(nul=nul)), max_size=6))),
        sections=tuple(draw(st.lists(section, max_size=4))),
        platform=draw(st.one_of(st.none(), platform_infos())) if platform else None,
    )



@frozen(kw_only=True)
class _Vocabulary:
    """The strategies items are built from: ordinary one-line content, or hostile text."""

    line: st.SearchStrategy[str]
    """One line of an option name, link text or group question."""
    text: st.SearchStrategy[str]
    """An answer text."""
    instruction: st.SearchStrategy[str | None]
    url: st.SearchStrategy[str]
    alt: st.SearchStrategy[str]
    title: st.SearchStrategy[str]
    """A document or section title, or a lead."""


def _text_items(instruction: st.SearchStrategy[str | None], platform: bool = False,
                vocabulary: _Vocabulary | None = None) -> st.SearchStrategy[Item]:
    v = vocabulary or _PLAIN
    option_id = st.one_of(st.none(), st.integers(0, 40)) if platform else st.none()
    has_content = st.one_of(st.none(), st.booleans()) if platform else st.none()
    option = st.builds(Option, name=v.line, checked=st.booleans(), id=option_id)
    kinds = [
        st.builds(TextItem, instruction=instruction, text=v.text,
                  platform_type=st.sampled_from([None, "title"]) if platform else st.none(), has_content=has_content),
        st.builds(ChoiceItem, instruction=instruction, options=st.lists(option, max_size=4).map(tuple),
                  multiple=st.booleans(), has_content=has_content),
        st.builds(ImageItem, instruction=instruction, src=v.url, alt=v.alt, has_content=has_content),
        st.builds(
            MosaicItem,
            instruction=instruction,
            images=st.lists(st.builds(Image, src=v.url, alt=v.alt), max_size=3).map(tuple),
            has_content=has_content,
        ),
        st.builds(LinkItem, instruction=instruction, url=v.url, text=st.one_of(st.none(), v.line)),
        # An interview answer: a question asked at a time, the answer's own tags; and a quotation.
        st.builds(TextItem, instruction=instruction, text=v.text, timestamp=_timestamps(v is not _PLAIN),
                  tags=st.lists(tags() if v is _PLAIN else hostile_tags(), max_size=3).map(tuple)),
        st.builds(TextItem, text=v.text, quote=st.just(True)),
    ]
    if platform:
        kinds += [
            st.builds(
                EmbedItem,
                instruction=instruction,
                html=st.one_of(st.just(""), v.text, v.url.map(lambda u: f'<iframe src="{u}"></iframe>')),
                src=st.one_of(st.none(), v.url),
                has_content=has_content,
            ),
            st.builds(
                MetaItem,
                type=st.sampled_from(sorted(META_KINDS)),
                name=st.sampled_from([None, "sdgs", "thematic_areas", "methods"]),
                instruction=instruction,
                data=st.sampled_from(_META_DATA),
                has_content=has_content,
            ),
        ]
    return st.one_of(*kinds)


def _timestamps(hostile: bool) -> st.SearchStrategy[str]:
    """Interview timestamps (``m:ss``, ``h:mm:ss``); hostile: also ones no interview line can hold."""
    usual = st.one_of(st.sampled_from(["0:00", "12:46", "1:02:03"]), st.from_regex(r"\d{1,3}:\d{2}", fullmatch=True))
    return st.one_of(usual, st.sampled_from(["", "soon", "1:2", "0:00]]", "12:46\n"])) if hostile else usual


_META_DATA = [
    "{}",
    '{"centerpoints":[{"lat":-4.79,"lng":11.85}]}',
    '{"tags":[{"id":425,"key":null,"name":"Ethnography","type":"method"}]}',
    '{"caption":"Originally input: <strong>Pointe-Noire</strong>","centerpoints":[]}',
    '{"shapes":[],"size":[802,400]}',
    '{"src":"uploads/a.mp4"}',
]


_PLAIN = _Vocabulary(
    line=lines(max_size=20),
    text=st.one_of(st.just(""), texts(), _padded_texts),
    instruction=_instructions,
    url=_URL,
    alt=st.sampled_from(["", "Missing alt text", "a map"]),
    title=st.one_of(st.just(""), lines(max_size=40)),
)
_HOSTILE = _hostile_vocabulary(False)


@st.composite
def _groups(draw: st.DrawFn, platform: bool = False, vocabulary: _Vocabulary | None = None) -> GroupItem:
    v = vocabulary or _PLAIN
    questions = draw(st.lists(v.instruction.filter(bool), min_size=1, max_size=4, unique=True))
    records = []
    for _ in range(draw(st.integers(0, 3))):
        asked = [q for q in questions if draw(st.booleans())] or questions[:1]
        records.append(tuple(draw(_text_items(st.just(q), platform, v)) for q in asked))
    has_content = draw(st.one_of(st.none(), st.booleans())) if platform else None
    return GroupItem(instruction=draw(v.instruction), records=tuple(records), has_content=has_content)


def items(*, platform: bool = False, hostile: bool = False) -> st.SearchStrategy[Item]:
    """Any item: text, choice, image, mosaic, link, or a group of such items (also embeds and meta items
    and platform fields with ``platform=True``; hostile text with ``hostile=True``)."""
    v = _HOSTILE if hostile else _PLAIN
    return st.one_of(_text_items(v.instruction, platform, v), _groups(platform, v))


def sections(*, platform: bool = False, hostile: bool = False) -> st.SearchStrategy[Section]:
    v = _HOSTILE if hostile else _PLAIN
    return st.builds(
        Section,
        title=v.title,
        lead=v.title,
        items=st.lists(items(platform=platform, hostile=hostile), max_size=5).map(tuple),
    )


def tags() -> st.SearchStrategy[Tag]:
    keys = st.sampled_from(["focal_point", "year", "type", "sdgs", "methods", "country", "latlng", "consent"])
    return st.builds(Tag, key=keys, value=lines(max_size=30))


def documents(*, platform: bool = False, hostile: bool = False) -> st.SearchStrategy[Document]:
    """Documents with a title, tags and sections of every kind of item.

    With ``platform=True`` also a platform record and the platform-only item
    fields and kinds (the default leaves them out, so formats written before
    they existed keep their properties). With ``hostile=True`` the documents of
    :func:`hostile_documents` are drawn as well.
    """
    if hostile:
        return st.one_of(documents(platform=platform), hostile_documents(platform=platform))
    return st.builds(
        Document,
        title=lines(max_size=50),
        tags=st.lists(tags(), max_size=6).map(tuple),
        sections=st.lists(sections(platform=platform), max_size=4).map(tuple),
        platform=st.one_of(st.none(), platform_infos()) if platform else st.none(),
    )


_maybe_line = st.one_of(st.none(), lines(max_size=30))
_coordinate = st.floats(-180, 180, allow_nan=False, allow_infinity=False)


def platform_infos() -> st.SearchStrategy[PlatformInfo]:
    """Platform records: ids, status, dates, owner, and tags/locations/metadata lists of one-line values."""
    tag = st.builds(
        PlatformTag,
        type=st.sampled_from(["thematic_areas", "sdgs", "methods", "datasources"]),
        name=lines(max_size=30),
        key=st.one_of(st.none(), st.integers(1, 17)),
        tag_id=st.one_of(st.none(), st.integers(0, 10_000)),
    )
    location = st.builds(
        PlatformLocation,
        country=_maybe_line,
        iso3=st.one_of(st.none(), st.sampled_from(["COL", "COG", "CAF"])),
        lat=st.one_of(st.none(), _coordinate),
        lng=st.one_of(st.none(), _coordinate),
    )
    meta = st.builds(
        PlatformMeta,
        name=st.sampled_from(["gender", "consent", "quality_check", "total_cost"]),
        value=lines(max_size=30),
        type=st.one_of(st.none(), st.sampled_from(["txt", "checklist"])),
    )
    date = st.one_of(st.none(), st.just("2022-07-04 11:51:16.446365+02"), st.just("2024-01-31T08:00:00.000Z"))
    return st.builds(
        PlatformInfo,
        pad_id=st.one_of(st.none(), st.integers(0, 10**9)),
        contributor_id=st.one_of(st.none(), st.uuids().map(str)),
        status=st.one_of(st.none(), st.integers(0, 3)),
        published=st.one_of(st.none(), st.booleans()),
        created_at=date,
        updated_at=date,
        template=st.one_of(st.none(), st.integers(0, 100)),
        email=st.one_of(st.none(), st.just("someone@undp.org")),
        ownername=_maybe_line,
        country=_maybe_line,
        tags=st.lists(tag, max_size=4).map(tuple),
        locations=st.lists(location, max_size=2).map(tuple),
        metadata=st.lists(meta, max_size=3).map(tuple),
    )


def pad_documents() -> st.SearchStrategy[Document]:
    """Documents as pad JSON holds them: a platform record, no document tags, platform items."""
    return st.builds(
        Document,
        title=lines(max_size=50),
        sections=st.lists(sections(platform=True), max_size=4).map(tuple),
        platform=platform_infos(),
    )


def _written(format_name: str, doc: Document) -> str | bytes | None:
    """``doc`` written in the format, or ``None`` when the writer refuses it with an alpdoc error."""
    from .errors import AlpdocError

    try:
        return api.dumps(doc, format_name)
    except AlpdocError:
        return None  # refusing a document it cannot write, with a clear error, is allowed


def check_round_trip(format_name: str, doc: Document, options: ReaderOptions | None = None) -> None:
    """Assert that what the format writes reads back, and that ``read(write(doc)) == project(doc)``.

    ``options`` (default: the registered templates) are used for both the
    read and the projection. A writer may refuse a document with an
    :class:`~alpdoc.AlpdocError`; any other exception fails.
    """
    from .errors import ParseError
    from .plugins import call_project

    spec = api.get_format(format_name)
    opts = api.reader_options(options)
    written = _written(format_name, doc)
    if written is None:
        return
    try:
        back = api.loads(written, format_name, options=opts)
    except ParseError as err:
        raise AssertionError(f"{format_name}: what the writer wrote does not read back: {err}\n"
                             f"written:\n{written!r}") from err
    expected = call_project(spec, doc, opts)
    assert back == expected, f"{format_name}: read(write(doc)) != project(doc)\nwritten:\n{written!r}"


def check_loss_report(format_name: str, doc: Document, options: ReaderOptions | None = None) -> None:
    """Assert that the loss report of converting ``doc`` lists a difference exactly when the read-back differs,
    and the differences a read-back shows (``verify=True``)."""
    import warnings

    from .conversion import LossWarning, convert_doc

    opts = api.reader_options(options)
    if _written(format_name, doc) is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        conversion = convert_doc(doc, format_name, options=opts)
        if not api.get_format(format_name).can_read:
            return
        verified = convert_doc(doc, format_name, options=opts, verify=True)
    back = verified.document
    assert conversion.report.lossless == (back == doc), (
        f"{format_name}: the report says lossless={conversion.report.lossless}, the read-back says "
        f"{back == doc}\n{conversion.report.details(None)}"
    )
    assert conversion.report.differences == verified.report.differences, (
        f"{format_name}: the report differs from what a read-back shows\nreport:\n"
        + "\n".join(conversion.report.details(None)) + "\nread-back:\n" + "\n".join(verified.report.details(None))
    )


def check_project_idempotent(format_name: str, doc: Document, options: ReaderOptions | None = None) -> None:
    """Assert ``project(project(doc)) == project(doc)``."""
    from .plugins import call_project

    spec = api.get_format(format_name)
    opts = api.reader_options(options)
    once = call_project(spec, doc, opts)
    assert call_project(spec, once, opts) == once, f"{format_name}: project is not idempotent"


def _answers_for(spec: TemplateItem, instruction: str) -> st.SearchStrategy[Item]:
    """Items answering one template question, in the kind the template gives it."""
    kind = spec.kind
    if kind == "checklist":
        names = list(spec.options) or ["Option one", "Option two", "Option three"]
        picked = st.lists(st.sampled_from(names), unique=True, max_size=len(names))
        return picked.map(
            lambda chosen: ChoiceItem(
                instruction=instruction, options=tuple(Option(name=n) for n in names if n in chosen), multiple=True
            )
        )
    if kind == "radiolist":
        choice = st.sampled_from(list(spec.options)) if spec.options else lines(max_size=20)
        return st.one_of(st.none(), choice).map(
            lambda name: ChoiceItem(
                instruction=instruction, options=(Option(name=name),) if name else (), multiple=False
            )
        )
    if kind == "img":
        return st.builds(ImageItem, instruction=st.just(instruction), src=_URL)
    if kind == "mosaic":
        images = st.lists(st.builds(Image, src=_URL), min_size=2, max_size=3).map(tuple)
        return st.builds(MosaicItem, instruction=st.just(instruction), images=images)
    if kind == "embed":
        return st.builds(LinkItem, instruction=st.just(instruction), url=_URL)
    return st.builds(TextItem, instruction=st.just(instruction), text=st.one_of(st.just(""), texts()))


_Spec = TypeVar("_Spec", TemplateItem, TemplateSection)


def _in_order(draw: st.DrawFn, specs: tuple[_Spec, ...]) -> list[_Spec]:
    """Some of ``specs``, keeping their order (documents skip questions, never reorder them)."""
    return [spec for spec in specs if draw(st.booleans())]


@st.composite
def _template_item(draw: st.DrawFn, spec: TemplateItem) -> Item:
    if spec.kind != "group":
        return draw(_answers_for(spec, spec.instruction))
    records = []
    for _ in range(draw(st.integers(0, 3))):
        records.append(tuple(draw(_answers_for(sub, sub.instruction)) for sub in _in_order(draw, spec.items)))
    return GroupItem(instruction=spec.instruction, records=tuple(records))


@st.composite
def documents_following(draw: st.DrawFn, template: Template) -> Document:
    """Documents that answer (some of) ``template``'s questions, in its order and item kinds."""
    sections = []
    for tsection in _in_order(draw, template.sections):
        items = tuple(draw(_template_item(spec)) for spec in _in_order(draw, tsection.items))
        sections.append(Section(title=tsection.title, lead=tsection.lead, items=items))
    return Document(
        title=draw(lines(max_size=50)),
        tags=tuple(draw(st.lists(tags(), max_size=4))),
        sections=tuple(sections),
    )


def check_bad_input(format_name: str, data: bytes | str) -> None:
    """Assert that reading ``data`` gives a document or a :class:`~alpdoc.ParseError` with a line and column.

    Any other exception (``KeyError``, ``IndexError``, a bare ``ValueError``, ...) fails.
    """
    from .errors import ParseError

    spec = api.get_format(format_name)
    assert spec.reader is not None, f"{format_name} cannot be read"
    try:
        # The reader itself, not api.loads: that one turns a reader's bug into a ParseError.
        from .plugins import call_with_options

        result = call_with_options(spec.reader, data, api.reader_options())
    except ParseError as err:
        assert err.line >= 1 and err.column >= 1, f"{format_name}: ParseError without a position: {err}"
    except Exception as exc:  # this is what the check is for
        raise AssertionError(f"{format_name} reader raised {type(exc).__name__} on bad input: {exc}") from exc
    else:
        assert isinstance(result, Document), f"{format_name} reader returned {type(result).__name__}, not a Document"


def check_format(
    format_name: str,
    *,
    docs: st.SearchStrategy[Document] | None = None,
    max_examples: int = 100,
    options: ReaderOptions | None = None,
) -> None:
    """The conformance check a format plugin runs in its own tests.

    For documents drawn from ``docs`` (default: ordinary and hostile
    documents, :func:`documents` and :func:`hostile_documents`) it asserts
    that what the writer writes reads back, that
    ``read(write(doc)) == project(doc)``, that ``project`` is idempotent, and
    that the loss report lists a difference exactly when the read-back
    differs (and the same differences a read-back shows); for random text,
    random bytes and mangled output of its own writer it asserts that the
    reader raises nothing but ``ParseError`` with a line and column. A
    write-only format is checked for idempotent ``project`` only. A writer
    may refuse a document it cannot write with an ``AlpdocError``::

        def test_conforms():
            alpdoc.testing.check_format("my-format")
    """
    from hypothesis import HealthCheck, given, settings

    spec = api.get_format(format_name)
    strategy = docs if docs is not None else st.one_of(documents(), hostile_documents())
    config = settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck),
                      report_multiple_bugs=False,
                      database=None)

    @config
    @given(strategy)
    def documents_conform(doc: Document) -> None:
        check_project_idempotent(format_name, doc, options)
        if spec.can_read and spec.can_write:
            check_round_trip(format_name, doc, options)
            check_loss_report(format_name, doc, options)

    documents_conform()
    if not spec.can_read:
        return

    def write_or_empty(doc: Document) -> bytes:
        written = _written(format_name, doc)
        return b"" if written is None else _as_bytes(written)

    written = strategy.map(write_or_empty)
    mangled = st.builds(mangle, written, st.randoms(use_true_random=False)) if spec.can_write else st.nothing()
    bad = st.one_of(st.text(max_size=300), st.binary(max_size=300), mangled)

    @config
    @given(bad)
    def bad_input_fails_cleanly(data: bytes | str) -> None:
        check_bad_input(format_name, data)

    bad_input_fails_cleanly()


def _as_bytes(payload: str | bytes) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else payload


def mangle(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few bytes cut, repeated, changed, or the end chopped off."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buf:
            break
        at = rng.randrange(len(buf))
        action = rng.randrange(4)
        if action == 0:
            del buf[at : at + rng.randint(1, 20)]
        elif action == 1:
            buf[at:at] = buf[max(0, at - 10) : at]
        elif action == 2:
            buf[at] = rng.randrange(256)
        else:
            del buf[at:]
    return bytes(buf)
