"""Turn what creator teams upload into tidy frames; ``parse_upload`` is the one entry point.

One module per format, each with ``detect(name, header_keys)`` and ``parse(table, context)``;
``catalog`` lists them in detection order and names them; ``upload`` takes an upload apart
(ZIP members, workbook sheets) and merges what its files hold.
"""

from bot.analytics.formats.base import ImportFileError, ImportLimits, ParsedFile, ParsedUpload
from bot.analytics.formats.catalog import FORMATS, STUDIO, UNRECOGNISED, format_title
from bot.analytics.formats.upload import parse_upload

__all__ = [
    "FORMATS",
    "STUDIO",
    "UNRECOGNISED",
    "ImportFileError",
    "ImportLimits",
    "ParsedFile",
    "ParsedUpload",
    "format_title",
    "parse_upload",
]
