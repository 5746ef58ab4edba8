"""alpdoc: read, write and convert UNDP Accelerator Labs documents (ALPs, solutions, experiments).

>>> import alpdoc
>>> doc = alpdoc.loads("# My plan\n\n[[type:learningplan]]\n", format="archive-md")
>>> doc.title, doc.kind
('My plan', 'learningplan')
"""

from .api import detect_format, dumps, formats, get_format, loads, read, templates, write
from .errors import AlpdocError, AlpdocWarning, FormatError, ParseError, PluginError, PluginWarning
from .hookspecs import hookimpl
from .model import (
    ChoiceItem,
    Country,
    Document,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Option,
    Sdg,
    Section,
    Tag,
    TextItem,
)
from .format_plugins.json import json_schema
from .plugins import FormatSpec

__version__ = "0.1.0"

__all__ = [
    "loads",
    "dumps",
    "read",
    "write",
    "formats",
    "get_format",
    "detect_format",
    "templates",
    "json_schema",
    "hookimpl",
    "FormatSpec",
    "AlpdocError",
    "AlpdocWarning",
    "FormatError",
    "ParseError",
    "PluginError",
    "PluginWarning",
    "Document",
    "Section",
    "Tag",
    "Option",
    "Image",
    "Item",
    "TextItem",
    "ChoiceItem",
    "ImageItem",
    "MosaicItem",
    "LinkItem",
    "GroupItem",
    "Country",
    "Sdg",
    "__version__",
]
