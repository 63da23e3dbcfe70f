"""Receipt (Mẫu 01): due moment, code, version pinned, PIN, bad input."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from vanphong.core import clock
from vanphong.core.calendar.models import CalendarOverride
from vanphong.core.errors import DomainError
from vanphong.onestop import selectors, services
from vanphong.onestop.models import Dossier
from vanphong.onestop.testing import APPLICANT, at, office, procedure_for, receive
from vanphong.procedures import services as procedure_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def o():
    clock.travel_to(at(2026, 1, 5, 8))
    return office()


def _received(o, when, days, **kw):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o, days=days, **kw)
    clock.travel_to(when)
    return receive(o, proc)


@pytest.mark.rule("ND118-HEN-TRA")
def test_due_monday_10h_one_working_day_is_tuesday_10h(o):
    d = _received(o, at(2026, 3, 9, 10), 1)
    assert clock.local(d.due_at) == at(2026, 3, 10, 10)


@pytest.mark.rule("ND118-HEN-TRA")
def test_due_friday_before_tet_two_working_days_is_tuesday_after_tet(o):
    d = _received(o, at(2026, 2, 13, 9), 2)
    assert clock.local(d.due_at) == at(2026, 2, 24, 9)


@pytest.mark.rule("ND118-HEN-TRA")
def test_due_after_cutoff_counts_from_next_opening(o):
    d = _received(o, at(2026, 3, 9, 16), 1)
    assert clock.local(d.due_at) == at(2026, 3, 10, 17, 30)
    # Just before the cut-off: counted from the receipt itself.
    d2 = _received(o, at(2026, 3, 9, 14, 59), 1)
    assert clock.local(d2.due_at) == at(2026, 3, 10, 14, 59)


@pytest.mark.rule("ND118-HEN-TRA")
def test_due_counts_a_make_up_saturday(o):
    # 2026: Sat 22/08 worked (swap with Mon 31/08). Make sure the override exists.
    CalendarOverride.objects.get_or_create(
        date=dt.date(2026, 8, 22), defaults={"kind": "workday", "source": "TB 9441/TB-BNV"}
    )
    from vanphong.core.calendar import workdays

    workdays.clear_cache()
    d = _received(o, at(2026, 8, 21, 10), 1)  # Friday 10:00 + 8 h → Saturday 10:00
    assert clock.local(d.due_at) == at(2026, 8, 22, 10)


@pytest.mark.rule("ND118-HEN-TRA")
def test_same_day_procedure_due_at_closing_or_next_day_after_cutoff(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o, days=0, same_day=True, steps=(Decimal(2), Decimal(4), Decimal(2)))
    clock.travel_to(at(2026, 3, 9, 10))
    assert clock.local(receive(o, proc).due_at) == at(2026, 3, 9, 17, 30)
    clock.travel_to(at(2026, 3, 9, 15, 30))
    assert clock.local(receive(o, proc).due_at) == at(2026, 3, 10, 17, 30)


@pytest.mark.rule("ND118-MA-HO-SO")
def test_code_is_agency_date_and_daily_sequence_across_channels(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    a = receive(o, proc)
    b = receive(o, proc, channel="buu_chinh")
    c = services.dossier_receive(
        acting_user=None,
        procedure=proc.code,
        applicant=APPLICANT,
        receiving_agency=o.agency,
        channel="truc_tuyen",
        portal_code="G22.999-260309-0001",
    )
    assert [a.code, b.code, c.code] == [
        "H31.45.10-260309-0001",
        "H31.45.10-260309-0002",
        "H31.45.10-260309-0003",
    ]
    clock.travel_to(at(2026, 3, 10, 9))
    assert receive(o, proc).code == "H31.45.10-260310-0001"
    assert re.match(r"^[A-Z0-9.]+-\d{6}-\d{4,}$", a.code)


@pytest.mark.rule("ND118-DOSSIER-VERSION-KEPT")
def test_dossier_keeps_the_version_in_force_at_receipt(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o, days=3)
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc)
    due = d.due_at
    clock.travel_to(at(2026, 3, 9, 10))
    data = procedure_services.as_input(proc)
    data.time_limit_days = Decimal(5)
    data.steps[1].budget_hours = Decimal(28)
    procedure_services.procedure_update(acting_user=None, procedure=proc, data=data)
    proc.refresh_from_db()
    assert proc.current_version == 2
    d.refresh_from_db()
    assert d.procedure_version.number == 1 and d.due_at == due
    assert d.limit_hours_at_receipt == Decimal(24)
    assert d.steps[1]["budget_hours"] == "12.0"
    later = receive(o, proc)
    assert later.procedure_version.number == 2
    assert later.limit_hours_at_receipt == Decimal(40)


@pytest.mark.rule("ND118-TIEP-NHAN-PHI-DIA-GIOI")
def test_any_desk_of_the_province_receives_for_the_competent_agency(o):
    from vanphong.org.models import Role
    from vanphong.org.testing import make_agency, make_official

    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    other = make_agency(name="UBND phường Hồng Châu", identifier="H31.45.20")
    other_desk = make_official(other, roles=(Role.CAN_BO_MOT_CUA,))
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc, acting_user=other_desk, receiving_agency=other, support_point=other)
    assert d.agency == o.agency and d.receiving_agency == other and d.support_point == other
    assert d.code.startswith("H31.45.10-")  # the competent agency's identifier
    assert selectors.can_handle(other_desk, d)


def test_pin_is_stored_as_a_keyed_digest_only(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc)
    assert re.fullmatch(r"\d{6}", d.pin)
    assert d.pin not in d.pin_hash
    assert selectors.public_dossier(d.code, d.pin).pk == d.pk
    assert selectors.public_dossier(d.code, "000000" if d.pin != "000000" else "111111") is None


def test_unknown_procedure_is_refused_in_vietnamese_and_nothing_written(o):
    before = Dossier.objects.count()
    with pytest.raises(DomainError) as exc:
        services.dossier_receive(
            acting_user=o.desk,
            procedure="9.999999",
            applicant=APPLICANT,
            receiving_agency=o.agency,
        )
    assert exc.value.code == "procedure_not_found"
    assert "Thủ tục hành chính không có trong danh mục" in exc.value.message
    assert Dossier.objects.count() == before


def test_missing_mandatory_component_refused_at_the_counter(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    with pytest.raises(DomainError) as exc:
        receive(o, proc, components=[])
    assert exc.value.code == "components_missing"
    assert Dossier.objects.count() == 0


def test_bad_applicant_and_non_desk_official_refused(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    with pytest.raises(DomainError) as exc:
        receive(o, proc, applicant={**APPLICANT, "email": "khong-hop-le"})
    assert exc.value.fields == {"email": ["Địa chỉ thư điện tử không hợp lệ."]}
    with pytest.raises(DomainError) as exc:
        receive(o, proc, applicant={**APPLICANT, "name": "  "})
    assert exc.value.code == "applicant_required"
    with pytest.raises(DomainError) as exc:
        receive(o, proc, acting_user=o.leader_a)
    assert exc.value.status == 403
    assert Dossier.objects.count() == 0


def test_identity_is_masked(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc)
    assert d.masked_identity == "034******234"
