"""The examples in the package docstring run."""

from __future__ import annotations

import doctest

import alpdoc


def test_package_docstring_examples() -> None:
    result = doctest.testmod(alpdoc)
    assert result.attempted > 0 and result.failed == 0
