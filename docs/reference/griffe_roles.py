"""A griffe extension for the API reference: alpdoc's reST cross-reference roles as Markdown code.

alpdoc's docstrings use Sphinx roles (``:class:`Document```, ``:func:`~alpdoc.api.read```);
mkdocstrings renders docstrings as Markdown, where a role would show as literal
``:class:``. Each role becomes inline code of its target, as Sphinx shows it: a
``~`` keeps the last dotted part, functions and methods get ``()``. Loaded by
``mkdocs.yml`` (``extensions:`` of the python handler).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?P<role>class|func|meth|attr|data|mod|exc|obj|const):`(?P<target>[^`]+)`")
_CALLABLE_ROLES = frozenset({"func", "meth"})


def role_to_markdown(match: re.Match[str]) -> str:
    """``:func:`~alpdoc.api.read``` -> ```read()```; an explicit title (``text <target>``) keeps the text."""
    role, target = match["role"], match["target"].strip()
    titled = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", target)
    if titled:
        return f"`{titled['text']}`"
    shown = target.lstrip("!")
    if shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    if role in _CALLABLE_ROLES and not shown.endswith(")"):
        shown += "()"
    return f"`{shown}`"


def convert_roles(text: str) -> str:
    """``text`` with every cross-reference role replaced by inline code."""
    return ROLE.sub(role_to_markdown, text)


class ReSTRoles(griffe.Extension):
    """Rewrites the roles of every docstring alpdoc's reference loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # griffe's hook signature
        if obj.docstring is not None:
            obj.docstring.value = convert_roles(obj.docstring.value)
