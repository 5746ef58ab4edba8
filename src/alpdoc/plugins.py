"""The plugin manager and the registry of formats and templates it builds."""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import evolve, field, frozen

from . import hookspecs
from .errors import FormatError, PluginError, PluginWarning
from .model import Document
from .options import ReaderOptions
from .spec_checks import SPEC_FIELD_RULES, short_repr, validate_spec
from .templates import Template, TemplateRegistry

__all__ = [
    "FormatSpec",
    "PluginSource",
    "SPEC_FIELD_RULES",
    "validate_spec",
    "Reader",
    "Writer",
    "Registry",
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "plugin_manager",
    "registry",
    "register",
    "reset",
]

ENTRY_POINT_GROUP = "alpdoc"
BUILTIN_PLUGINS = (
    "alpdoc.format_plugins.archive_md",
    "alpdoc.format_plugins.docx",
    "alpdoc.format_plugins.geojson",
    "alpdoc.format_plugins.html",
    "alpdoc.format_plugins.json",
    "alpdoc.format_plugins.pad_json",
    "alpdoc.format_plugins.platform_csv",
    "alpdoc.format_plugins.platform_xlsx",
    "alpdoc.format_plugins.platform_zip",
    "alpdoc.format_plugins.page_text",
    "alpdoc.format_plugins.table",
    "alpdoc.templates.builtin",
)

Reader = Callable[..., Document]
"""``reader(data: bytes | str, options: ReaderOptions) -> Document``

The older signature ``reader(data, *, templates, source)`` is still called
that way (told apart by its ``options`` parameter, or lack of one).
"""
Writer = Callable[[Document], "str | bytes"]
ReadAll = Callable[..., Iterator[Document]]
"""``read_all(data: bytes | str, options: ReaderOptions) -> Iterator[Document]`` (or the older signature)."""
WriteAll = Callable[[Sequence[Document]], "str | bytes"]
"""``write_all(docs: Sequence[Document]) -> str | bytes``: one file holding every document of ``docs``."""


@functools.lru_cache(maxsize=256)
def _cached_parameters(fn: Callable[..., Any]) -> frozenset[str] | None:
    try:
        return frozenset(inspect.signature(fn).parameters)
    except (TypeError, ValueError):  # a builtin or an odd callable: its parameters cannot be told
        return None


def _parameters(fn: Callable[..., Any]) -> frozenset[str] | None:
    try:
        return _cached_parameters(fn)
    except TypeError:  # an unhashable callable object: ask its signature every time
        return _cached_parameters.__wrapped__(fn)


def _takes_options(fn: Callable[..., Any]) -> bool:
    """Whether a reader has the current signature (an ``options`` parameter; assumed when it cannot be told)."""
    names = _parameters(fn)
    return names is None or "options" in names


def _takes(fn: Callable[..., Any], name: str) -> bool:
    """Whether ``fn`` has a parameter called ``name`` (``False`` when it cannot be told)."""
    names = _parameters(fn)
    return names is not None and name in names


def call_with_options(fn: Callable[..., Any], data: bytes | str, options: ReaderOptions) -> Any:
    """Call a reader (or ``read_all``) of either signature with ``options``."""
    if _takes_options(fn):
        return fn(data, options=options)
    return fn(data, templates=options.templates, source=options.source)


def call_project(
    spec: FormatSpec, doc: Document, options: ReaderOptions | None = None, *, written: str | bytes | None = None
) -> Document:
    """``spec.project(doc)``, passing ``options`` (and ``written``) to a projection that takes them.

    A projection with an ``options`` parameter says what reading back *with
    those options* gives (templates change how some formats read); one
    without it is called with the document alone. ``written`` is the
    writer's output for ``doc`` when the caller has it already: a projection
    with a ``written`` parameter may use it to answer faster (never to answer
    differently).
    """
    project = spec.project
    kwargs: dict[str, Any] = {}
    if options is not None and _takes_options(project):
        kwargs["options"] = options
    if written is not None and _takes(project, "written"):
        kwargs["written"] = written
    return project(doc, **kwargs)


def _identity(doc: Document) -> Document:
    return doc


