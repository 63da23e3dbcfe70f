"""The content check judges the bytes, not the name."""

from __future__ import annotations

import io

import pytest

from vanphong.core.attachments.content import KINDS, kind_for_name, matches
from vanphong.core.attachments.tests.samples import (
    DOCM_MAIN,
    DOCX,
    JPEG,
    PDF,
    PNG,
    WORD_MAIN,
    XLSX,
    ooxml,
)


def ok(kind: str, data: bytes) -> bool:
    return matches(KINDS[kind], io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("kind", "data"),
    [("pdf", PDF), ("docx", DOCX), ("xlsx", XLSX), ("png", PNG), ("jpeg", JPEG),
     ("txt", "Kết quả nhận dạng".encode()), ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)],
)  # fmt: skip
def test_genuine_files_pass(kind, data):
    assert ok(kind, data)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("pdf", b"Day la van ban thuong, khong phai PDF"),
        ("pdf", PDF.replace(b"%%EOF", b"")),  # truncated upload
        ("pdf", b" " + PDF),  # must start with the header
        ("pdf", PDF + b"x" * 2048),  # %%EOF must be near the end
        ("docx", XLSX),  # a workbook renamed .docx
        ("xlsx", DOCX),
        ("docx", PDF),
        ("docx", ooxml("word/document.xml", WORD_MAIN, content_types=False)),
        ("docx", ooxml("word/document.xml", DOCM_MAIN)),  # macro-enabled document
        ("docx", ooxml("word/other.xml", WORD_MAIN)),  # declared main part missing
        ("docx", b"PK\x03\x04" + b"not really a zip" * 10),
        ("png", JPEG),
        ("jpeg", PNG),
        ("txt", b"\xff\xfe\x00h\x00i"),  # UTF-16 is not accepted as text
        ("txt", "chữ".encode()[:-1]),  # cut inside a character
        ("doc", DOCX),
    ],
)
def test_impostors_fail(kind, data):
    assert not ok(kind, data)


def test_file_position_is_restored():
    f = io.BytesIO(PDF)
    assert matches(KINDS["pdf"], f, len(PDF))
    assert f.tell() == 0


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.PDF", "pdf"), ("b.jpg", "jpeg"), ("c.JPEG", "jpeg"), ("d.tar.docx", "docx")],
)
def test_kind_for_name(name, kind):
    assert kind_for_name(name).code == kind


@pytest.mark.parametrize("name", ["noextension", "x.exe", "x.pdf.exe", "x.docm", ""])
def test_unknown_extensions(name):
    assert kind_for_name(name) is None
