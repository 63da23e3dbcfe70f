"""Test builders for petitions."""

from __future__ import annotations

import datetime as dt

from vanphong.core import clock
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reception import services

CCCD = "001203004589"
DENOUNCER = {
    "full_name": "Trần Thị Bích Ngọc",
    "identity_number": "036185001234",
    "address": "Số 12 đường Lê Lợi",
    "commune_code": 70,
    "phone": "0912345678",
}


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=clock.VN_TZ)


def office():
    agency = make_agency(name="Văn phòng UBND tỉnh thử")
    unit = make_unit(agency, name="Ban Tiếp công dân")
    staff = make_official(agency, unit=unit, roles=(Role.CAN_BO_TIEP_CONG_DAN,))
    return agency, unit, staff


def receive(staff, agency, **kw):
    kw.setdefault("channel", "truc_tiep")
    kw.setdefault("content", "Khiếu nại quyết định thu hồi đất của UBND xã")
    if "petitioners" not in kw and not kw.get("is_anonymous"):
        kw["petitioners"] = [
            {"full_name": "Nguyễn Văn An", "identity_number": CCCD, "address": "Thôn 3"}
        ]
    return services.petition_receive(acting_user=staff, agency=agency, **kw)
