"""Properties of both JSON formats on hostile documents: what is written reads back as ``project`` says.

For ``json`` and ``pad-json`` and every generated document: the writer either
refuses it with an :class:`~alpdoc.errors.AlpdocError` for a reason the test
can name (NaN in alpdoc JSON, a lone surrogate), or the output reads back;
``read(write(d)) == project(d)`` (content), with the same layout and template;
``project`` is idempotent; writing what was read gives the same text again.

The documents hold what a JSON reader finds hard and a generator of plain
text never makes: lone backslashes, CR, U+2028, NBSP, NUL, marker-like lines,
``]]`` and ``:`` in tag keys, multi-line titles, empty strings, integers of
hundreds of digits, NaN and infinite floats, ``extra`` keys that collide with
the keys pad JSON uses, meta payloads that are not objects, layouts, and
platform template ids with templates to match.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc import testing as kit
from alpdoc.errors import FormatError
from alpdoc.format_plugins.json.values import value_problem
from alpdoc.format_plugins.pad_json import project_pad_json
from alpdoc.model import (
    META_KINDS,
    ChoiceItem,
    Document,
    DocumentLayout,
    EmbedItem,
    GroupItem,
    HeaderEntry,
    Image,
    ImageItem,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    SectionLayout,
    Tag,
    TagRun,
    TextItem,
)
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection

FORMATS = ["json", "pad-json"]
EXAMPLES = 150  # hostile documents with platform content: each costs tens of milliseconds

# --------------------------------------------------------------------------- hostile values

_MARKERS = ["# ", "## ", "> ", "- ", '<div class="group">', "</div>", "[[k:v]]", "![a](b)", "[a](b)", "****",
            "**", "\\", "]]", "[[", "{", "}", '"', "alpdoc"]
_ODD = ["\\", "\r", "\r\n", "\n", "\u2028", "\u2029", "\x85", "\xa0", "\u202f", "\t", "\x00", "\ufeff", "é", "ß",
        "\U0001f600", "\x1f", "\x7f"]
_piece = st.one_of(st.sampled_from(_MARKERS), st.sampled_from(_ODD), st.text(max_size=6))
text = st.lists(_piece, max_size=6).map("".join)
maybe_text = st.one_of(st.none(), text)
big_int = st.one_of(st.integers(-3, 3), st.integers(-(10**200), 10**200), st.sampled_from([2**63, -(2**63) - 1]))
maybe_int = st.one_of(st.none(), big_int)
any_float = st.one_of(st.floats(), st.sampled_from([0.1, -0.0, 1e308, 5e-324, math.nan, math.inf, -math.inf]))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), big_int, st.floats(allow_nan=False, allow_infinity=False), text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=6,
)
_KEYS = ["type", "txt", "src", "srcs", "alt", "alts", "html", "link_text", "items", "options", "instruction",
         "has_content", "name", "title", "lead", "level", "fontsize", "alpdoc_tags", "alpdoc_layout", "pad_id",
         "id", "tags", "metadata", "structure", "full_text"]
extra = st.one_of(
    st.none(),
    st.lists(st.tuples(st.one_of(st.sampled_from(_KEYS), text), json_values.map(json.dumps)), max_size=3).map(tuple),
)
meta_data = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(_KEYS), text), json_values, max_size=4).map(json.dumps),
    json_values.map(json.dumps),
    st.sampled_from(["", "not json", "{", "[1]", '{"x": NaN}', '{"a": 1e999}']),
)


def _items(depth: int = 0) -> st.SearchStrategy:
    has = st.one_of(st.none(), st.booleans())
    leaves = [
        st.builds(TextItem, instruction=maybe_text, text=text,
                  platform_type=st.one_of(st.none(), st.sampled_from(["title", "txt", "odd"])), has_content=has,
                  extra=extra),
        st.builds(ChoiceItem, instruction=maybe_text, multiple=st.booleans(), has_content=has, extra=extra,
                  options=st.lists(st.builds(Option, name=text, checked=st.booleans(), id=maybe_int),
                                   max_size=3).map(tuple)),
        st.builds(ImageItem, instruction=maybe_text, src=text, alt=text, has_content=has, extra=extra),
        st.builds(MosaicItem, instruction=maybe_text, has_content=has, extra=extra,
                  images=st.lists(st.builds(Image, src=text, alt=text), max_size=3).map(tuple)),
        st.builds(LinkItem, instruction=maybe_text, url=text, text=maybe_text),
        st.builds(EmbedItem, instruction=maybe_text, html=text, src=maybe_text, has_content=has, extra=extra),
        st.builds(MetaItem, type=st.sampled_from([*sorted(META_KINDS), "locations", "sdgs", "methods", "odd"]),
                  name=maybe_text, instruction=maybe_text, data=meta_data, has_content=has, extra=extra),
    ]
    if depth < 2:
        records = st.lists(st.lists(_items(depth + 1), max_size=2).map(tuple), max_size=2).map(tuple)
        leaves.append(st.builds(GroupItem, instruction=maybe_text, records=records, has_content=has, extra=extra))
    return st.one_of(*leaves)


gap = st.one_of(st.integers(0, 3), st.sampled_from([-1, 10**6]))  # pad JSON drops a layout out of range
section_layouts = st.one_of(st.none(), st.builds(
    SectionLayout, heading=st.booleans(), heading_gap=gap, lead_line=st.booleans(),
    lead_gap=st.integers(0, 3),
    tag_runs=st.lists(st.builds(TagRun, before_item=st.integers(0, 4), count=st.integers(0, 3),
                                gap=st.integers(0, 2)), max_size=2).map(tuple)))
document_layouts = st.one_of(st.none(), st.builds(
    DocumentLayout, leading_blanks=gap, final_newline=st.booleans(),
    header=st.lists(st.builds(HeaderEntry, kind=st.sampled_from(["title", "tags", "raw", "odd"]), gap=st.integers(0, 2),
                              count=st.integers(0, 3), raw=text), max_size=3).map(tuple)))
tags = st.one_of(
    st.builds(Tag, key=st.one_of(text, st.sampled_from(["sdgs", "country", "latlng", "methods", "thematic_areas",
                                                        "datasources", "a:b", "é", ""])),
              value=st.one_of(text, st.sampled_from(["14. Life below water", "7. x\ny", "-9.20,-75.0", "1e999,2",
                                                     "nan,1", " 1,2", "0,0"]))),
)
platform_infos = st.builds(
    PlatformInfo,
    pad_id=maybe_int, contributor_id=maybe_text, status=maybe_int, published=st.one_of(st.none(), st.booleans()),
    created_at=maybe_text, updated_at=maybe_text, template=st.one_of(st.none(), st.integers(-2, 3), big_int),
    email=maybe_text, ownername=maybe_text, country=maybe_text, extra=extra,
    tags=st.lists(st.builds(PlatformTag, type=text, name=text, key=maybe_int, tag_id=maybe_int), max_size=2).map(tuple),
    locations=st.lists(st.builds(PlatformLocation, country=maybe_text, iso3=maybe_text,
                                 lat=st.one_of(st.none(), any_float), lng=st.one_of(st.none(), any_float)),
                       max_size=2).map(tuple),
    metadata=st.lists(st.builds(PlatformMeta, name=text, value=text, type=maybe_text), max_size=2).map(tuple),
)
json_documents = st.builds(
    Document,
    title=text,
    tags=st.lists(tags, max_size=5).map(tuple),
    sections=st.lists(st.builds(Section, title=text, lead=text, items=st.lists(_items(), max_size=4).map(tuple),
                                extra=extra, layout=section_layouts), max_size=3).map(tuple),
    platform=st.one_of(st.none(), platform_infos),
    template=st.one_of(st.none(), text),
    layout=document_layouts,
)


def hostile() -> st.SearchStrategy[Document]:
    """These documents, and the shared hostile documents of :mod:`alpdoc.testing` where it has them."""
    shared = getattr(kit, "hostile_documents", None)
    return json_documents if shared is None else st.one_of(json_documents, shared(platform=True))


# Templates the pad-json reader may match a pad to: two instances share template 1, one has template 2.
_Q = ["What?", "Why?", "When?"]
TEMPLATES = TemplateRegistry([
    Template(name=f"{prefix}-template-{tid}", sections=(TemplateSection(
        items=tuple(TemplateItem(instruction=q, kind="txt") for q in questions)),))
    for prefix, tid, questions in [("a", 1, _Q[:1]), ("b", 1, _Q), ("platform", 2, _Q), ("other", 3, [])]
])
OPTIONS = alpdoc.ReaderOptions(templates=TEMPLATES)


# --------------------------------------------------------------------------- properties


def _project(fmt: str, doc: Document) -> Document:
    if fmt == "pad-json":
        return project_pad_json(doc, OPTIONS)
    return doc  # alpdoc JSON carries everything


def _written(fmt: str, doc: Document) -> str | None:
    """``doc`` written, or ``None`` where the writer refuses it for a reason the reader would refuse too."""
    try:
        return alpdoc.dumps(doc, fmt)
    except FormatError as exc:
        message = str(exc)
        assert "lone surrogate" in message or "not a JSON number" in message or "not JSON" in message, message
        return None


def _refusable(doc: Document) -> bool:
    from alpdoc.format_plugins.json.writer import to_json_data

    return value_problem(to_json_data(doc)) is not None


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=EXAMPLES)
@given(doc=hostile())
def test_written_files_read_back_as_projected(fmt: str, doc: Document) -> None:
    text = _written(fmt, doc)
    if text is None:
        assert fmt == "pad-json" or _refusable(doc)
        return
    back = alpdoc.loads(text, fmt, options=OPTIONS)
    expected = _project(fmt, doc)
    assert back == expected
    assert back.layout == expected.layout
    assert [s.layout for s in back.sections] == [s.layout for s in expected.sections]
    assert back.template == expected.template
    assert alpdoc.dumps(back, fmt) == text  # writing what was read gives the same text


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=EXAMPLES)
@given(doc=hostile())
def test_project_is_idempotent(fmt: str, doc: Document) -> None:
    once = _project(fmt, doc)
    twice = _project(fmt, once)
    assert twice == once and twice.template == once.template and twice.layout == once.layout


@settings(max_examples=EXAMPLES)
@given(doc=hostile())
def test_json_refuses_exactly_what_it_cannot_read(doc: Document) -> None:
    """alpdoc JSON writes every document but those holding NaN, infinities or lone surrogates."""
    assert (_written("json", doc) is None) == _refusable(doc)


@settings(max_examples=60)
@given(docs=st.lists(hostile(), max_size=4))
def test_arrays_of_pads_read_back_pad_by_pad(docs: list[Document]) -> None:
    from alpdoc.format_plugins.pad_json import dumps_all

    try:
        text = dumps_all(docs)
    except FormatError as exc:
        assert "lone surrogate" in str(exc) or "not JSON" in str(exc) or "not a JSON number" in str(exc)
        return
    back = list(alpdoc.loads_all(text, "pad-json", options=OPTIONS))
    assert back == [project_pad_json(d, OPTIONS) for d in docs]
    assert [d.template for d in back] == [project_pad_json(d, OPTIONS).template for d in docs]


def test_pad_template_is_the_best_match_whatever_the_registration_order() -> None:
    pad = Document(platform=PlatformInfo(template=1), sections=(Section(items=(
        TextItem(instruction="What?"), TextItem(instruction="Why?"))),))
    text = alpdoc.dumps(pad, "pad-json")
    for registry in (TEMPLATES, TemplateRegistry(reversed(list(TEMPLATES)))):
        assert alpdoc.loads(text, "pad-json", options=alpdoc.ReaderOptions(templates=registry)).template == "b-template-1"
    assert alpdoc.loads(text, "pad-json").template is None  # no templates given, none used
    assert project_pad_json(pad).template is None and project_pad_json(pad, OPTIONS).template == "b-template-1"
    two = alpdoc.dumps(Document(platform=PlatformInfo(template=2)), "pad-json")
    assert alpdoc.loads(two, "pad-json", options=OPTIONS).template == "platform-template-2"
    assert alpdoc.loads(alpdoc.dumps(Document(platform=PlatformInfo(template=9)), "pad-json"), "pad-json",
                        options=OPTIONS).template is None


def test_json_carries_the_template_and_old_files_still_read() -> None:
    doc = Document(title="t", template="alp")
    written = json.loads(alpdoc.dumps(doc, "json"))
    assert written["document"]["template"] == "alp"
    assert alpdoc.loads(json.dumps(written), "json").template == "alp"
    assert alpdoc.loads('{"alpdoc": 1, "document": {"title": "t"}}', "json").template is None
    schema = alpdoc.json_schema()["$defs"]["Document"]["properties"]["template"]
    assert schema["anyOf"] == [{"type": "string"}, {"type": "null"}]
