"""The plugin manager: built-ins are plugins, third parties come through entry points."""

from __future__ import annotations

import sys
import types
from importlib.metadata import EntryPoint

import pytest

import alpdoc
from alpdoc import FormatSpec, hookimpl, plugins
from alpdoc.errors import FormatError, PluginError, PluginWarning
from alpdoc.model import Document
from alpdoc.templates import Template


@pytest.fixture
def fresh_plugins(monkeypatch: pytest.MonkeyPatch):
    """A plugin manager built anew for the test, and forgotten after it."""
    plugins.plugin_manager.cache_clear()
    plugins.reset()
    yield
    plugins.plugin_manager.cache_clear()
    plugins.reset()


def _upper_reader(data, *, templates, source):  # noqa: ANN001, ANN202
    text = data.decode() if isinstance(data, bytes) else data
    return Document(title=text.strip().lower())


def _module(name: str, specs=(), templates=(), fail: Exception | None = None) -> types.ModuleType:
    mod = types.ModuleType(name)

    @hookimpl
    def alpdoc_formats():  # noqa: ANN202
        if fail is not None:
            raise fail
        return list(specs)

    @hookimpl
    def alpdoc_templates():  # noqa: ANN202
        return list(templates)

    mod.alpdoc_formats = alpdoc_formats
    mod.alpdoc_templates = alpdoc_templates
    return mod


def _entry_points(monkeypatch: pytest.MonkeyPatch, mapping: dict[str, types.ModuleType | None]) -> None:
    eps = []
    for name, module in mapping.items():
        target = f"alpdoc_test_plugin_{name}"
        if module is not None:
            monkeypatch.setitem(sys.modules, target, module)
        eps.append(EntryPoint(name=name, value=target, group=plugins.ENTRY_POINT_GROUP))
    monkeypatch.setattr(plugins, "entry_points", lambda group: [e for e in eps if e.group == group])


def test_builtin_formats_are_plugins_of_the_same_manager() -> None:
    names = {spec.name for spec in alpdoc.formats()}
    assert {"archive-md", "json"} <= names
    pm = plugins.plugin_manager()
    for module in plugins.BUILTIN_PLUGINS:
        assert pm.get_plugin(module) is not None
    assert alpdoc.get_format("archive").name == "archive-md"
    assert alpdoc.get_format("MD").name == "archive-md"


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(FormatError, match="known formats: .*archive-md"):
        alpdoc.get_format("nope")


def test_entry_point_plugin_is_discovered(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    spec = FormatSpec(name="shout", extensions=(".shout",), reader=_upper_reader, writer=lambda d: d.title.upper())
    extra = Template(name="third-party-form")
    _entry_points(monkeypatch, {"shout": _module("shout", [spec], [extra])})
    assert alpdoc.get_format("shout").plugin == "shout"
    assert "third-party-form" in alpdoc.templates()
    assert alpdoc.loads("HELLO", "shout").title == "hello"
    assert alpdoc.dumps(Document(title="hi"), "shout") == "HI"


def test_broken_plugin_is_reported_not_fatal(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    _entry_points(monkeypatch, {"missing": None, "crashing": _module("crashing", fail=RuntimeError("boom"))})
    with pytest.warns(PluginWarning) as record:
        names = {spec.name for spec in alpdoc.formats()}
    messages = " ".join(str(w.message) for w in record)
    assert "'missing'" in messages and "'crashing'" in messages and "boom" in messages
    assert "archive-md" in names


def test_duplicate_format_name_is_an_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    clash = FormatSpec(name="other", aliases=("archive",), reader=_upper_reader)
    _entry_points(monkeypatch, {"clash": _module("clash", [clash])})
    with pytest.raises(PluginError, match="'archive'.*already used by format 'archive-md'"):
        alpdoc.formats()


def test_duplicate_template_name_is_an_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    twice = [Template(name="same"), Template(name="same")]
    _entry_points(monkeypatch, {"twice": _module("twice", templates=twice)})
    with pytest.raises(PluginError, match="'same'"):
        alpdoc.templates()


def test_plugin_returning_garbage_is_an_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    _entry_points(monkeypatch, {"garbage": _module("garbage", ["not a spec"])})
    with pytest.raises(PluginError, match="not a FormatSpec"):
        alpdoc.formats()


def test_reader_bug_surfaces_as_parse_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    def broken(data, *, templates, source):  # noqa: ANN001, ANN202
        raise KeyError("oops")

    _entry_points(monkeypatch, {"broken": _module("broken", [FormatSpec(name="broken", reader=broken)])})
    with pytest.raises(alpdoc.ParseError, match=r"broken reader \(plugin broken\) failed: KeyError"):
        alpdoc.loads("x", "broken")


def test_format_detection(tmp_path) -> None:  # noqa: ANN001
    md = tmp_path / "plan.md"
    md.write_text("# Plan\n\n[[type:learningplan]]\n", encoding="utf-8")
    assert alpdoc.detect_format(md).name == "archive-md"
    unknown = tmp_path / "plan.data"
    unknown.write_text("# Plan\n", encoding="utf-8")
    assert alpdoc.detect_format(unknown).name == "archive-md"
    doc = alpdoc.read(unknown)
    out = tmp_path / "plan.json"
    alpdoc.write(doc, out)
    assert alpdoc.detect_format(out).name == "json"
    assert alpdoc.read(out) == doc
    garbage = tmp_path / "noise.bin"
    garbage.write_bytes(b"\x00\x01\x02")
    with pytest.raises(FormatError, match="cannot tell the format"):
        alpdoc.read(garbage)
