"""The per-question block (``use_templates``): one column per question, named ``[rep]--section--instruction``.

Writing follows exports.md §1.3: a section's id is ``section-{title}-{lead}``
and its name its title; a question's id adds ``--{level}-{type}-{instruction}``
and its name ``--{instruction}`` (``undefined`` when missing); names have
white space and ``+`` turned into spaces and leading ``undefined-`` runs
removed; the n-th earlier question with the same id prefixes ``[n]--``.
Checklists give one column per option (``--{option}``: TRUE/FALSE), locations
``--1..L`` (``"lat, lng"`` per pin), tag and index items ``--1..T`` (T: the
most tags of that list any document has). A later column with the same name
overwrites an earlier one (the platform assigns the row object).

Reading maps the columns back. With the pad's template every column whose
name is a template question's (prefix and suffix aside) fills that question;
``[n]--`` is the n-th record of a group, or the n-th repetition of a
section for questions outside groups (the file cannot tell a repeated
section from a group: it is read as the template says). Without a template
each column is a question of one untitled section, instruction = the whole
name: consecutive ``--1..N`` columns make one location (cells ``lat, lng``)
or tag item, consecutive TRUE/FALSE columns ``X--option`` one checklist.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    Section,
    TextItem,
)
from ...templates import Template, TemplateItem
from .cells import Cell, js_number
from .content import strip_tags

__all__ = ["question_cells", "tag_counts", "sections_from_columns", "split_header"]

_SPACE = re.compile(r"[\n\s+]")
_UNDEFINED = re.compile(r"^(?:undefined-+)+")
_REP = re.compile(r"\[(\d+)\]--")
_NUMBERED = re.compile(r"(.*)--([1-9][0-9]*)")
_PIN = re.compile(r"\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?),\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*")


def normalize_name(name: str) -> str:
    """A column name as the platform normalises it."""
    return _UNDEFINED.sub("", _SPACE.sub(" ", name))


def _extra_value(extra: tuple[tuple[str, str], ...] | None, key: str) -> object:
    for k, v in extra or ():
        if k == key:
            try:
                return json.loads(v)
            except ValueError:
                return v
    return None


def _js(value: object) -> str:
    """``String(value)`` inside a JavaScript template literal."""
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    return str(value)


def _platform_type(item: Item) -> str:
    if isinstance(item, TextItem):
        return item.platform_type or "txt"
    if isinstance(item, ChoiceItem):
        return "checklist" if item.multiple else "radiolist"
    if isinstance(item, ImageItem):
        return "img"
    if isinstance(item, MosaicItem):
        return "mosaic"
    if isinstance(item, (EmbedItem, LinkItem)):
        return "embed"
    if isinstance(item, GroupItem):
        return "group"
    return item.type


def _tags_of(item: MetaItem) -> list[Any]:
    tags = item.payload.get("tags")
    return [t for t in tags if isinstance(t, dict)] if isinstance(tags, list) else []


def tag_counts(docs: Iterable[Document]) -> dict[str | None, int]:
    """For every tag list name: the most tags of it one document has (its items' or its platform tags)."""
    counts: dict[str | None, int] = {}

    def visit(items: Iterable[Item]) -> None:
        for item in items:
            if isinstance(item, GroupItem):
                for record in item.records:
                    visit(record)
            elif isinstance(item, MetaItem) and item.type in ("tag", "index"):
                counts[item.name] = max(counts.get(item.name, 0), len(_tags_of(item)))

    for doc in docs:
        for section in doc.sections:
            visit(section.items)
        if doc.platform is not None:
            per: dict[str, int] = {}
            for tag in doc.platform.tags:
                per[tag.type] = per.get(tag.type, 0) + 1
            for name, n in per.items():
                counts[name] = max(counts.get(name, 0), n)
    return counts


def _leaf_cells(item: Item, tag_max: dict[str | None, int]) -> list[tuple[str, Cell]]:
    """``(suffix, value)`` of the columns one question gives."""
    if isinstance(item, TextItem):
        return [("", item.text or None)]
    if isinstance(item, ChoiceItem):
        if item.multiple:
            return [(f"--{o.name}", o.checked) for o in item.options]
        return [("", next((o.name for o in item.options if o.checked), None))]
    if isinstance(item, ImageItem):
        return [("", item.src or None)]
    if isinstance(item, MosaicItem):
        return [("", ", ".join(i.src for i in item.images) or None)]
    if isinstance(item, EmbedItem):
        return [("", (strip_tags(item.html) if item.html else item.src) or None)]
    if isinstance(item, LinkItem):
        return [("", item.url or None)]
    if isinstance(item, MetaItem):
        payload = item.payload
        if item.type == "location":
            pins = payload.get("centerpoints")
            pins = [p for p in pins if isinstance(p, dict)] if isinstance(pins, list) else []
            return [(f"--{i}", f"{_js(p.get('lat'))}, {_js(p.get('lng'))}") for i, p in enumerate(pins, 1)]
        if item.type in ("tag", "index"):
            tags = _tags_of(item)
            # T: the most tags of the item's list any pad has; an item of no list gives one column per tag
            count = max(tag_max.get(item.name, 0), len(tags)) if item.name is not None else len(tags)
            names = [t.get("name") for t in tags]
            return [(f"--{i + 1}", _js(names[i]) if i < len(names) and names[i] not in (None, "") else None)
                    for i in range(count)]
        if item.type == "video":
            return [("", _js(payload.get("src")) if payload.get("src") is not None else None)]
        if item.type == "drawing":
            shapes = payload.get("shapes")
            if not isinstance(shapes, list):
                return [("", None)]
            text = ", ".join(s if isinstance(s, str) else "[object Object]" if isinstance(s, dict) else
                             "" if s is None else _js(s) for s in shapes)
            return [("", text or None)]
    return []  # files, attachments and unknown types have no column


def question_cells(doc: Document, tag_max: dict[str | None, int]) -> dict[str, Cell]:
    """The per-question columns of ``doc``, in order (a repeated name keeps its place, takes the last value)."""
    out: dict[str, Cell] = {}
    seen: dict[str, int] = {}

    def walk(items: Iterable[Item], parent_id: str, parent_name: str) -> None:
        for item in items:
            level = _js(_extra_value(getattr(item, "extra", None), "level"))
            instruction = item.instruction.strip() if item.instruction is not None else None
            kind = _platform_type(item)
            shown = instruction if instruction else "undefined"
            name = f"{parent_name}--{shown}" if parent_name else shown
            if isinstance(item, GroupItem):
                group_name = _js(_extra_value(item.extra, "name"))
                group_id = f"{parent_id}--{level}-group-{group_name}-{_js(instruction)}"
                for record in item.records:
                    walk(record, group_id, name)
                continue
            item_id = f"{parent_id}--{level}-{kind}-{_js(instruction) if instruction else 'undefined'}"
            rep = seen.get(item_id, 0)
            seen[item_id] = rep + 1
            prefix = f"[{rep}]--" if rep else ""
            base = prefix + normalize_name(name)
            for suffix, value in _leaf_cells(item, tag_max):
                out[base + suffix] = value

    for section in doc.sections:
        title, lead = section.title.strip(), section.lead.strip()
        section_id = f"section-{title or 'undefined'}-{lead or 'undefined'}"
        walk(section.items, section_id, title or "undefined")
    return out


# --------------------------------------------------------------------------- reading


def split_header(column: str) -> tuple[int, str]:
    """``(rep, rest)`` of a column name: ``[2]--Sec--Q`` is ``(2, "Sec--Q")``."""
    m = _REP.match(column)
    return (int(m.group(1)), column[m.end():]) if m else (0, column)


def _pin(text: str) -> dict[str, float] | None:
    m = _PIN.fullmatch(text)
    return {"lat": float(m.group(1)), "lng": float(m.group(2))} if m else None


def _tag_name(values: list[str], side_tags: dict[str, list[str]]) -> str | None:
    """The tag list whose side columns hold exactly ``values`` (how a tag item's list is told), else ``None``."""
    for name, names in side_tags.items():
        if names == values:
            return name
    for name, names in side_tags.items():
        if values and all(v in names for v in values):
            return name
    return None


def _meta_item(instruction: str | None, values: list[str], side_tags: dict[str, list[str]],
               kind_hint: str | None = None) -> MetaItem:
    from ..pad_json.vocabulary import canonical_json

    filled = [v for v in values if v != ""]
    pins = [_pin(v) for v in filled]
    if all(p is not None for p in pins) and (kind_hint == "location" or (kind_hint is None and filled)):
        return MetaItem(type="location", instruction=instruction,
                        data=canonical_json({"centerpoints": pins}), has_content=bool(pins))
    name = _tag_name(filled, side_tags)
    if name is None:  # no tag list to size the columns by: one tag per column, an empty one without a name
        tags = [{"name": v or None} for v in values]
    else:
        tags = [{"name": v} for v in filled]
    return MetaItem(type="index" if name == "sdgs" else "tag", name=name, instruction=instruction,
                    data=canonical_json({"tags": tags}), has_content=bool(filled))


def _instruction(name: str) -> str | None:
    """The instruction a column name (prefix and suffix aside) gives in an untitled section: ``undefined``
    is none; a name that is empty or starts with white space is what an instruction starting with dashes
    becomes (leading ``undefined-`` runs are removed with the dashes), so one dash is put back."""
    if name == "undefined":
        return None
    return "-" + name if name == "" or name[0].isspace() else name


def _untitled_name(instruction: str | None) -> str:
    """The name a question of an untitled section gets (before any prefix and suffix)."""
    shown = instruction.strip() if instruction is not None else ""
    return normalize_name(f"undefined--{shown or 'undefined'}")


def _option_split(rest: str, titled: bool = False) -> tuple[str, str, str]:
    """``(head, "--", option)`` of a checklist column: the last ``--`` whose head names the question again
    (in a titled section any head without surrounding white space does)."""
    cut = rest.rfind("--")
    while cut >= 0:
        head = rest[:cut]
        if (head != "" and head == head.strip()) if titled else _untitled_name(_instruction(head)) == head:
            return head, "--", rest[cut + 2:]
        cut = rest.rfind("--", 0, cut + 1)
    return rest.rpartition("--")


def _text(value: str | None) -> str:
    return value or ""


def _is_bool(value: str | None) -> bool:
    return value in ("TRUE", "FALSE")


def _untemplated(columns: Sequence[tuple[str, str]], side_tags: dict[str, list[str]]) -> tuple[Section, ...]:
    """Columns read without a template (see the module docstring).

    A name starting with ``-`` cannot come from an untitled section (the dashes after ``undefined`` are
    removed with it): its part before the first ``--`` is a section title.
    """
    runs: list[tuple[str, list[tuple[str, str]]]] = []
    for column, value in columns:
        rep, rest = split_header(column)
        title = ""
        if rest.startswith("-") and (cut := rest.find("--", 1)) > 0:
            title, rest = rest[:cut], rest[cut + 2:]
            column = (f"[{rep}]--" if rep else "") + rest
        if runs and runs[-1][0] == title:
            runs[-1][1].append((column, value))
        else:
            runs.append((title, [(column, value)]))
    out: list[Section] = []
    for title, run in runs:
        for section in _untitled(run, side_tags, titled=bool(title)):
            out.append(Section(title=title, items=section.items) if title else section)
    return tuple(out)


def _untitled(columns: Sequence[tuple[str, str]], side_tags: dict[str, list[str]], titled: bool = False
              ) -> tuple[Section, ...]:
    items: list[Item] = []
    i = 0
    parsed = [(split_header(name), value) for name, value in columns]
    while i < len(parsed):
        (rep, rest), value = parsed[i]
        m = _NUMBERED.fullmatch(rest)
        if m and m.group(2) == "1":
            base, values, j = m.group(1), [value], i + 1
            while j < len(parsed):
                (r2, rest2), v2 = parsed[j]
                m2 = _NUMBERED.fullmatch(rest2)
                if r2 != rep or not m2 or m2.group(1) != base or int(m2.group(2)) != len(values) + 1:
                    break
                values.append(v2)
                j += 1
            items.append(_meta_item(_instruction(base), values, side_tags))
            i = j
            continue
        head, sep, option = _option_split(rest, titled)
        if sep and _is_bool(value):
            options, j = [Option(name=option, checked=value == "TRUE")], i + 1
            while j < len(parsed):
                (r2, rest2), v2 = parsed[j]
                h2, s2, o2 = _option_split(rest2, titled)
                if r2 != rep or not s2 or h2 != head or not _is_bool(v2):
                    break
                options.append(Option(name=o2, checked=v2 == "TRUE"))
                j += 1
            items.append(ChoiceItem(instruction=_instruction(head), options=tuple(options)))
            i = j
            continue
        items.append(TextItem(instruction=_instruction(rest), text=_text(value)))
        i += 1
    return (Section(items=tuple(items)),) if items else ()


def _names(template: Template) -> list[tuple[str, int, tuple[int, ...], TemplateItem]]:
    """``(normalised name, section index, path of item indexes, question)`` for every template question."""
    out = []

    def walk(items: tuple[TemplateItem, ...], parent: str, s: int, path: tuple[int, ...]) -> None:
        for k, spec in enumerate(items):
            instruction = spec.instruction.strip() or "undefined"
            name = f"{parent}--{instruction}" if parent else instruction
            if spec.kind == "group":
                walk(spec.items, name, s, (*path, k))
            else:
                out.append((normalize_name(name), s, (*path, k), spec))

    for s, section in enumerate(template.sections):
        walk(section.items, section.title.strip() or "undefined", s, ())
    return out


def _template_item(spec: TemplateItem, cells: dict[str, str], side_tags: dict[str, list[str]]) -> Item:
    instruction = spec.instruction or None
    if spec.kind in ("checklist", "other") and list(cells) == [""]:  # one plain column: not what the template says
        return TextItem(instruction=instruction, text=cells[""])
    if spec.kind == "checklist":
        options = [Option(name=o, checked=cells.get(f"--{o}") == "TRUE") for o in spec.options]
        known = {f"--{o}" for o in spec.options}
        options += [Option(name=k[2:], checked=v == "TRUE") for k, v in cells.items() if k not in known and k]
        return ChoiceItem(instruction=instruction, options=tuple(options), multiple=True)
    if spec.kind == "radiolist":
        value = cells.get("", "")
        options = [Option(name=o, checked=o == value) for o in spec.options]
        if value and value not in spec.options:
            options.append(Option(name=value, checked=True))
        return ChoiceItem(instruction=instruction, options=tuple(options), multiple=False)
    if spec.kind == "img":
        value = cells.get("", "")
        srcs = value.split(", ")
        if len(srcs) > 1 and all(src and " " not in src for src in srcs):  # a mosaic answering an img question
            return MosaicItem(instruction=instruction, images=tuple(Image(src=src) for src in srcs))
        return ImageItem(instruction=instruction, src=value)
    if spec.kind == "mosaic":
        value = cells.get("", "")
        return MosaicItem(instruction=instruction, images=tuple(Image(src=s) for s in value.split(", ")) if value
                          else ())
    if spec.kind == "embed":
        return EmbedItem(instruction=instruction, html=cells.get("", ""))
    if spec.kind == "other":
        numbered = sorted((int(k[2:]), v) for k, v in cells.items() if k[2:].isdigit())
        return _meta_item(instruction, [v for _, v in numbered], side_tags)
    return TextItem(instruction=instruction, text=cells.get("", ""),
                    platform_type="title" if spec.kind == "title" else None)


def sections_from_columns(
    columns: Sequence[tuple[str, str]], template: Template | None, side_tags: dict[str, list[str]]
) -> tuple[Section, ...]:
    """The sections one row's per-question columns ``(name, text)`` give (see the module docstring).

    With a template, the questions come in column order, each read as its template question says (kind,
    options, full instruction), in its template section (``[n]--``: the n-th repetition of the section, or
    the n-th record of a group); columns no template question names are read as without a template, in
    the section they stand in. Template questions without a column are not made up.
    """
    if template is None:
        return _untemplated(columns, side_tags)
    by_name = sorted(_names(template), key=lambda n: -len(n[0]))
    # (section index, section rep) -> ordered entries: ("q", path, rep) questions or ("raw", [columns])
    sections: dict[tuple[int, int], list[list[Any]]] = {}
    cells: dict[tuple[int, int, tuple[int, ...], int], dict[str, str]] = {}
    specs: dict[tuple[int, tuple[int, ...]], TemplateItem] = {}
    current: tuple[int, int] = (-1, 0)
    loose = 0
    for column, value in columns:
        rep, rest = split_header(column)
        for name, s, path, spec in by_name:
            if rest == name:
                suffix = ""
            elif rest.startswith(name + "--") and spec.kind in ("checklist", "other"):
                suffix = rest[len(name):]
            else:
                continue
            grouped = len(path) > 1
            key = (s, 0 if grouped else rep)
            current = key
            entries = sections.setdefault(key, [])
            marker = ("group", path[:1]) if grouped else ("q", path)
            if not any(e[0] == marker[0] and e[1] == marker[1] for e in entries):
                entries.append([marker[0], marker[1]])
            specs[(s, path)] = spec
            cells.setdefault((*key, path, rep if grouped else 0), {})[suffix] = value
            break
        else:
            title = template.sections[current[0]].title.strip() if current[0] >= 0 else ""
            prefix = normalize_name(title) + "--" if title else ""
            if prefix and rest.startswith(prefix):
                column = (f"[{rep}]--" if rep else "") + rest[len(prefix):]
            elif current[0] >= 0 and title:  # not a question of this section: an untitled one follows
                loose += 1
                current = (-1, loose)
            entries = sections.setdefault(current, [])
            if entries and entries[-1][0] == "raw":
                entries[-1][1].append((column, value))
            else:
                entries.append(["raw", [(column, value)]])
    out: list[Section] = []
    for (s, r), entries in sections.items():
        tsection = template.sections[s] if s >= 0 else None
        items: list[Item] = []
        for kind, what in entries:
            if kind == "raw":
                for section in _untemplated(what, side_tags):
                    items.extend(section.items)
            elif kind == "q":
                items.append(_template_item(specs[(s, what)], cells.get((s, r, what, 0), {}), side_tags))
            else:
                group = template.sections[s].items[what[0]]
                records = sorted({rec for (si, ri, path, rec) in cells if (si, ri) == (s, r) and path[:1] == what})
                built = []
                for rec in records:
                    built.append(tuple(
                        _template_item(specs[(s, path)], cells[(s, r, path, rec)], side_tags)
                        for path in sorted({p for (si, ri, p, rc) in cells if (si, ri) == (s, r) and p[:1] == what
                                            and rc == rec})
                    ))
                items.append(GroupItem(instruction=group.instruction or None, records=tuple(built)))
        out.append(Section(title=tsection.title if tsection else "", lead=tsection.lead if tsection else "",
                           items=tuple(items)))
    return tuple(out)
