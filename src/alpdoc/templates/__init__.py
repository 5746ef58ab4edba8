"""Questionnaire templates and their registry."""

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
