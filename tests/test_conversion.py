"""Conversions: one pipeline, loss reports that list exactly what differs, warnings, strict mode, verify."""

from __future__ import annotations

import itertools
import os
import stat
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.conversion import convert_file, inventory, loss_report
from alpdoc.differences import diff_documents
from alpdoc.options import ReaderOptions
from alpdoc.plugins import call_project
from alpdoc.templates import TemplateRegistry
from alpdoc.testing import documents

NO_TEMPLATES = ReaderOptions(templates=TemplateRegistry())
# Formats read back without templates (page-text needs one: tested with template documents below).
PLAIN = [s.name for s in alpdoc.formats() if s.can_read and s.can_write and s.name != "page-text"]


def _quiet_convert(doc: alpdoc.Document, to: str, **kw) -> alpdoc.Conversion:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", alpdoc.LossWarning)
        return alpdoc.convert_doc(doc, to, **kw)


def _doc(*items: alpdoc.Item, tags: tuple[alpdoc.Tag, ...] = (), title: str = "Plan") -> alpdoc.Document:
    return alpdoc.Document(title=title, tags=tags, sections=(alpdoc.Section(title="S", items=items),))


# --------------------------------------------------------------------------- the reproductions of issue 11


def test_an_answer_holding_a_div_line_is_written_so_that_it_reads_back() -> None:
    doc = _doc(alpdoc.TextItem(instruction="What happened?", text="before\n</div>\nafter"),
               alpdoc.TextItem(instruction="And then?", text='<div class="group">'))
    conversion = _quiet_convert(doc, "archive-md")
    back = alpdoc.loads(conversion.output, "archive-md", options=NO_TEMPLATES)  # used to be a ParseError
    assert back == conversion.document
    assert conversion.report.lossless == (back == doc)


def test_a_tag_key_with_a_colon_is_reported_or_kept() -> None:
    doc = _doc(tags=(alpdoc.Tag(key="a:b", value="v"), alpdoc.Tag(key="year", value="2024")))
    conversion = _quiet_convert(doc, "archive-md")
    back = alpdoc.loads(conversion.output, "archive-md", options=NO_TEMPLATES)
    assert back == conversion.document  # the report's view is what really comes back
    if back != doc:  # used to come back as key 'a' with the report saying "nothing lost"
        assert not conversion.report.lossless
        assert any(d.kind == "tag" for d in conversion.report.content)


def test_archive_markdown_through_pad_json_keeps_alt_text_and_tag_order() -> None:
    text = (
        "# Plan\n\n[[type:learningplan]]\n\n[[sdgs:13. Climate action]]\n[[methods:Ethnography]]\n"
        "[[country:Niger]]\n[[sdgs:2. Zero hunger]]\n## S\n****\n\n> A map?\n\n"
        "![A map of the district](https://example.org/map.png)\n\n"
    )
    doc = alpdoc.loads(text, "archive-md", options=NO_TEMPLATES)
    pads = _quiet_convert(doc, "pad-json")
    back = alpdoc.loads(_quiet_convert(pads.document, "archive-md").output, "archive-md", options=NO_TEMPLATES)
    assert back.tags == doc.tags
    assert back == doc


# --------------------------------------------------------------------------- the pipeline


def test_seed_000_to_page_text_reports_what_a_read_back_shows(seeds_dir: Path) -> None:
    (path,) = seeds_dir.glob("000_*")
    doc = alpdoc.read(path, format="archive-md")
    with pytest.warns(alpdoc.LossWarning, match="archive-md -> page-text: changes"):
        conversion = alpdoc.convert_doc(doc, "page-text", source="archive-md")
    verified = _quiet_convert(doc, "page-text", source="archive-md", verify=True)
    assert verified.report.verified and not conversion.report.verified
    assert conversion.report.differences == verified.report.differences
    assert conversion.report.losses["tag"] == sum(t not in verified.document.tags for t in doc.tags)


def test_strict_raises_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "plan.md"
    src.write_text("# Plan\n\n[[type:learningplan]]\n## S\n****\n\n> Q\n\nA\n", encoding="utf-8")
    dst = tmp_path / "plan.txt"
    with pytest.raises(alpdoc.LossyConversionError) as info:
        alpdoc.convert(src, dst, "page-text", strict=True)
    assert {"title", "tag"} <= set(info.value.report.losses)
    assert not dst.exists()
    with pytest.warns(alpdoc.LossWarning):
        conversion = alpdoc.convert(src, dst, "page-text")
    assert dst.read_text(encoding="utf-8") == conversion.output
    json_dst = tmp_path / "plan.json"
    assert alpdoc.convert(src, json_dst).report.lossless  # the format comes from the extension
    assert alpdoc.read(json_dst) == alpdoc.read(src)


