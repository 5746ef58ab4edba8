"""page-text: every page alpdoc writes reads back, to exactly its projection, whatever the text.

Checked with no templates, with the built-in templates, and with each one
alone, on ordinary, hostile and template-following documents, and on
documents built from the templates' own vocabulary (section titles and
instructions as answers, footer lines, ``", "`` runs): the collisions that
a format without markers cannot escape, which the projection must predict.
Only the public API is used, so the same tests run against older code.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc import ChoiceItem, Document, GroupItem, ImageItem, LinkItem, MosaicItem, Option, Section, Tag, TextItem
from alpdoc.format_plugins.page_text.vocabulary import disclaimer_for, kinds_for_disclaimer
from alpdoc.options import ReaderOptions
from alpdoc.plugins import call_project
from alpdoc.templates import TemplateRegistry
from alpdoc.testing import documents, documents_following, hostile_documents, hostile_lines

SPEC = alpdoc.get_format("page-text")
TEMPLATES = list(alpdoc.template_registry())
OPTIONS = {
    "none": ReaderOptions(templates=TemplateRegistry()),
    "built-in": ReaderOptions(templates=TemplateRegistry(TEMPLATES)),
    **{t.name: ReaderOptions(templates=t) for t in TEMPLATES},
}

_FOOTER = ["Disclaimer:", "Comments", "Log in to add a comment or reply.", "Comments\nLog in to add a comment or reply."]


def _vocabulary() -> list[str]:
    words = set(_FOOTER)
    for template in TEMPLATES:
        for section in template.sections:
            words.add(section.title)
            words.update(section.aliases)
            pending = list(section.items)
            while pending:
                item = pending.pop()
                words.add(item.instruction)
                words.update(item.options)
                pending.extend(item.items)
    return sorted(w for w in words if w)


VOCABULARY = _vocabulary()
_page_line = st.one_of(
    st.sampled_from(VOCABULARY),
    hostile_lines(max_size=20),
    st.lists(st.sampled_from(["a", "", " ", ",", "a ", " b", "Sense", "x, y"]), max_size=5).map(", ".join),
)
_page_text = st.lists(_page_line, max_size=3).map("\n".join)


@st.composite
def page_documents(draw: st.DrawFn) -> Document:
    """Documents made of the templates' own vocabulary, footer lines and option separators."""
    instruction = st.one_of(st.none(), _page_text)
    option = st.builds(Option, name=_page_line, checked=st.booleans())
    leaf = st.one_of(
        st.builds(TextItem, instruction=instruction, text=_page_text),
        st.builds(ChoiceItem, instruction=instruction, options=st.lists(option, max_size=4).map(tuple),
                  multiple=st.booleans()),
        st.builds(ImageItem, instruction=instruction),
        st.builds(MosaicItem, instruction=instruction),
        st.builds(LinkItem, instruction=instruction, url=st.just("https://example.org")),
    )
    group = st.builds(GroupItem, instruction=instruction,
                      records=st.lists(st.lists(leaf, max_size=4).map(tuple), max_size=3).map(tuple))
    section = st.builds(Section, title=_page_text, items=st.lists(st.one_of(leaf, group), max_size=6).map(tuple))
    kind = draw(st.sampled_from([None, "learningplan", "experiment", "solution", "blog"]))
    return Document(title=draw(_page_text), tags=(alpdoc.Tag(key="type", value=kind),) if kind else (),
                    sections=tuple(draw(st.lists(section, max_size=5))))


@st.composite
def _mixed_following(draw: st.DrawFn) -> Document:
    """A document following a built-in template, with some answers replaced by template vocabulary."""
    doc = draw(documents_following(draw(st.sampled_from(TEMPLATES))))

    def item(i):
        if isinstance(i, TextItem) and draw(st.booleans()):
            return attrs.evolve(i, text=draw(_page_text))
        if isinstance(i, GroupItem):
            return attrs.evolve(i, records=tuple(tuple(map(item, r)) for r in i.records))
        return i

    return attrs.evolve(doc, sections=tuple(attrs.evolve(s, items=tuple(map(item, s.items))) for s in doc.sections))


ANY_DOCUMENT = st.one_of(
    documents(),
    documents(platform=True),
    hostile_documents(),
    hostile_documents(nul=True),
    page_documents(),
    _mixed_following(),
    st.sampled_from(TEMPLATES).flatmap(documents_following),
)


def _reads_back_to_its_projection(options: str, doc: Document) -> None:
    opts = OPTIONS[options]
    text = alpdoc.dumps(doc, "page-text")
    back = alpdoc.loads(text, "page-text", options=opts)  # (a) every written page reads back
    assert back == call_project(SPEC, doc, opts)  # (b) to exactly its projection
    assert alpdoc.dumps(back, "page-text") == text  # and is written back byte for byte


