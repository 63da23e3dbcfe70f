"""The text layer of a document's file (PDF, .docx), for search.

Only the text already in the file is read (no OCR): pypdf for PDF pages, python-docx for the
paragraphs and tables of a .docx. Reading stops once ``MAX_CHARS`` characters are gathered (the
search columns keep at most 200,000 characters anyway) or after ``MAX_PDF_PAGES`` pages, so a
large file costs a bounded time. A file the libraries cannot parse gives no text: the
attachments kernel has already checked its type, and a broken text layer must not refuse the
document.
"""

from __future__ import annotations

import io
import logging

from vanphong.core.attachments.services import attachment_read
from vanphong.core.search.models import MAX_INDEX_CHARS

logger = logging.getLogger(__name__)

#: Characters of text kept per file (the search columns' own cap).
MAX_CHARS = MAX_INDEX_CHARS
#: PDF pages read at most (≈ 200,000 characters are about 60–100 pages of text).
MAX_PDF_PAGES = 300


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    out: list[str] = []
    length = 0
    for index, page in enumerate(reader.pages):
        if index >= MAX_PDF_PAGES or length >= MAX_CHARS:
            break
        text = page.extract_text() or ""
        out.append(text)
        length += len(text) + 1
    return "\n".join(out)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    length = 0

    def add(text: str) -> bool:
        nonlocal length
        if text:
            out.append(text)
            length += len(text) + 1
        return length < MAX_CHARS

    for paragraph in document.paragraphs:
        if not add(paragraph.text):
            return "\n".join(out)
    for table in document.tables:
        for row in table.rows:
            if not add(" ".join(cell.text for cell in row.cells)):
                return "\n".join(out)
    return "\n".join(out)


READERS = {"pdf": _pdf_text, "docx": _docx_text}


def text_of(attachment) -> str:
    """The text layer of ``attachment`` (an ``Attachment`` of kind pdf or docx), at most
    ``MAX_CHARS`` characters; "" for other kinds, no attachment or an unreadable file."""
    if attachment is None:
        return ""
    reader = READERS.get(attachment.kind)
    if reader is None:
        return ""
    data = attachment_read(attachment)  # integrity errors are the kernel's, not swallowed
    try:
        text = reader(data)
    except Exception:  # a broken text layer (pypdf/python-docx raise many kinds): no text
        logger.warning("documents: no text layer read from attachment %s", attachment.pk)
        return ""
    return " ".join(text.split())[:MAX_CHARS]
