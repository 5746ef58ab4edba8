"""The wheel ships the grammars, the type marker and the template data inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not run from a source tree (no pyproject.toml)")
    pytest.importorskip("build", reason="the 'build' package is not installed")
    pytest.importorskip("hatchling", reason="the 'hatchling' build backend is not installed")
    out = tmp_path_factory.mktemp("wheel")
    # --no-isolation: use the hatchling already installed (no network needed).
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"wheel build failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(out.glob("alpdoc-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as zf:
        yield zf


def _names(zf: zipfile.ZipFile) -> set[str]:
    return set(zf.namelist())


def test_wheel_has_grammar(wheel: zipfile.ZipFile) -> None:
    assert "alpdoc/grammars/archive_md.lark" in _names(wheel)
    shipped = wheel.read("alpdoc/grammars/archive_md.lark")
    assert shipped == (ROOT / "grammars" / "archive_md.lark").read_bytes()


def test_wheel_has_every_grammar(wheel: zipfile.ZipFile) -> None:
    names = _names(wheel)
    for grammar in sorted((ROOT / "grammars").glob("*.lark")):
        assert f"alpdoc/grammars/{grammar.name}" in names


def test_wheel_has_type_marker(wheel: zipfile.ZipFile) -> None:
    assert "alpdoc/py.typed" in _names(wheel)


def test_wheel_has_template_data(wheel: zipfile.ZipFile) -> None:
    if not (ROOT / "src" / "alpdoc" / "templates" / "data" / "alp.json").is_file():
        pytest.skip("src/alpdoc/templates/data/alp.json is not in this tree yet")
    assert "alpdoc/templates/data/alp.json" in _names(wheel)


def test_wheel_has_cli_and_entry_point(wheel: zipfile.ZipFile) -> None:
    names = _names(wheel)
    assert "alpdoc/cli.py" in names
    assert "alpdoc/__main__.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = wheel.read(entry_points).decode()
    assert "alpdoc = alpdoc.cli:main" in text


def test_wheel_has_no_stray_files(wheel: zipfile.ZipFile) -> None:
    for name in _names(wheel):
        assert name.startswith(("alpdoc/", "alpdoc-")), name
        assert "__pycache__" not in name, name