@pytest.mark.parametrize("options", ["none", "built-in"])
@settings(max_examples=100)
@given(doc=ANY_DOCUMENT)
def test_written_page_reads_back_to_its_projection(options: str, doc: Document) -> None:
    _reads_back_to_its_projection(options, doc)


@pytest.mark.parametrize("options", [t.name for t in TEMPLATES])
@settings(max_examples=20)  # each template alone: fewer examples each, there are many templates
@given(doc=ANY_DOCUMENT)
def test_written_page_reads_back_to_its_projection_with_one_template(options: str, doc: Document) -> None:
    _reads_back_to_its_projection(options, doc)


@pytest.mark.parametrize("options", ["none", "built-in"])
@settings(max_examples=100)
@given(doc=ANY_DOCUMENT)
def test_project_is_idempotent(options: str, doc: Document) -> None:
    opts = OPTIONS[options]
    once = call_project(SPEC, doc, opts)
    assert call_project(SPEC, once, opts) == once


@given(doc=ANY_DOCUMENT)
def test_default_projection_is_the_default_read(doc: Document) -> None:
    assert SPEC.project(doc) == alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text")


def _shown(item):
    """What the page shows of an item, placed right (``None``: nothing)."""
    ins = "\n".join(" ".join(line.split()) for line in (item.instruction or "").replace("&amp;", "&").split("\n"))
    ins = "\n".join(line for line in ins.split("\n") if line)
    if isinstance(item, GroupItem):
        records = tuple(tuple(x for x in map(_shown, r) if x is not None) for r in item.records)
        return GroupItem(instruction=ins, records=() if records == ((),) else records)
    if isinstance(item, TextItem):
        out = TextItem(instruction=ins, text=" ".join(item.text.split()))
    elif isinstance(item, ChoiceItem):
        names = (" ".join(o.name.split()) for o in item.options if o.checked)
        out = ChoiceItem(instruction=ins, options=tuple(Option(name=n) for n in names if n), multiple=item.multiple)
    elif isinstance(item, (ImageItem, MosaicItem)):
        out = ImageItem(instruction=ins)
    else:
        out = LinkItem(instruction=ins)
    return out if ins or out.answered else None


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
@settings(max_examples=30)
@given(data=st.data())
def test_template_documents_keep_their_structure(template: alpdoc.templates.Template, data: st.DataObject) -> None:
    """Read with its template, a document that follows it comes back with every question in place."""
    doc = data.draw(documents_following(template))
    # The page of a document of the template's kind shows that kind's disclaimer.
    doc = attrs.evolve(doc, tags=(Tag(key="type", value=template.doc_kind), *(t for t in doc.tags if t.key != "type")))
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", templates=template)
    sections = []
    for s in doc.sections:
        title, shown = " ".join(s.title.split()), tuple(x for x in map(_shown, s.items) if x is not None)
        if title or shown:
            sections.append(Section(title=title, items=shown))
    assert _images_alike(back.sections) == tuple(sections)
    placed = bool(back.sections)  # an empty page matches no template
    assert back.template == (template.name if placed else None)
    alone = kinds_for_disclaimer(disclaimer_for(template.doc_kind))  # what the disclaimer says by itself
    assert back.kind == (template.doc_kind if placed else next(iter(alone)) if len(alone) == 1 else None)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
@settings(max_examples=30)
@given(data=st.data())
def test_page_text_to_archive_and_back_keeps_content(template, data) -> None:
    """A page-text document written as archive markdown reads back the same, radio answers included."""
    doc = alpdoc.loads(alpdoc.dumps(data.draw(documents_following(template)), "page-text"), "page-text",
                       templates=template)
    back = alpdoc.loads(alpdoc.dumps(doc, "archive-md"), "archive-md", templates=template)
    # Archive markdown does not mark where a group record ends (the reader infers it from the
    # template's question order), so records compare as one run of items.
    assert _flat_records(back).sections == _flat_records(doc).sections


def _images_alike(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """An unanswered mosaic question (the template's kind) compared as the image question ``_shown`` makes."""
    def item(i):
        if isinstance(i, MosaicItem) and not i.images:
            return ImageItem(instruction=i.instruction)
        if isinstance(i, GroupItem):
            return attrs.evolve(i, records=tuple(tuple(map(item, r)) for r in i.records))
        return i

    return tuple(attrs.evolve(s, items=tuple(map(item, s.items))) for s in sections)


def _flat_records(doc: Document) -> Document:
    def item(i):
        if isinstance(i, GroupItem):
            return attrs.evolve(i, records=(tuple(x for r in i.records for x in r),))
        return i

    sections = tuple(attrs.evolve(s, items=tuple(map(item, s.items))) for s in doc.sections)
    return attrs.evolve(doc, sections=sections)
