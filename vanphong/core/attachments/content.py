"""What a file really is, judged by its bytes (never by its name or the browser's MIME type).

Each kind has its extensions, its MIME type and a check on the content:

* ``pdf``: starts with ``%PDF-`` and has ``%%EOF`` in its last 1 KiB;
* ``docx`` / ``xlsx``: a ZIP whose ``[Content_Types].xml`` declares the main part of a Word
  document / Excel workbook (``word/document.xml`` / ``xl/workbook.xml``, which must exist);
  macro-enabled variants (.docm, .xlsm) do not pass;
* ``doc`` / ``xls``: an OLE2 compound file (the signature only: the two are not told apart);
* ``png`` / ``jpeg``: their magic numbers;
* ``txt``: UTF-8 text without NUL bytes (OCR output and other derived text).
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

PDF_TAIL = 1024
MAX_CONTENT_TYPES_XML = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extensions: tuple[str, ...]
    mime: str
    check: Callable[[IO[bytes], int], bool]


def _head(f: IO[bytes], n: int) -> bytes:
    f.seek(0)
    return f.read(n)


def _is_pdf(f: IO[bytes], size: int) -> bool:
    if not _head(f, 5) == b"%PDF-":
        return False
    f.seek(max(0, size - PDF_TAIL))
    return b"%%EOF" in f.read(PDF_TAIL)


def _ooxml(main_part: str, main_type: bytes) -> Callable[[IO[bytes], int], bool]:
    def check(f: IO[bytes], size: int) -> bool:
        if _head(f, 4) != b"PK\x03\x04":
            return False
        f.seek(0)
        try:
            with zipfile.ZipFile(f) as zf:
                names = set(zf.namelist())
                if "[Content_Types].xml" not in names or main_part not in names:
                    return False
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size > MAX_CONTENT_TYPES_XML:
                    return False
                types = zf.read(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                RuntimeError, NotImplementedError):  # fmt: skip
            return False
        return main_type in types

    return check


def _magic(prefix: bytes) -> Callable[[IO[bytes], int], bool]:
    def check(f: IO[bytes], size: int) -> bool:
        return _head(f, len(prefix)) == prefix

    return check


def _is_text(f: IO[bytes], size: int) -> bool:
    f.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := f.read(64 * 1024):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


KINDS: dict[str, FileKind] = {
    k.code: k
    for k in (
        FileKind("pdf", "PDF", (".pdf",), "application/pdf", _is_pdf),
        FileKind(
            "docx",
            "Word (DOCX)",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _ooxml(
                "word/document.xml",
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            ),
        ),
        FileKind(
            "xlsx",
            "Excel (XLSX)",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ooxml(
                "xl/workbook.xml",
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ),
        ),
        FileKind("doc", "Word 97-2003 (DOC)", (".doc",), "application/msword", _magic(OLE_MAGIC)),
        FileKind(
            "xls", "Excel 97-2003 (XLS)", (".xls",), "application/vnd.ms-excel", _magic(OLE_MAGIC)
        ),
        FileKind("png", "PNG", (".png",), "image/png", _magic(b"\x89PNG\r\n\x1a\n")),
        FileKind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg", _magic(b"\xff\xd8\xff")),
        FileKind("txt", "Văn bản thuần (TXT)", (".txt",), "text/plain; charset=utf-8", _is_text),
    )
}

_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}


def kind_for_name(name: str) -> FileKind | None:
    """The kind a file name claims by its extension (case-insensitive), or None."""
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:].lower()) if dot >= 0 else None


def matches(kind: FileKind, f: IO[bytes], size: int) -> bool:
    """Whether the bytes of the seekable file ``f`` (``size`` bytes) are a ``kind`` file."""
    try:
        return kind.check(f, size)
    finally:
        f.seek(0)
