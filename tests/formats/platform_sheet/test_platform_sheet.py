"""The shared platform sheet: the per-question header algorithm, cell values, rows <-> documents."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alpdoc.errors import ParseError
from alpdoc.format_plugins.pad_json.vocabulary import canonical_json
from alpdoc.format_plugins.platform_csv import iter_platform_csv, write_platform_csv_all
from alpdoc.format_plugins.platform_csv.codec import write_records
from alpdoc.format_plugins.platform_sheet import (
    cell_text,
    documents_from_rows,
    general_number,
    question_cells,
    rows_from_documents,
)
from alpdoc.format_plugins.platform_sheet.questions import tag_counts
from alpdoc.model import (
    ChoiceItem,
    Document,
    GroupItem,
    MetaItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformTag,
    Section,
    TextItem,
)
from alpdoc.options import ReaderOptions
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection


def _meta(kind, name=None, instruction=None, **data):
    return MetaItem(type=kind, name=name, instruction=instruction, data=canonical_json(data))


def _pad() -> Document:
    intro = Section(title="Intro", items=(
        TextItem(instruction="Describe the solution (C + ok)\nline2", text="x"),
        TextItem(instruction=None, text="no question"),
        ChoiceItem(instruction="Stage", options=(Option(name="Explore"), Option(name="Test", checked=False))),
        ChoiceItem(instruction="Big bet", multiple=False,
                   options=(Option(name="Water"), Option(name="Air", checked=False))),
        _meta("location", instruction="Where?", centerpoints=[{"lat": 6.5, "lng": 20.46}]),
        _meta("index", "sdgs", "SDGs", tags=[{"name": "No poverty"}, {"name": "Zero hunger"}, {"name": "Water"}]),
        _meta("tag", "thematic_areas", None, tags=[{"name": "Energy"}]),
        _meta("drawing", instruction="Sketch", shapes=[{"d": "M0"}]),
        GroupItem(instruction="Partners", records=(
            (TextItem(instruction="Name", text="A"),), (TextItem(instruction="Name", text="B"),),
        )),
    ))
    repeat = Section(title="Repeat me", items=(TextItem(instruction="Q", text="1"),))
    untitled = Section(items=(TextItem(instruction="Untitled-section question", text="u"),
                              TextItem(instruction=None, text="v")))
    info = PlatformInfo(pad_id=7, contributor_id="c-1", status=2, template=5)
    return Document(title="Pad", sections=(intro, repeat, repeat, untitled), platform=info)


def test_per_question_columns_follow_the_platforms_algorithm():
    doc = _pad()
    cells = question_cells(doc, tag_counts([doc]))
    assert list(cells.items()) == [
        ("Intro--Describe the solution (C   ok) line2", "x"),
        ("Intro--undefined", "no question"),
        ("Intro--Stage--Explore", True),
        ("Intro--Stage--Test", False),
        ("Intro--Big bet", "Water"),
        ("Intro--Where?--1", "6.5, 20.46"),
        ("Intro--SDGs--1", "No poverty"),
        ("Intro--SDGs--2", "Zero hunger"),
        ("Intro--SDGs--3", "Water"),
        ("Intro--undefined--1", "Energy"),
        ("Intro--Sketch", "[object Object]"),
        ("Intro--Partners--Name", "A"),
        ("[1]--Intro--Partners--Name", "B"),
        ("Repeat me--Q", "1"),
        ("[1]--Repeat me--Q", "1"),
        ("Untitled-section question", "u"),
        ("undefined", "v"),
    ]


def test_a_repeated_name_keeps_its_place_and_the_last_value():
    doc = Document(sections=(
        Section(title="S", lead="one", items=(TextItem(instruction="Q", text="first"),)),
        Section(title="T", items=(TextItem(instruction="R", text="r"),)),
        Section(title="S", lead="two", items=(TextItem(instruction="Q", text="second"),)),
    ))
    assert list(question_cells(doc, {}).items()) == [("S--Q", "second"), ("T--R", "r")]


def test_tag_columns_run_to_the_most_tags_any_pad_has():
    few = Document(sections=(Section(items=(_meta("tag", "methods", "M", tags=[{"name": "a"}]),)),),
                   platform=PlatformInfo(pad_id=1))
    many = Document(sections=(Section(items=(_meta("tag", "methods", "M", tags=[{"name": "b"}, {"name": "c"}]),)),),
                    platform=PlatformInfo(pad_id=2))
    header, rows = rows_from_documents([few, many], variant="questions")
    assert [h for h in header if h.startswith("M--")] == ["M--1", "M--2"]
    assert rows[0][header.index("M--2")] is None
    assert [h for h in header if "-tag-" in h] == ["methods-tag-1", "methods-tag-2"]


def _template() -> Template:
    return Template(name="platform-template-5", sections=(
        TemplateSection(title="Intro", items=(
            TemplateItem(instruction="Describe the solution (C + ok)\nline2"),
            TemplateItem(instruction="Stage", kind="checklist", options=("Explore", "Test")),
            TemplateItem(instruction="Big bet", kind="radiolist", options=("Water", "Air")),
            TemplateItem(instruction="Where?", kind="other"),
            TemplateItem(instruction="Partners", kind="group", items=(TemplateItem(instruction="Name"),)),
        )),
        TemplateSection(title="Repeat me", items=(TemplateItem(instruction="Q"),)),
    ))


@pytest.mark.parametrize("with_template", [False, True])
def test_per_question_rows_read_back_and_write_the_same(with_template):
    from alpdoc.format_plugins.platform_csv import write_platform_csv_questions

    data = write_platform_csv_questions(_pad())
    options = ReaderOptions(templates=TemplateRegistry([_template()]) if with_template else None)
    (doc,) = iter_platform_csv(data, options)
    assert write_platform_csv_questions(doc) == data
    if with_template:
        assert doc.template == "platform-template-5"
        intro = doc.sections[0]
        assert intro.title == "Intro"
        assert intro.items[0] == TextItem(instruction="Describe the solution (C + ok)\nline2", text="x")
        assert [s.title for s in doc.sections] == ["Intro", "Repeat me", "Repeat me", ""]
        group = next(i for i in intro.items if isinstance(i, GroupItem))
        assert [r[0].text for r in group.records] == ["A", "B"]
        radio = next(i for i in intro.items if isinstance(i, ChoiceItem) and not i.multiple)
        assert radio.options == (Option(name="Water"), Option(name="Air", checked=False))
        where = next(i for i in intro.items if isinstance(i, MetaItem) and i.type == "location")
        assert where.payload == {"centerpoints": [{"lat": 6.5, "lng": 20.46}]}
    else:
        items = doc.sections[0].items
        assert items[2] == ChoiceItem(instruction="Intro--Stage",
                                      options=(Option(name="Explore"), Option(name="Test", checked=False)))


def test_typed_cells_as_an_xlsx_gives_them():
    header = ("pad_id", "contributor_id", "title", "created_at", "updated_at", "status", "source_pad_id",
              "template", "iso3", "rights", "email", "country", "snippet", "vignette", "content")
    when = dt.datetime(2025, 1, 6, 10, 30)
    row = (12, "c-2", "T", when, when, 3, None, None, "KEN", 2, "a@b.org", "Kenya", "s", None, "T\n\nbody")
    (doc,) = documents_from_rows(header, [row], ReaderOptions(), side_columns=False)
    assert doc.platform.pad_id == 12 and doc.platform.created_at == "2025-01-06 10:30:00"
    names, rows = rows_from_documents([doc], variant="content", side_columns=False)
    assert names == header and rows == [row]
    assert [cell_text(c) for c in rows[0]][3] == "1/6/25"


def test_side_columns_read_into_platform_info():
    text = ("pad_id,contributor_id,title,content,media-1,location-1-lat,location-1-lng,location-1-iso3,"
            "location-1-country,sdgs-tag-1,sdgs-tag-2\n"
            "1,c-1,T,T,img.png,52.59503046,-0.838879989,GBR,United Kingdom,Goal 1,")
    (doc,) = iter_platform_csv(text)
    assert doc.platform.locations == (PlatformLocation(lat=52.59503046, lng=-0.838879989, iso3="GBR",
                                                       country="United Kingdom"),)
    assert doc.platform.tags == (PlatformTag(type="sdgs", name="Goal 1"),)
    assert json.loads(dict(doc.platform.extra)["media"]) == ["img.png"]


@pytest.mark.parametrize("value, text", [
    (52.59503046, "52.59503046"), (-0.838879989, "-0.838879989"), (3.0, "3"), (0.1, "0.1"),
    (1 / 3, "0.333333333"), (123456.789012, "123456.789"), (True, "TRUE"), (None, ""),
])
def test_cells_are_written_in_general_format(value, text):
    assert cell_text(value) == text
    if isinstance(value, float):
        assert general_number(float(text)) == text


def test_csv_quoting_follows_sheetjs():
    assert write_records([["ID", "a,b", 'q"', "line\nbreak", "lone\rcr", "plain"]]) == \
        '\ufeff"ID","a,b","q""","line\nbreak",lone\rcr,plain'


