"""Loss reports on the real corpus: what they say is what a read-back shows."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import alpdoc
from alpdoc.options import ReaderOptions

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _corpus(corpus_dir: Path) -> list[Path]:
    return sorted(corpus_dir.rglob("*.md"))


def _failures(corpus_dir: Path, target: str, every: int = 1) -> tuple[int, list[str]]:
    options = ReaderOptions(templates=alpdoc.template_registry())
    paths = _corpus(corpus_dir)[::every]
    bad: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", alpdoc.LossWarning)
        for path in paths:
            doc = alpdoc.read(path, "archive-md", options=options)
            fast = alpdoc.convert_doc(doc, target, options=options)
            slow = alpdoc.convert_doc(doc, target, options=options, verify=True)
            if fast.report.differences != slow.report.differences:
                bad.append(f"{path.name}: report {fast.report.details(3)} but read-back {slow.report.details(3)}")
    return len(paths), bad


@pytest.mark.parametrize("target", ["page-text", "archive-md"])
def test_the_report_lists_what_a_read_back_shows(corpus_dir: Path, target: str) -> None:
    # Page text reads with every built-in template (28): every third file keeps the run short;
    # benchmarks/page_text_fidelity.py reads them all.
    total, bad = _failures(corpus_dir, target, every=3 if target == "page-text" else 1)
    assert total > 0
    assert not bad, f"{len(bad)} of {total} files:\n" + "\n".join(bad[:10])


def test_archive_markdown_to_itself_reports_nothing(corpus_dir: Path) -> None:
    options = ReaderOptions(templates=alpdoc.template_registry())
    noisy = []
    for path in _corpus(corpus_dir):
        doc = alpdoc.read(path, "archive-md", options=options)
        report = alpdoc.convert_doc(doc, "archive-md", options=options, warn=False).report
        if report.content or report.layout_changes:
            noisy.append(f"{path.name}: {report.details(3)}")
    assert not noisy, f"{len(noisy)} files:\n" + "\n".join(noisy[:10])
