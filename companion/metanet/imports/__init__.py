"""Importing official exports and address books: one module per format.

Importers are pure functions of bytes; ``detect.py`` picks the format from the content,
``pipeline.py`` stores the result in one transaction, ``diff.py`` tells what changed.
The one entry point is :func:`metanet.services.imports.import_file` (the CLI's ``metanet
import`` and the summary page's upload both call it).
"""

from metanet.imports.base import ImportFileError
from metanet.imports.detect import FORMATS
from metanet.imports.pipeline import ImportResult

__all__ = ["FORMATS", "ImportFileError", "ImportResult"]
