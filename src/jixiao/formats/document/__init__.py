"""Published reports (txt, docx, html, pdf) read into one document model.

`read_path` / `read_bytes` give a `Document`: paragraphs in reading order, each a prose
paragraph, a table row (cells separated by tabs) or a table-of-contents line, plus a
normalised twin of the text. Unreadable input raises `DocumentError` (Chinese message).
The auditor reads documents only through here, so it imports no file-format library.
"""

from jixiao.formats.document.model import Block, Document, DocumentError, Paragraph, normalise
from jixiao.formats.document.reader import decode_text, read_bytes, read_path

__all__ = [
    "Block",
    "Document",
    "DocumentError",
    "Paragraph",
    "decode_text",
    "normalise",
    "read_bytes",
    "read_path",
]