def _as_tuple(value: Any) -> Any:
    """A list given for a tuple field becomes a tuple; anything else is left for :func:`validate_spec`."""
    return tuple(value) if isinstance(value, list) else value


@frozen(kw_only=True)
class FormatSpec:
    """What a plugin declares about one format.

    The registry checks every field's type (:func:`validate_spec`) and skips a
    spec that fails with a :class:`~alpdoc.PluginWarning`:

    - ``name`` (``str``, no white space) and ``aliases`` (``tuple[str, ...]``):
      what users call the format, case-insensitively. A built-in keeps its
      names when a plugin uses them too (see ``overrides``).
    - ``description`` (``str``): one line for ``alpdoc formats``.
    - ``extensions`` (``tuple[str, ...]``): lower-case suffixes with one dot, ``".csv"``.
    - ``reader(data, options) -> Document`` and ``writer(doc) -> str | bytes``
      (either may be ``None``); ``read_all(data, options)`` and ``write_all(docs)``
      for files of several documents.
    - ``project(doc) -> Document``: the format's view of a document, what
      remains of it after writing and reading back.
    - ``sniff(head: bytes) -> bool`` (or ``None``): whether a file's first
      bytes look like this format.
    - ``binary`` and ``platform_content`` (``bool``).
    - ``overrides`` (``str | None``): the name of the built-in format this one replaces.
    - ``plugin`` (``str``): set by the registry to the package that provided
      the format (its distribution name; a built-in's module name).
    """

    name: str
    description: str = ""
    aliases: tuple[str, ...] = field(default=(), converter=_as_tuple)
    extensions: tuple[str, ...] = field(default=(), converter=_as_tuple)
    reader: Reader | None = None
    writer: Writer | None = None
    project: Callable[[Document], Document] = field(default=_identity)
    sniff: Callable[[bytes], bool] | None = None
    binary: bool = False
    plugin: str = ""
    """The package that provided the format, set by the registry (whatever the plugin says)."""
    overrides: str | None = None
    """The name of a built-in format this one replaces, names, extensions and all.

    Without it a built-in always wins a name clash and comes first for a
    shared extension; with it the built-in is gone and this spec takes its
    place (declare the built-in's aliases and extensions to keep them).
    """
    read_all: ReadAll | None = None
    """For formats whose files hold several documents: yields them one by one.

    Without it, :func:`alpdoc.read_all` yields the single document ``reader`` returns.
    """
    write_all: WriteAll | None = None
    """A file of several documents: ``write_all(docs)`` writes every document of ``docs`` into one.

    Without it a format writes one document per file (:func:`alpdoc.write_all`
    refuses more than one document); ``read_all`` reads what it writes back,
    document by document.
    """
    sniff_extensions: tuple[str, ...] = field(default=(), converter=_as_tuple)
    """Extensions of other formats' files this format reads when its ``sniff`` recognises the content
    (``geojson``: a ``.json`` holding Features). Never used to pick a writer; among a file's candidate
    readers these come first (their sniff is the more specific)."""
    viewer_notes: Callable[[Document], Iterable[Any]] | None = None
    """What the format's usual viewer shows other than intended (for ``archive-md``: the archive
    page's rendering), as :class:`alpdoc.differences.Difference` items of severity ``"viewer"``;
    loss reports list them apart from content losses. ``None``: nothing to say."""
    platform_content: bool = False
    """Whether ``writer`` and ``project`` handle the platform-only parts of the model
    (:attr:`Document.platform`, ``EmbedItem``, ``MetaItem``, option ids, ...).

    When ``False`` the registry hands both :func:`alpdoc.projection.drop_platform`'s
    result instead of the document, so a format written before those classes
    existed never meets them.
    """

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    @property
    def can_write_all(self) -> bool:
        """Whether one file of this format can hold several documents."""
        return self.write_all is not None


def _registry_order(spec: FormatSpec) -> tuple[bool, str]:
    """Built-in formats (and the plugin formats that replace one) first, then by name."""
    return (spec.plugin not in BUILTIN_PLUGINS and spec.overrides is None, spec.name)


