"""Importing official exports and address books: one module per format.

``import_file`` is the one entry point (the CLI's ``metanet import`` and the summary
page's upload both call it). ``detect.py`` picks the format from the content,
``pipeline.py`` stores the result in one transaction, ``diff.py`` tells what changed.
"""

from metanet.imports.base import ImportFileError
from metanet.imports.detect import FORMATS
from metanet.imports.pipeline import ImportResult, import_file

__all__ = ["FORMATS", "ImportFileError", "ImportResult", "import_file"]
