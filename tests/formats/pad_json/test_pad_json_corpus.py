"""Real archive files through pad-json and json and back to archive markdown: content-equal, every one."""

from __future__ import annotations

from pathlib import Path

import pytest

import alpdoc

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.mark.parametrize("fmt", ["pad-json", "json"])
def test_every_corpus_file_comes_back_content_equal(corpus_dir: Path, fmt: str) -> None:
    files = sorted(corpus_dir.glob("*.md"))
    assert len(files) > 7000
    options = alpdoc.ReaderOptions(templates=alpdoc.template_registry())
    failures = []
    for path in files:
        doc = alpdoc.loads(path.read_bytes(), "archive-md", options=options.for_source(str(path)))
        there = alpdoc.loads(alpdoc.dumps(doc, fmt), fmt, options=options)
        back = alpdoc.loads(alpdoc.dumps(there, "archive-md"), "archive-md", options=options)
        if back != doc:
            failures.append(path.name)
    assert failures == [], f"{len(failures)} of {len(files)} files changed, e.g. {failures[:5]}"