class Registry:
    """Formats and templates collected from every registered plugin.

    Registry order, used wherever several formats could take a file: the
    built-in formats (or the plugin formats that override one) by name, then
    the other plugins' formats by name.
    """

    def __init__(self, formats: Iterable[FormatSpec], templates: Iterable[Template]) -> None:
        self._names: dict[str, FormatSpec] = {}
        for spec in formats:
            for name in (spec.name, *spec.aliases):
                key = name.lower()
                if key in self._names:
                    other = self._names[key]
                    raise PluginError(
                        f"format name {name!r} of plugin {spec.plugin or '?'} is already used by "
                        f"format {other.name!r} of plugin {other.plugin or '?'}"
                    )
                self._names[key] = spec
        self._formats = tuple(sorted({id(s): s for s in self._names.values()}.values(), key=_registry_order))
        self._by_extension: dict[str, list[FormatSpec]] = {}
        self._by_content: dict[str, list[FormatSpec]] = {}
        for spec in self._formats:
            for ext in spec.extensions:
                self._by_extension.setdefault(ext.lower(), []).append(spec)
            for ext in spec.sniff_extensions:
                if spec.sniff is not None and ext.lower() not in (e.lower() for e in spec.extensions):
                    self._by_content.setdefault(ext.lower(), []).append(spec)
        self.templates = TemplateRegistry(templates)

    def formats(self) -> tuple[FormatSpec, ...]:
        """Every format, in registry order (built-ins first, then plugins; each by name)."""
        return self._formats

    def get(self, name: str) -> FormatSpec:
        try:
            return self._names[name.lower()]
        except KeyError:
            known = ", ".join(sorted(s.name for s in self._formats))
            raise FormatError(f"unknown format {name!r} (known formats: {known})") from None

    def by_extension(self, suffix: str) -> list[FormatSpec]:
        """The formats claiming ``suffix`` (any case), in registry order: built-ins first."""
        return list(self._by_extension.get(suffix.lower(), ()))

    def by_content(self, suffix: str) -> list[FormatSpec]:
        """The formats that read ``suffix`` files only when their sniff recognises them (``sniff_extensions``)."""
        return list(self._by_content.get(suffix.lower(), ()))

    def sniff(self, head: bytes, candidates: Iterable[FormatSpec] | None = None) -> FormatSpec | None:
        """The first of ``candidates`` (default: every format, in registry order) whose sniff says yes."""
        for spec in self.formats() if candidates is None else candidates:
            if spec.sniff is not None:
                try:
                    if spec.sniff(head):
                        return spec
                except Exception:  # noqa: BLE001 - a broken sniffer must not stop detection
                    continue
        return None


def _without_platform(spec: FormatSpec) -> FormatSpec:
    """``spec`` with its writer and projection seeing documents through ``drop_platform``."""
    from .projection import drop_platform

    changes: dict[str, Any] = {}
    writer, project = spec.writer, spec.project
    if writer is not None:
        changes["writer"] = functools.wraps(writer)(lambda doc: writer(drop_platform(doc)))
    write_all = spec.write_all
    if write_all is not None:
        changes["write_all"] = functools.wraps(write_all)(lambda docs: write_all([drop_platform(d) for d in docs]))
    # The wrapper has the projection's own signature (functools.wraps), so call_project
    # passes it the same keyword arguments.
    changes["project"] = functools.wraps(project)(lambda doc, **kw: project(drop_platform(doc), **kw))
    return evolve(spec, **changes)


@frozen
class PluginSource:
    """Who provided a format or template: the plugin's registered name and its package."""

    name: str
    """The entry point's name (a built-in's module name; the name given to :func:`register`)."""
    package: str
    """The installed distribution that holds the plugin; ``name`` when unknown."""

    @property
    def builtin(self) -> bool:
        return self.name in BUILTIN_PLUGINS

    def rank(self) -> tuple[int, int, str, str]:
        """Built-ins first (in :data:`BUILTIN_PLUGINS` order), then plugins by package and name."""
        if self.builtin:
            return (0, BUILTIN_PLUGINS.index(self.name), "", "")
        return (1, 0, self.package, self.name)

    def __str__(self) -> str:
        if self.builtin:
            return f"built-in plugin {self.name!r}"
        return f"plugin {self.name!r}" + (f" (package {self.package})" if self.package != self.name else "")


