"""Text normalisation: NFC, Vietnamese folding, identifiers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vanphong.core.text import (
    NFCFormField,
    clean_multiline,
    clean_text,
    fold,
    fold_tokens,
    nfc,
    normalize_identifier,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_nfc_composes_decomposed_vietnamese():
    decomposed = nfd("Quyết định")
    assert decomposed != "Quyết định"
    assert nfc(decomposed) == "Quyết định"
    assert nfc(None) == ""


def test_clean_text_trims_collapses_and_drops_controls():
    assert clean_text("  Quyết\u200b\t định\x00  số\n05 ") == "Quyết định số 05"
    assert clean_text(nfd("Ủy ban")) == "Ủy ban"
    assert clean_multiline("dòng 1  \r\n\r\n\r\n\r\n dòng\x07 2") == "dòng 1\n\ndòng 2"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quyết định", "quyet dinh"),
        ("bão báo bảo", "bao bao bao"),
        ("ĐƯỜNG  Đi\tđến", "duong di den"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Nghị định 30/2020/NĐ-CP", "nghi dinh 30/2020/nd-cp"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_fold_tokens_drop_punctuation():
    assert fold_tokens('Số 05/QĐ-UBND "khẩn"') == ["so", "05", "qd", "ubnd", "khan"]


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_ignores_normalisation_form(s):
    assert fold(nfc(s)) == fold(nfd(s))


VIETNAMESE = st.text(
    alphabet=st.sampled_from("aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐ \u0300\u0301\u0303\u0309\u0323bcdghknqt"),
)


@given(VIETNAMESE)
def test_fold_of_vietnamese_is_ascii(s):
    assert fold(s).isascii()


@pytest.mark.parametrize(
    "raw",
    [
        "Số: 05/QĐ-UBND",
        "05/QĐ-UBND",
        "05 / qđ - ubnd",
        "05/QĐ–UBND",  # en dash
        "05/QĐ—UBND",  # em dash
        "05∕QĐ−UBND",  # division slash, minus sign
        "số 05/qđ-ubnd",
        "SỐ:05/QĐ-UBND",
        "So: 05/QĐ-UBND",
        " 05/Q\u0110-UBND ",
    ],
)
def test_normalize_identifier_equal_forms(raw):
    assert normalize_identifier(raw) == "05/QĐ-UBND"
    assert normalize_identifier(nfd(raw)) == "05/QĐ-UBND"


@pytest.mark.parametrize(
    "other",
    ["05/QD-UBND", "5/QĐ-UBND", "05.QĐ-UBND", "05/QĐ-UBND-VP"],
)
def test_normalize_identifier_keeps_distinct_identifiers_apart(other):
    assert normalize_identifier(other) != "05/QĐ-UBND"


def test_normalize_identifier_only_strips_a_label():
    # "SO" without a colon is not a label: it may start a real identifier.
    assert normalize_identifier("SOTT-01") == "SOTT-01"
    assert normalize_identifier("") == ""


@given(st.text())
def test_normalize_identifier_is_idempotent(s):
    once = normalize_identifier(s)
    assume(not once.startswith(("SỐ", "SO")))  # "Số: Số: 5" loses one label per pass
    assert normalize_identifier(once) == once


def test_nfc_form_field():
    assert NFCFormField().clean(nfd(" Quyết định ")) == "Quyết định"


def test_nfc_form_mixin():
    from django import forms

    from vanphong.core.text import NFCFormMixin

    class F(NFCFormMixin, forms.Form):
        title = forms.CharField()
        count = forms.IntegerField()

    form = F(data={"title": nfd("Tờ trình"), "count": "3"})
    assert form.is_valid()
    assert form.cleaned_data == {"title": "Tờ trình", "count": 3}
