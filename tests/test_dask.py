"""alpdoc.dask: documents as a Dask bag read through fsspec, the analyst table as a Dask DataFrame.

The cluster test runs two worker processes (a dask.distributed LocalCluster)
over real archive-md files and checks the rows against the one-process table.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
fsspec = pytest.importorskip("fsspec")

import alpdoc  # noqa: E402
import alpdoc.dask as adask  # noqa: E402
from alpdoc.analysis import COLUMNS, rows_of  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "archive-md"
PLAN = "# Plan\n\n[[type:learningplan]]\n## Why\n****\n\n> Goal?\n\nLess waste.\n"


def _records(frame) -> list[dict]:
    """Rows of a pandas frame as plain dicts (missing values as None), in table order."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{c: row[c] for c in COLUMNS} for row in plain.to_dict("records")]


def _expected(paths: list[str]) -> list[dict]:
    return [{c: row[c] for c in COLUMNS} for row in rows_of(paths)]


def test_memory_urls_read_as_a_bag() -> None:
    fs = fsspec.filesystem("memory")
    for n in range(3):
        fs.pipe(f"/alpdoc-test/plan{n}.md", PLAN.replace("Less", f"Less {n}").encode())
    docs = adask.read_bag("memory://alpdoc-test/*.md", files_per_partition=2).compute(scheduler="sync")
    assert [d.sections[0].items[0].text for d in docs] == ["Less 0 waste.", "Less 1 waste.", "Less 2 waste."]
    frame = adask.table_frame("memory://alpdoc-test/*.md").compute(scheduler="sync")
    assert list(frame["doc_id"]) == [f"memory:///alpdoc-test/plan{n}.md" for n in range(3)]
    assert list(frame.columns) == list(COLUMNS)


def test_zip_urls_read_inside_an_archive(tmp_path: Path) -> None:
    archive = tmp_path / "pads.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.md", PLAN)
        zf.writestr("b.json", alpdoc.dumps(alpdoc.loads(PLAN, "archive-md"), "json"))
    docs = adask.read_bag(f"zip://*::{archive}").compute(scheduler="sync")
    assert [d.title for d in docs] == ["Plan", "Plan"]


def test_bad_file_fails_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(alpdoc.AlpdocError, match=r"bad.json"):
        adask.read_bag(str(tmp_path / "*.json")).compute(scheduler="sync")


def test_no_match_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(alpdoc.AlpdocError, match="no files match"):
        adask.read_bag(str(tmp_path / "*.md"))


def test_documents_without_names_take_the_pad_id_or_nothing() -> None:
    import dask.bag as db

    docs = [alpdoc.loads(PLAN, "archive-md")] * 2
    frame = adask.to_dataframe(db.from_sequence(docs, npartitions=2)).compute(scheduler="sync")
    assert list(frame["doc_id"]) == ["", ""]
    assert list(frame["answer"]) == ["Less waste.", "Less waste."]


@pytest.mark.corpus
@pytest.mark.slow
def test_local_cluster_rows_equal_the_single_process_table() -> None:
    distributed = pytest.importorskip("dask.distributed")
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus/archive-md")
    paths = sorted(os.fspath(p) for p in CORPUS.glob("*.md"))[:200]
    expected = _expected(paths)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        frame = adask.table_frame(paths, files_per_partition=25).compute()
        count = adask.read_bag(paths).count().compute()
    assert count == len(paths)  # one document per archive-md file
    assert _records(frame.reset_index(drop=True)) == expected
    assert len(expected) > len(paths)  # many rows per document: a real table, not one row each


def test_missing_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # what an environment without dask gives
    with pytest.raises(alpdoc.AlpdocError, match=r'pip install "alpdoc\[dask\]"'):
        adask.read_bag("*.md")