class _Manager(pluggy.PluginManager):
    """alpdoc's plugin manager: pluggy's, remembering which package each entry point came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.packages: dict[str, str] = {}


def _warn(message: str) -> None:
    warnings.warn(message, PluginWarning, stacklevel=4)


def _source(pm: pluggy.PluginManager, plugin: object) -> PluginSource:
    name = pm.get_name(plugin) or getattr(plugin, "__name__", None) or repr(plugin)
    return PluginSource(name, getattr(pm, "packages", {}).get(name, name))


def _package_name(ep: EntryPoint) -> str | None:
    """The name of the distribution that declares ``ep`` (``None`` when it cannot be told)."""
    try:
        dist = getattr(ep, "dist", None)
        name = dist.name if dist is not None else None
    except Exception:  # noqa: BLE001 - unreadable metadata: name the entry point only
        return None
    return name if isinstance(name, str) and name else None


def _load_entry_points(pm: _Manager) -> None:
    """Register every ``alpdoc`` entry point, by package name then entry-point name."""
    try:
        found = [(_package_name(ep) or ep.name, ep) for ep in entry_points(group=ENTRY_POINT_GROUP)]
    except Exception as exc:  # noqa: BLE001 - broken metadata of some package
        _warn(f"alpdoc could not list the installed plugins and goes on without them: {type(exc).__name__}: {exc}")
        return
    for package, ep in sorted(found, key=lambda pair: (pair[0], pair[1].name)):
        source = PluginSource(ep.name, package)
        if pm.is_blocked(ep.name):
            continue
        if pm.get_plugin(ep.name) is not None:
            owner = pm.packages.get(ep.name, ep.name)
            if owner != package:
                _warn(f"alpdoc {source} is skipped: {owner} already provides a plugin called {ep.name!r}")
            continue
        try:
            pm.register(ep.load(), name=ep.name)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a broken plugin is reported, not fatal
            _warn(f"alpdoc {source} could not be loaded from {ep.value} and is skipped: {type(exc).__name__}: {exc}")
            continue
        pm.packages[ep.name] = package


_KNOWN_HOOKS = sorted(name for name in vars(hookspecs) if name.startswith("alpdoc_"))


def _report_unknown_hooks(pm: pluggy.PluginManager, among: Iterable[object] | None = None) -> None:
    """``pm.check_pending()``, its error turned into a warning per unknown hook (of the plugins ``among``).

    A plugin with a hook alpdoc has no spec for (a misspelling, usually) stays
    registered; alpdoc never calls that hook. ``@hookimpl(optionalhook=True)``
    marks a hook that is unknown on purpose (one of a newer alpdoc).
    """
    try:
        pm.check_pending()
        return
    except pluggy.PluginValidationError:
        pass
    plugins = list(pm.get_plugins() if among is None else among)
    for plugin in sorted(plugins, key=lambda p: _source(pm, p).rank()):
        for caller in pm.get_hookcallers(plugin) or ():
            if caller.has_spec() or all(i.optionalhook for i in caller.get_hookimpls() if i.plugin is plugin):
                continue
            close = difflib.get_close_matches(caller.name, _KNOWN_HOOKS, n=1)
            hint = f" (did you mean {close[0]}()?)" if close else ""
            _warn(
                f"alpdoc {_source(pm, plugin)} has an unknown hook {caller.name}(){hint}: alpdoc never calls it "
                f"(its other hooks are used; known hooks: {', '.join(_KNOWN_HOOKS)})"
            )


@functools.lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager: built-in plugins plus the ``alpdoc`` entry points."""
    pm = _Manager()
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    _load_entry_points(pm)
    _report_unknown_hooks(pm)
    return pm


