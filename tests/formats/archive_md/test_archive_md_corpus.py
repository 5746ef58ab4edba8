"""archive-md on real data: every file of the shared corpus is written back byte for byte."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

import alpdoc
from alpdoc import ChoiceItem, GroupItem, TextItem
from alpdoc.format_plugins.archive_md import project_archive_md, read_archive_md, write_archive_md
from alpdoc.options import ReaderOptions
from alpdoc.templates import TemplateRegistry
from alpdoc.templates.builtin import load_builtin_templates

pytestmark = pytest.mark.corpus


def test_every_corpus_file_round_trips_byte_for_byte(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("*.md"))
    assert len(files) > 7000
    kinds: collections.Counter[str] = collections.Counter()
    failures = []
    for path in files:
        data = path.read_bytes()
        doc = read_archive_md(data, templates=alpdoc.template_registry(), source=str(path))
        kinds[doc.kind or "?"] += 1
        if write_archive_md(doc).encode("utf-8") != data:
            failures.append(path.name)
    assert failures == []
    assert {"learningplan", "solution", "experiment", "blog", "story"} <= set(kinds)


def test_every_corpus_document_is_its_own_projection(corpus_dir: Path) -> None:
    """project(doc, options) == read(write(doc), options) == doc: with the templates it was read with, and without."""
    with_templates = ReaderOptions(templates=TemplateRegistry(load_builtin_templates()))
    without = ReaderOptions()
    failures = []
    for k, path in enumerate(sorted(corpus_dir.glob("*.md"))):
        text = path.read_bytes()
        doc = read_archive_md(text, with_templates)
        if project_archive_md(doc, with_templates) != doc:
            failures.append(path.name)
        if k % 10 == 0:  # without templates, a sample: the projection must match the read-back
            plain = read_archive_md(text, without)
            if project_archive_md(doc, without) != plain or project_archive_md(plain, without) != plain:
                failures.append("(no templates) " + path.name)
    assert failures == []


def test_seed_plan_structure(seeds_dir: Path) -> None:
    (seed,) = seeds_dir.glob("000_*")
    doc = alpdoc.read(seed, format="archive-md")
    assert doc.kind == "learningplan" and doc.year == 2023
    assert doc.template == "alp-plan-v1"  # the best match among the registered templates
    assert alpdoc.dumps(doc, "archive-md").encode() == seed.read_bytes()
    titles = [s.title for s in doc.sections]
    assert titles[:2] == ["Title", "Challenge statement"]
    partners = doc.sections[titles.index("Partners")].items[0]
    assert isinstance(partners, GroupItem)
    # One partner record: four questions, each in its own div.
    assert [len(r) for r in partners.records] == [4]
    challenge_type = doc.sections[1].items[0]
    assert "Please note" in (challenge_type.instruction or "")
    assert isinstance(challenge_type, ChoiceItem) and not challenge_type.multiple
    stage = [i for s in doc.sections for i in s.items if (i.instruction or "").startswith("To what stage")]
    assert isinstance(stage[0], ChoiceItem) and stage[0].selected == ("Sense",)
    assert all(isinstance(i, (TextItem, ChoiceItem, GroupItem)) for _s, i in doc.iter_items())
