"""The ``content`` column: a pad's full text with its HTML tags removed, built from a document and read back.

Built (exports.md §1.2): ``{title}\\n\\n``, then for each section with
content ``{title}\\n{lead}\\n``, then for each item ``{instruction}\\n{answer}\\n``
(text; checked option names one per line; ``type: name`` per tag of a tag
or index item; an attachment's ``name: url``; an embed's text; media items
and locations give their instruction only), trimmed, ``<...>`` removed.

Read back, the text has no delimiters left: with the pad's template the
template's section titles and instructions are looked for line by line, in
order, and what lies between them is the answer (checklists and radio lists
get the template's options, checked when the option's line is there);
without one the text after the title is one unanswered-instruction text
item. Entities (``&amp;``) are kept as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

import attrs

from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Item,
    LinkItem,
    MetaItem,
    Option,
    Section,
    TextItem,
    content_text,
)
from ...templates import Template, TemplateItem

__all__ = ["build_content", "parse_content", "fingerprint", "strip_tags"]

_TAG = re.compile(r"<[^>]*>")
_JS_SPACE = (" \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
             "\u2028\u2029\u202f\u205f\u3000\ufeff")


def strip_tags(text: str) -> str:
    """``text`` without anything between ``<`` and ``>``, as the platform removes tags."""
    return _TAG.sub("", text) if "<" in text else text


def _answer(item: Item) -> str:
    if isinstance(item, TextItem):
        return item.text
    if isinstance(item, ChoiceItem):
        return "\n".join(o.name for o in item.options if o.checked)
    if isinstance(item, EmbedItem):
        return strip_tags(item.html) if item.html else (item.src or "")
    if isinstance(item, LinkItem):
        return item.text or item.url
    if isinstance(item, MetaItem):
        payload = item.payload
        if item.type in ("tag", "index"):
            tags = payload.get("tags")
            if isinstance(tags, list):
                return "\n".join(
                    f"{t.get('type', '')}: {t.get('name', '')}" for t in tags if isinstance(t, dict)
                )
        if item.type == "attachment":
            return f"{item.name or ''}: {payload.get('src', '') or ''}"
        return ""
    if isinstance(item, GroupItem):
        return "\n".join(_item_text(sub) for record in item.records for sub in record)
    return ""


def _item_text(item: Item) -> str:
    return f"{item.instruction or ''}\n{_answer(item)}"


def build_content(doc: Document) -> str:
    """The ``content`` cell of ``doc`` (the platform's full text, trimmed, tags removed)."""
    parts = [f"{doc.title}\n\n"]
    for section in doc.sections:
        if not section.items and not section.title and not section.lead:
            continue
        parts.append(f"{section.title}\n{section.lead}\n")
        parts.extend(_item_text(item) + "\n" for item in section.items)
    return strip_tags("".join(parts).strip(_JS_SPACE))


# --------------------------------------------------------------------------- reading


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def _find_line(text: str, needle: str, start: int) -> int:
    """The offset of the next line at or after ``start`` that is ``needle`` (ignoring surrounding blanks), or -1."""
    if not needle:
        return -1
    pos = start
    while True:
        found = text.find(needle, pos)
        if found < 0:
            return -1
        line_start = text.rfind("\n", 0, found) + 1
        line_end = text.find("\n", found)
        line_end = len(text) if line_end < 0 else line_end
        if line_start >= start and text[line_start:line_end].strip() == needle:
            return line_start
        pos = found + 1


def _template_item(spec: TemplateItem, answer: str) -> Item:
    if spec.kind in ("checklist", "radiolist"):
        lines = {line.strip() for line in answer.split("\n")}
        options = tuple(Option(name=name, checked=name.strip() in lines) for name in spec.options)
        return ChoiceItem(instruction=spec.instruction, options=options, multiple=spec.kind == "checklist")
    return TextItem(instruction=spec.instruction, text=answer,
                    platform_type="title" if spec.kind == "title" else None)


def _read_with_template(rest: str, template: Template) -> tuple[Section, ...] | None:
    """Sections of ``rest`` matched to ``template``'s questions, or ``None`` when none of them is found."""
    marks: list[tuple[int, int, int, TemplateItem | None]] = []  # (offset, end, section index, item)
    pos = 0
    for s, section in enumerate(template.sections):
        title = _first_line(section.title)
        at = _find_line(rest, title, pos)
        if at >= 0:
            end = rest.find("\n", at)
            pos = len(rest) if end < 0 else end + 1
            marks.append((at, pos, s, None))
        for spec in section.items:
            instruction = spec.instruction.strip()
            if not instruction:
                continue
            at = _find_line(rest, _first_line(instruction), pos)
            if at < 0:
                continue
            if rest.startswith(instruction, at):
                end = at + len(instruction)
            else:
                end = rest.find("\n", at)
                end = len(rest) if end < 0 else end
            if end < len(rest) and rest[end] == "\n":
                end += 1
            pos = end
            marks.append((at, end, s, spec))
    if not marks:
        return None
    sections: list[list[Item]] = [[] for _ in template.sections]
    seen: set[int] = set()
    lead = rest[: marks[0][0]]
    if lead.strip(_JS_SPACE):
        sections[marks[0][2]].append(TextItem(text=lead.rstrip("\n")))
    for i, (_, end, s, asked) in enumerate(marks):
        seen.add(s)
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(rest)
        answer = rest[end:stop]
        answer = answer[:-1] if answer.endswith("\n") else answer
        if asked is None:
            if answer.strip(_JS_SPACE):
                sections[s].append(TextItem(text=answer))
            continue
        sections[s].append(_template_item(asked, answer))
    return tuple(
        Section(title=t.title, lead=t.lead, items=tuple(items))
        for s, (t, items) in enumerate(zip(template.sections, sections)) if s in seen or items
    )


def parse_content(content: str, title: str, template: Template | None = None) -> tuple[Section, ...]:
    """The sections the flattened ``content`` allows (see the module docstring)."""
    prefix = f"{title}\n\n"
    rest = content[len(prefix):] if title and content.startswith(prefix) else content
    if title and rest is content and content == title:
        rest = ""
    if template is not None:
        found = _read_with_template(rest, template)
        if found is not None:
            return found
    if rest == "":
        return ()
    return (Section(items=(TextItem(text=rest),)),)


# --------------------------------------------------------------------------- fingerprint


def _plain(value: object) -> object:
    cls = type(value)
    if attrs.has(cls):
        out: dict[str, object] = {"": cls.__name__}
        for f in attrs.fields(cls):
            if f.eq is False:
                continue
            v = getattr(value, f.name)
            out[f.name] = f.eq_key(v) if f.eq_key is not None else _plain(v)
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def fingerprint(title: str, sections: Iterable[Section]) -> str:
    """A digest of what a document's content is (equal documents, equal digests): tells whether a stored
    ``content`` cell still belongs to the document."""
    text = json.dumps([content_text(title), _plain(tuple(sections))], ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
