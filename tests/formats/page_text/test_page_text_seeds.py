"""page-text on the real seeds: the only known page text, and the archive seed converted."""

from __future__ import annotations

from pathlib import Path

import alpdoc
from alpdoc import ChoiceItem, GroupItem, TextItem


def _seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = seeds_dir.glob(f"{prefix}_*")
    return path


def test_seed_004_is_written_back_byte_for_byte(seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "004")
    doc = alpdoc.read(path, format="page-text")
    assert alpdoc.dumps(doc, "page-text").encode("utf-8") == path.read_bytes()


def test_seed_004_structure(seeds_dir: Path) -> None:
    doc = alpdoc.read(_seed(seeds_dir, "004"), format="page-text")
    assert [s.title for s in doc.sections] == [
        "Title",
        "Challenge statement",
        "Partners",
        "Learning questions",
        "Closing",
    ]
    (partners,) = doc.sections[2].items
    assert isinstance(partners, GroupItem)
    assert [len(r) for r in partners.records] == [4, 4, 4, 4, 4]
    name, sector, description, new = partners.records[1]
    assert isinstance(name, TextItem) and name.text == "Prime Minister's Office"
    assert sector == ChoiceItem(instruction=sector.instruction, options=(alpdoc.Option(name="Government (&related)"),),
                                multiple=False)
    assert isinstance(new, ChoiceItem) and new.selected == ("No",) and not new.multiple
    assert description.text.startswith("The Lab is currently working")
    challenge_type = doc.sections[1].items[0]
    assert isinstance(challenge_type, ChoiceItem) and challenge_type.selected == ("BIG BET",)
    assert challenge_type.instruction.splitlines()[1].startswith("Please note")
    stages = next(i for i in doc.sections[3].items if i.instruction.startswith("To what stage"))
    assert isinstance(stages, ChoiceItem) and stages.multiple and stages.selected == ("Explore", "Test", "Grow")
    last = doc.sections[4].items[-1]
    assert last.instruction.startswith("END OF ACTION LEARNING PLAN") and isinstance(last, TextItem)
    assert not last.answered


def test_seed_000_to_page_text_and_back_equals_projection(seeds_dir: Path) -> None:
    doc = alpdoc.read(_seed(seeds_dir, "000"), format="archive-md")
    text = alpdoc.dumps(doc, "page-text")
    back = alpdoc.loads(text, "page-text")
    assert back == alpdoc.get_format("page-text").project(doc)
    assert alpdoc.dumps(back, "page-text") == text


def test_page_text_to_archive_keeps_radio_answers(seeds_dir: Path) -> None:
    doc = alpdoc.read(_seed(seeds_dir, "004"), format="page-text")
    archive = alpdoc.dumps(doc, "archive-md")
    back = alpdoc.loads(archive, "archive-md")
    assert back.sections == doc.sections
    sector = back.sections[2].items[0].records[0][1]
    assert isinstance(sector, ChoiceItem) and not sector.multiple and sector.selected == ("Private Sector",)


def test_seed_004_metadata_from_the_page(seeds_dir: Path) -> None:
    """Kind from the disclaimer and the matched template, title from the "Title" answer, every line placed."""
    path = _seed(seeds_dir, "004")
    strict = alpdoc.ReaderOptions(templates=alpdoc.template_registry(), strict=True)
    doc = alpdoc.read(path, format="page-text", options=strict)
    assert (doc.title, doc.kind, doc.template) == ("Digitalization", "learningplan", "alp-plan-v1")
    # Written as archive markdown, the title line is no longer empty.
    assert alpdoc.dumps(doc, "archive-md").startswith("# Digitalization\n")
