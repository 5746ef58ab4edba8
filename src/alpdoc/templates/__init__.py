"""Questionnaire templates and their registry.

The registered templates are :func:`alpdoc.template_registry`; calling this
package (``alpdoc.templates()``, as in alpdoc 0.1) still works but warns.
"""

import sys
import types
import warnings

from .io import load_templates, templates_from_json, templates_to_json
from .learn import learn_template
from .model import ITEM_KINDS, Template, TemplateItem, TemplateSection, normalize_instruction
from .registry import TemplateRegistry

__all__ = [
    "ITEM_KINDS",
    "Template",
    "TemplateItem",
    "TemplateSection",
    "TemplateRegistry",
    "normalize_instruction",
    "learn_template",
    "load_templates",
    "templates_from_json",
    "templates_to_json",
]


class _TemplatesPackage(types.ModuleType):
    """This package, callable for code written when ``alpdoc.templates`` was a function."""

    def __call__(self) -> TemplateRegistry:
        warnings.warn(
            "alpdoc.templates() is deprecated: call alpdoc.template_registry() "
            "(alpdoc.templates is the templates subpackage)",
            DeprecationWarning,
            stacklevel=2,
        )
        from ..api import templates as registered  # the API imports this package

        return registered()


sys.modules[__name__].__class__ = _TemplatesPackage
