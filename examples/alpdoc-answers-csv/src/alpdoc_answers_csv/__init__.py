"""The ``answers-csv`` format: a document as a tidy CSV (an example alpdoc plugin).

Columns: ``row, section, item, record, kind, question, answer, option, flag``.
Rows, in document order:

* ``doc``: ``answer`` is the title; ``tag``: ``question`` is the key, ``answer`` the value;
* ``section``: ``question`` is the title, ``answer`` the lead;
* ``item``: one question (``kind`` text, choice, image, mosaic, link or group; ``flag``
  says whether it has an instruction, and for a choice whether it is a checklist);
* ``option`` / ``image``: the options of a choice, the images of a mosaic;
* ``member``: an item of a group record (``record`` is its number), followed by its
  own option or image rows.

What it cannot carry (see :func:`project`): layout and platform-only content.
"""

from __future__ import annotations

import csv
import io

import attrs

from alpdoc import (
    ChoiceItem,
    Document,
    FormatSpec,
    GroupItem,
    Image,
    ImageItem,
    LinkItem,
    MosaicItem,
    Option,
    ParseError,
    Section,
    Tag,
    TextItem,
    hookimpl,
)
from alpdoc.options import ReaderOptions

HEADER = ["row", "section", "item", "record", "kind", "question", "answer", "option", "flag"]
KINDS = {TextItem: "text", ChoiceItem: "choice", ImageItem: "image", MosaicItem: "mosaic", LinkItem: "link",
         GroupItem: "group"}


def _item_rows(item, section: int, index: int, record: str, row: str) -> list[list[str]]:
    kind = KINDS[type(item)]
    base = [str(section), str(index), record, kind, item.instruction or ""]
    has = "1" if item.instruction is not None else "0"
    if isinstance(item, TextItem):
        return [[row, *base, item.text, "", has]]
    if isinstance(item, ChoiceItem):
        rows = [[row, *base, "", "", has + ("m" if item.multiple else "r")]]
        rows += [["option", *base, "", o.name, "1" if o.checked else "0"] for o in item.options]
        return rows
    if isinstance(item, ImageItem):
        return [[row, *base, item.src, item.alt, has]]
    if isinstance(item, MosaicItem):
        return [[row, *base, "", "", has]] + [["image", *base, im.src, im.alt, ""] for im in item.images]
    if isinstance(item, LinkItem):
        return [[row, *base, item.url, item.text or "", has + ("t" if item.text is not None else "")]]
    rows = [[row, *base, "", "", has]]
    for r, members in enumerate(item.records):
        for member in members:
            rows += _item_rows(member, section, index, str(r), "member")
    return rows


def write_answers_csv(doc: Document) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a lone CR in a text stays in its cell
    writer.writerow(HEADER)
    writer.writerow(["doc", "", "", "", "", "", doc.title, "", ""])
    for tag in doc.tags:
        writer.writerow(["tag", "", "", "", "", tag.key, tag.value, "", ""])
    for s, section in enumerate(doc.sections):
        writer.writerow(["section", str(s), "", "", "", section.title, section.lead, "", ""])
        for i, item in enumerate(section.items):
            writer.writerows(_item_rows(item, s, i, "", "item"))
    return out.getvalue()


def _new_item(kind: str, question: str, answer: str, option: str, flag: str):
    instruction = question if flag[:1] == "1" else None
    if kind == "text":
        return TextItem(instruction=instruction, text=answer)
    if kind == "choice":
        return ChoiceItem(instruction=instruction, multiple=flag[1:] == "m")
    if kind == "image":
        return ImageItem(instruction=instruction, src=answer, alt=option)
    if kind == "mosaic":
        return MosaicItem(instruction=instruction)
    if kind == "link":
        return LinkItem(instruction=instruction, url=answer, text=option if flag[1:] == "t" else None)
    if kind == "group":
        return GroupItem(instruction=instruction)
    raise ValueError(f"unknown kind {kind!r}")


