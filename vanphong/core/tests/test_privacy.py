"""The kernel's masking helpers (vanphong.core.privacy): one behaviour for every module."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanphong.core.privacy import (
    REDACTED,
    commune_label,
    mask_address,
    mask_email,
    mask_identity_number,
    mask_name,
    mask_phone,
    redact,
)

PHO_HIEN = 11953  # Phường Phố Hiến, Tỉnh Hưng Yên (national list after 01/7/2025)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001203004589", "0012******89"),
        (" 0011 2233 4489 ", "0011******89"),
        ("B1234567", "********"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_identity_number(value, expected):
    assert mask_identity_number(value) == expected


def test_mask_identity_number_head_and_tail_adjustable():
    assert mask_identity_number("001203004589", head=3, tail=3) == "001******589"


@given(st.text(alphabet="0123456789", min_size=9, max_size=12))
def test_masked_identity_number_never_shows_the_middle(number):
    masked = mask_identity_number(number)
    assert len(masked) == len(number)
    assert masked.count("*") >= 3
    assert masked != number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("  Trần   Thị Bích Ngọc ", "Trần T. B. N."),
        ("An", "A***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(value, expected):
    assert mask_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "09******78"),
        ("0912 345.678", "09******78"),
        ("+84 912 345 678", "84*******78"),
        ("1234", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("an.nguyen@example.vn", "a***@example.vn"),
        (" b@x.vn ", "b***@x.vn"),
        ("not an address", ""),
        ("@example.vn", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_email(value, expected):
    assert mask_email(value) == expected


def test_mask_address_keeps_only_commune_and_province():
    label = commune_label(PHO_HIEN)
    assert label.startswith("Phường Phố Hiến") and label.endswith("Hưng Yên")
    masked = mask_address("Số 12 ngõ 3 đường Lê Lợi", PHO_HIEN)
    assert masked == label
    assert "Lê Lợi" not in masked and "12" not in masked
    assert commune_label(str(PHO_HIEN)) == label


@pytest.mark.parametrize("code", [None, "", "abc", 99999999])
def test_mask_address_without_a_known_commune_shows_nothing(code):
    assert mask_address("Số 12 đường Lê Lợi", code) == ""


def test_redact_removes_contacts_numbers_and_names():
    text = (
        "Tôi là Nguyễn Văn An, số CCCD 001203004589, gọi 0912.345.678 hoặc +84 912 345 678, "
        "thư an.nguyen@example.vn. Đèn đường hỏng 3 tuần."
    )
    out = redact(text, names=("Nguyễn Văn An", "", "An"))
    for secret in ("Nguyễn Văn An", "001203004589", "0912.345.678", "912 345 678", "example.vn"):
        assert secret not in out
    assert out.count(REDACTED) == 5
    assert "Đèn đường hỏng 3 tuần." in out
    assert redact(None) == ""