def test_convert_file_never_replaces_without_overwrite(tmp_path: Path) -> None:
    src = tmp_path / "plan.md"
    src.write_text("# Plan\n\n[[type:learningplan]]\n", encoding="utf-8")
    dst = tmp_path / "plan.json"
    dst.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        convert_file(src, dst)
    assert dst.read_text(encoding="utf-8") == "keep me"
    os.chmod(dst, 0o640)
    conversion = convert_file(src, dst, overwrite=True)
    assert conversion.path == os.fspath(dst) and alpdoc.read(dst) == alpdoc.read(src)
    assert stat.S_IMODE(os.stat(dst).st_mode) == 0o640  # the replaced file's mode is kept


def test_convert_file_without_destination_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "plan.md"
    src.write_text("# Plan\n\n[[type:learningplan]]\n", encoding="utf-8")
    conversion = convert_file(src, None, "json")
    assert conversion.path is None and sorted(os.listdir(tmp_path)) == ["plan.md"]
    assert alpdoc.loads(conversion.output, "json") == alpdoc.read(src)


def test_verify_raises_when_the_output_does_not_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = alpdoc.get_format("archive-md")
    from attrs import evolve

    broken = evolve(spec, writer=lambda doc: "no title here\n")
    monkeypatch.setattr(alpdoc.conversion, "get_format", lambda name: broken)
    with pytest.raises(alpdoc.conversion.UnreadableOutputError, match="does not read back"):
        alpdoc.convert_doc(_doc(), "archive-md", verify=True)


def test_the_report_names_the_template_the_document_was_read_with() -> None:
    doc = alpdoc.loads("# Plan\n\n[[type:learningplan]]\n", "archive-md")
    assert _quiet_convert(doc, "json").report.template == doc.template


# --------------------------------------------------------------------------- properties


@pytest.mark.parametrize(("a", "b"), list(itertools.product(PLAIN, PLAIN)))
@settings(max_examples=60)  # per pair: the pairs grow with every format plugin installed
@given(doc=documents())
def test_format_matrix(a: str, b: str, doc: alpdoc.Document) -> None:
    """A document through A then B reads back as B's view of A's view, and the A->B report is their diff."""
    spec_a = alpdoc.get_format(a)
    via_a = alpdoc.loads(alpdoc.dumps(doc, a), a, options=NO_TEMPLATES)
    assert via_a == call_project(spec_a, doc, NO_TEMPLATES)
    conversion = _quiet_convert(via_a, b, options=NO_TEMPLATES, source=a)
    back = alpdoc.loads(conversion.output, b, options=NO_TEMPLATES)
    assert back == conversion.document
    kept = tuple(d for d in conversion.report.differences if d.severity != "viewer")
    assert kept == loss_report(via_a, back, a, b).differences
    assert conversion.report.lossless == (back == via_a)


@given(st.data())
def test_page_text_pairs_with_template_documents(data: st.DataObject) -> None:
    from alpdoc.testing import documents_following

    template = data.draw(st.sampled_from(list(alpdoc.template_registry())))
    options = ReaderOptions(templates=template)
    doc = data.draw(documents_following(template))
    for a in ("json", "pad-json"):
        via_a = alpdoc.loads(alpdoc.dumps(doc, a), a)
        conversion = _quiet_convert(via_a, "page-text", options=options, source=a)
        back = alpdoc.loads(conversion.output, "page-text", options=options)
        assert conversion.document == back
        again = _quiet_convert(back, a, options=options, source="page-text")
        assert again.document == alpdoc.loads(again.output, a)


def test_inventory_counts_each_kind() -> None:
    doc = alpdoc.Document(
        title="T",
        tags=(alpdoc.Tag(key="sdgs", value="1. No poverty"),),
        sections=(
            alpdoc.Section(
                title="S",
                lead="L",
                items=(
                    alpdoc.TextItem(instruction="Q", text="a\nb"),
                    alpdoc.ChoiceItem(options=(alpdoc.Option(name="x"), alpdoc.Option(name="y", checked=False)),
                                      multiple=False),
                    alpdoc.GroupItem(records=((alpdoc.ImageItem(src="u"),), (alpdoc.LinkItem(url="v"),))),
                ),
            ),
        ),
    )
    assert inventory(doc) == {
        "title": 1, "tags": 1, "section titles": 1, "section leads": 1, "instructions": 1, "text answers": 1,
        "line breaks inside answers": 1, "checked options": 1, "unchecked options": 1, "radio answers": 1,
        "group records": 2, "images": 1, "links": 1,
    }


def test_diff_of_equal_documents_is_empty_and_of_different_ones_is_not() -> None:
    doc = _doc(alpdoc.TextItem(instruction="Q", text="A"))
    assert diff_documents(doc, doc) == ()
    other = _doc(alpdoc.TextItem(instruction="Q", text="B"))
    (only,) = diff_documents(doc, other)
    assert (only.kind, only.path, only.before, only.after) == ("answer text", ("sections", 0, "items", 0, "text"),
                                                                 "A", "B")
