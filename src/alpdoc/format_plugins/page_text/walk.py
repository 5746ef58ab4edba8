"""Placing page lines with one template: a walk that never fails.

At each line, in this order:

1. a line equal to a template section's title (or an alias: a translation) opens that section (a later
   one first, then the current one again once it has items or, empty, before another title or
   the end, then an earlier one: platform templates repeat sections, and pages put them out of order);
2. inside a group, the group's instruction opens a new record, and a record
   question's instruction opens that question (later ones in the record first);
3. a question's instruction (its first line, or an alias's, then as many of
   its further lines as follow) opens that question: a later one of the
   current section first, then one of a later untitled section, of a later
   section whose title the page left out, an earlier one of this section, of
   an earlier section;
4. a line that looks like a heading (:func:`looks_like_title`), when steps
   1-3 do not place it, is the title of a section the template does not have
   (a user-written one) if it is the first line (a page starts with its first
   section's title) or follows an answer in such a section, or in a titled
   section where no template question was placed; template questions right
   after it stay in it;
5. the line ``None``, where no open question waits for its answer (or the
   one waiting has the instruction ``None``), is the platform's instruction
   of a question that has none (the archive writes ``> None``): it opens the
   next question without instruction, or a text question of its own, and the
   next line is its answer;
6. any other line is the answer of the open question when it has none yet
   (a text answer under an image or link question reads as text), else of
   the next question without instruction, else an *answer without
   instruction* (a ``TextItem`` with ``instruction=""``) in document order.

Rewriting what the walk builds gives exactly the same lines. ``matched``
counts the lines of steps 1-3: the template that places the most wins;
``loose`` lists the lines no template places (steps 4 and 6, and a step-5
``None`` that no template question takes).
"""

from __future__ import annotations

import functools

from attrs import frozen

from ...model import ChoiceItem, GroupItem, ImageItem, Item, LinkItem, MosaicItem, Option, Section, TextItem
from ...templates import Template, TemplateItem
from .choices import split_options
from .vocabulary import flatten, instruction_lines

__all__ = ["Reading", "walk"]

_TITLE_SECTIONS = frozenset({"title", "titre", "título", "titulo"})

TITLE_MAX = 80
"""A user-written section title is shorter than this (longer first lines are answers)."""

NO_INSTRUCTION = "None"
"""How the platform shows the instruction of a question that has none (``str(None)``)."""


def looks_like_title(line: str, following: str | None) -> bool:
    """Whether an unplaced ``line`` reads as a user-written section title: short, not ending like a
    sentence (``.``, ``:``), no web address, and followed by a longer line (its answer)."""
    return (len(line) < TITLE_MAX and not line.endswith((".", ":")) and "://" not in line
            and following is not None and len(following) > len(line))


@frozen
class Reading:
    """What one template makes of the lines."""

    sections: tuple[Section, ...]
    title: str
    """The answer of the template's title question ("" when it has none or the page shows none)."""
    matched: int
    """Lines placed as section titles or instructions of the template."""
    loose: tuple[int, ...]
    """Indices of the lines no template places (answers without instruction, a section title it lacks)."""
    why: tuple[str, ...] = ()
    """Per loose line, what the walk read it as, a sentence that ends before the template's name."""


@frozen(eq=False)
class _Spec:
    """A template question with its page spellings."""

    item: TemplateItem
    wanted: tuple[str, ...]
    """Its instruction as page lines."""
    firsts: frozenset[str]
    """The first lines it (or an alias) may start with."""
    subs: tuple[_Spec, ...]
    sub_firsts: dict[str, tuple[int, ...]]
    is_title: bool = False


