"""The wheel ships the grammars, the type marker and the template data; metadata and sdist are complete."""

from __future__ import annotations

import email.message
import email.parser
import re
import subprocess
import sys
import tarfile
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


def _metadata(zf: zipfile.ZipFile) -> email.message.Message:
    name = next(n for n in _names(zf) if n.endswith(".dist-info/METADATA"))
    return email.parser.Parser().parsestr(zf.read(name).decode("utf-8"))


def test_wheel_metadata_license_authors_urls(wheel: zipfile.ZipFile) -> None:
    meta = _metadata(wheel)
    assert meta["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in _names(wheel))
    assert "alpdoc developers" in (meta["Author"] or "") + (meta["Author-email"] or "")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Documentation", "Source"} <= set(urls)
    assert "Programming Language :: Python :: 3.13" in meta.get_all("Classifier")


def test_wheel_requirements(wheel: zipfile.ZipFile) -> None:
    requires = _metadata(wheel).get_all("Requires-Dist")
    lark_cython = [r for r in requires if r.startswith("lark-cython")]
    # Only where wheels exist: an install on a Python without one never needs a compiler.
    assert len(lark_cython) == 1 and "python_version < '3.14'" in lark_cython[0]
    assert "platform_python_implementation == 'CPython'" in lark_cython[0]
    assert any(r.startswith("hypothesis>=6.85") and "extra == 'testing'" in r for r in requires)
    assert not any(r.startswith("hypothesis>=6.80") for r in requires)
    assert any(r.startswith("dask[bag,dataframe]") and "extra == 'dask'" in r for r in requires)
    assert any(r.startswith("openpyxl") for r in requires) and any(r.startswith("python-docx") for r in requires)


def test_sdist_builds_the_docs(tmp_path: Path) -> None:
    """The sdist holds what ``mkdocs build`` needs: mkdocs.yml, docs/ and the sources mkdocstrings reads."""
    pytest.importorskip("build", reason="the 'build' package is not installed")
    pytest.importorskip("hatchling", reason="the 'hatchling' build backend is not installed")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"sdist build failed:\n{proc.stdout}\n{proc.stderr}"
    (sdist,) = tmp_path.glob("alpdoc-*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert {"mkdocs.yml", "LICENSE", "docs/index.md", "docs/gen_matrix.py", "src/alpdoc/model.py"} <= names
    nav_pages = re.findall(r":\s*([\w./-]+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert nav_pages and all(f"docs/{page}" in names for page in nav_pages if page != "lossiness.md")
