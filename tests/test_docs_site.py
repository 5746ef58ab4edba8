"""The documentation site as built: the API reference renders alpdoc's docstrings right (issue 17)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import alpdoc.model

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

RAW_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|data|mod|exc|obj|const):(?:`|<code>)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("not run from a source tree (no mkdocs.yml)")
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install '.[docs]')")
    out = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}"
    # The README's command is quiet: no banner, only mkdocs' own INFO lines.
    noise = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip() and "INFO" not in line]
    assert noise == [], "\n".join(noise)
    yield out
    shutil.rmtree(out, ignore_errors=True)


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_no_raw_rest_roles_in_any_page(site: Path) -> None:
    found = {
        str(path.relative_to(site)): RAW_ROLE.findall(path.read_text(encoding="utf-8"))
        for path in site.rglob("*.html")
    }
    assert {page: roles for page, roles in found.items() if roles} == {}
    assert "<code>Document</code>" in _html(site, "reference/model")  # a role became code, not nothing


def test_model_reference_lists_every_public_class_with_its_fields(site: Path) -> None:
    html = _html(site, "reference/model")
    ids = set(re.findall(r'id="(alpdoc\.model\.[\w.]+)"', html))
    for name in ("title", "tags", "sections", "platform", "template", "layout", "year", "sdgs", "countries"):
        assert f"alpdoc.model.Document.{name}" in ids, name
    for name in alpdoc.model.__all__:
        assert f"alpdoc.model.{name}" in ids, name
        cls = getattr(alpdoc.model, name)
        if isinstance(cls, type) and attrs.has(cls):
            for field in attrs.fields(cls):
                assert f"alpdoc.model.{name}.{field.name}" in ids, f"{name}.{field.name}"
    assert {"alpdoc.model.Country.name", "alpdoc.model.Sdg.number"} <= ids  # were empty headings


def test_cli_page_list_after_a_code_block_is_a_list(site: Path) -> None:
    html = _html(site, "cli")
    assert re.search(r"<li>\s*(?:<p>)?<code>--strict</code> counts", html)
    assert "- <code>--strict</code>" not in html
