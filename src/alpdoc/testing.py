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
"""

from __future__ import annotations

from hypothesis import strategies as st

from . import api
from .model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)

__all__ = [
    "lines",
    "texts",
    "items",
    "sections",
    "tags",
    "documents",
    "check_round_trip",
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


_URL = st.builds(lambda path: "https://example.org/" + path, st.text(alphabet="abcdef0123456789-_/.", max_size=20))
_instructions = st.one_of(st.none(), lines(max_size=60), st.just(""))


def _text_items(instruction: st.SearchStrategy[str | None]) -> st.SearchStrategy[Item]:
    option = st.builds(Option, name=lines(max_size=20), checked=st.booleans())
    return st.one_of(
        st.builds(TextItem, instruction=instruction, text=st.one_of(st.just(""), texts())),
        st.builds(ChoiceItem, instruction=instruction, options=st.lists(option, max_size=4).map(tuple),
                  multiple=st.booleans()),
        st.builds(ImageItem, instruction=instruction, src=_URL, alt=st.sampled_from(["", "Missing alt text", "a map"])),
        st.builds(
            MosaicItem,
            instruction=instruction,
            images=st.lists(st.builds(Image, src=_URL, alt=st.just("Missing alt text")), max_size=3).map(tuple),
        ),
        st.builds(LinkItem, instruction=instruction, url=_URL, text=st.one_of(st.none(), lines(max_size=20))),
    )


@st.composite
def _groups(draw: st.DrawFn) -> GroupItem:
    questions = draw(st.lists(lines(max_size=40), min_size=1, max_size=4, unique=True))
    records = []
    for _ in range(draw(st.integers(0, 3))):
        asked = [q for q in questions if draw(st.booleans())] or questions[:1]
        records.append(tuple(draw(_text_items(st.just(q))) for q in asked))
    return GroupItem(instruction=draw(_instructions), records=tuple(records))


def items() -> st.SearchStrategy[Item]:
    """Any item: text, choice, image, mosaic, link, or a group of such items."""
    return st.one_of(_text_items(_instructions), _groups())


def sections() -> st.SearchStrategy[Section]:
    return st.builds(
        Section,
        title=st.one_of(st.just(""), lines(max_size=40)),
        lead=st.one_of(st.just(""), lines(max_size=40)),
        items=st.lists(items(), max_size=5).map(tuple),
    )


def tags() -> st.SearchStrategy[Tag]:
    keys = st.sampled_from(["focal_point", "year", "type", "sdgs", "methods", "country", "latlng", "consent"])
    return st.builds(Tag, key=keys, value=lines(max_size=30))


def documents() -> st.SearchStrategy[Document]:
    """Documents with a title, tags and sections of every kind of item."""
    return st.builds(
        Document,
        title=lines(max_size=50),
        tags=st.lists(tags(), max_size=6).map(tuple),
        sections=st.lists(sections(), max_size=4).map(tuple),
    )


def check_round_trip(format_name: str, doc: Document) -> None:
    """Assert ``read(write(doc)) == project(doc)`` for a registered format."""
    spec = api.get_format(format_name)
    written = api.dumps(doc, format_name)
    back = api.loads(written, format_name)
    expected = spec.project(doc)
    assert back == expected, f"{format_name}: read(write(doc)) != project(doc)\nwritten:\n{written!r}"


def check_project_idempotent(format_name: str, doc: Document) -> None:
    """Assert ``project(project(doc)) == project(doc)``."""
    project = api.get_format(format_name).project
    once = project(doc)
    assert project(once) == once, f"{format_name}: project is not idempotent"