def _collect(pm: pluggy.PluginManager, hook_name: str, what: str) -> list[tuple[PluginSource, Any]]:
    """Every item each plugin returns from a hook, built-ins first, then plugins by package.

    Each implementation is called on its own, so one broken plugin cannot hide
    the others; one that raises or returns anything but a list (or tuple) is
    skipped with a warning.
    """
    out: list[tuple[PluginSource, Any]] = []
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        source = _source(pm, impl.plugin)
        try:
            result = impl.function()
        except (Exception, SystemExit) as exc:  # noqa: BLE001
            _warn(f"alpdoc {source} failed in {hook_name}() and is skipped: {type(exc).__name__}: {exc}")
            continue
        if result is None:
            continue
        if not isinstance(result, (list, tuple)):
            _warn(f"alpdoc {source} returned {short_repr(result)} from {hook_name}(), not a list of {what}; skipped")
            continue
        out.extend((source, value) for value in result)
    out.sort(key=lambda pair: pair[0].rank())  # stable: each plugin's items keep their order
    return out


def _described(source: PluginSource, spec: FormatSpec) -> str:
    if source.builtin:
        return f"built-in format {spec.name!r} ({source.name})"
    return f"format {spec.name!r} of {source}"


def _checked_specs(pm: pluggy.PluginManager) -> list[tuple[PluginSource, FormatSpec]]:
    """The specs of every plugin that pass :func:`validate_spec`, each naming its package in ``plugin``."""
    out = []
    for source, spec in _collect(pm, "alpdoc_formats", "FormatSpec"):
        problems = validate_spec(spec)
        if problems:
            named = isinstance(spec, FormatSpec) and isinstance(spec.name, str)
            which = f"format {spec.name!r}" if named else "a format"
            _warn(f"alpdoc {source}: {which} from alpdoc_formats() is skipped: {'; '.join(problems)}")
            continue
        try:
            out.append((source, evolve(spec, plugin=source.package)))
        except Exception as exc:  # noqa: BLE001 - a FormatSpec subclass that cannot be copied
            _warn(f"alpdoc {source}: format {spec.name!r} is skipped: {type(exc).__name__}: {exc}")
    return out


def _apply_overrides(
    entries: list[tuple[PluginSource, FormatSpec]],
) -> list[tuple[PluginSource, FormatSpec]]:
    """Built-ins (less those replaced), then the replacements, then the other plugins' specs.

    ``overrides`` may give any name of the built-in (``md`` for ``archive-md``);
    a spec whose ``overrides`` names no built-in keeps ``overrides=None``.
    """
    builtins = {spec.name: (source, spec) for source, spec in entries if source.builtin}
    builtin_names = {n.lower(): spec.name for _s, spec in builtins.values() for n in (spec.name, *spec.aliases)}
    replacing: dict[str, tuple[PluginSource, FormatSpec]] = {}
    others = []
    for source, spec in entries:
        if source.builtin:
            continue
        if spec.overrides is None:
            others.append((source, spec))
            continue
        target = builtin_names.get(spec.overrides.lower())
        if target is None:
            _warn(
                f"alpdoc {_described(source, spec)} overrides {spec.overrides!r}, but there is no built-in format "
                "of that name: it is kept as an ordinary plugin format"
            )
            others.append((source, evolve(spec, overrides=None)))
        elif target in replacing:
            _warn(
                f"alpdoc {_described(source, spec)} is skipped: it overrides built-in format {target!r}, "
                f"which {_described(*replacing[target])} already overrides (the first package by name wins)"
            )
        else:
            replacing[target] = (source, spec if spec.overrides == target else evolve(spec, overrides=target))
    kept = [entry for name, entry in builtins.items() if name not in replacing]
    return kept + list(replacing.values()) + others


