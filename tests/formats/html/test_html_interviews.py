"""Interview answers and quotations on the HTML page: the time by the question, the answer's tags as chips,
a quotation as a ``blockquote``; all escaped, and ``project`` keeps them."""

from __future__ import annotations

from typing import cast

import lxml.html

import alpdoc
from alpdoc.format_plugins.html import project_html
from alpdoc.model import Document, GroupItem, Section, Tag, TextItem

SCRIPT = "<script>document.title='x'</script>"

INTERVIEW = Document(
    title="Radio repairers",
    tags=(Tag(key="type", value="story"),),
    sections=(Section(title="Interview", items=(
        TextItem(instruction="What did you <b>fix</b>?", text="Radios.\nAnd phones.", timestamp="0:27",
                 tags=(Tag(key="tool", value="Repair café " + SCRIPT), Tag(key="skill<", value="soldering"))),
        TextItem(instruction="And then?", text="We taught others.", timestamp="1:02:03"),
        TextItem(text="Ask what people need.\n" + SCRIPT, quote=True),
        TextItem(text="Said without a question.", timestamp="12:46"),
        TextItem(instruction="Odd time", text="x", timestamp="soon\" onload=\"x"),
        GroupItem(instruction="Follow-ups", records=((
            TextItem(instruction="Who?", text="Neighbours.", timestamp="3:10", tags=(Tag(key="k", value="v"),)),
        ),)),
    )),),
)


def _entries() -> tuple[lxml.html.HtmlElement, list[lxml.html.HtmlElement]]:
    page = alpdoc.dumps(INTERVIEW, "html")
    assert isinstance(page, str)
    tree = lxml.html.document_fromstring(page)
    entries = tree.xpath("//section/div[contains(concat(' ', @class, ' '), ' item ')]")
    return tree, cast("list[lxml.html.HtmlElement]", entries)


def test_timestamp_stands_before_its_question() -> None:
    tree, (first, second, quote, alone, odd, group) = _entries()
    (h3,) = first.findall("h3")
    (time,) = h3.findall("time")
    assert time.text == "0:27" and time.get("datetime") == "PT0M27S" and "timestamp" in time.get("class")
    assert h3.text_content() == "0:27 What did you <b>fix</b>?"  # the question's markup is text
    assert second.find("h3/time").get("datetime") == "PT1H2M3S"
    assert alone.find("h3") is None and alone.find_class("timestamp")[0].text_content() == "12:46"
    # a time that is not m:ss or h:mm:ss is shown as written, in a span without a machine-readable value
    (shown,) = odd.find_class("timestamp")
    assert shown.tag == "span" and shown.text == 'soon" onload="x' and not tree.xpath("//@onload")
    assert quote.find_class("timestamp") == []
    assert group.find(".//h4/time").text == "3:10"


def test_answer_tags_are_chips_of_their_own() -> None:
    tree, (first, second, *_rest, group) = _entries()
    header_chips = [c.text_content() for c in tree.find(".//header").find_class("chip")]
    assert header_chips == ["type story"]  # the answer's tags are not the document's
    (tags,) = first.findall("ul")
    assert "tags" in tags.get("class") and tags.get("aria-label")
    assert [(c.find_class("key")[0].text, c.text_content()) for c in tags.find_class("chip")] == [
        ("tool", "tool Repair café " + SCRIPT), ("skill<", "skill< soldering")]
    assert not list(tree.iter("script"))
    assert second.findall("ul") == []
    assert [c.text_content() for c in group.find_class("chip")] == ["k v"]


def test_quotation_is_a_blockquote() -> None:
    tree, (first, _second, quote, *_rest) = _entries()
    (block,) = quote.findall("blockquote")
    assert block.find_class("text")[0].text_content() == "Ask what people need.\n" + SCRIPT
    assert first.findall("blockquote") == [] and len(list(tree.iter("blockquote"))) == 1


def test_project_keeps_what_the_page_shows_and_the_report_names_no_loss() -> None:
    shown = project_html(INTERVIEW)
    assert shown == INTERVIEW
    assert alpdoc.convert_doc(INTERVIEW, "html", warn=False).report.lossless
    # what the page cannot show: control characters (cleaned as every text), a blank time, an empty quotation
    odd = Document(sections=(Section(items=(
        TextItem(instruction="q", text="a", timestamp="0:\x0127", tags=(Tag(key="k\x01", value="v\r\nw"),)),
        TextItem(instruction="q", text="a", timestamp=" "),
        TextItem(text="", quote=True),
    )),))
    stamped, blank, empty = project_html(odd).sections[0].items
    assert isinstance(stamped, TextItem) and stamped.timestamp == "0:27"
    assert stamped.tags == (Tag(key="k", value="v\nw"),)
    assert isinstance(blank, TextItem) and blank.timestamp is None
    assert isinstance(empty, TextItem) and not empty.quote
    kinds = {d.kind for d in alpdoc.convert_doc(odd, "html", warn=False).report.differences}
    assert kinds == {"answer timestamp", "answer tags", "quotation"}
