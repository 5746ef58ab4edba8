"""The fixed lines of the page-text export and the page's view of texts.

The disclaimer sentences are the platform's own wording (public repository
UNDP-Accelerator-Labs/sdg-innovation-commons, its ``Disclaimer`` component):
one for action plans and experiments, one for solutions. They are format
vocabulary, like the footer: a reader must recognise them and a writer must
write them.
"""

from __future__ import annotations

__all__ = [
    "LABEL",
    "FOOTER",
    "DISCLAIMERS",
    "disclaimer_for",
    "kinds_for_disclaimer",
    "flatten",
    "instruction_lines",
    "page_instruction",
]

LABEL = "Disclaimer:"
FOOTER = ("Comments", "Log in to add a comment or reply.")

_PLAN_AND_EXPERIMENT = (
    "Please be aware that the content herein has not been peer reviewed. It consists of personal reflections, "
    "insights, and learnings of the contributor(s). It may not be exhaustive, nor does it aim to be authoritative "
    "knowledge."
)
_SOLUTION = (
    "Please be aware that the content herein is comprised of personal reflections, observations, and insights from "
    "our contributors. It is not necessarily exhaustive or authoritative, but rather reflects individual "
    "perspectives. While we aim for accuracy, we cannot guarantee the completeness or up-to-date nature of the "
    "content."
)

DISCLAIMERS: dict[str, str] = {
    "learningplan": _PLAN_AND_EXPERIMENT,
    "experiment": _PLAN_AND_EXPERIMENT,
    "solution": _SOLUTION,
}


def disclaimer_for(kind: str | None) -> str:
    """The disclaimer the page shows for a document of this kind (action plans' by default)."""
    return DISCLAIMERS.get(kind or "", _PLAN_AND_EXPERIMENT)


def kinds_for_disclaimer(sentence: str) -> frozenset[str]:
    """The document kinds whose page shows this disclaimer (none for a sentence the platform never wrote)."""
    return frozenset(kind for kind, known in DISCLAIMERS.items() if known == sentence)


def flatten(text: str) -> str:
    """Text as one page line: every run of white space (line breaks, NBSP, tabs, U+2028) is one space, ends
    trimmed; a NUL, which a web page cannot show, shows as U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return " ".join(text.split())


def instruction_lines(instruction: str | None) -> list[str]:
    """The lines an instruction takes on the page: one per non-empty line, ``&amp;`` shown as ``&``."""
    if not instruction:
        return []
    lines = (flatten(line) for line in instruction.replace("&amp;", "&").split("\n"))
    return [line for line in lines if line]


def page_instruction(instruction: str | None) -> str:
    """An instruction as it reads back from the page."""
    return "\n".join(instruction_lines(instruction))
