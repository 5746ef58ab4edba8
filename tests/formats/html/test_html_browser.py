"""The HTML page in a real headless browser: Debian's Chromium (installed by .ci/run where apt is available).

The DOM after loading has one heading per section, one entry per question
and the answers' text; script planted in answers never ran; a screenshot of
the seed plan (and its print to PDF) is saved as a test artefact in
``$ALPDOC_ARTEFACTS/html`` (default ``<tmp>/alpdoc-artefacts/html``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html
import pytest
from conftest import SEEDS, need

import alpdoc
from alpdoc.model import ChoiceItem, Document, GroupItem, LinkItem, Option, Section, TextItem

pytestmark = pytest.mark.slow

BROWSER = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                if (found := shutil.which(name))), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium binary on PATH (.ci/run installs Debian's chromium when it runs as root with apt)",
)
ARTEFACTS = Path(os.environ.get("ALPDOC_ARTEFACTS", Path(tempfile.gettempdir()) / "alpdoc-artefacts")) / "html"

PLANTED = (
    "<script>document.title='x'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "<svg onload=\"document.body.setAttribute('data-pwned','2')\"></svg>",
)

HOSTILE = Document(
    title="A plan with hostile answers",
    sections=(
        Section(title="First", lead="<b>not bold</b>", items=(
            TextItem(instruction="Q1 <i>", text=PLANTED[0]),
            TextItem(instruction="Q2", text="line one\n" + PLANTED[1]),
            ChoiceItem(instruction="Q3", options=(Option(name=PLANTED[2]), Option(name="plain", checked=False))),
        )),
        Section(title="Second", items=(
            LinkItem(instruction="Q4", url="javascript:document.body.setAttribute('data-pwned','3')", text="click me"),
            GroupItem(instruction="Q5", records=((TextItem(instruction="Q5a", text=PLANTED[0]),),)),
        )),
    ),
)


def _browser(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--user-data-dir=" + tempfile.mkdtemp(prefix="alpdoc-chromium-"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)


def _dom(path: Path):
    """The DOM as the browser has it after loading the page (and running whatever script it would run)."""
    out = _browser("--virtual-time-budget=2000", "--dump-dom", path.as_uri()).stdout
    return lxml.html.document_fromstring(out)


def _check_dom(tree, doc: Document) -> None:
    assert tree.findtext(".//title") == doc.title  # a script setting document.title would show here
    assert tree.find(".//body").get("data-pwned") is None
    assert not tree.xpath("//script | //svg | //*[@onerror] | //*[@onload]")
    assert [h.text_content() for h in tree.iter("h2")] == [s.title for s in doc.sections]
    entries = tree.xpath("//section/div[contains(concat(' ', @class, ' '), ' item ')]")
    assert [e.findtext("h3") for e in entries] == [i.instruction for s in doc.sections for i in s.items]
    texts = [p.text_content() for p in tree.find_class("text")]
    for section in doc.sections:
        for item in section.items:
            if isinstance(item, TextItem):
                assert item.text in texts
    options = [o.text_content() for o in tree.find_class("option")]
    assert options == ["\u2611" + PLANTED[2] + " (selected)", "\u2610plain (not selected)"]
    assert [a.get("href") for a in tree.iter("a")] == []  # the javascript: link is shown, not linked


@needs_browser
def test_hostile_answers_show_as_text_and_never_run(tmp_path: Path):
    page = alpdoc.dumps(HOSTILE, "html")
    path = tmp_path / "hostile.html"
    path.write_text(page, encoding="utf-8")
    _check_dom(_dom(path), HOSTILE)
    # without the page's content security policy too: the escaping alone keeps the answers inert
    bare = tmp_path / "no-policy.html"
    bare.write_text("\n".join(line for line in page.split("\n") if "Content-Security-Policy" not in line),
                    encoding="utf-8")
    _check_dom(_dom(bare), HOSTILE)


@needs_browser
def test_seed_plan_renders_and_a_screenshot_is_saved(tmp_path: Path):
    seed = sorted(need(SEEDS).glob("000_*"))[0]
    doc = alpdoc.loads(seed.read_text(encoding="utf-8"), "archive-md")
    path = tmp_path / "seed.html"
    path.write_text(alpdoc.dumps(doc, "html"), encoding="utf-8")
    tree = _dom(path)
    assert tree.findtext(".//h1") == doc.title
    titled = [s.title for s in doc.sections if s.title.strip()]
    assert [h.text_content() for h in tree.iter("h2")] == titled
    entries = tree.xpath("//section/div[contains(concat(' ', @class, ' '), ' item ')]")
    assert len(entries) == sum(len(s.items) for s in doc.sections)
    page_text = tree.find(".//main").text_content()
    for _, item in doc.iter_items():
        if isinstance(item, TextItem) and item.text.strip():
            assert item.text.strip() in page_text

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / f"{seed.stem}.png"
    shot.unlink(missing_ok=True)
    _browser("--hide-scrollbars", "--window-size=1280,2400", f"--screenshot={shot}", path.as_uri(), timeout=90)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    # printable: the browser's print to PDF (the page's print style sheet) gives several pages
    pdf = ARTEFACTS / f"{seed.stem}.pdf"
    pdf.unlink(missing_ok=True)
    _browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri(), timeout=90)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2