def _add_part(item, row: str, answer: str, option: str, flag: str):
    if row == "option" and isinstance(item, ChoiceItem):
        return ChoiceItem(instruction=item.instruction, multiple=item.multiple,
                          options=(*item.options, Option(name=option, checked=flag == "1")))
    if row == "image" and isinstance(item, MosaicItem):
        return MosaicItem(instruction=item.instruction, images=(*item.images, Image(src=answer, alt=option)))
    raise ValueError(f"a {row!r} row cannot follow this item")


def read_answers_csv(data: bytes | str, options: ReaderOptions | None = None) -> Document:
    """Read an answers-csv file; ``options.source`` names it in errors (templates are not needed)."""
    source = options.source if options is not None else None
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return _read(text)
    except (ValueError, IndexError, csv.Error) as exc:  # UnicodeDecodeError is a ValueError
        raise ParseError(f"not an answers-csv file: {exc}", source=source) from None


def _read(text: str) -> Document:
    # Answers can be long: the csv module refuses fields over 128 KiB unless told otherwise.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows or rows[0] != HEADER:
        raise ValueError("the first row must be the answers-csv header")
    title, tags, sections = "", [], []
    item = member = None  # the open top-level item, and the open group member
    records: list[list] = []

    def close_member() -> None:
        nonlocal member
        if member is not None:
            records[-1].append(member)
        member = None

    def close_item() -> None:
        nonlocal item
        close_member()
        if item is not None:
            if isinstance(item, GroupItem):
                item = GroupItem(instruction=item.instruction, records=tuple(tuple(r) for r in records))
            sections[-1][2].append(item)
        item = None

    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(HEADER):
            raise ValueError(f"row {number} has {len(row)} cells, not {len(HEADER)}")
        kind_of_row, _s, _i, record, kind, question, answer, option, flag = row
        if kind_of_row == "doc":
            title = answer
        elif kind_of_row == "tag":
            tags.append(Tag(key=question, value=answer))
        elif kind_of_row == "section":
            close_item()
            sections.append([question, answer, []])
        elif kind_of_row == "item":
            if not sections:
                raise ValueError(f"row {number}: an item before any section")
            close_item()
            item, records = _new_item(kind, question, answer, option, flag), []
        elif kind_of_row == "member":
            if not isinstance(item, GroupItem):
                raise ValueError(f"row {number}: a member outside a group")
            close_member()
            while len(records) <= int(record):
                records.append([])
            member = _new_item(kind, question, answer, option, flag)
        elif kind_of_row in ("option", "image"):
            if member is not None:
                member = _add_part(member, kind_of_row, answer, option, flag)
            elif item is not None:
                item = _add_part(item, kind_of_row, answer, option, flag)
            else:
                raise ValueError(f"row {number}: an {kind_of_row} row outside an item")
        else:
            raise ValueError(f"row {number}: unknown row type {kind_of_row!r}")
    close_item()
    return Document(title=title, tags=tuple(tags),
                    sections=tuple(Section(title=t, lead=lead, items=tuple(items)) for t, lead, items in sections))


def project(doc: Document) -> Document:
    """What answers-csv keeps: all content of the core model but interview answers' times and tags and
    quotation marks, no layout (records without members vanish)."""
    def item(i):
        if isinstance(i, GroupItem):
            kept = tuple(tuple(item(m) for m in r if not isinstance(m, GroupItem)) for r in i.records)
            while kept and not kept[-1]:
                kept = kept[:-1]
            return GroupItem(instruction=i.instruction, records=kept)
        if isinstance(i, TextItem) and (i.timestamp is not None or i.tags or i.quote):
            return attrs.evolve(i, timestamp=None, tags=(), quote=False)  # no interview time or tags, no quote mark
        return i

    return Document(title=doc.title, tags=doc.tags, sections=tuple(
        Section(title=s.title, lead=s.lead, items=tuple(item(i) for i in s.items)) for s in doc.sections))


FORMAT = FormatSpec(
    name="answers-csv",
    description="every answer of a document as a tidy CSV (example plugin)",
    reader=read_answers_csv,
    writer=write_answers_csv,
    project=project,
    sniff=lambda head: head.startswith(",".join(f'"{h}"' for h in HEADER).encode()),
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
