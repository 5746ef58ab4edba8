"""archive-md: structures that real files showed read wrongly (issue 13, part 2), on small hand-made fixtures.

Each fixture is read, checked for its structure, and written back byte for byte.
"""

from __future__ import annotations

import alpdoc
from alpdoc import ChoiceItem, GroupItem, ImageItem, LinkItem, MosaicItem, TextItem
from alpdoc.format_plugins.archive_md import project_archive_md, read_archive_md, write_archive_md
from alpdoc.options import ReaderOptions
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection


def _read(text: str, templates: TemplateRegistry | None = None) -> alpdoc.Document:
    doc = read_archive_md(text, templates=templates if templates is not None else TemplateRegistry())
    assert write_archive_md(doc) == text
    assert project_archive_md(doc, ReaderOptions(templates=templates or TemplateRegistry())) == doc
    return doc


def _items(doc: alpdoc.Document) -> list[object]:
    return [item for section in doc.sections for item in section.items]


# -- (a) several images on one line ---------------------------------------------------------------------------------


def test_several_images_on_one_line_are_several_images() -> None:
    doc = _read("[[type:tools]]\n\n# Method\n\n![](data:image/png;base64,AAA)![](data:x,B(1))![alt](c.png)\n\n\n## Overview\n\nText\n")
    (mosaic, *_rest) = _items(doc)
    assert isinstance(mosaic, MosaicItem)
    assert [(im.src, im.alt) for im in mosaic.images] == [("data:image/png;base64,AAA", ""), ("data:x,B(1)", ""),
                                                          ("c.png", "alt")]


def test_a_mosaic_line_followed_by_an_image_line_and_one_image_are_kept() -> None:
    doc = _read("# T\n\n> Pictures\n\n![](a)![](b)\n\n![](c)\n\n> One\n\n![](d)\n")
    mosaic, one = _items(doc)
    assert isinstance(mosaic, MosaicItem) and [im.src for im in mosaic.images] == ["a", "b", "c"]
    assert isinstance(one, ImageItem) and one.src == "d"


def test_a_source_holding_a_bracket_that_starts_no_image_stays_whole() -> None:
    (image,) = _items(_read("# T\n\n> Q\n\n![](a)![b(c)\n"))
    assert isinstance(image, ImageItem) and image.src == "a)![b(c"


# -- (b) a link over several lines ----------------------------------------------------------------------------------

_LINK_QUESTION = "> Please paste any link(s) to blogs.\n\n"


def test_a_link_over_several_lines_is_a_link_after_a_checklist() -> None:
    multi = "[https://a\n\n\nhttps://b](https://a\n\n\nhttps://b)"
    text = f"# T\n\n> Stages?\n\n- Sense\n{_LINK_QUESTION}- Test\n{multi}\n\n> Next\n\nAnswer\n"
    stages, link_question, link, nxt = _items(_read(text))
    assert isinstance(stages, ChoiceItem) and stages.selected == ("Sense",)
    assert isinstance(link_question, ChoiceItem) and link_question.selected == ("Test",)
    assert isinstance(link, LinkItem) and link.url == "https://a\n\n\nhttps://b" and link.text is None
    assert isinstance(nxt, TextItem) and nxt.text == "Answer"
    # The same layout with a link on one line has the same structure.
    one_line = [type(i) for i in _items(_read(text.replace(multi, "[https://a](https://a)")))]
    assert one_line == [type(i) for i in (stages, link_question, link, nxt)]


def test_a_link_over_several_lines_right_under_its_question() -> None:
    (link,) = _items(_read(f"# T\n\n{_LINK_QUESTION}[https://a\nhttps://b](https://a\nhttps://b)\n"))
    assert isinstance(link, LinkItem) and link.instruction is not None and link.url == "https://a\nhttps://b"


def test_brackets_over_several_lines_that_are_not_such_a_link_stay_text() -> None:
    for body in ("[https://a\nb](https://c\nd)", "[a\nb)\nc](a\nb)\nc)", "[a\nb] (a\nb)"):
        (answer,) = _items(_read(f"# T\n\n> Q\n\n{body}\n"))
        assert isinstance(answer, TextItem) and answer.text == body


def test_a_multi_line_link_in_code_reads_back_and_an_answer_holding_one_projects_as_read() -> None:
    doc = alpdoc.Document(title="T", sections=(alpdoc.Section(items=(
        LinkItem(instruction="Links", url="https://a\n\nhttps://b"),
        TextItem(instruction="Q", text="before\n[x\ny](x\ny)\nafter"),
    )),))
    written = write_archive_md(doc)
    assert "[https://a\n\nhttps://b](https://a\n\nhttps://b)\n" in written
    back = read_archive_md(written)
    assert back == project_archive_md(doc)
    assert isinstance(back.sections[0].items[0], LinkItem) and back.sections[0].items[0].url == "https://a\n\nhttps://b"


# -- (c) quotations on pages ----------------------------------------------------------------------------------------


def test_quote_lines_of_a_blog_are_one_quotation_in_its_text() -> None:
    quote = "".join(f"> line {k}\n" for k in range(10))
    text = f"# A blog post\n\n[[type:blog]]\n\nFirst paragraph.\n{quote}\n" + "Rest of the post.\n\n" * 50
    first, quoted, rest = _items(_read(text, alpdoc.template_registry()))
    assert isinstance(quoted, TextItem) and quoted.quote and quoted.instruction is None
    assert quoted.text == "\n".join(f"line {k}" for k in range(10))
    assert isinstance(first, TextItem) and not first.quote and first.instruction is None
    assert isinstance(rest, TextItem) and rest.instruction is None and rest.text.count("Rest of the post.") == 50