def _firsts(specs: tuple[_Spec, ...]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, spec in enumerate(specs):
        for first in sorted(spec.firsts):
            out.setdefault(first, []).append(k)
    return {first: tuple(ks) for first, ks in out.items()}


def _spec(item: TemplateItem, is_title: bool = False) -> _Spec:
    subs = tuple(_spec(sub) for sub in item.items) if item.kind == "group" else ()
    wanted = tuple(instruction_lines(item.instruction))
    firsts = {wanted[0]} if wanted else set()
    firsts.update(first for alias in item.aliases for first in instruction_lines(alias)[:1])
    return _Spec(item=item, wanted=wanted, firsts=frozenset(firsts), subs=subs, sub_firsts=_firsts(subs),
                 is_title=is_title)


_FREE = _spec(TemplateItem(instruction="", kind="txt"))
"""A text question of no template (one that the platform's ``None`` instruction opens)."""


@frozen
class _Index:
    titles: dict[str, tuple[int, ...]]
    sections: tuple[tuple[_Spec, ...], ...]
    titled: tuple[bool, ...]
    questions: dict[str, tuple[tuple[int, int], ...]]


def _title_item(template: Template) -> TemplateItem | None:
    """The question whose answer is the document's title: a ``title`` item, else the first text question
    of a section called "Title"."""
    for item in template.iter_items():
        if item.kind == "title":
            return item
    for section in template.sections:
        if flatten(section.title).casefold() in _TITLE_SECTIONS:
            for item in section.items:
                if item.kind in ("txt", "title"):
                    return item
    return None


@functools.lru_cache(maxsize=64)
def _index(template: Template) -> _Index:
    title_item = _title_item(template)
    sections = tuple(tuple(_spec(i, i is title_item) for i in s.items) for s in template.sections)
    titles: dict[str, list[int]] = {}
    questions: dict[str, list[tuple[int, int]]] = {}
    for s, section in enumerate(template.sections):
        for title in dict.fromkeys(flatten(t) for t in (section.title, *section.aliases)):
            if title:
                titles.setdefault(title, []).append(s)
        for first, ks in _firsts(sections[s]).items():
            questions.setdefault(first, []).extend((s, k) for k in ks)
    return _Index(
        titles={t: tuple(v) for t, v in titles.items()},
        sections=sections,
        titled=tuple(bool(flatten(s.title)) for s in template.sections),
        questions={q: tuple(v) for q, v in questions.items()},
    )


def _instruction_length(lines: tuple[str, ...], i: int, spec: _Spec) -> int:
    """How many lines from ``i`` spell ``spec``'s instruction (its first line is already known to match)."""
    n = 1
    while n < len(spec.wanted) and i + n < len(lines) and lines[i + n] == spec.wanted[n]:
        n += 1
    return n


class _Open:
    """A question being read."""

    __slots__ = ("spec", "instruction", "answer", "records")

    def __init__(self, spec: _Spec, instruction: str, answer: str | None = None) -> None:
        self.spec = spec
        self.instruction = instruction
        self.answer = answer
        self.records: list[list[Item]] = []

    def build(self) -> Item:
        kind = self.spec.item.kind
        ins, answer = self.instruction, self.answer
        if kind == "group":
            records = tuple(tuple(r) for r in self.records)
            return GroupItem(instruction=ins, records=() if records == ((),) else records)
        if kind == "checklist":
            options = split_options(answer or "", self.spec.item.options)
            return ChoiceItem(instruction=ins, options=options, multiple=True)
        if kind == "radiolist":
            return ChoiceItem(instruction=ins, options=(Option(name=answer),) if answer else (), multiple=False)
        if answer is None and kind == "mosaic":
            return MosaicItem(instruction=ins)
        if answer is None and kind == "img":
            return ImageItem(instruction=ins)
        if answer is None and kind == "embed":
            return LinkItem(instruction=ins)
        return TextItem(instruction=ins, text=answer or "")


class _Walker:
    def __init__(self, template: Template, lines: tuple[str, ...]) -> None:
        self.index = _index(template)
        self.lines = lines
        self.sections: list[tuple[str, list[Item]]] = []
        self.sec = -1  # template section being read (-1: none yet)
        self.pos = -1  # last question of it placed
        self.item: _Open | None = None  # open top-level question
        self.sub: _Open | None = None  # open question of the group record
        self.sub_pos = -1
        self.own = False  # the open section is one the template lacks (its title opened it; no question yet)
        self.asked = False  # a template question was placed in the open section
        self.matched = 0
        self.loose: list[int] = []
        self.why: list[str] = []  # per loose line, what it is (completed with the template's name)
        self.title = ""

    # -- building ------------------------------------------------------------
    def _close_sub(self) -> None:
        if self.item is not None and self.sub is not None:
            self.item.records[-1].append(self._built(self.sub))
        self.sub = None

    def _close_item(self) -> None:
        self._close_sub()
        if self.item is not None:
            self._items().append(self._built(self.item))
        self.item = None

    def _built(self, open_: _Open) -> Item:
        if open_.spec.is_title and open_.answer and not self.title:
            self.title = open_.answer
        return open_.build()

    def _items(self) -> list[Item]:
        if not self.sections:
            self.sections.append(("", []))
        return self.sections[-1][1]

    def _open_section(self, s: int, title: str) -> None:
        self._close_item()
        if title or not self.sections or self.sections[-1][0]:
            self.sections.append((title, []))
        self.sec, self.pos, self.own, self.asked = s, -1, False, False

    def _open_own_section(self, title: str) -> None:
        """A section the template lacks, opened by its user-written title."""
        self.sections.append((title, []))
        self.own, self.asked = True, False

    def _in_own_section(self) -> bool:
        """Whether the open section reads as user-written and its last item is an answer without
        instruction: a section the template lacks, or a titled one where no template question was placed."""
        if self.item is not None or not self.sections:
            return False
        title, items = self.sections[-1]
        if not (self.own or (title and not self.asked)):
            return False
        return bool(items) and isinstance(items[-1], TextItem) and items[-1].instruction == ""

    # -- placing ---------------------------------------------------------------
    def _in_group(self) -> bool:
        return self.item is not None and self.item.spec.item.kind == "group"

    def _title_or_end(self, i: int) -> bool:
        return i >= len(self.lines) or self.lines[i] in self.index.titles

    def _section_title(self, i: int) -> int | None:
        found = self.index.titles.get(self.lines[i])
        if not found:
            return None
        sec, has_items = self.sec, bool(self.sections and self.sections[-1][1])

        def rank(s: int) -> tuple[int, int]:
            return (0 if s > sec else 1 if s == sec else 2, s)

        # The current section's title again: a repeated section once it has items, or an empty one
        # repeated (before another section title or the end: pages repeat empty sections).
        repeated = has_items or (self.item is None and self._title_or_end(i + 1))
        ranked = [(rank(s), s) for s in found if s != sec or repeated]
        return min(ranked)[1] if ranked else None

    def _group_line(self, i: int) -> int:
        """Lines placed from ``i`` as the open group's record or record question (0: none)."""
        group = self.item.spec  # type: ignore[union-attr]
        if self.lines[i] in group.firsts:
            self._close_sub()
            self.item.records.append([])  # type: ignore[union-attr]
            self.sub_pos = -1
            return _instruction_length(self.lines, i, group)
        ks = group.sub_firsts.get(self.lines[i])
        if not ks:
            return 0
        k = min(ks, key=lambda k: (k <= self.sub_pos, k))
        spec = group.subs[k]
        n = _instruction_length(self.lines, i, spec)
        self._close_sub()
        self.sub, self.sub_pos = _Open(spec, "\n".join(self.lines[i : i + n])), k
        return n

    def _question(self, i: int) -> int:
        """Lines placed from ``i`` as the instruction of a top-level question (0: none)."""
        found = self.index.questions.get(self.lines[i])
        if not found:
            return 0
        sec, pos, titled = self.sec, self.pos, self.index.titled

        def rank(place: tuple[int, int]) -> tuple[int, int, int]:
            s, k = place
            if s == sec and k > pos:
                return (0, s, k)
            if s > sec:
                untitled_between = not any(titled[sec + 1 : s + 1])
                return (1 if untitled_between else 2, s, k)
            return (3 if s == sec else 4, s, k)

        s, k = min(found, key=rank)
        spec = self.index.sections[s][k]
        n = _instruction_length(self.lines, i, spec)
        if s != sec and self.own:
            self._close_item()
            self.sec, self.own = s, False  # the questions of a user-titled section stay in it
        elif s != sec:
            self._open_section(s, "")
        self._close_item()
        self.item, self.pos, self.asked = _Open(spec, "\n".join(self.lines[i : i + n])), k, True
        if spec.item.kind == "group":
            self.item.records.append([])
            self.sub, self.sub_pos = None, -1
        return n

    def _answer(self, i: int) -> None:
        line = self.lines[i]
        in_group = self._in_group()
        target = self.sub if in_group else self.item
        placeholder = line == NO_INSTRUCTION
        # A ``None`` under a ``None`` instruction is the next one (records of empty upload questions).
        if target is not None and target.answer is None and not (placeholder and target.instruction == line):
            target.answer = line
            return
        # The next question without instruction (``None``: as its instruction), else an answer without
        # instruction, or a text question of no template under the ``None`` instruction.
        specs: tuple[_Spec, ...] = ()
        if in_group and self.item is not None:
            specs = self.item.spec.subs
        elif not in_group and self.sec >= 0:
            specs = self.index.sections[self.sec]
        pos = self.sub_pos if in_group else self.pos
        opened: _Open | None = None
        for k in range(pos + 1, len(specs)):
            if not specs[k].wanted and specs[k].item.kind != "group":
                opened = _Open(specs[k], line, None) if placeholder else _Open(specs[k], "", line)
                pos = k
                break
        else:
            self.loose.append(i)
            if placeholder:
                self.why.append("the line 'None' (the instruction of a question without one) opens no question of")
                opened = _Open(_FREE, line)
            elif target is not None:
                shown = target.instruction.split("\n", 1)[0] or (target.answer or "")
                cut = shown if len(shown) <= 60 else shown[:59] + "…"
                self.why.append(f"this line is a second answer: the question before it ({cut!r}) has its answer "
                                "(page text shows one line per answer), and it is no instruction of")
            else:
                self.why.append("this line is an answer where no question is open, and no instruction of")
        if in_group:
            self._close_sub()
            if opened is not None:
                self.sub, self.sub_pos = opened, pos
            else:
                self.item.records[-1].append(TextItem(instruction="", text=line))  # type: ignore[union-attr]
            return
        self._close_item()
        if opened is not None:
            self.item, self.pos = opened, pos
        else:
            self._items().append(TextItem(instruction="", text=line))

    def run(self) -> Reading:
        i, lines = 0, self.lines
        while i < len(lines):
            s = self._section_title(i)
            if s is not None:
                self._open_section(s, lines[i])
                self.matched += 1
                i += 1
                continue
            n = 0
            if self._in_group():
                n = self._group_line(i)
            if not n:
                n = self._question(i)
            if n:
                self.matched += n
                i += n
                continue
            following = lines[i + 1] if i + 1 < len(lines) else None
            if (i == 0 or self._in_own_section()) and looks_like_title(lines[i], following):
                self._close_item()
                self._open_own_section(lines[i])
                self.loose.append(i)
                self.why.append("this line reads as a section title (a user-written one) that is no section of")
                i += 1
                continue
            self._answer(i)
            i += 1
        self._close_item()
        sections = tuple(Section(title=title, items=tuple(items)) for title, items in self.sections)
        return Reading(sections=sections, title=self.title, matched=self.matched, loose=tuple(self.loose),
                       why=tuple(self.why))


def walk(template: Template, lines: tuple[str, ...]) -> Reading:
    """``lines`` placed with ``template`` (never fails: lines it cannot place are answers without instruction)."""
    return _Walker(template, lines).run()
