"""The ``html`` format: a standalone page per document, every text escaped, nothing fetched."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.format_plugins.html import write_index
from alpdoc.model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)
from alpdoc.testing import check_format, documents, hostile_documents

SCRIPT = "<script>document.title='x'</script>"
ONERROR = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"

PLAN = Document(
    title="Repair hubs",
    tags=(Tag(key="country", value="Testland"), Tag(key="lang", value="en"), Tag(key="sdgs", value="12. Consumption")),
    sections=(
        Section(title="Challenge", lead="What the plan is about.", items=(
            TextItem(instruction="What is your challenge?", text="Things break.\n" + SCRIPT),
            ChoiceItem(instruction="Which methods?",
                       options=(Option(name="Survey"), Option(name="Pilot", checked=False))),
            ChoiceItem(instruction="One only", options=(Option(name="yes"), Option(name="no", checked=False)),
                       multiple=False),
        )),
        Section(title="Evidence", items=(
            ImageItem(instruction="A picture", src="https://example.org/a.png", alt="a hub " + ONERROR),
            MosaicItem(images=(Image(src="pics/1.png", alt="one"), Image(src="javascript:alert(1)"))),
            LinkItem(instruction="Read more", url="https://example.org/report", text="the report"),
            LinkItem(url="java\tscript:document.body.setAttribute('data-pwned','2')", text="click"),
            TextItem(instruction="Unanswered"),
        )),
        Section(title="Partners", items=(
            GroupItem(instruction="Who helps?", records=(
                (TextItem(instruction="Name", text="Ada " + ONERROR),),
                (TextItem(instruction="Name", text="Bo"),),
            )),
        )),
    ),
)


def _tree(page: str):
    return lxml.html.document_fromstring(page)


def test_page_structure():
    page = alpdoc.dumps(PLAN, "html")
    tree = _tree(page)
    assert tree.get("lang") == "en"
    assert tree.findtext(".//title") == "Repair hubs"
    assert [h.text_content() for h in tree.iter("h2")] == ["Challenge", "Evidence", "Partners"]
    chips = [c.text_content() for c in tree.find_class("chip")]
    assert chips == ["country Testland", "lang en", "sdgs 12. Consumption"]
    options = tree.find_class("option")
    assert [o.text_content() for o in options][:2] == ["\u2611Survey (selected)", "\u2610Pilot (not selected)"]
    assert [o.text_content()[0] for o in options[2:]] == ["\u25c9", "\u25cb"]  # a radio list looks like one
    assert len(tree.find_class("record")) == 2
    assert tree.find_class("unanswered")[0].text_content() == "No answer"
    img, relative = tree.iter("img")  # the javascript: image is shown as its text
    assert relative.get("src") == "pics/1.png" and relative.get("alt") == "one"
    assert img.get("src") == "https://example.org/a.png" and img.get("alt") == "a hub " + ONERROR
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs == ["https://example.org/report"]  # the javascript: link is shown as text only
    assert "java\tscript:" in page


def test_answers_are_text_never_markup():
    tree = _tree(alpdoc.dumps(PLAN, "html"))
    assert not list(tree.iter("script")) and not tree.xpath("//*[@onerror]")
    assert SCRIPT in tree.find_class("text")[0].text_content()
    assert [i.get("src") for i in tree.iter("img")] == ["https://example.org/a.png", "pics/1.png"]


def test_page_fetches_nothing_of_its_own():
    page = alpdoc.dumps(PLAN, "html")
    tree = _tree(page)
    assert not tree.xpath("//link | //script | //iframe | //object | //embed | //base")
    css = "".join(s.text_content() for s in tree.iter("style"))
    assert "url(" not in css and "@import" not in css
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy
    fetched = {e.get("src") for e in tree.xpath("//*[@src]")}
    assert fetched == {"https://example.org/a.png", "pics/1.png"}  # the document's own images, as given
    assert "@media print" in css


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.one_of(documents(platform=True), hostile_documents(platform=True)))
def test_any_document_gives_one_entry_per_question_and_no_markup(doc):
    page = alpdoc.dumps(doc, "html")
    tree = _tree(page)
    shown = alpdoc.get_format("html").project(doc)
    assert not list(tree.iter("script")) and not tree.xpath("//@*[starts-with(name(), 'on')]")
    assert len(tree.find_class("section")) == len(shown.sections)
    top = [i for s in shown.sections for i in s.items]
    entries = tree.xpath("//section/div[contains(concat(' ', @class, ' '), ' item ')]")
    assert len(entries) == len(top)
    for entry, item in zip(entries, top):
        if isinstance(item, TextItem) and item.text.strip():
            assert entry.find_class("text")[0].text_content() == item.text


def test_conforms():
    check_format("html", max_examples=30)


def test_index_page_links_every_document():
    page = write_index([("a plan.html", "A <plan>"), ("b.html", "")], title="Plans")
    tree = _tree(page)
    assert [(a.get("href"), a.text_content()) for a in tree.iter("a")] == [("a%20plan.html", "A <plan>"),
                                                                         ("b.html", "b.html")]
    assert re.search(r"<h1>Plans</h1>", page)
