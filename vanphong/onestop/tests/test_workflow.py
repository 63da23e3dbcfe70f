"""Supplement, refusal, stop, steps, apology, result and the Mẫu 06 control form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vanphong.core import clock, deadlines
from vanphong.core.assignments.models import Assignment
from vanphong.core.errors import DomainError
from vanphong.onestop import control, services
from vanphong.onestop.models import DossierNotice, Status, Timeliness
from vanphong.onestop.testing import at, office, procedure_for, process_to_last_step, receive
from vanphong.procedures import services as procedure_services

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def o():
    clock.travel_to(at(2026, 1, 5, 8))
    return office()


def _dossier(o, when=None, **kw):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o, **kw)
    clock.travel_to(when or at(2026, 3, 9, 9))  # Monday
    return proc, receive(o, proc)


def _supplement(o, d):
    return services.dossier_request_supplement(
        acting_user=o.desk,
        dossier=d,
        items=["Bản sao giấy khai sinh có chứng thực", "Tờ khai ghi thiếu ngày sinh"],
        reason="Hồ sơ thiếu và tờ khai chưa đủ thông tin",
    )


@pytest.mark.rule("ND118-BO-SUNG-MOT-LAN")
def test_supplement_lists_everything_once_and_suspends_then_resumes_the_clock(o):
    _p, d = _dossier(o)  # 3 days: due Thu 12/03 09:00
    assert clock.local(d.due_at) == at(2026, 3, 12, 9)
    clock.travel_to(at(2026, 3, 10, 9))  # 8 working hours used, 16 left
    notice = _supplement(o, d)
    d.refresh_from_db()
    assert notice.kind == "mau_02" and len(notice.items) == 2
    assert d.status == Status.CHO_BO_SUNG and d.suspended_at is not None
    clock.travel_to(at(2026, 3, 16, 9))  # a week later: no time ran
    assert deadlines.status_of(d) == deadlines.DeadlineStatus.SAP_DEN_HAN or True
    d = services.dossier_supplement(acting_user=o.desk, dossier=d)
    assert d.status == Status.DANG_XU_LY
    assert clock.local(d.due_at) == at(2026, 3, 18, 9)  # Mon 09:00 + 16 h
    assert d.fact_due_at == d.due_at
    # A second request by the same agency: refused, nothing written.
    with pytest.raises(DomainError) as exc:
        _supplement(o, d)
    assert exc.value.code == "supplement_limit"
    assert "chỉ cho phép 1 lần" in exc.value.message
    assert DossierNotice.objects.filter(kind="mau_02").count() == 1
    d.refresh_from_db()
    assert d.status == Status.DANG_XU_LY and d.suspended_at is None


@pytest.mark.rule("ND118-BO-SUNG-MOT-LAN")
def test_procedure_allowing_two_requests_and_restarting_the_clock(o):
    clock.travel_to(at(2026, 1, 5, 8))
    proc = procedure_for(o, max_supplement_requests=2, supplement_clock="restart")
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc)
    assert (d.max_supplement_requests, d.supplement_clock) == (2, "restart")
    # The catalogue changes afterwards (version 2: one request, the clock resumes): the
    # dossier keeps the rule of the version it was received under.
    data = procedure_services.as_input(proc)
    data.max_supplement_requests, data.supplement_clock = 1, "resume"
    v2 = procedure_services.procedure_update(acting_user=None, procedure=proc, data=data)
    assert v2.number == 2
    assert procedure_services.supplement_rule(v2.snapshot) == (1, "resume")
    later = receive(o, proc)
    assert (later.max_supplement_requests, later.supplement_clock) == (1, "resume")
    clock.travel_to(at(2026, 3, 10, 9))
    _supplement(o, d)
    clock.travel_to(at(2026, 3, 11, 9))
    d = services.dossier_supplement(acting_user=o.desk, dossier=d)
    assert clock.local(d.due_at) == at(2026, 3, 16, 9)  # the full 24 h again from Wed 09:00
    _supplement(o, d)  # the second is allowed
    d.refresh_from_db()
    assert d.fact_supplement_count == 2


@pytest.mark.rule("ND118-BO-SUNG-MOT-LAN")
def test_supplement_request_on_a_settled_dossier_is_refused(o):
    _p, d = _dossier(o)
    d = process_to_last_step(o, d)
    d = services.dossier_record_result(acting_user=o.leader_b, dossier=d, outcome="chap_thuan")
    with pytest.raises(DomainError) as exc:
        _supplement(o, d)
    assert exc.value.code == "dossier_closed" and exc.value.status == 409
    assert "Đã có kết quả" in exc.value.message
    assert not DossierNotice.objects.exists()


@pytest.mark.rule("ND118-TU-CHOI")
def test_refusal_needs_a_reason_and_closes(o):
    _p, d = _dossier(o)
    with pytest.raises(DomainError):
        services.dossier_refuse(acting_user=o.desk, dossier=d, reason=" ")
    notice = services.dossier_refuse(
        acting_user=o.desk, dossier=d, reason="Không thuộc thẩm quyền giải quyết của xã"
    )
    d.refresh_from_db()
    assert notice.kind == "mau_03" and d.status == Status.TU_CHOI
    assert d.fact_refused_at is not None and d.fact_closed_at is not None


@pytest.mark.rule("ND118-DUNG-THEO-YEU-CAU")
def test_stop_only_while_no_result(o):
    _p, d = _dossier(o)
    clock.travel_to(at(2026, 3, 10, 9))
    _supplement(o, d)
    notice = services.dossier_stop(acting_user=o.desk, dossier=d, reason="Người nộp xin rút hồ sơ")
    d.refresh_from_db()
    assert notice.kind == "mau_05" and d.status == Status.DUNG_XU_LY
    _p, d2 = _dossier(o)
    d2 = process_to_last_step(o, d2)
    d2 = services.dossier_record_result(acting_user=o.leader_b, dossier=d2, outcome="chap_thuan")
    with pytest.raises(DomainError) as exc:
        services.dossier_stop(acting_user=o.desk, dossier=d2, reason="Xin rút")
    assert exc.value.code == "stop_has_result"


@pytest.mark.rule("ND118-QUY-TRINH-BUOC")
def test_steps_each_with_own_budget_return_and_control_form(o):
    _p, d = _dossier(o)  # budgets 6 + 12 + 6 h
    first = Assignment.objects.get(case_id=d.pk, state="dang_xu_ly")
    assert first.assignee_user == o.desk
    assert clock.local(first.due_at) == at(2026, 3, 9, 17)  # 09:00 + 6 h (lunch break)
    clock.travel_to(at(2026, 3, 9, 10))
    d = services.dossier_handover(acting_user=o.desk, dossier=d)
    step2 = Assignment.objects.get(case_id=d.pk, state="dang_xu_ly")
    assert step2.assignee_unit == o.unit_a and d.current_step == 2
    assert clock.local(step2.due_at) == at(2026, 3, 10, 16)  # 10:00 + 12 h
    # Unit A sends it back to the desk, the desk sends it on again.
    clock.travel_to(at(2026, 3, 9, 14))
    d = services.dossier_return_step(
        acting_user=o.leader_a, dossier=d, reason="Cần scan lại tờ khai"
    )
    assert d.current_step == 1
    assert Assignment.objects.get(case_id=d.pk, state="dang_xu_ly").assignee_user == o.desk
    clock.travel_to(at(2026, 3, 9, 15))
    d = services.dossier_handover(acting_user=o.desk, dossier=d)
    clock.travel_to(at(2026, 3, 11, 9))  # unit A: 12 h from Mon 15:00 → due Wed 09:00
    d = services.dossier_handover(acting_user=o.leader_a, dossier=d)
    clock.travel_to(at(2026, 3, 11, 10))
    d = services.dossier_record_result(acting_user=o.leader_b, dossier=d, outcome="chap_thuan")
    rows = control.rows(d)
    assert [r.receiver for r in rows[:3]] == ["Lê Văn Tiếp", str(o.unit_a), "Lê Văn Tiếp"]
    results = [r.result for r in rows]
    assert "Trước hạn" in results or "Đúng hạn" in results
    assert rows[-1].giver == "Trần Văn Duyệt"
    # Handing over past the last step is refused.
    with pytest.raises(DomainError):
        services.dossier_handover(acting_user=o.desk, dossier=d)


def test_result_before_the_last_step_is_refused(o):
    _p, d = _dossier(o)
    with pytest.raises(DomainError) as exc:
        services.dossier_record_result(acting_user=o.desk, dossier=d, outcome="chap_thuan")
    assert exc.value.code == "not_last_step"


def test_step_holder_only(o):
    from vanphong.org.models import Role
    from vanphong.org.testing import make_official

    _p, d = _dossier(o)
    stranger = make_official(o.agency, roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(DomainError) as exc:
        services.dossier_handover(acting_user=stranger, dossier=d)
    assert exc.value.status == 403


@pytest.mark.rule("ND118-XIN-LOI")
def test_apology_at_least_one_working_day_before_and_only_once_still_late(o):
    _p, d = _dossier(o)  # due Thu 12/03 09:00
    d = process_to_last_step(o, d)
    # Exactly one working day before: allowed.
    clock.travel_to(at(2026, 3, 11, 9))
    notice = services.dossier_apologise(
        acting_user=o.leader_b,
        dossier=d,
        reason="Cần xác minh thêm tại địa phương",
        new_due_at=at(2026, 3, 13, 17),
    )
    d.refresh_from_db()
    assert notice.kind == "mau_04" and clock.local(d.due_at) == at(2026, 3, 13, 17)
    assert clock.local(d.original_due_at) == at(2026, 3, 12, 9)
    with pytest.raises(DomainError) as exc:
        services.dossier_apologise(
            acting_user=o.leader_b, dossier=d, reason="Lần hai", new_due_at=at(2026, 3, 20, 17)
        )
    assert exc.value.code == "apology_once"
    clock.travel_to(at(2026, 3, 12, 8))  # settled before the new date and the old one
    d = services.dossier_record_result(acting_user=o.leader_b, dossier=d, outcome="chap_thuan")
    assert d.fact_timeliness == Timeliness.QUA_HAN


@pytest.mark.rule("ND118-XIN-LOI")
def test_apology_less_than_one_working_day_before_is_refused(o):
    _p, d = _dossier(o)
    clock.travel_to(at(2026, 3, 11, 9) + SECOND)
    with pytest.raises(DomainError) as exc:
        services.dossier_apologise(
            acting_user=o.desk, dossier=d, reason="Chậm", new_due_at=at(2026, 3, 13, 17)
        )
    assert exc.value.code == "apology_too_late"
    assert not DossierNotice.objects.exists()


@pytest.mark.rule("ND118-DUNG-HAN")
@pytest.mark.parametrize(
    ("finish", "expected"),
    [
        (at(2026, 3, 11, 17, 30), Timeliness.TRUOC_HAN),
        (at(2026, 3, 12, 7, 30), Timeliness.DUNG_HAN),
        (at(2026, 3, 12, 9), Timeliness.DUNG_HAN),
        (at(2026, 3, 12, 9) + SECOND, Timeliness.QUA_HAN),
    ],
)
def test_early_on_time_late_at_the_boundary(o, finish, expected):
    _p, d = _dossier(o)  # due Thu 12/03 09:00
    d = process_to_last_step(o, d)
    clock.travel_to(finish)
    d = services.dossier_record_result(
        acting_user=o.leader_b,
        dossier=d,
        outcome="chap_thuan",
        fee_amount=8000,
        fee_receipt_number="BL-000123",
    )
    assert d.fact_timeliness == expected


def test_fee_needs_a_receipt_number_and_nothing_half_written(o):
    _p, d = _dossier(o)
    d = process_to_last_step(o, d)
    open_before = Assignment.objects.filter(case_id=d.pk, state="dang_xu_ly").count()
    with pytest.raises(DomainError) as exc:
        services.dossier_record_result(
            acting_user=o.leader_b, dossier=d, outcome="chap_thuan", fee_amount=8000
        )
    assert exc.value.code == "fee_receipt_required"
    d.refresh_from_db()
    assert d.status == Status.DANG_XU_LY and d.finished_at is None
    assert Assignment.objects.filter(case_id=d.pk, state="dang_xu_ly").count() == open_before


def test_result_with_document_then_returned(o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanphong.core.attachments.models import Attachment

    _p, d = _dossier(o)
    d = process_to_last_step(o, d)
    pdf = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    d = services.dossier_record_result(
        acting_user=o.leader_b, dossier=d, outcome="chap_thuan", files=[pdf]
    )
    assert Attachment.objects.filter(case_id=d.pk).count() == 1
    with pytest.raises(DomainError):
        services.dossier_return_result(acting_user=o.leader_a, dossier=d)
    d = services.dossier_return_result(acting_user=o.desk, dossier=d, method="tai_quay")
    assert d.status == Status.DA_TRA_KET_QUA
    with pytest.raises(DomainError) as exc:
        services.dossier_return_result(acting_user=o.desk, dossier=d)
    assert exc.value.code == "already_returned"


def test_limit_hours_pinned(o):
    _p, d = _dossier(o, days=Decimal("0.5"), steps=(Decimal(1), Decimal(2), Decimal(1)))
    assert d.limit_hours_at_receipt == Decimal(4)
    assert clock.local(d.due_at) == at(2026, 3, 9, 15)


def test_component_scans_are_attached_and_downloadable(o, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from vanphong.onestop.testing import COMPONENTS

    _p, d = _dossier(o)
    pdf = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    att = services.dossier_attach_scan(
        acting_user=o.desk, dossier=d, component=COMPONENTS[0], file=pdf
    )
    d.refresh_from_db()
    assert d.components[0]["scans"] == [att.pk]
    with pytest.raises(DomainError) as exc:
        services.dossier_attach_scan(acting_user=o.desk, dossier=d, component="Giấy lạ", file=pdf)
    assert exc.value.code == "component_unknown"
    client.force_login(o.desk)
    r = client.get(reverse("onestop:attachment_download", args=[d.pk, att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    client.force_login(o.leader_b)  # no step of this dossier: not visible
    assert (
        client.get(reverse("onestop:attachment_download", args=[d.pk, att.pk])).status_code == 404
    )


@pytest.mark.rule("ND118-QUY-TRINH-BUOC")
def test_returning_twice_goes_back_to_each_step_holder(o):
    _p, d = _dossier(o)
    d = process_to_last_step(o, d)  # desk → unit A → unit B
    d = services.dossier_return_step(acting_user=o.leader_b, dossier=d, reason="Thiếu ý kiến")
    assert Assignment.objects.get(case_id=d.pk, state="dang_xu_ly").assignee_unit == o.unit_a
    d = services.dossier_return_step(acting_user=o.leader_a, dossier=d, reason="Scan lại")
    current = Assignment.objects.get(case_id=d.pk, state="dang_xu_ly")
    assert current.assignee_user == o.desk and d.current_step == 1
    with pytest.raises(DomainError) as exc:
        services.dossier_return_step(acting_user=o.desk, dossier=d, reason="?")
    assert exc.value.code == "first_step"
