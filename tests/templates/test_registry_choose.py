"""TemplateRegistry.choose remembers its answer for documents of a usual size, and keeps no copy of huge ones."""

from __future__ import annotations

from alpdoc.templates import TemplateRegistry
from alpdoc.templates.builtin import load_builtin_templates


def test_choose_remembers_short_question_lists_only() -> None:
    registry = TemplateRegistry(load_builtin_templates())
    usual = ["What is your learning question?", "Why?"]
    first = registry.choose(usual, "learningplan")
    assert registry.choose(usual, "learningplan") is first  # remembered: the same answer object
    remembered = len(registry._chosen)
    huge = [f"question {i}" for i in range(1000)]  # one document of a thousand questions
    chosen, best = registry.choose(huge, None)
    again, best_again = registry.choose(huge, None)
    assert [t.name for t in chosen] == [t.name for t in again] and best == best_again  # the same answer
    # The answer for a huge list is worked out again each time, not kept with the list as its key.
    assert len(registry._chosen) == remembered
    assert all(len(asked) <= 256 for _kind, asked in registry._chosen)
