"""The registry of statutory rules implemented in VănPhòng.

Each rule has an identifier and its legal basis. A test covering it is marked
``@pytest.mark.rule("ID")``; ``vanphong/core/tests/test_statutes.py`` fails when a registered
rule has no such test. Modules add their rules here when they implement them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statute:
    id: str
    basis: str
    summary: str


RULES: dict[str, Statute] = {}


def register(id: str, basis: str, summary: str) -> Statute:
    if id in RULES:
        raise ValueError(f"rule {id} registered twice")
    RULES[id] = Statute(id, basis, summary)
    return RULES[id]


# --- Foundation: working days, numbering, identifiers ------------------------------------
register("BLLD2019-D112-HOLIDAYS", "Bộ luật Lao động 2019, Điều 112",
         "Public holidays (Tết Dương lịch, Tết Âm lịch, 30/4, 1/5, Quốc khánh, Giỗ Tổ) are not working days.")
register("BLLD2019-D111-NGHI-BU", "Bộ luật Lao động 2019, Điều 111 khoản 3",
         "A holiday falling on a weekly rest day is made up on the next working day.")
register("BNV-2026-SWAP", "Thông báo 9441/TB-BNV (2026)",
         "2026: Monday 31/8 off, swapped with Saturday 22/8 worked; Tết 16/2–20/2 off.")
register("CAL-OVERRIDE", "Thông báo hằng năm của Bộ Nội vụ",
         "Overrides (extra days off, make-up Saturdays) entered by the operator change working-day answers.")
register("QD188-1999-WEEK", "Quyết định 188/1999/QĐ-TTg",
         "The civil-service week is Monday to Friday.")
register("ND30-D15-GAPLESS", "Nghị định 30/2020/NĐ-CP, Điều 15, 22; Phụ lục I",
         "Document numbers are consecutive (gapless) within a period and restart at 01 each 1 January.")
register("QD20-2020-IDENTIFIER", "Quyết định 20/2020/QĐ-TTg",
         "An agency's electronic identifier has up to 35 characters of A-Z, 0-9 and '.'.")
