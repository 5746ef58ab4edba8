"""One meaning per public name: ``alpdoc.templates``, ``ITEM_KINDS`` and ``ITEM_TYPES`` (issue 17)."""

from __future__ import annotations

import importlib

import pytest

import alpdoc
import alpdoc.model
import alpdoc.templates as tm
from alpdoc.format_plugins import json as json_format
from alpdoc.format_plugins import pad_json


def test_templates_is_the_subpackage_and_the_registry_has_its_own_name() -> None:
    assert tm is importlib.import_module("alpdoc.templates") is alpdoc.templates
    assert tm.TemplateRegistry is alpdoc.TemplateRegistry
    registry = alpdoc.template_registry()
    assert isinstance(registry, alpdoc.TemplateRegistry) and len(registry) > 0
    with pytest.warns(DeprecationWarning, match="template_registry"):
        old = alpdoc.templates()  # the 0.1 spelling still gives the registry
    assert list(old) == list(registry)


def test_item_kinds_and_item_types_mean_one_thing_each() -> None:
    assert all(isinstance(kind, str) for kind in tm.ITEM_KINDS)  # template item kinds ("txt", "checklist", ...)
    assert all(isinstance(cls, type) for cls in alpdoc.model.ITEM_TYPES)  # the item classes
    assert set(json_format.JSON_ITEM_KINDS) == set(alpdoc.model.ITEM_TYPES)  # class -> "kind" tag in alpdoc JSON
    assert "txt" in pad_json.PAD_ITEM_TYPES and "locations" in pad_json.PAD_ITEM_TYPES  # pad "type" values
    assert not hasattr(tm, "ITEM_TYPES") and not hasattr(alpdoc.model, "ITEM_KINDS")


def test_old_names_are_deprecated_aliases() -> None:
    with pytest.warns(DeprecationWarning, match="JSON_ITEM_KINDS"):
        assert json_format.ITEM_KINDS is json_format.JSON_ITEM_KINDS
    with pytest.warns(DeprecationWarning, match="PAD_ITEM_TYPES"):
        assert pad_json.ITEM_TYPES is pad_json.PAD_ITEM_TYPES
    with pytest.raises(AttributeError):
        pad_json.NO_SUCH_NAME  # noqa: B018
