"""The plugin manager: built-ins are plugins, third parties come through entry points.

A broken or hostile third-party plugin is reported with a :class:`PluginWarning`
naming its package and never breaks the built-ins.
"""

from __future__ import annotations

import json
import sys
import types
import warnings
from importlib.metadata import EntryPoint, PathDistribution
from pathlib import Path

import attrs
import pytest

import alpdoc
from alpdoc import FormatSpec, hookimpl, plugins
from alpdoc.cli import main
from alpdoc.errors import FormatError, PluginError, PluginWarning
from alpdoc.model import Document
from alpdoc.templates import Template, TemplateRegistry

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PLAN = REPO / "examples" / "sample_plan.md"


@pytest.fixture
def fresh_plugins(monkeypatch: pytest.MonkeyPatch):
    """A plugin manager built anew for the test, and forgotten after it."""
    plugins.plugin_manager.cache_clear()
    plugins.reset()
    yield
    plugins.plugin_manager.cache_clear()
    plugins.reset()


def _upper_reader(data, *, templates, source):
    text = data.decode() if isinstance(data, bytes) else data
    return Document(title=text.strip().lower())


def _hostile_reader(data, options):
    return Document(title="HOSTILE")


def _module(name: str, specs=(), templates=(), fail: BaseException | None = None) -> types.ModuleType:
    """A plugin module whose hooks return ``specs`` and ``templates`` as given (garbage included)."""
    mod = types.ModuleType(name)

    @hookimpl
    def alpdoc_formats():
        if fail is not None:
            raise fail
        return specs if not isinstance(specs, tuple) else list(specs)

    @hookimpl
    def alpdoc_templates():
        return templates if not isinstance(templates, tuple) else list(templates)

    mod.alpdoc_formats = alpdoc_formats
    mod.alpdoc_templates = alpdoc_templates
    return mod


def _installed(where: Path, package: str, name: str, target: str) -> EntryPoint:
    """The entry point ``name`` of an installed distribution ``package`` (a real ``.dist-info``)."""
    info = where / f"{package.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[alpdoc]\n{name} = {target}\n", encoding="utf-8")
    (ep,) = PathDistribution(info).entry_points
    assert ep.dist is not None and ep.dist.name == package
    return ep


def _entry_points(
    monkeypatch: pytest.MonkeyPatch,
    mapping: dict[str, types.ModuleType | None],
    packages: dict[str, str] | None = None,
    where: Path | None = None,
) -> None:
    """Make ``entry_points(group="alpdoc")`` list ``mapping`` (name -> plugin module; None: fails to import).

    ``packages`` gives the distribution (package) name of some entry points;
    those are read from a real ``.dist-info`` folder under ``where``.
    """
    eps = []
    for name, module in mapping.items():
        target = f"alpdoc_test_plugin_{name.replace('-', '_')}"
        if module is not None:
            monkeypatch.setitem(sys.modules, target, module)
        package = (packages or {}).get(name)
        if package is None:
            eps.append(EntryPoint(name=name, value=target, group=plugins.ENTRY_POINT_GROUP))
        else:
            assert where is not None, "packages need a folder for their .dist-info"
            eps.append(_installed(where / name, package, name, target))
    monkeypatch.setattr(plugins, "entry_points", lambda group: [e for e in eps if e.group == group])


def _messages(record) -> str:
    return "\n".join(str(w.message) for w in record if issubclass(w.category, PluginWarning))


def _builtins_work(tmp_path: Path) -> None:
    """The built-in formats and templates all still work, from the API and the command line."""
    names = {spec.name for spec in alpdoc.formats()}
    assert {"archive-md", "json", "pad-json", "page-text", "table"} <= names
    assert len(alpdoc.template_registry()) > 0
    assert alpdoc.read(SAMPLE_PLAN).title == "Community seed libraries for drought-ready farming"
    assert main(["formats"]) == 0
    out = tmp_path / "plan.json"
    assert main(["convert", str(SAMPLE_PLAN), "-t", "json", "-o", str(out)]) == 0
    assert alpdoc.read(out) == alpdoc.read(SAMPLE_PLAN, "archive-md")


