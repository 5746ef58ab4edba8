"""The plugin manager and the registry of formats and templates it builds."""

from __future__ import annotations

import functools
import importlib
import inspect
import warnings
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points
from typing import Any

import pluggy
from attrs import evolve, field, frozen

from . import hookspecs
from .errors import FormatError, PluginError, PluginWarning
from .model import Document
from .options import ReaderOptions
from .templates import Template, TemplateRegistry

__all__ = [
    "FormatSpec",
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
    "alpdoc.format_plugins.json",
    "alpdoc.format_plugins.pad_json",
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


@functools.lru_cache(maxsize=256)
def _takes_options(fn: Callable[..., Any]) -> bool:
    """Whether a reader has the current signature (an ``options`` parameter)."""
    try:
        return "options" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # a builtin or an odd callable: assume the current signature
        return True


def call_with_options(fn: Callable[..., Any], data: bytes | str, options: ReaderOptions) -> Any:
    """Call a reader (or ``read_all``) of either signature with ``options``."""
    if _takes_options(fn):
        return fn(data, options=options)
    return fn(data, templates=options.templates, source=options.source)


def call_project(spec: FormatSpec, doc: Document, options: ReaderOptions | None = None) -> Document:
    """``spec.project(doc)``, passing ``options`` to a projection that takes them.

    A projection with an ``options`` parameter says what reading back *with
    those options* gives (templates change how some formats read); one
    without it is called with the document alone.
    """
    project = spec.project
    if options is not None and _takes_options(project):
        return project(doc, options=options)
    return project(doc)


def _identity(doc: Document) -> Document:
    return doc


@frozen(kw_only=True)
class FormatSpec:
    """What a plugin declares about one format.

    ``project(doc)`` is the format's view of a document: what remains of it
    after writing and reading back. ``sniff(head)`` gets the first bytes of a
    file and says whether they look like this format.
    """

    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    reader: Reader | None = None
    writer: Writer | None = None
    project: Callable[[Document], Document] = field(default=_identity)
    sniff: Callable[[bytes], bool] | None = None
    binary: bool = False
    plugin: str = ""
    read_all: ReadAll | None = None
    """For formats whose files hold several documents: yields them one by one.

    Without it, :func:`alpdoc.read_all` yields the single document ``reader`` returns.
    """
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


class Registry:
    """Formats and templates collected from every registered plugin."""

    def __init__(self, formats: Iterable[FormatSpec], templates: Iterable[Template]) -> None:
        self._formats: dict[str, FormatSpec] = {}
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
            self._formats[spec.name] = spec
        self.templates = TemplateRegistry(templates)

    def formats(self) -> tuple[FormatSpec, ...]:
        return tuple(sorted(self._formats.values(), key=lambda s: s.name))

    def get(self, name: str) -> FormatSpec:
        try:
            return self._names[name.lower()]
        except KeyError:
            known = ", ".join(sorted(self._formats))
            raise FormatError(f"unknown format {name!r} (known formats: {known})") from None

    def by_extension(self, suffix: str) -> list[FormatSpec]:
        suffix = suffix.lower()
        return [s for s in self.formats() if suffix in s.extensions]

    def sniff(self, head: bytes, candidates: Iterable[FormatSpec] | None = None) -> FormatSpec | None:
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
    if _takes_options(project):
        changes["project"] = functools.wraps(project)(
            lambda doc, options=None: project(drop_platform(doc), options=options)
        )
    else:
        changes["project"] = functools.wraps(project)(lambda doc: project(drop_platform(doc)))
    return evolve(spec, **changes)


def _plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    return pm.get_name(plugin) or getattr(plugin, "__name__", repr(plugin))


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, not fatal
            warnings.warn(
                f"alpdoc plugin {ep.name!r} ({ep.value}) could not be loaded and is skipped: "
                f"{type(exc).__name__}: {exc}",
                PluginWarning,
                stacklevel=2,
            )


@functools.lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager: built-in plugins plus the ``alpdoc`` entry points."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    _load_entry_points(pm)
    return pm


def _collect(pm: pluggy.PluginManager, hook_name: str) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own, so one broken plugin cannot hide the others."""
    out: list[tuple[str, Any]] = []
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        name = _plugin_name(pm, impl.plugin)
        try:
            result = impl.function()
        except Exception as exc:  # noqa: BLE001
            warnings.warn(
                f"alpdoc plugin {name!r} failed in {hook_name}() and is skipped: {type(exc).__name__}: {exc}",
                PluginWarning,
                stacklevel=3,
            )
            continue
        out.extend((name, value) for value in result or ())
    return out


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry built from the plugin manager (cached; see :func:`reset`)."""
    pm = plugin_manager()
    formats = []
    for plugin, spec in _collect(pm, "alpdoc_formats"):
        if not isinstance(spec, FormatSpec):
            raise PluginError(f"plugin {plugin!r} returned {spec!r} from alpdoc_formats(), not a FormatSpec")
        spec = spec if spec.plugin else evolve(spec, plugin=plugin)
        formats.append(spec if spec.platform_content else _without_platform(spec))
    templates = [t for _plugin, t in _collect(pm, "alpdoc_templates")]
    return Registry(formats, templates)


def reset() -> None:
    """Forget the cached manager and registry (after registering plugins at run time)."""
    registry.cache_clear()


def register(plugin: object, name: str | None = None) -> None:
    """Register a plugin object or module at run time (the same as an entry point would)."""
    plugin_manager().register(plugin, name=name)
    reset()
