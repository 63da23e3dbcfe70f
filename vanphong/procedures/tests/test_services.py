"""Catalogue services: code format, steps within the legal limit, versions, permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.org.models import Role
from vanphong.org.testing import make_official
from vanphong.procedures import selectors, services
from vanphong.procedures.models import (
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
)
from vanphong.procedures.services import StepInput
from vanphong.procedures.testing import make_procedure, procedure_input

pytestmark = pytest.mark.django_db

TABLES = (Procedure, ProcedureComponent, ProcedureFee, ProcedureStep, ProcedureVersion, Event)


def _counts():
    return [m.objects.count() for m in TABLES]


@pytest.mark.rule("TTHC-CODE-FORMAT")
@pytest.mark.parametrize(
    "code", ["1.001193", "2.000815", "1.000948.H38", "1.000124.000.00.00.H30", " 1.000948.h38 "]
)
def test_national_code_accepted(code):
    p = make_procedure(code=code)
    assert p.code == code.strip().upper()


@pytest.mark.rule("TTHC-CODE-FORMAT")
@pytest.mark.parametrize(
    "code",
    [
        "",
        "1.00119",
        "1.0011934",
        "0.001193",
        "1-001193",
        "1.001193.",
        "1.001193.H",
        "abc",
        "1.001193.H38.X.YY.ZZ.WW",
    ],
)
def test_national_code_refused(code):
    before = _counts()
    with pytest.raises(DomainError) as exc:
        make_procedure(code=code)
    assert exc.value.code == "procedure_code_invalid"
    assert "Mã thủ tục không hợp lệ" in exc.value.message
    assert _counts() == before


def test_duplicate_code_refused():
    make_procedure(code="1.001193")
    with pytest.raises(DomainError) as exc:
        make_procedure(code="1.001193")
    assert exc.value.code == "procedure_code_taken"


def _steps(*hours):
    return [StepInput(f"Bước {i}", Decimal(h), "Bộ phận Một cửa") for i, h in enumerate(hours)]


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_steps_equal_to_limit_accepted():
    p = make_procedure(time_limit_days=Decimal("2.5"), steps=_steps(4, "15.5", "0.5"))
    assert p.limit_hours == Decimal(20)
    assert sum(s.budget_hours for s in p.steps.all()) == Decimal(20)


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_steps_half_hour_over_limit_refused():
    before = _counts()
    with pytest.raises(DomainError) as exc:
        make_procedure(time_limit_days=Decimal("2.5"), steps=_steps(4, 16, "0.5"))
    assert exc.value.code == "steps_exceed_limit"
    assert exc.value.message == (
        "Tổng thời gian các bước (20.5 giờ) vượt thời hạn giải quyết theo quy định "
        "(20 giờ làm việc)."
    )
    assert "steps" in exc.value.fields
    assert _counts() == before


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_same_day_procedure_has_eight_hours():
    make_procedure(same_day=True, time_limit_days=Decimal(0), steps=_steps(1, 6, 1))
    with pytest.raises(DomainError) as exc:
        make_procedure(same_day=True, time_limit_days=Decimal(0), steps=_steps(1, "6.5", 1))
    assert exc.value.code == "steps_exceed_limit"


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_update_over_limit_refused_and_nothing_changes():
    p = make_procedure()
    before = _counts()
    data = services.as_input(p)
    data.time_limit_days = Decimal(2)  # 16 h < 24 h of steps
    with pytest.raises(DomainError) as exc:
        services.procedure_update(acting_user=None, procedure=p, data=data)
    assert exc.value.code == "steps_exceed_limit"
    assert _counts() == before
    p.refresh_from_db()
    assert p.time_limit_days == Decimal(3) and p.current_version == 1


@pytest.mark.parametrize(
    ("days", "same_day"),
    [(Decimal("1.3"), False), (Decimal(0), False), (Decimal(1), True), (Decimal(-1), False)],
)
def test_time_limit_refused(days, same_day):
    with pytest.raises(DomainError) as exc:
        make_procedure(time_limit_days=days, same_day=same_day, steps=[])
    assert exc.value.code == "procedure_time_limit_invalid"


def test_every_problem_reported_at_once():
    with pytest.raises(DomainError) as exc:
        make_procedure(code="x", name=" ", level="tinh", online_level="?", steps=_steps(0))
    assert set(exc.value.fields) >= {"code", "name", "level", "online_level", "steps"}


@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_change_to_published_procedure_creates_version_and_keeps_old():
    clock.travel_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=clock.VN_TZ))
    p = make_procedure(time_limit_days=Decimal(3))
    v1 = selectors.version(p, 1)
    old_snapshot = dict(v1.snapshot)
    assert old_snapshot["time_limit_days"] == "3.0"

    clock.travel_to(dt.datetime(2026, 4, 1, 9, 0, tzinfo=clock.VN_TZ))
    data = services.as_input(p)
    data.time_limit_days = Decimal(5)
    data.fees[0].amount = 20000
    v2 = services.procedure_update(acting_user=None, procedure=p, data=data)
    assert v2.number == 2
    p.refresh_from_db()
    assert p.current_version == 2 and p.time_limit_days == Decimal(5)

    v1.refresh_from_db()
    assert v1.snapshot == old_snapshot  # unchanged
    assert selectors.version(p, 1).snapshot["fees"][0]["amount"] == 10000
    assert selectors.version(p, 2).snapshot["fees"][0]["amount"] == 20000
    # by date: a dossier received in March is bound to version 1, in April to version 2
    march = dt.datetime(2026, 3, 20, 10, 0, tzinfo=clock.VN_TZ)
    assert selectors.version_in_force(p, march).number == 1
    assert selectors.version_in_force(p).number == 2
    assert selectors.version_in_force(p, dt.datetime(2026, 3, 1, tzinfo=clock.VN_TZ)) is None
    actions = list(eventlog.trail(p).values_list("action", flat=True))
    assert actions == ["procedures.create", "procedures.publish", "procedures.update"]


@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_unchanged_update_and_draft_changes_make_no_version():
    p = make_procedure()
    assert (
        services.procedure_update(acting_user=None, procedure=p, data=services.as_input(p)) is None
    )
    assert p.versions.count() == 1
    draft = make_procedure(publish=False)
    data = services.as_input(draft)
    data.name = "Tên mới"
    assert services.procedure_update(acting_user=None, procedure=draft, data=data) is None
    assert draft.versions.count() == 0
    v1 = services.procedure_publish(acting_user=None, procedure=draft)
    assert v1.number == 1 and v1.snapshot["name"] == "Tên mới"


def test_publish_twice_and_deactivate_twice_refused():
    p = make_procedure()
    with pytest.raises(DomainError) as exc:
        services.procedure_publish(acting_user=None, procedure=p)
    assert exc.value.code == "procedure_already_published"
    services.procedure_deactivate(acting_user=None, procedure=p, reason="Bãi bỏ")
    assert not selectors.public_procedures().filter(pk=p.pk).exists()
    assert p.versions.count() == 1
    with pytest.raises(DomainError) as exc:
        services.procedure_deactivate(acting_user=None, procedure=p)
    assert exc.value.code == "procedure_inactive"


def test_only_managers_write():
    clerk = make_official(roles=(Role.CHUYEN_VIEN,))
    desk = make_official(roles=(Role.CAN_BO_MOT_CUA,))
    before = _counts()
    with pytest.raises(DomainError) as exc:
        services.procedure_create(acting_user=clerk, data=procedure_input())
    assert exc.value.code == "procedure_forbidden" and exc.value.status == 403
    assert _counts() == before
    p = services.procedure_create(acting_user=desk, data=procedure_input(), publish=True)
    assert p.versions.get().created_by == desk


def test_field_rename_keeps_search_current():
    from vanphong.core import search

    p = make_procedure(field_code="HT", field_name="Hộ tịch")
    other = make_procedure(field_code="HT", field_name="Hộ tịch")
    data = services.as_input(other)
    data.field_name = "Hộ tịch, quốc tịch"
    services.procedure_update(acting_user=None, procedure=other, data=data)
    assert set(search.filter(Procedure.objects.all(), "quoc tich")) == {p, other}


@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_new_version_cannot_take_effect_before_the_previous_one():
    clock.travel_to(dt.datetime(2026, 4, 1, 9, 0, tzinfo=clock.VN_TZ))
    p = make_procedure()
    data = services.as_input(p)
    data.name = "Tên mới"
    with pytest.raises(DomainError) as exc:
        services.procedure_update(
            acting_user=None,
            procedure=p,
            data=data,
            valid_from=dt.datetime(2026, 3, 1, tzinfo=clock.VN_TZ),
        )
    assert exc.value.code == "procedure_valid_from_invalid"
    p.refresh_from_db()
    assert p.name != "Tên mới" and p.versions.count() == 1
    later = dt.datetime(2026, 5, 1, tzinfo=clock.VN_TZ)
    v2 = services.procedure_update(acting_user=None, procedure=p, data=data, valid_from=later)
    assert selectors.version_in_force(p).number == 1  # not in force yet
    assert selectors.version_in_force(p, later).number == v2.number == 2