def test_quote_lines_with_blank_lines_between_are_separate_quotations() -> None:
    items = _items(_read("# P\n\n[[type:publications]]\n\n> one\n\n> two\nafter\n"))
    assert [(type(i).__name__, i.text, i.quote) for i in items] == [
        ("TextItem", "one", True), ("TextItem", "two", True), ("TextItem", "after", False)]


def test_questionnaires_keep_questions_and_a_page_keeps_the_questions_its_template_asks() -> None:
    plan = _items(_read("# P\n\n[[type:learningplan]]\n\n> What?\n\nThis.\n"))
    assert [(i.instruction, i.text) for i in plan] == [("What?", "This.")]
    form = TemplateRegistry([Template(name="page-form", doc_kind="blog", sections=(
        TemplateSection(items=(TemplateItem(instruction="Who wrote it?"),)),))])
    items = _items(_read("# B\n\n[[type:blog]]\n\n> Who wrote it?\n\nMe.\n\n> a quote\n", form))
    assert [(i.instruction, i.text, i.quote) for i in items] == [("Who wrote it?", "Me.", False), (None, "a quote", True)]


# -- (d) free-text bullets ------------------------------------------------------------------------------------------


def test_a_long_bullet_no_template_knows_is_text_and_short_ones_are_options() -> None:
    sentence = "- " + "We tested the prototype with the families of the district, " * 12
    (answer,) = _items(_read(f"# E\n\n[[type:experiment]]\n\n> \n\n{sentence}\n"))
    assert isinstance(answer, TextItem) and answer.text == sentence
    (choice,) = _items(_read("# E\n\n> Sectors\n\n- Public sector\n- Private sector\n"))
    assert isinstance(choice, ChoiceItem) and choice.selected == ("Public sector", "Private sector")


def test_a_template_checklist_keeps_long_options() -> None:
    form = TemplateRegistry([Template(name="f", sections=(
        TemplateSection(items=(TemplateItem(instruction="Pick", kind="checklist"),)),))])
    option = "x" * 200
    (choice,) = _items(_read(f"# E\n\n> Pick\n\n- {option}\n", form))
    assert isinstance(choice, ChoiceItem) and choice.selected == (option,)


# -- (e) evidence groups --------------------------------------------------------------------------------------------

_EVIDENCE = TemplateRegistry([Template(name="plan", doc_kind="learningplan", sections=(TemplateSection(items=(
    TemplateItem(instruction="Quantitative evidence: what data?", kind="group", items=(
        TemplateItem(instruction="", kind="txt"), TemplateItem(instruction="", kind="embed"),
        TemplateItem(instruction="", kind="mosaic"))),)),))])


def _evidence(*divs: str) -> str:
    body = "".join(f'<div class="group">\n\n\n{div}\n\n\n</div>\n\n\n\n' for div in divs)
    return "# P\n\n[[type:learningplan]]\n## S\n****\n\n> Quantitative evidence: what data?\n\n\n" + body


def test_text_then_image_is_one_evidence_record_with_or_without_an_empty_question() -> None:
    cases = [("> ", "![Missing alt text](a.png)"), ("> ", "> \n\n\n![Missing alt text](a.png)"),
             ("> None", "> None\n\n\n![Missing alt text](a.png)")]  # the generator's str(None)
    for question, image_div in cases:
        (group,) = _items(_read(_evidence(f"{question}\n\n\nSome data", image_div), _EVIDENCE))
        assert isinstance(group, GroupItem)
        assert [[type(i).__name__ for i in r] for r in group.records] == [["TextItem", "ImageItem"]], image_div


def test_dash_lines_under_an_empty_evidence_question_are_text() -> None:
    # The evidence records ask a text, a link and images, no checklist: a "- " answer is the user's text.
    text = _evidence("> \n\n- satellite data - land cover - rainfall")
    (group,) = _items(_read(text, _EVIDENCE))
    [[answer]] = group.records
    assert isinstance(answer, TextItem) and answer.text == "- satellite data - land cover - rainfall"
    assert write_archive_md(_read(text, _EVIDENCE)) == text
    (plain,) = _items(_read(text))  # no template to say: short "- " lines stay a checklist
    assert isinstance(plain.records[0][0], ChoiceItem)
    options = ReaderOptions(templates=_EVIDENCE)
    assert project_archive_md(_read(text, _EVIDENCE), options) == _read(text, _EVIDENCE)


def test_evidence_records_start_again_where_the_template_order_does() -> None:
    text = _evidence("> \n\n\nFirst", "> \n\n\nSecond", "> \n\n\n[https://x](https://x)", "> \n\n\n![](a.png)",
                     "> \n\n\nThird")
    (group,) = _items(_read(text, _EVIDENCE))
    assert [[type(i).__name__ for i in r] for r in group.records] == [
        ["TextItem"], ["TextItem", "LinkItem", "ImageItem"], ["TextItem"]]
    (plain,) = _items(_read(text))  # without a template: a record ends where an answer of its kind repeats
    assert [[type(i).__name__ for i in r] for r in plain.records] == [
        ["TextItem"], ["TextItem", "LinkItem", "ImageItem"], ["TextItem"]]
