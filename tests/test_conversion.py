"""Conversions: loss reports that name exactly what the target drops, warnings, strict mode."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.conversion import inventory, loss_report
from alpdoc.templates import TemplateRegistry
from alpdoc.testing import documents

NO_TEMPLATES = TemplateRegistry()
# Formats read back without templates (page-text needs one: tested with template documents below).
PLAIN = [s.name for s in alpdoc.formats() if s.can_read and s.can_write and s.name != "page-text"]


def _quiet_convert(doc: alpdoc.Document, to: str, **kw) -> alpdoc.Conversion:  # noqa: ANN003
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", alpdoc.LossWarning)
        return alpdoc.convert_doc(doc, to, **kw)


def test_seed_000_to_page_text_drops_tags_and_images(seeds_dir: Path) -> None:
    (path,) = seeds_dir.glob("000_*")
    doc = alpdoc.read(path, format="archive-md")
    with pytest.warns(alpdoc.LossWarning, match="drops"):
        conversion = alpdoc.convert_doc(doc, "page-text", source="archive-md")
    losses = conversion.report.losses
    assert losses["tags"] == len(doc.tags) and losses["images"] == 2
    assert "checked options" not in losses and "text answers" not in losses


def test_seed_004_to_archive_markdown_drops_nothing(seeds_dir: Path) -> None:
    (path,) = seeds_dir.glob("004_*")
    doc = alpdoc.read(path, format="page-text")
    with warnings.catch_warnings():
        warnings.simplefilter("error", alpdoc.LossWarning)
        conversion = alpdoc.convert_doc(doc, "archive-md", strict=True)
    assert conversion.report.lossless and conversion.document == doc


def test_strict_raises_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "plan.md"
    src.write_text("# Plan\n\n[[type:learningplan]]\n## S\n****\n\n> Q\n\nA\n", encoding="utf-8")
    dst = tmp_path / "plan.txt"
    with pytest.raises(alpdoc.LossyConversionError) as info:
        alpdoc.convert(src, dst, "page-text", strict=True)
    assert info.value.report.losses == {"title": 1, "tags": 1}
    assert not dst.exists()
    with pytest.warns(alpdoc.LossWarning):
        conversion = alpdoc.convert(src, dst, "page-text")
    assert dst.read_text(encoding="utf-8") == conversion.output
    json_dst = tmp_path / "plan.json"
    assert alpdoc.convert(src, json_dst).report.lossless  # the format comes from the extension
    assert alpdoc.read(json_dst) == alpdoc.read(src)


@pytest.mark.parametrize(("a", "b"), list(itertools.product(PLAIN, PLAIN)))
@settings(max_examples=60)  # per pair: the pairs grow with every format plugin installed
@given(doc=documents())
def test_format_matrix(a: str, b: str, doc: alpdoc.Document) -> None:
    """read_B(write_B(read_A(write_A(d)))) == project_B(project_A(d)); the A->B report names what project_B removed."""
    project_a, project_b = alpdoc.get_format(a).project, alpdoc.get_format(b).project
    via_a = alpdoc.loads(alpdoc.dumps(doc, a), a, templates=NO_TEMPLATES)
    conversion = _quiet_convert(via_a, b, templates=NO_TEMPLATES, source=a)
    assert conversion.document == project_b(project_a(doc))
    assert conversion.report == loss_report(project_a(doc), project_b(project_a(doc)), a, b)


@given(st.data())
def test_page_text_pairs_with_template_documents(data: st.DataObject) -> None:
    from alpdoc.testing import documents_following

    template = data.draw(st.sampled_from(list(alpdoc.templates())))
    doc = data.draw(documents_following(template))
    for a in ("json", "pad-json"):
        via_a = alpdoc.loads(alpdoc.dumps(doc, a), a)
        conversion = _quiet_convert(via_a, "page-text", templates=template, source=a)
        expected = alpdoc.get_format("page-text").project(alpdoc.get_format(a).project(doc))
        assert conversion.document == expected
        back = _quiet_convert(conversion.document, a, templates=template, source="page-text")
        assert back.document == alpdoc.get_format(a).project(conversion.document)


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
