"""``Document.countries`` names each country once; ``Document.locations`` keeps every place."""

from __future__ import annotations

from alpdoc.model import Country, Document, Tag


def _doc(*pairs: tuple[str, str]) -> Document:
    return Document(tags=tuple(Tag(key=k, value=v) for k, v in pairs))


def test_a_country_named_once_per_place_counts_once() -> None:
    doc = _doc(("country", "Egypt"), ("latlng", "26.5,29.75"), ("country", "Egypt"), ("latlng", "30.0,31.25"),
               ("country", "Jordan"))
    assert doc.countries == (Country(name="Egypt", lat=26.5, lng=29.75), Country(name="Jordan"))
    assert doc.locations == (
        Country(name="Egypt", lat=26.5, lng=29.75), Country(name="Egypt", lat=30.0, lng=31.25), Country(name="Jordan"),
    )


def test_first_seen_order_and_first_coordinates() -> None:
    doc = _doc(("country", "B"), ("country", "A"), ("country", "B"), ("latlng", "1,2"), ("country", "A"),
               ("latlng", "bad"))
    assert [c.name for c in doc.countries] == ["B", "A"]
    assert doc.countries[0] == Country(name="B", lat=1.0, lng=2.0)  # the first location of B that has coordinates
    assert doc.countries[1] == Country(name="A")
    assert len(doc.locations) == 4


def test_no_countries() -> None:
    assert _doc(("type", "blog")).countries == () == _doc().locations
