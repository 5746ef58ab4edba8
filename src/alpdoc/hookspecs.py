"""The hooks an alpdoc plugin can implement.

A plugin is any module or object with functions marked ``@alpdoc.hookimpl``.
Built-in formats are plugins of exactly this kind; third-party packages
publish theirs under the ``alpdoc`` entry-point group::

    [project.entry-points.alpdoc]
    myformat = "my_package.alpdoc_plugin"
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
    """Return the :class:`~alpdoc.plugins.FormatSpec` of each format this plugin provides.

    Format names (and aliases) must be unique across all plugins.
    """


@hookspec
def alpdoc_templates() -> list[Template]:  # type: ignore[empty-body]
    """Return questionnaire templates readers may use to recover structure.

    Template names must be unique across all plugins.
    """