def test_other_tools_csv_is_accepted():
    plain = "pad_id,contributor_id,title,content\n1,c-1,T,\"T\n\nx\r\ny\"\n2,c-1,U,U\n"
    crlf = plain.replace("\n", "\r\n").encode()
    a = list(iter_platform_csv(plain))
    b = list(iter_platform_csv(crlf))
    assert [d.title for d in a] == ["T", "U"] and a == b
    # no BOM and a final newline on reading; the platform's form on writing
    assert write_platform_csv_all(a).startswith(b"\xef\xbb\xbfpad_id,") and not write_platform_csv_all(a).endswith(b"\n")


@pytest.mark.parametrize("data, where", [
    (b"pad_id,contributor_id,title\n1,c-1,\"open", (2, 1)),
    (b"pad_id,contributor_id,title,status\n1,c-1,T,three", (2, 4)),
    (b"pad_id,contributor_id,title\n1,c-1,T,extra", (2, 4)),
    (b"pad_id,contributor_id,pad_id\n1,c-1,2", (1, 3)),
    (b"name,value\n1,2", (1, 1)),
    (b"pad_id,contributor_id\n\xff", (2, 1)),
])
def test_bad_input_is_a_parse_error_with_line_and_column(data, where):
    with pytest.raises(ParseError) as info:
        list(iter_platform_csv(data, ReaderOptions(source="x.csv")))
    assert (info.value.line, info.value.column) == where and info.value.source == "x.csv"


