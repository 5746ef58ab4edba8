"""The hooks an alpdoc plugin can implement.

A plugin is any module or object with functions marked ``@alpdoc.hookimpl``.
Built-in formats are plugins of exactly this kind; third-party packages
publish theirs under the ``alpdoc`` entry-point group::

    [project.entry-points.alpdoc]
    myformat = "my_package.alpdoc_plugin"

A hook name alpdoc does not know (``alpdoc_format`` for ``alpdoc_formats``)
is reported with a :class:`~alpdoc.PluginWarning` and never called; mark one
meant for a newer alpdoc with ``@hookimpl(optionalhook=True)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .plugins import FormatSpec
    from .templates import Template

__all__ = ["hookspec", "hookimpl", "PROJECT_NAME"]

PROJECT_NAME = "alpdoc"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def alpdoc_formats() -> list[FormatSpec]:  # type: ignore[empty-body]
    """Return a list of the :class:`~alpdoc.plugins.FormatSpec` of each format this plugin provides.

    Names and aliases are case-insensitive and shared by all plugins: a
    built-in keeps its names (unless a spec sets ``overrides``), then the
    first package by name wins. A spec that fails
    :func:`~alpdoc.plugins.validate_spec`, or whose name is taken, is skipped
    with a :class:`~alpdoc.PluginWarning`; a taken alias is dropped.
    """


@hookspec
def alpdoc_templates() -> list[Template]:  # type: ignore[empty-body]
    """Return a list of questionnaire templates readers may use to recover structure.

    Template names are shared by all plugins: the built-in templates keep
    theirs, then the first package by name wins; anything but a
    :class:`~alpdoc.templates.Template`, and a template of a name already
    taken, is skipped with a :class:`~alpdoc.PluginWarning`.
    """