# --------------------------------------------------------------------------- discovery


def test_builtin_formats_are_plugins_of_the_same_manager() -> None:
    names = {spec.name for spec in alpdoc.formats()}
    assert {"archive-md", "json"} <= names
    pm = plugins.plugin_manager()
    for module in plugins.BUILTIN_PLUGINS:
        assert pm.get_plugin(module) is not None
    assert alpdoc.get_format("archive").name == "archive-md"
    assert alpdoc.get_format("MD").name == "archive-md"


def test_builtin_specs_pass_validation() -> None:
    for spec in alpdoc.formats():
        assert plugins.validate_spec(spec) == [], spec.name


def test_validate_spec_has_a_rule_for_every_field() -> None:
    """A field added to FormatSpec gets a type check too (validate_spec is the one place they live)."""
    assert {f.name for f in attrs.fields(FormatSpec)} - {"plugin"} == set(plugins.SPEC_FIELD_RULES)


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(FormatError, match=r"known formats: .*archive-md"):
        alpdoc.get_format("nope")


def test_entry_point_plugin_is_discovered(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    spec = FormatSpec(name="shout", extensions=(".shout",), reader=_upper_reader, writer=lambda d: d.title.upper())
    extra = Template(name="third-party-form")
    _entry_points(monkeypatch, {"shout": _module("shout", [spec], [extra])})
    assert alpdoc.get_format("shout").plugin == "shout"
    assert "third-party-form" in alpdoc.template_registry()
    assert alpdoc.loads("HELLO", "shout").title == "hello"
    assert alpdoc.dumps(Document(title="hi"), "shout") == "HI"


def test_plugin_is_named_by_its_package(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    spec = FormatSpec(name="shout", reader=_upper_reader, plugin="alpdoc.format_plugins.json")  # cannot pose as one
    _entry_points(monkeypatch, {"shout": _module("shout", [spec])}, {"shout": "alpdoc-shout"}, tmp_path)
    assert alpdoc.get_format("shout").plugin == "alpdoc-shout"
    assert [s.name for s in alpdoc.formats()][-1] == "shout"  # listed after the built-ins


def test_list_given_for_a_tuple_field_is_accepted() -> None:
    spec = FormatSpec(name="x", aliases=["y"], extensions=[".x"])  # type: ignore[arg-type]
    assert spec.aliases == ("y",) and spec.extensions == (".x",) and plugins.validate_spec(spec) == []


# --------------------------------------------------------------------------- broken plugins


def test_broken_plugin_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    _entry_points(
        monkeypatch,
        {
            "missing": None,
            "crashing": _module("crashing", fail=RuntimeError("boom")),
            "exiting": _module("exiting", fail=SystemExit(3)),
        },
        {"missing": "alpdoc-missing", "crashing": "alpdoc-crashing"},
        tmp_path,
    )
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    messages = _messages(record)
    assert "'missing' (package alpdoc-missing) could not be loaded from alpdoc_test_plugin_missing" in messages
    assert "'crashing' (package alpdoc-crashing) failed in alpdoc_formats()" in messages and "boom" in messages
    assert "'exiting' failed in alpdoc_formats() and is skipped: SystemExit" in messages


def test_plugin_with_a_bad_hook_signature_is_skipped_whole(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    bad = _module("bad", [FormatSpec(name="half", reader=_upper_reader)])
    bad.alpdoc_templates = hookimpl(lambda unexpected: [])  # an argument the hook spec does not have
    _entry_points(monkeypatch, {"bad": bad}, {"bad": "alpdoc-bad"}, tmp_path)
    with pytest.warns(PluginWarning, match=r"'bad' \(package alpdoc-bad\) could not be loaded"):
        _builtins_work(tmp_path)
    assert "half" not in {s.name for s in alpdoc.formats()}


@pytest.mark.parametrize(
    "garbage",
    [
        42,
        "garbage",
        [None],
        {"name": "x"},
        ["not a spec"],
        b"bytes",
        [FormatSpec(name="ok-part", reader=_upper_reader), 7],
    ],
    ids=["int", "str", "list-of-None", "dict", "list-of-str", "bytes", "spec-and-int"],
)
def test_garbage_from_alpdoc_formats_is_skipped(
    garbage: object, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    """Before: every command failed (PluginError, or a TypeError iterating 42), ``alpdoc formats`` included."""
    good = FormatSpec(name="shout", reader=_upper_reader)
    _entry_points(
        monkeypatch,
        {"garbage": _module("garbage", garbage), "good": _module("good", [good])},
        {"garbage": "alpdoc-garbage"},
        tmp_path,
    )
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
        assert alpdoc.loads("HI", "shout").title == "hi"  # another plugin is not affected
    messages = _messages(record)
    assert "plugin 'garbage' (package alpdoc-garbage)" in messages and "alpdoc_formats()" in messages
    if isinstance(garbage, list) and isinstance(garbage[0], FormatSpec):
        assert alpdoc.get_format("ok-part").plugin == "alpdoc-garbage"  # its good contributions are kept


@pytest.mark.parametrize(
    "garbage",
    [42, "garbage", [None], {"name": "x"}, ["not a template", Template(name="kept-form")]],
    ids=["int", "str", "list-of-None", "dict", "str-and-template"],
)
def test_garbage_from_alpdoc_templates_is_skipped(
    garbage: object, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    _entry_points(monkeypatch, {"bad": _module("bad", templates=garbage)}, {"bad": "alpdoc-bad"}, tmp_path)
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    messages = _messages(record)
    assert "plugin 'bad' (package alpdoc-bad)" in messages and "alpdoc_templates()" in messages
    assert ("kept-form" in alpdoc.template_registry()) == (isinstance(garbage, list) and len(garbage) == 2)


def test_template_name_clash_keeps_the_first(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    """Before: a template named like a built-in (or twice) made every command fail with a PluginError."""
    builtin_name = next(iter(alpdoc.template_registry())).name
    mine = [Template(name=builtin_name, doc_kind="mine"), Template(name="same"), Template(name="same", doc_kind="2")]
    plugins.plugin_manager.cache_clear()
    plugins.reset()
    _entry_points(monkeypatch, {"twice": _module("twice", templates=mine)}, {"twice": "alpdoc-twice"}, tmp_path)
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    messages = _messages(record)
    assert f"template {builtin_name!r}" in messages and "alpdoc-twice" in messages and "'same'" in messages
    assert alpdoc.template_registry()[builtin_name].doc_kind != "mine"
    assert alpdoc.template_registry()["same"].doc_kind == ""


def test_broken_template_is_skipped(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    broken = Template(name="broken", sections=(object(),))  # type: ignore[arg-type]
    _entry_points(monkeypatch, {"bad": _module("bad", templates=[broken])}, {"bad": "alpdoc-bad"}, tmp_path)
    with pytest.warns(PluginWarning, match=r"'bad' \(package alpdoc-bad\).*template 'broken'"):
        _builtins_work(tmp_path)
    assert "broken" not in alpdoc.template_registry()


_BAD_FIELDS = {
    "name-int": ({"name": 3}, "name"),
    "name-empty": ({"name": ""}, "name"),
    "name-space": ({"name": "two words"}, "name"),
    "description": ({"description": None}, "description"),
    "aliases-str": ({"aliases": "md"}, "aliases"),
    "aliases-int": ({"aliases": (1,)}, "aliases"),
    "extensions-str": ({"extensions": ".md"}, "extensions"),
    "extensions-no-dot": ({"extensions": ("md",)}, "extensions"),
    "extensions-int": ({"extensions": (5,)}, "extensions"),
    "extensions-upper": ({"extensions": (".MD",)}, "extensions"),
    "extensions-two-dots": ({"extensions": (".tar.gz",)}, "extensions"),
    "reader": ({"reader": "read_it"}, "reader"),
    "writer": ({"writer": 1}, "writer"),
    "project": ({"project": None}, "project"),
    "sniff": ({"sniff": True}, "sniff"),
    "binary": ({"binary": "yes"}, "binary"),
    "read_all": ({"read_all": []}, "read_all"),
    "viewer_notes": ({"viewer_notes": "none"}, "viewer_notes"),
    "platform_content": ({"platform_content": 1}, "platform_content"),
    "overrides": ({"overrides": 5}, "overrides"),
}


@pytest.mark.parametrize("fields, field_name", list(_BAD_FIELDS.values()), ids=list(_BAD_FIELDS))
def test_spec_with_wrong_field_types_is_skipped(
    fields: dict, field_name: str, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    """Before: a wrong type made every command fail (TypeError, AttributeError) or was kept silently."""
    spec = FormatSpec(**{"name": "wrong", "reader": _upper_reader, **fields})
    good = FormatSpec(name="shout", reader=_upper_reader)
    _entry_points(monkeypatch, {"wrong": _module("wrong", [spec, good])}, {"wrong": "alpdoc-wrong"}, tmp_path)
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    messages = _messages(record)
    assert "plugin 'wrong' (package alpdoc-wrong)" in messages and f"{field_name} must be" in messages
    assert spec not in alpdoc.formats() and "wrong" not in {s.name for s in alpdoc.formats()}
    assert alpdoc.get_format("shout").plugin == "alpdoc-wrong"
    assert any(p.startswith(f"{field_name} must be") for p in plugins.validate_spec(spec))


class _Callable:  # noqa: PLW1641 - unhashable on purpose
    """A callable object that cannot be hashed (``__eq__`` without ``__hash__``)."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Callable) and other.fn is self.fn

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def test_unhashable_callables_are_fine(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    """Before: an unhashable ``project`` broke every command (TypeError from a cache), an unhashable reader every read."""
    spec = FormatSpec(
        name="objects",
        reader=_Callable(_upper_reader),
        writer=_Callable(lambda doc: doc.title),
        project=_Callable(lambda doc: doc),
    )
    _entry_points(monkeypatch, {"objects": _module("objects", [spec])}, {"objects": "alpdoc-objects"}, tmp_path)
    _builtins_work(tmp_path)
    assert alpdoc.loads("HI", "objects").title == "hi"
    assert plugins.call_project(alpdoc.get_format("objects"), Document(title="t")).title == "t"


def test_registry_given_clashing_specs_directly_is_an_error() -> None:
    """Only the plugin loader resolves clashes; a Registry built by hand says what is wrong."""
    with pytest.raises(PluginError, match="'a'"):
        plugins.Registry([FormatSpec(name="a"), FormatSpec(name="b", aliases=("A",))], [])
    with pytest.raises(PluginError, match="'same'"):
        TemplateRegistry([Template(name="same"), Template(name="same")])


# --------------------------------------------------------------------------- clashes


@pytest.mark.parametrize(
    "clash",
    [
        FormatSpec(name="archive-md", reader=_hostile_reader),
        FormatSpec(name="MD", reader=_hostile_reader),  # a built-in's alias, in other case
        FormatSpec(name="json", reader=_hostile_reader, writer=lambda d: "x"),
    ],
    ids=["name", "alias-as-name", "json"],
)
def test_builtin_wins_a_name_clash(
    clash: FormatSpec, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    """Before: PluginError from every command, even ``alpdoc.read("plan.md")``."""
    _entry_points(monkeypatch, {"clash": _module("clash", [clash])}, {"clash": "alpdoc-clash"}, tmp_path)
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    messages = _messages(record)
    assert "plugin 'clash' (package alpdoc-clash)" in messages and "skipped" in messages
    assert "built-in" in messages and "alpdoc.format_plugins." in messages
    assert all(s.plugin.startswith("alpdoc.") for s in alpdoc.formats())


def test_clashing_alias_is_dropped_the_format_kept(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    spec = FormatSpec(name="notes", aliases=("archive", "nts"), reader=_upper_reader)
    _entry_points(monkeypatch, {"notes": _module("notes", [spec])}, {"notes": "alpdoc-notes"}, tmp_path)
    with pytest.warns(PluginWarning, match=r"alias 'archive'.*built-in format 'archive-md'"):
        _builtins_work(tmp_path)
    assert alpdoc.get_format("archive").name == "archive-md"
    assert alpdoc.get_format("nts").name == "notes" and alpdoc.get_format("notes").aliases == ("nts",)


def test_override_replaces_a_builtin(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    better = FormatSpec(name="page-text", aliases=("page",), reader=_hostile_reader, overrides="page-text")
    _entry_points(monkeypatch, {"better": _module("better", [better])}, {"better": "alpdoc-better"}, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginWarning)  # asked for explicitly: no warning
        spec = alpdoc.get_format("page")
        assert spec.plugin == "alpdoc-better" and spec.overrides == "page-text"
        assert alpdoc.loads("Disclaimer:\n", "page-text").title == "HOSTILE"
        assert [s.name for s in alpdoc.formats()].count("page-text") == 1


def test_override_by_alias_takes_the_builtins_place(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    mine = FormatSpec(
        name="my-md", aliases=("md",), extensions=(".md",), reader=_hostile_reader, sniff=lambda h: True, overrides="MD"
    )
    other = FormatSpec(name="alpha-md", extensions=(".md",), reader=_upper_reader, sniff=lambda head: True)
    _entry_points(
        monkeypatch,
        {"mine": _module("mine", [mine]), "other": _module("other", [other])},
        {"mine": "alpdoc-zz-mine", "other": "alpdoc-aa-other"},
        tmp_path,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginWarning)  # the built-in is gone: .md is shared by two plugins only
        assert alpdoc.get_format("md").overrides == "archive-md"
        assert [s.name for s in plugins.registry().by_extension(".md")] == ["my-md", "alpha-md"]
        names = [s.name for s in alpdoc.formats()]
        assert names.index("my-md") < names.index("table") < names.index("alpha-md")  # ranked as a built-in
        assert alpdoc.read(SAMPLE_PLAN).title == "HOSTILE"
    with pytest.raises(FormatError, match="unknown format 'archive-md'"):
        alpdoc.get_format("archive-md")


def test_override_of_no_builtin_is_reported(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    spec = FormatSpec(name="shout", reader=_upper_reader, overrides="no-such-format")
    _entry_points(monkeypatch, {"shout": _module("shout", [spec])}, {"shout": "alpdoc-shout"}, tmp_path)
    with pytest.warns(PluginWarning, match=r"overrides 'no-such-format'.*no built-in format"):
        assert alpdoc.get_format("shout").plugin == "alpdoc-shout"
    assert alpdoc.get_format("shout").overrides is None and alpdoc.formats()[-1].name == "shout"


def test_two_overrides_of_one_builtin_first_package_wins(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    def spec(title: str) -> FormatSpec:
        return FormatSpec(name="page-text", reader=lambda data, options: Document(title=title), overrides="page-text")

    _entry_points(
        monkeypatch,
        {"zz": _module("zz", [spec("b")]), "aa": _module("aa", [spec("a")])},
        {"zz": "alpdoc-b", "aa": "alpdoc-a"},
        tmp_path,
    )
    with pytest.warns(PluginWarning, match=r"alpdoc-b.*alpdoc-a"):
        assert alpdoc.loads("x", "page-text").title == "a"


@pytest.mark.parametrize("order", ["a-first", "b-first"])
def test_two_plugins_clashing_first_package_by_name_wins(
    order: str, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    def module(tag: str) -> types.ModuleType:
        return _module(tag, [FormatSpec(name="shout", reader=lambda data, options: Document(title=tag))])

    mapping = {"one": module("from-b"), "two": module("from-a")}
    if order == "b-first":
        mapping = dict(reversed(list(mapping.items())))
    _entry_points(monkeypatch, mapping, {"one": "alpdoc-b", "two": "alpdoc-a"}, tmp_path)
    with pytest.warns(PluginWarning, match=r"'shout'.*alpdoc-b.*skipped.*alpdoc-a"):
        assert alpdoc.loads("x", "shout").title == "from-a"


def test_entry_point_name_used_by_two_packages(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    a = _installed(tmp_path / "a", "alpdoc-a", "same", "alpdoc_test_plugin_a")
    b = _installed(tmp_path / "b", "alpdoc-b", "same", "alpdoc_test_plugin_b")
    for tag in ("a", "b"):
        spec = FormatSpec(name=f"f{tag}", reader=_upper_reader)
        monkeypatch.setitem(sys.modules, f"alpdoc_test_plugin_{tag}", _module(tag, [spec]))
    monkeypatch.setattr(plugins, "entry_points", lambda group: [b, a])
    with pytest.warns(PluginWarning, match=r"'same' \(package alpdoc-b\).*alpdoc-a"):
        names = {s.name for s in alpdoc.formats()}
    assert "fa" in names and "fb" not in names


# --------------------------------------------------------------------------- extensions and detection


def _hostile_md(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str = "alpha-md") -> None:
    """A plugin claiming .md whose sniff says yes to anything (its name sorts before archive-md)."""
    hostile = FormatSpec(name=name, extensions=(".md",), reader=_hostile_reader, sniff=lambda head: True)
    _entry_points(monkeypatch, {"hostile": _module("hostile", [hostile])}, {"hostile": "alpdoc-hostile"}, tmp_path)


def test_plugin_claiming_a_builtin_extension_is_warned_and_comes_second(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    _hostile_md(monkeypatch, tmp_path)
    with pytest.warns(PluginWarning) as record:
        by_md = plugins.registry().by_extension(".MD")
    assert [s.name for s in by_md] == ["archive-md", "alpha-md"]
    message = _messages(record)
    assert "'alpha-md'" in message and "alpdoc-hostile" in message and ".md" in message
    assert "'archive-md'" in message and "alpdoc.format_plugins.archive_md" in message
    assert alpdoc.read(SAMPLE_PLAN).title == "Community seed libraries for drought-ready farming"
    other = tmp_path / "plan.data"  # no format claims .data: every reader sniffs, built-ins first
    other.write_bytes(SAMPLE_PLAN.read_bytes())
    assert alpdoc.detect_format(other).name == "archive-md"
    assert alpdoc.read(other) == alpdoc.read(SAMPLE_PLAN)


def test_convert_with_a_plugin_claiming_md_reads_archive_md(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: ``alpdoc convert real.md -t json`` wrote the plugin's document, exit 0, no warning."""
    _hostile_md(monkeypatch, tmp_path)
    out = tmp_path / "real.json"
    with pytest.warns(PluginWarning, match=r"'alpha-md'.*alpdoc-hostile.*\.md.*'archive-md'"):
        assert main(["convert", str(SAMPLE_PLAN), "-t", "json", "-o", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["document"]["title"] == "Community seed libraries for drought-ready farming"
    assert alpdoc.read(out) == alpdoc.read(SAMPLE_PLAN, "archive-md")
    assert main(["convert", str(SAMPLE_PLAN), "-f", "alpha-md", "-t", "json"]) == 0  # chosen by name: its reader
    assert json.loads(capsys.readouterr().out)["document"]["title"] == "HOSTILE"


@pytest.mark.corpus
def test_plugin_claiming_md_leaves_the_corpus_to_archive_md(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path
) -> None:
    _hostile_md(monkeypatch, tmp_path)
    with pytest.warns(PluginWarning):
        plugins.registry()
    paths = sorted(corpus_dir.glob("*.md"))
    for path in paths[:: max(1, len(paths) // 300)]:
        assert alpdoc.detect_format(path).name == "archive-md", path


# --------------------------------------------------------------------------- readers


def test_reader_returning_none_names_the_package(
    monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the message named the entry point only (``plugin nothing``), not the package."""
    spec = FormatSpec(name="nothing", extensions=(".nothing",), reader=lambda data, options: None)
    _entry_points(monkeypatch, {"nothing": _module("nothing", [spec])}, {"nothing": "alpdoc-nothing"}, tmp_path)
    with pytest.raises(alpdoc.ParseError, match=r"nothing reader \(plugin alpdoc-nothing\) returned NoneType"):
        alpdoc.loads("x", "nothing")
    path = tmp_path / "a.nothing"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(alpdoc.ParseError, match=rf"^{path}:.*alpdoc-nothing"):
        alpdoc.read(path)
    assert main(["convert", str(path), "-t", "json"]) == 2  # an error, not a document of None
    assert "(plugin alpdoc-nothing) returned NoneType, not a Document" in capsys.readouterr().err


def test_reader_bug_surfaces_as_parse_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    def broken(data, *, templates, source):
        raise KeyError("oops")

    _entry_points(monkeypatch, {"broken": _module("broken", [FormatSpec(name="broken", reader=broken)])})
    with pytest.raises(alpdoc.ParseError, match=r"broken reader \(plugin broken\) failed: KeyError"):
        alpdoc.loads("x", "broken")


def test_reader_bug_names_the_package(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    """Before: ``plugin broken`` (the entry point), not the package to report the bug to."""

    def broken(data, options):
        raise KeyError("oops")

    _entry_points(
        monkeypatch,
        {"broken": _module("broken", [FormatSpec(name="broken", reader=broken)])},
        {"broken": "alpdoc-broken"},
        tmp_path,
    )
    with pytest.raises(alpdoc.ParseError, match=r"broken reader \(plugin alpdoc-broken\) failed: KeyError"):
        alpdoc.loads("x", "broken")


# --------------------------------------------------------------------------- check_pending


def test_misspelled_hook_is_reported(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None, tmp_path: Path) -> None:
    """Before: ``alpdoc_format`` (for ``alpdoc_formats``) was silently never called."""
    typo = types.ModuleType("typo")
    typo.alpdoc_format = hookimpl(lambda: [FormatSpec(name="never", reader=_upper_reader)])
    typo.alpdoc_templates = hookimpl(lambda: [Template(name="typo-form")])
    _entry_points(monkeypatch, {"typo": typo}, {"typo": "alpdoc-typo"}, tmp_path)
    with pytest.warns(PluginWarning) as record:
        _builtins_work(tmp_path)
    message = _messages(record)
    assert "'typo' (package alpdoc-typo)" in message and "unknown hook alpdoc_format()" in message
    assert "did you mean alpdoc_formats()" in message
    assert "never" not in {s.name for s in alpdoc.formats()}
    assert "typo-form" in alpdoc.template_registry()  # the plugin stays; only its unknown hook is ignored


def test_optional_unknown_hook_is_not_reported(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> None:
    future = types.ModuleType("future")
    future.alpdoc_viewers = hookimpl(optionalhook=True)(lambda: [])  # noqa: PIE807 - pluggy marks the function
    _entry_points(monkeypatch, {"future": future})
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginWarning)
        alpdoc.formats()


def test_misspelled_hook_of_a_plugin_registered_at_run_time(fresh_plugins: None) -> None:
    typo = types.SimpleNamespace(alpdoc_template=hookimpl(lambda: []))  # noqa: PIE807 - likewise
    with pytest.warns(PluginWarning, match=r"'run-time-typo'.*unknown hook alpdoc_template\(\)"):
        plugins.register(typo, name="run-time-typo")


# --------------------------------------------------------------------------- detection


def test_format_detection(tmp_path) -> None:
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


def test_reader_calling_sys_exit_is_a_parse_error(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None,
                                                  tmp_path: Path) -> None:
    """Before: ``SystemExit`` went through ``loads`` and ended the program."""

    def leaving(data, options):
        raise SystemExit(3)

    _entry_points(
        monkeypatch,
        {"leaving": _module("leaving", [FormatSpec(name="leaving", reader=leaving)])},
        {"leaving": "alpdoc-leaving"},
        tmp_path,
    )
    with pytest.raises(alpdoc.ParseError, match=r"leaving reader \(plugin alpdoc-leaving\) failed: SystemExit"):
        alpdoc.loads("x", "leaving")