def test_the_single_pad_reader_refuses_several_pads():
    import alpdoc

    with pytest.raises(ParseError, match="several pads"):
        alpdoc.api.read_data(alpdoc.api.get_format("platform-csv"),
                             b"pad_id,contributor_id,title\n1,c-1,T\n2,c-1,U", ReaderOptions())


def test_a_csv_path_is_read_as_platform_csv_and_written_as_table(tmp_path):
    import alpdoc

    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbfpad_id,contributor_id,title,content\n1,c-1,T,T")
    assert alpdoc.api.format_for_path(path).name == "platform-csv"
    assert alpdoc.api.format_for_path(path, mode="write").name == "table"
    assert alpdoc.read(path).title == "T"


def test_content_is_read_with_the_pads_template():
    from alpdoc.format_plugins.platform_csv import write_platform_csv

    template = Template(name="platform-template-5", sections=(
        TemplateSection(title="Intro", items=(
            TemplateItem(instruction="What?"),
            TemplateItem(instruction="Stage", kind="checklist", options=("Explore", "Test")),
        )),
        TemplateSection(title="More", items=(TemplateItem(instruction="Why?"),)),
    ))
    doc = Document(title="Pad", platform=PlatformInfo(pad_id=1, template=5), sections=(
        Section(title="Intro", items=(
            TextItem(instruction="What?", text="a thing\nline 2"),
            ChoiceItem(instruction="Stage", options=(Option(name="Explore"), Option(name="Test", checked=False))),
        )),
        Section(title="More", items=(TextItem(instruction="Why?", text="because"),)),
    ))
    data = write_platform_csv(doc)
    assert b'"Pad\n\nIntro\n\nWhat?\na thing\nline 2\nStage\nExplore\nMore\n\nWhy?\nbecause"' in data
    (read,) = iter_platform_csv(data, ReaderOptions(templates=TemplateRegistry([template])))
    assert read.sections == doc.sections and read.template == "platform-template-5"
    (plain,) = iter_platform_csv(data)  # without the template: one honest text item
    assert plain.sections == (Section(items=(TextItem(text=data.decode().rsplit(',"Pad\n\n', 1)[1][:-1]),)),)
    assert write_platform_csv(read) == data == write_platform_csv(plain)


