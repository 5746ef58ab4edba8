r"""alpdoc: read, write and convert UNDP Accelerator Labs documents (ALPs, solutions, experiments).

>>> import alpdoc
>>> doc = alpdoc.loads("# My plan\n\n[[type:learningplan]]\n", format="archive-md")
>>> doc.title, doc.kind
('My plan', 'learningplan')
"""

from . import templates  # the subpackage (calling it is the deprecated spelling of template_registry())
from .analysis import to_dataframe
from .api import (
    detect_format,
    dumps,
    dumps_all,
    format_for_path,
    formats,
    get_format,
    loads,
    loads_all,
    read,
    read_all,
    write,
    write_all,
)
from .api import templates as template_registry
from .conversion import (
    Conversion,
    LossReport,
    LossWarning,
    LossyConversionError,
    UnreadableOutputError,
    convert,
    convert_doc,
    convert_file,
)
from .differences import Difference
from .errors import AlpdocError, AlpdocWarning, FormatError, ParseError, PluginError, PluginWarning
from .format_plugins.json import json_schema
from .hookspecs import hookimpl
from .model import (
    ChoiceItem,
    Country,
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
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Sdg,
    Section,
    Tag,
    TextItem,
)
from .options import ReaderOptions
from .plugins import FormatSpec
from .templates import Template, TemplateRegistry, learn_template, load_templates

__version__ = "0.1.0"

__all__ = [
    "to_dataframe",
    "convert",
    "convert_doc",
    "convert_file",
    "Difference",
    "ReaderOptions",
    "UnreadableOutputError",
    "format_for_path",
    "Conversion",
    "LossReport",
    "LossWarning",
    "LossyConversionError",
    "Template",
    "TemplateRegistry",
    "learn_template",
    "load_templates",
    "loads",
    "loads_all",
    "dumps",
    "dumps_all",
    "read",
    "read_all",
    "write",
    "write_all",
    "formats",
    "get_format",
    "detect_format",
    "template_registry",
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
    "EmbedItem",
    "MetaItem",
    "PlatformInfo",
    "PlatformTag",
    "PlatformLocation",
    "PlatformMeta",
    "Country",
    "Sdg",
    "__version__",
]
