"""alpdoc.testing.check_format: passes for the built-in formats, fails for broken ones."""

from __future__ import annotations

import pytest

import alpdoc
from alpdoc import FormatSpec, hookimpl, plugins
from alpdoc.testing import check_format, documents_following


@pytest.mark.parametrize("name", ["archive-md", "json", "pad-json"])
def test_builtin_formats_conform(name: str) -> None:
    check_format(name, max_examples=40)


def test_page_text_conforms_with_template_documents() -> None:
    check_format("page-text", docs=documents_following(next(iter(alpdoc.template_registry()))), max_examples=40)


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch):
    """Register formats for one test, through the same hook third parties use."""
    added = []

    def _register(*specs: FormatSpec) -> None:
        class Plugin:
            @hookimpl
            def alpdoc_formats(self) -> list[FormatSpec]:
                return list(specs)

        plugin = Plugin()
        plugins.register(plugin, name=f"test-kit-{len(added)}")
        added.append(plugin)

    yield _register
    for plugin in added:
        plugins.plugin_manager().unregister(plugin)
    plugins.reset()


def _title_reader(data, *, templates, source):
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return alpdoc.Document(title=text.splitlines()[0])  # IndexError on empty input


def test_a_reader_that_crashes_on_bad_input_fails_the_check(register) -> None:
    register(FormatSpec(name="title-only", reader=_title_reader, writer=lambda d: d.title + "\n",
                        project=lambda d: alpdoc.Document(title=d.title.split("\n")[0])))
    with pytest.raises(AssertionError):
        check_format("title-only", max_examples=50)


def test_a_wrong_projection_fails_the_check(register) -> None:
    register(FormatSpec(name="lying", reader=lambda data, **kw: alpdoc.Document(),
                        writer=lambda d: "", project=lambda d: d))
    from hypothesis import Phase, settings

    # The first example fails; shrinking a hostile document to the smallest failing one is what takes time.
    settings.register_profile("alpdoc-no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])
    previous = settings._current_profile  # restored below
    settings.load_profile("alpdoc-no-shrink")
    try:
        with pytest.raises(AssertionError, match="project"):
            check_format("lying", max_examples=20)
    finally:
        settings.load_profile(previous or "default")


def _strings(doc: alpdoc.Document) -> list[str]:
    out = [doc.title, *(t.key for t in doc.tags), *(t.value for t in doc.tags)]
    for section in doc.sections:
        out += [section.title, section.lead]
        for _s, item in [(section, i) for i in section.items]:
            out.append(item.instruction or "")
            out.append(getattr(item, "text", None) or "")
    return out


def test_hostile_documents_are_valid_unicode_without_nul_and_hold_markers() -> None:
    from hypothesis import HealthCheck, find, given, settings

    from alpdoc.testing import hostile_documents, hostile_lines

    quick = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)

    @quick
    @given(hostile_documents(), hostile_lines())
    def check(doc: alpdoc.Document, line: str) -> None:
        assert "\n" not in line
        for text in [*_strings(doc), line]:
            text.encode("utf-8")  # no lone surrogates
            assert "\x00" not in text

    check()
    # Each marker is generated (hostile documents draw their lines from hostile_lines): found by a
    # search, not hoped for in a fixed number of draws, which made this test depend on the seed.
    for marker in ("</div>", "[[", "> ", "## ", "\\", "\u2028", "\r", "\u00a0"):
        find(hostile_lines(), lambda line, m=marker: m in line,
             settings=settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck),
                               database=None))
