"""alpdoc's DOCX opened and saved again by LibreOffice still reads back to ``project(doc)``.

LibreOffice renames style ids (``main`` -> ``Main``), merges runs (the line
break that ends a list joins the last bullet's run) and drops a picture's
``title`` (the SDG icons keep theirs in ``name`` too); the reader takes all
of that. Runs only where ``soffice`` is installed (not in CI).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_docx_format import PLAN

import alpdoc
from alpdoc.format_plugins.docx import project_docx
from alpdoc.testing import documents

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _resaved(docs: list, folder: Path) -> list:
    """``docs`` written by alpdoc, opened and saved as DOCX by LibreOffice, read by alpdoc."""
    source, out = folder / "in.docx", folder / "out"
    source.write_bytes(alpdoc.dumps_all(docs, "docx"))
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return list(alpdoc.loads_all((out / "in.docx").read_bytes(), "docx"))


def test_plan_with_groups_icons_and_lists_survives_a_libreoffice_save(tmp_path: Path):
    assert _resaved([PLAN, PLAN], tmp_path) == [project_docx(PLAN)] * 2


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(documents(platform=True), min_size=1, max_size=8))
def test_generated_documents_survive_a_libreoffice_save(docs):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        assert _resaved(docs, Path(folder)) == [project_docx(d) for d in docs]