def test_an_empty_snippet_stays_empty_in_both_variants():
    from alpdoc.format_plugins.platform_csv import write_platform_csv_questions

    text = ("pad_id,contributor_id,title,created_at,updated_at,status,source_pad_id,template,snippet,vignette,Q\n"
            "1,c-1,T,1/6/25,1/6/25,3,,,,,an answer")
    (doc,) = iter_platform_csv(text)
    assert write_platform_csv_questions(doc) == ("\ufeff" + text).encode()


def test_info_on_a_platform_csv(tmp_path, capsys):
    from alpdoc.cli import main

    path = tmp_path / "pads.csv"
    path.write_bytes(b"\xef\xbb\xbfpad_id,contributor_id,title,content\n1,c-1,T,T\n2,c-1,U,U")
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "platform-csv" in out and "documents: 2" in out


def test_an_empty_tag_item_of_no_known_list_keeps_its_columns():
    """Found by the conformance kit: an SDG item without tags beside one SDG tag row gave a column that read
    back as a tag item of no list, which then wrote no column (project was not idempotent)."""
    from alpdoc.format_plugins.platform_csv import write_platform_csv_questions

    doc = Document(title="a", platform=PlatformInfo(tags=(PlatformTag(type="sdgs", name="a"),)), sections=(
        Section(items=(TextItem(text=""), MetaItem(type="index", name="sdgs"))),))
    once = write_platform_csv_questions(doc)
    (read,) = iter_platform_csv(once)
    assert write_platform_csv_questions(read) == once


def test_the_apis_csv_is_refused_with_a_reason():
    text = "pad_id,contributor_id,title<br/>1,c-1,T<br/>2,c-1,U"
    with pytest.raises(ParseError, match="API's CSV") as info:
        list(iter_platform_csv(text))
    assert (info.value.line, info.value.column) == (1, 3)


@pytest.mark.parametrize("title, instruction", [
    ("", "-"), ("", "--"), ("", "undefined-"), ("", "-x"), ("", "a+b"), ("", "- 0"), ("", "+x"), ("-S", "Q"),
    ("---", "-"), ("-", "- 0"), ("", None),
])
def test_instructions_the_normalising_eats_read_back_stably(title, instruction):
    """Found by the conformance kit: ``-`` in an untitled section names the column ``""``, ``- 0`` `` 0``."""
    from alpdoc.format_plugins.platform_csv import write_platform_csv_questions

    doc = Document(sections=(Section(title=title, items=(TextItem(instruction=instruction, text="t"),
                                            ChoiceItem(instruction=instruction, options=(Option(name="o"),)),
                                            ChoiceItem(instruction=instruction, options=(Option(name="-"),)))),))
    (once,) = iter_platform_csv(write_platform_csv_questions(doc))
    (twice,) = iter_platform_csv(write_platform_csv_questions(once))
    assert once == twice


def test_a_plain_column_of_a_meta_question_reads_as_text():
    """Found by the conformance kit: an empty text answer to a template's meta question read back as a
    tag item, which wrote no column."""
    from alpdoc.format_plugins.platform_csv import write_platform_csv_questions

    template = Template(name="platform-template-5", sections=(
        TemplateSection(title="Intro", items=(TemplateItem(instruction="Where", kind="other"),)),))
    doc = Document(title="a", platform=PlatformInfo(template=5),
                   sections=(Section(title="Intro", items=(TextItem(instruction="Where", text=""),)),))
    options = ReaderOptions(templates=TemplateRegistry([template]))
    (once,) = iter_platform_csv(write_platform_csv_questions(doc), options)
    assert once.sections == doc.sections
