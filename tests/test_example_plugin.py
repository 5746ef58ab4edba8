"""The example third-party plugin (examples/alpdoc-answers-csv), installed by .ci/run, is listed by alpdoc."""

from __future__ import annotations

import os
from importlib.metadata import entry_points

import pytest

from alpdoc.cli import main


def _installed() -> bool:
    return any(ep.name == "answers-csv" for ep in entry_points(group="alpdoc"))


@pytest.mark.skipif(not _installed() and not os.environ.get("CI"), reason="pip install ./examples/alpdoc-answers-csv")
def test_formats_lists_the_example_plugin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    row = next(r for r in rows if r and r[0] == "answers-csv")
    assert "alpdoc-answers-csv" in row[1:]  # the plugin column names the package (its distribution)


def test_example_plugin_converts_the_shipped_example(tmp_path, capsys) -> None:
    if not _installed():
        pytest.skip("pip install ./examples/alpdoc-answers-csv")
    example = os.path.join(os.path.dirname(__file__), "..", "examples", "sample_plan.md")
    out = tmp_path / "plan.csv"
    assert main(["convert", example, "-t", "answers-csv", "-o", str(out)]) == 0
    assert main(["check", str(out), "-f", "answers-csv"]) == 0
