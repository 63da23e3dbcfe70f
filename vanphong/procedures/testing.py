"""Test builders for the procedure catalogue (also for the one-stop module's tests)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from vanphong.procedures import services
from vanphong.procedures.models import Level, OnlineLevel, Procedure
from vanphong.procedures.services import ComponentInput, FeeInput, ProcedureInput, StepInput

_seq = itertools.count(1)


def procedure_input(**overrides) -> ProcedureInput:
    """A valid input: 3 working days, steps of 4 + 16 + 4 = 24 hours (exactly the limit)."""
    n = next(_seq)
    values = dict(
        code=f"1.{900000 + n:06d}",
        name=f"Thủ tục thử {n}",
        field_code="HT",
        field_name="Hộ tịch",
        level=Level.CAP_XA,
        competent_agency_name="Ủy ban nhân dân cấp xã",
        time_limit_days=Decimal(3),
        online_level=OnlineLevel.MOT_PHAN,
        legal_basis=["Luật Hộ tịch số 60/2014/QH13"],
        result="Giấy chứng nhận",
        fees=[FeeInput("Lệ phí", 10000, "")],
        components=[ComponentInput("Tờ khai theo mẫu", 1, 0)],
        steps=[
            StepInput("Tiếp nhận hồ sơ", Decimal(4), "Bộ phận Một cửa"),
            StepInput("Thẩm định", Decimal(16), "Công chức tư pháp - hộ tịch"),
            StepInput("Ký duyệt, trả kết quả", Decimal(4), "Lãnh đạo UBND xã"),
        ],
    )
    values.update(overrides)
    return ProcedureInput(**values)


def make_procedure(*, publish: bool = True, acting_user=None, **overrides) -> Procedure:
    return services.procedure_create(
        acting_user=acting_user, data=procedure_input(**overrides), publish=publish
    )