def _resolve_names(entries: list[tuple[PluginSource, FormatSpec]]) -> list[tuple[PluginSource, FormatSpec]]:
    """Each name to the first spec claiming it: built-ins, replacements, then plugins by package.

    A spec whose name is taken is skipped; an alias that is taken is dropped
    (the spec is kept under its other names).
    """
    taken: dict[str, tuple[PluginSource, FormatSpec]] = {}
    out = []
    for source, spec in entries:
        if spec.name.lower() in taken:
            holder_source, holder = taken[spec.name.lower()]
            hint = f"; to replace it, set overrides={holder.name!r}" if holder_source.builtin else ""
            _warn(
                f"alpdoc {_described(source, spec)} is skipped: its name is already used by "
                f"{_described(holder_source, holder)} (built-ins win a clash, then the first package by name){hint}"
            )
            continue
        aliases: list[str] = []
        for alias in spec.aliases:
            key = alias.lower()
            if key == spec.name.lower() or key in (a.lower() for a in aliases):
                continue
            if key in taken:
                _warn(f"alpdoc: alias {alias!r} of {_described(source, spec)} is dropped: it is a name of "
                      f"{_described(*taken[key])}")
                continue
            aliases.append(alias)
        if tuple(aliases) != spec.aliases:
            spec = evolve(spec, aliases=tuple(aliases))
        for name in (spec.name, *spec.aliases):
            taken[name.lower()] = (source, spec)
        out.append((source, spec))
    return out


def _warn_shared_extensions(entries: list[tuple[PluginSource, FormatSpec]]) -> None:
    """A plugin's format claiming a built-in format's extension is allowed, never silently."""
    builtin_of: dict[str, tuple[PluginSource, FormatSpec]] = {}
    for source, spec in entries:
        if source.builtin:
            for ext in spec.extensions:
                builtin_of.setdefault(ext, (source, spec))
    for source, spec in entries:
        if source.builtin:
            continue
        for ext in spec.extensions:
            if ext in builtin_of:
                _, builtin = builtin_of[ext]
                _warn(
                    f"alpdoc {_described(source, spec)} also claims {ext}, an extension of "
                    f"{_described(*builtin_of[ext])}: a {ext} file goes to {builtin.name} first, and to "
                    f"{spec.name} only when {builtin.name}'s sniff does not recognise it and {spec.name}'s does "
                    f"(name the format to choose: format= in Python, -f on the command line)"
                )


def _formats(pm: pluggy.PluginManager) -> list[FormatSpec]:
    entries = _resolve_names(_apply_overrides(_checked_specs(pm)))
    _warn_shared_extensions(entries)
    return [spec if spec.platform_content else _without_platform(spec) for _source, spec in entries]


def _templates(pm: pluggy.PluginManager) -> list[Template]:
    """Every plugin's templates that are :class:`Template` objects a registry accepts; the first of a name wins."""
    owners: dict[str, PluginSource] = {}
    out = []
    for source, template in _collect(pm, "alpdoc_templates", "Template"):
        if not isinstance(template, Template):
            _warn(f"alpdoc {source}: {short_repr(template)} from alpdoc_templates() is skipped: not a Template")
            continue
        name = template.name
        if not isinstance(name, str) or not name:
            _warn(f"alpdoc {source}: a template from alpdoc_templates() is skipped: its name must be a non-empty "
                  f"string, not {short_repr(name)}")
            continue
        if name in owners:
            _warn(f"alpdoc {source}: template {name!r} is skipped: {owners[name]} already provides a template "
                  "of that name (built-ins first, then the first package by name)")
            continue
        try:
            TemplateRegistry([template])  # a template whose questions are broken fails here, on its own
        except Exception as exc:  # noqa: BLE001
            _warn(f"alpdoc {source}: template {name!r} is skipped: {type(exc).__name__}: {exc}")
            continue
        owners[name] = source
        out.append(template)
    return out


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry built from the plugin manager (cached; see :func:`reset`).

    A plugin's bad contributions (garbage from a hook, a spec failing
    :func:`validate_spec`, a name already taken) are skipped with a
    :class:`~alpdoc.PluginWarning` naming its package; the rest is kept.
    """
    pm = plugin_manager()
    return Registry(_formats(pm), _templates(pm))


def reset() -> None:
    """Forget the cached manager and registry (after registering plugins at run time)."""
    registry.cache_clear()


def register(plugin: object, name: str | None = None) -> None:
    """Register a plugin object or module at run time (the same as an entry point would)."""
    pm = plugin_manager()
    pm.register(plugin, name=name)
    _report_unknown_hooks(pm, [plugin])
    reset()
