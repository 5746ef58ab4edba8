"""The built-in formats: one subpackage per format, each an ordinary alpdoc plugin.

A format's folder holds its reader, writer and ``project`` function; its
grammar (for text formats) lives in the top-level ``grammars/`` folder and is
shipped inside the package.
"""
