"""Assignments: chủ trì / phối hợp / để biết with their own deadlines, forward, sub-assign,
return, finish, extend, revoke — each written to the case's event log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.assignments import selectors, services
from vanphong.core.assignments.models import Assignment, AssignmentRole, AssignmentState
from vanphong.core.calendar.models import DeadlineSample
from vanphong.core.errors import DomainError
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 9, 9, 0, tzinfo=clock.VN_TZ)


@pytest.fixture
def office():
    agency = make_agency(name="Văn phòng UBND tỉnh", short_name="VP")
    kt = make_unit(agency, name="Phòng Kinh tế", abbreviation="KT")
    th = make_unit(agency, name="Phòng Tổng hợp", abbreviation="TH")
    leader = make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Lãnh đạo VP")
    head_kt = make_official(
        agency, unit=kt, roles=(Role.LANH_DAO_PHONG,), is_head=True, full_name="Trưởng phòng KT"
    )
    spec_kt = make_official(agency, unit=kt, roles=(Role.CHUYEN_VIEN,), full_name="Chuyên viên KT")
    spec_th = make_official(agency, unit=th, roles=(Role.CHUYEN_VIEN,), full_name="Chuyên viên TH")
    case = DeadlineSample.objects.create(label="Công văn 12/UBND-KT")
    return dict(
        agency=agency,
        kt=kt,
        th=th,
        leader=leader,
        head_kt=head_kt,
        spec_kt=spec_kt,
        spec_th=spec_th,
        case=case,
    )


def _lead(o, **kw):
    return services.assignment_create(
        acting_user=o["leader"],
        case=o["case"],
        agency=o["agency"],
        assignee=o["kt"],
        role=AssignmentRole.CHU_TRI,
        **kw,
    )


def test_lead_coordinating_and_informed_each_with_own_deadline(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5, instruction="Phòng KT chủ trì tham mưu")
        coord = services.assignment_create(
            acting_user=office["leader"],
            case=office["case"],
            agency=office["agency"],
            assignee=office["th"],
            role=AssignmentRole.PHOI_HOP,
            due_in_working_days=3,
        )
        info = services.assignment_create(
            acting_user=office["leader"],
            case=office["case"],
            agency=office["agency"],
            assignee=office["spec_th"],
            role=AssignmentRole.DE_BIET,
        )
    assert clock.local(lead.due_at) == dt.datetime(2026, 3, 16, 17, 30, tzinfo=clock.VN_TZ)
    assert clock.local(coord.due_at) == dt.datetime(2026, 3, 12, 17, 30, tzinfo=clock.VN_TZ)
    assert info.due_at is None
    roles = [a.role for a in selectors.for_case(office["case"])]
    assert roles == ["chu_tri", "phoi_hop", "de_biet"]
    actions = [e.action for e in eventlog.trail(office["case"])]
    assert actions == ["assignment.create"] * 3


def test_only_one_open_lead_per_level(office):
    with clock.frozen_at(MONDAY):
        _lead(office, due_in_working_days=5)
        with pytest.raises(DomainError) as err:
            services.assignment_create(
                acting_user=office["leader"],
                case=office["case"],
                agency=office["agency"],
                assignee=office["th"],
                role=AssignmentRole.CHU_TRI,
                due_in_working_days=5,
            )
    assert err.value.code == "assignment_lead_exists"
    assert Assignment.objects.count() == 1


def test_informed_has_no_deadline_and_due_in_past_refused(office):
    with clock.frozen_at(MONDAY):
        with pytest.raises(DomainError) as err:
            services.assignment_create(
                acting_user=office["leader"],
                case=office["case"],
                agency=office["agency"],
                assignee=office["th"],
                role=AssignmentRole.DE_BIET,
                due_in_working_days=2,
            )
        assert err.value.code == "assignment_info_no_deadline"
        with pytest.raises(DomainError) as err:
            _lead(office, due_at=MONDAY - dt.timedelta(hours=1))
        assert err.value.code == "assignment_due_in_past"
    assert Assignment.objects.count() == 0


def test_sub_assign_by_unit_head_then_specialist_finishes_then_unit(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
        # A specialist of another unit may not sub-assign.
        with pytest.raises(DomainError) as err:
            services.assignment_sub_assign(
                acting_user=office["spec_th"],
                assignment=lead,
                assignee=office["spec_th"],
                role=AssignmentRole.CHU_TRI,
            )
        assert err.value.status == 403
        child = services.assignment_sub_assign(
            acting_user=office["head_kt"],
            assignment=lead,
            assignee=office["spec_kt"],
            role=AssignmentRole.CHU_TRI,
            instruction="Đồng chí dự thảo văn bản trả lời",
        )
    assert child.parent_id == lead.pk and child.due_at == lead.due_at  # inherits the deadline
    with clock.frozen_at(MONDAY + dt.timedelta(days=2)):
        services.assignment_finish(
            acting_user=office["spec_kt"], assignment=child, result="Đã dự thảo"
        )
        services.assignment_finish(
            acting_user=office["head_kt"], assignment=lead, result="Đã trình"
        )
    lead.refresh_from_db()
    assert lead.state == AssignmentState.HOAN_THANH
    assert deadlines.status_of(lead) == deadlines.DeadlineStatus.HOAN_THANH_TRUOC_HAN
    with pytest.raises(DomainError) as err:
        services.assignment_finish(acting_user=office["head_kt"], assignment=lead)
    assert err.value.code == "assignment_closed" and err.value.status == 409


def test_child_deadline_after_parent_refused(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=2)
        with pytest.raises(DomainError) as err:
            services.assignment_sub_assign(
                acting_user=office["head_kt"],
                assignment=lead,
                assignee=office["spec_kt"],
                role=AssignmentRole.CHU_TRI,
                due_in_working_days=10,
            )
    assert err.value.code == "assignment_due_after_parent"
    assert Assignment.objects.count() == 1


def test_forward_closes_and_keeps_role_and_deadline(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
        new = services.assignment_forward(
            acting_user=office["leader"], assignment=lead, to=office["th"], instruction="Chuyển TH"
        )
    lead.refresh_from_db()
    assert lead.state == AssignmentState.DA_CHUYEN
    assert new.role == AssignmentRole.CHU_TRI and new.assignee_unit == office["th"]
    assert new.due_at == lead.due_at and new.forwarded_from_id == lead.pk
    actions = [e.action for e in eventlog.trail(office["case"])]
    assert actions == ["assignment.create", "assignment.forwarded", "assignment.forward"]


def test_return_needs_reason_and_is_logged(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
        with pytest.raises(DomainError) as err:
            services.assignment_return(acting_user=office["head_kt"], assignment=lead, reason="  ")
        assert err.value.code == "reason_required"
        services.assignment_return(
            acting_user=office["head_kt"], assignment=lead, reason="Không đúng chức năng"
        )
    lead.refresh_from_db()
    assert lead.state == AssignmentState.TRA_LAI and lead.result == "Không đúng chức năng"
    last = eventlog.trail(office["case"]).last()
    assert (
        last.action == "assignment.return"
        and last.from_state == "dang_xu_ly"
        and last.to_state == "tra_lai"
    )


def test_extension_keeps_original_and_only_assigner_extends(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=2)
        original = lead.due_at
        with pytest.raises(DomainError):
            services.assignment_extend(
                acting_user=office["head_kt"],
                assignment=lead,
                new_due_at=original + dt.timedelta(days=7),
                reason="Cần thêm thời gian",
            )
        services.assignment_extend(
            acting_user=office["leader"],
            assignment=lead,
            new_due_at=original + dt.timedelta(days=7),
            reason="Cần thêm thời gian",
        )
    lead.refresh_from_db()
    assert lead.original_due_at == original and lead.due_at == original + dt.timedelta(days=7)


def test_revoke_ends_children(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
        child = services.assignment_sub_assign(
            acting_user=office["head_kt"],
            assignment=lead,
            assignee=office["spec_kt"],
            role=AssignmentRole.CHU_TRI,
        )
        services.assignment_revoke(
            acting_user=office["leader"], assignment=lead, reason="Văn bản bị thu hồi"
        )
    child.refresh_from_db()
    assert child.state == AssignmentState.THU_HOI


def test_revoke_for_case_ends_every_open_assignment_whoever_gave_it(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
        child = services.assignment_sub_assign(
            acting_user=office["head_kt"],
            assignment=lead,
            assignee=office["spec_kt"],
            role=AssignmentRole.CHU_TRI,
        )
        other = services.assignment_create(
            acting_user=office["leader"],
            case=office["case"],
            agency=office["agency"],
            assignee=office["th"],
            role=AssignmentRole.PHOI_HOP,
        )
        services.assignment_finish(acting_user=office["leader"], assignment=other, result="Xong")
        unrelated = services.assignment_create(
            acting_user=office["leader"],
            case=DeadlineSample.objects.create(label="Việc khác"),
            agency=office["agency"],
            assignee=office["th"],
            role=AssignmentRole.CHU_TRI,
        )
        with pytest.raises(DomainError) as info:
            services.revoke_for_case(acting_user=office["spec_th"], case=office["case"], reason=" ")
        assert info.value.code == "reason_required"
        # spec_th may act on none of them: the case's end is decided above the assignments.
        ended = services.revoke_for_case(
            acting_user=office["spec_th"], case=office["case"], reason="Văn bản bị thu hồi"
        )
    assert ended == 1
    states = {
        a.pk: a.state for a in Assignment.objects.filter(pk__in=[lead.pk, child.pk, other.pk])
    }
    assert states == {
        lead.pk: AssignmentState.THU_HOI,
        child.pk: AssignmentState.THU_HOI,
        other.pk: AssignmentState.HOAN_THANH,
    }
    unrelated.refresh_from_db()
    assert unrelated.state == AssignmentState.DANG_XU_LY
    revokes = eventlog.trail(office["case"]).filter(action="assignment.revoke")
    assert revokes.count() == 2


def test_open_work_of_each_person_with_status_and_constant_queries(office):
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=1)
        services.assignment_sub_assign(
            acting_user=office["head_kt"],
            assignment=lead,
            assignee=office["spec_kt"],
            role=AssignmentRole.CHU_TRI,
        )
        for i in range(3):
            case = DeadlineSample.objects.create(label=f"Việc {i}")
            services.assignment_create(
                acting_user=office["leader"],
                case=case,
                agency=office["agency"],
                assignee=office["spec_kt"],
                role=AssignmentRole.PHOI_HOP,
                due_in_working_days=10,
            )
    with clock.frozen_at(MONDAY + dt.timedelta(days=3)):  # Thursday: the 1-day one is overdue
        mine = list(selectors.open_assignments_for(office["spec_kt"]))
        assert [a.deadline_status for a in mine] == [
            "qua_han",
            "chua_den_han",
            "chua_den_han",
            "chua_den_han",
        ]
        assert [a.pk for a in selectors.open_assignments_for(office["head_kt"])] == [lead.pk]
        assert list(selectors.open_assignments_for(office["spec_th"])) == []
        counts = selectors.status_counts(selectors.open_assignments_for(office["spec_kt"]))
        assert counts["qua_han"] == 1 and counts["chua_den_han"] == 3
        with CaptureQueriesContext(connection) as few:
            [
                str(a.assignee) + a.case_type.model
                for a in selectors.open_assignments_for(office["spec_kt"])
            ]
        for i in range(5):
            case = DeadlineSample.objects.create(label=f"Thêm {i}")
            with clock.frozen_at(MONDAY):
                services.assignment_create(
                    acting_user=office["leader"],
                    case=case,
                    agency=office["agency"],
                    assignee=office["spec_kt"],
                    role=AssignmentRole.PHOI_HOP,
                    due_in_working_days=10,
                )
        with CaptureQueriesContext(connection) as many:
            rows = [
                str(a.assignee) + a.case_type.model
                for a in selectors.open_assignments_for(office["spec_kt"])
            ]
        assert len(rows) == 9
        assert len(many) == len(few)


def test_visibility_rule_and_rules_predicate_agree(office):
    from vanphong.core import permissions

    other = make_agency(name="Sở Nội vụ", short_name="SNV")
    outsider = make_official(other, roles=(Role.CHUYEN_VIEN,))
    with clock.frozen_at(MONDAY):
        lead = _lead(office, due_in_working_days=5)
    assert permissions.can_view(office["spec_th"], "assignments.assignment", lead)
    assert not permissions.can_view(outsider, "assignments.assignment", lead)
    assert list(permissions.visible(outsider, "assignments.assignment")) == []
