"""Questionnaire templates and their registry."""

from .model import ITEM_KINDS, Template, TemplateItem, TemplateSection, normalize_instruction
from .registry import TemplateRegistry

__all__ = ["ITEM_KINDS", "Template", "TemplateItem", "TemplateSection", "TemplateRegistry", "normalize_instruction"]
