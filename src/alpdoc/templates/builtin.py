"""Built-in templates plugin (placeholder until the extracted ALP templates land)."""

from ..hookspecs import hookimpl


@hookimpl
def alpdoc_templates() -> list:
    return []
