"""Exceptions and warnings raised by alpdoc."""

from __future__ import annotations

__all__ = ["AlpdocError", "ParseError", "FormatError", "PluginError", "AlpdocWarning", "PluginWarning"]


class AlpdocError(Exception):
    """Base class of every error alpdoc raises on purpose."""


class FormatError(AlpdocError):
    """An unknown format name, or a format that cannot do what was asked."""


class PluginError(AlpdocError):
    """A plugin registered something invalid (e.g. a duplicate format name)."""


class ParseError(AlpdocError, ValueError):
    """Input that a reader cannot parse.

    ``line`` and ``column`` are 1-based; ``source`` names the file (or
    ``"<string>"``); ``text`` is the offending line, quoted in the message.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int = 1,
        column: int = 1,
        source: str | None = None,
        text: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.reason = message
        self.line = line
        self.column = column
        self.source = source or "<string>"
        self.text = text
        self.expected = expected
        super().__init__(self._render())

    def _render(self) -> str:
        msg = f"{self.source}:{self.line}:{self.column}: {self.reason}"
        if self.expected:
            msg += f" (expected {self.expected})"
        if self.text is not None:
            shown = self.text if len(self.text) <= 200 else self.text[:200] + "…"
            msg += f"\n    {shown!r}\n    {' ' * min(self.column, 201)}^"
        return msg

    def with_source(self, source: str) -> ParseError:
        """The same error, naming ``source`` as the file."""
        return ParseError(
            self.reason, line=self.line, column=self.column, source=source, text=self.text, expected=self.expected
        )

    @classmethod
    def at_offset(
        cls, message: str, text: str, offset: int, *, source: str | None = None, expected: str | None = None
    ) -> ParseError:
        """Build an error for character ``offset`` of ``text``, computing line and column."""
        line = text.count("\n", 0, offset) + 1
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        return cls(message, line=line, column=offset - start + 1, text=text[start : end if end >= 0 else None],
                   source=source, expected=expected)


class AlpdocWarning(UserWarning):
    """Base class of alpdoc's warnings."""


class PluginWarning(AlpdocWarning):
    """A third-party plugin could not be loaded; alpdoc goes on without it."""
