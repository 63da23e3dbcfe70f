"""Test builders for one-stop dossiers (also used by the browser journey)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from vanphong.core import clock
from vanphong.onestop import services
from vanphong.org.models import Agency, Official, Role, Unit
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.procedures.models import Procedure
from vanphong.procedures.services import ComponentInput, StepInput
from vanphong.procedures.testing import make_procedure

CCCD = "034090001234"
APPLICANT = {
    "name": "Nguyễn Thị Hoa",
    "identity_number": CCCD,
    "address": "Thôn Đông, xã Tiên Lữ, tỉnh Hưng Yên",
    "phone": "0912345678",
    "email": "hoa.nguyen@example.vn",
}
COMPONENTS = ["Tờ khai theo mẫu", "Bản sao giấy tờ chứng minh nơi cư trú"]


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0, s: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, s, tzinfo=clock.VN_TZ)


@dataclass
class Office:
    agency: Agency
    desk_unit: Unit
    unit_a: Unit
    unit_b: Unit
    desk: Official
    leader_a: Official
    leader_b: Official


def office(identifier: str | None = None) -> Office:
    agency = make_agency(
        name="UBND xã Tiên Lữ", short_name="UBND", identifier=identifier or "H31.45.10"
    )
    desk_unit = make_unit(agency, name="Trung tâm Phục vụ hành chính công xã", abbreviation="TTPV")
    unit_a = make_unit(agency, name="Phòng Văn hóa - Xã hội", abbreviation="VHXH")
    unit_b = make_unit(agency, name="Văn phòng HĐND và UBND", abbreviation="VP")
    desk = make_official(
        agency, unit=desk_unit, roles=(Role.CAN_BO_MOT_CUA,), full_name="Lê Văn Tiếp"
    )
    leader_a = make_official(
        agency,
        unit=unit_a,
        roles=(Role.LANH_DAO_PHONG, Role.CHUYEN_VIEN),
        is_head=True,
        full_name="Phạm Thị Thẩm",
    )
    leader_b = make_official(
        agency,
        unit=unit_b,
        roles=(Role.LANH_DAO_PHONG, Role.CHUYEN_VIEN),
        is_head=True,
        full_name="Trần Văn Duyệt",
    )
    return Office(agency, desk_unit, unit_a, unit_b, desk, leader_a, leader_b)


def procedure_for(
    o: Office,
    *,
    days: Decimal | int = 3,
    steps: tuple[Decimal, Decimal, Decimal] | None = None,
    **overrides,
) -> Procedure:
    """A published procedure of ``o.agency``: desk → unit A → unit B, budgets adding up to
    the limit (a quarter, a half, a quarter: 6 + 12 + 6 hours for 3 days)."""
    total = Decimal(days) * 8
    first, second, third = steps or (total / 4, total / 2, total / 4)
    overrides.setdefault(
        "components",
        [ComponentInput(COMPONENTS[0], 1, 0), ComponentInput(COMPONENTS[1], 0, 1)],
    )
    return make_procedure(
        competent_agency=o.agency,
        competent_agency_name=o.agency.name,
        time_limit_days=Decimal(days),
        steps=[
            StepInput("Tiếp nhận, kiểm tra hồ sơ", first, o.desk_unit.name, o.desk_unit),
            StepInput("Thẩm định hồ sơ", second, o.unit_a.name, o.unit_a),
            StepInput("Ký duyệt kết quả", third, o.unit_b.name, o.unit_b),
        ],
        **overrides,
    )


def receive(o: Office, procedure: Procedure, **kw):
    kw.setdefault("applicant", dict(APPLICANT))
    kw.setdefault("components", list(COMPONENTS))
    return services.dossier_receive(
        acting_user=kw.pop("acting_user", o.desk),
        procedure=procedure,
        receiving_agency=kw.pop("receiving_agency", o.agency),
        **kw,
    )


def process_to_last_step(o: Office, dossier):
    """Desk → unit A → unit B."""
    dossier = services.dossier_handover(acting_user=o.desk, dossier=dossier)
    return services.dossier_handover(acting_user=o.leader_a, dossier=dossier)


def settle(o: Office, dossier, **kw):
    dossier = process_to_last_step(o, dossier)
    kw.setdefault("outcome", "chap_thuan")
    return services.dossier_record_result(acting_user=o.leader_b, dossier=dossier, **kw)
