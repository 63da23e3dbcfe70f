"""Every write on assignments: create, forward, sub-assign, return, finish, revoke.

Each function runs in one transaction, takes the acting official, checks that they may act,
moves the deadline through :mod:`vanphong.core.deadlines` and writes the event log on the
case's stream, so the case's trail ("vết xử lý") shows every hand-over.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.assignments.models import Assignment, AssignmentRole, AssignmentState
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency, Official, Unit

Assignee = Agency | Unit | Official


def _assignee_fields(assignee: Assignee) -> dict:
    if isinstance(assignee, Official):
        if not assignee.is_active:
            raise DomainError("assignee_inactive", _("Cán bộ được giao không còn hoạt động."))
        return {"assignee_user": assignee}
    if isinstance(assignee, Unit):
        if not assignee.is_active:
            raise DomainError("assignee_inactive", _("Đơn vị được giao không còn hoạt động."))
        return {"assignee_unit": assignee}
    if isinstance(assignee, Agency):
        if not assignee.is_active:
            raise DomainError("assignee_inactive", _("Cơ quan được giao không còn hoạt động."))
        return {"assignee_agency": assignee}
    raise DomainError("assignee_invalid", _("Người, đơn vị hoặc cơ quan được giao không hợp lệ."))


def _label(assignment: Assignment) -> str:
    return str(assignment.assignee)


def _payload(assignment: Assignment, **extra) -> dict:
    return {
        "assignment": assignment.pk,
        "role": assignment.role,
        "assignee": _label(assignment),
        "assignee_kind": (
            "user"
            if assignment.assignee_user_id
            else "unit"
            if assignment.assignee_unit_id
            else "agency"
        ),
        **extra,
    }


def can_act_on(user: Official, assignment: Assignment) -> bool:
    """May ``user`` act on ``assignment`` (forward, sub-assign, return, finish)?

    The assigned official; for a unit, its leaders (heads, lãnh đạo phòng, agency leaders);
    for an agency, its văn thư and leaders; and always the official who gave it.
    """
    from vanphong.org import selectors as org
    from vanphong.org.models import Role

    if not (user and user.is_authenticated and user.is_active):
        return False
    if assignment.assigned_by_id == user.pk or assignment.assignee_user_id == user.pk:
        return True
    if assignment.assignee_unit_id:
        return org.is_leader(user, unit=assignment.assignee_unit)
    if assignment.assignee_agency_id:
        roles = org.effective_roles(user, assignment.assignee_agency_id)
        return bool(roles & {Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
    return False


def _require_can_act(user: Official, assignment: Assignment) -> None:
    if not can_act_on(user, assignment):
        raise DomainError("forbidden", _("Bạn không có quyền xử lý phân công này."), status=403)


def _require_open(assignment: Assignment) -> None:
    if assignment.state != AssignmentState.DANG_XU_LY:
        raise DomainError(
            "assignment_closed",
            _("Phân công này đã kết thúc (%(state)s); không thể thao tác tiếp.")
            % {"state": assignment.get_state_display()},
            status=409,
        )


def _set_deadline(
    assignment: Assignment,
    *,
    due_at: dt.datetime | None,
    due_in_working_days: int | None,
    start: dt.datetime,
) -> None:
    if assignment.role == AssignmentRole.DE_BIET:
        if due_at is not None or due_in_working_days is not None:
            raise DomainError(
                "assignment_info_no_deadline",
                _("Phân công để biết không có hạn xử lý."),
                fields={"due_at": [_("Bỏ trống hạn xử lý khi giao để biết.")]},
            )
        return
    if due_at is not None and due_in_working_days is not None:
        raise DomainError(
            "assignment_deadline_ambiguous",
            _("Chỉ nhập hạn xử lý hoặc số ngày làm việc, không nhập cả hai."),
        )
    if due_at is not None:
        if clock.local(due_at) <= start:
            raise DomainError(
                "assignment_due_in_past",
                _("Hạn xử lý phải sau thời điểm giao."),
                fields={"due_at": [_("Hạn xử lý phải sau thời điểm giao.")]},
            )
        deadlines.set_due(assignment, due_at=due_at)
    elif due_in_working_days is not None:
        if (
            isinstance(due_in_working_days, bool)
            or not isinstance(due_in_working_days, int)
            or due_in_working_days < 1
        ):
            raise DomainError(
                "assignment_bad_days",
                _("Số ngày làm việc phải là số nguyên dương."),
                fields={"due_in_working_days": [_("Nhập số ngày làm việc từ 1 trở lên.")]},
            )
        deadlines.set_due_in_working_days(assignment, start=start, days=due_in_working_days)


def _check_unique(assignment: Assignment) -> None:
    siblings = Assignment.objects.filter(
        case_type=assignment.case_type,
        case_id=assignment.case_id,
        parent=assignment.parent,
        state=AssignmentState.DANG_XU_LY,
    )
    if (
        assignment.role == AssignmentRole.CHU_TRI
        and siblings.filter(role=AssignmentRole.CHU_TRI).exists()
    ):
        raise DomainError(
            "assignment_lead_exists",
            _("Đã có đơn vị, cá nhân chủ trì đang xử lý; hãy chuyển hoặc thu hồi trước."),
        )
    if siblings.filter(
        assignee_user=assignment.assignee_user_id,
        assignee_unit=assignment.assignee_unit_id,
        assignee_agency=assignment.assignee_agency_id,
    ).exists():
        raise DomainError(
            "assignment_duplicate",
            _("%(who)s đã được giao xử lý hồ sơ này.") % {"who": _label(assignment)},
        )


def _record(action: str, assignment: Assignment, *, actor, from_state: str, **payload) -> None:
    eventlog.record(
        action=action,
        actor=actor,
        agency=assignment.agency,
        unit=assignment.assignee_unit,
        case=assignment.case,
        from_state=from_state,
        to_state=assignment.state,
        due_at=assignment.due_at,
        payload=_payload(assignment, **payload),
    )


@transaction.atomic
def assignment_create(
    *,
    acting_user: Official,
    case: Model,
    agency: Agency,
    assignee: Assignee,
    role: str,
    due_at: dt.datetime | None = None,
    due_in_working_days: int | None = None,
    instruction: str = "",
    parent: Assignment | None = None,
    _forwarded_from: Assignment | None = None,
) -> Assignment:
    """Assign ``case`` to ``assignee`` as ``role`` with its own deadline.

    The module's service decides who may give a first-level assignment (e.g. the leader who
    directs an incoming document); a sub-assignment (``parent``) needs the right to act on the
    parent. One open chủ trì per case and level; the same assignee once per level.
    """
    if role not in AssignmentRole.values:
        raise DomainError("assignment_bad_role", _("Vai trò xử lý không hợp lệ."))
    now = clock.now()
    assignment = Assignment(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        agency=agency,
        role=role,
        parent=parent,
        forwarded_from=_forwarded_from,
        instruction=(instruction or "").strip(),
        assigned_by=acting_user,
        assigned_at=now,
        **_assignee_fields(assignee),
    )
    if parent is not None:
        _require_open(parent)
        if (parent.case_type_id, parent.case_id) != (assignment.case_type.pk, assignment.case_id):
            raise DomainError(
                "assignment_parent_mismatch", _("Phân công cấp trên thuộc hồ sơ khác.")
            )
        if _forwarded_from is None:
            _require_can_act(acting_user, parent)
    _set_deadline(assignment, due_at=due_at, due_in_working_days=due_in_working_days, start=now)
    if (
        parent is not None
        and parent.due_at
        and assignment.due_at
        and assignment.due_at > parent.due_at
    ):
        raise DomainError(
            "assignment_due_after_parent",
            _("Hạn xử lý không được sau hạn của phân công cấp trên (%(due)s).")
            % {"due": clock.local(parent.due_at).strftime("%H:%M %d/%m/%Y")},
            fields={"due_at": [_("Chọn hạn sớm hơn.")]},
        )
    _check_unique(assignment)
    assignment.save()
    _record(
        "assignment.forward" if _forwarded_from else "assignment.create",
        assignment,
        actor=acting_user,
        from_state="",
        instruction=assignment.instruction,
        parent=parent.pk if parent else None,
        forwarded_from=_forwarded_from.pk if _forwarded_from else None,
    )
    return assignment


@transaction.atomic
def assignment_sub_assign(
    *,
    acting_user: Official,
    assignment: Assignment,
    assignee: Assignee,
    role: str,
    due_at: dt.datetime | None = None,
    due_in_working_days: int | None = None,
    instruction: str = "",
) -> Assignment:
    """Giao tiếp: e.g. a unit leader gives the unit's assignment to a specialist."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    inherit = (
        due_at is None
        and due_in_working_days is None
        and role != AssignmentRole.DE_BIET
        and assignment.due_at is not None
        and assignment.due_at > clock.now()
    )
    return assignment_create(
        acting_user=acting_user,
        case=assignment.case,
        agency=assignment.agency,
        assignee=assignee,
        role=role,
        due_at=assignment.due_at if inherit else due_at,
        due_in_working_days=due_in_working_days,
        instruction=instruction,
        parent=assignment,
    )


def _close(assignment: Assignment, *, state: str, acting_user: Official, result: str) -> str:
    before = assignment.state
    assignment.state = state
    assignment.closed_by = acting_user
    assignment.closed_at = clock.now()
    assignment.result = (result or "").strip()
    return before


@transaction.atomic
def assignment_forward(
    *,
    acting_user: Official,
    assignment: Assignment,
    to: Assignee,
    instruction: str = "",
    due_at: dt.datetime | None = None,
) -> Assignment:
    """Chuyển: this assignment ends and the same role passes to ``to`` (deadline kept unless given)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require_open(assignment)
    _require_can_act(acting_user, assignment)
    before = _close(
        assignment, state=AssignmentState.DA_CHUYEN, acting_user=acting_user, result=instruction
    )
    assignment.save(update_fields=["state", "closed_by", "closed_at", "result"])
    _record("assignment.forwarded", assignment, actor=acting_user, from_state=before, to=str(to))
    new_due = due_at
    if new_due is None and assignment.due_at is not None and assignment.due_at > clock.now():
        new_due = assignment.due_at  # the deadline travels with the case
    return assignment_create(
        acting_user=acting_user,
        case=assignment.case,
        agency=assignment.agency,
        assignee=to,
        role=assignment.role,
        due_at=new_due,
        instruction=instruction,
        parent=assignment.parent,
        _forwarded_from=assignment,
    )


@transaction.atomic
def assignment_return(*, acting_user: Official, assignment: Assignment, reason: str) -> Assignment:
    """Trả lại: the assignee sends it back to the assigner, with a reason."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require_open(assignment)
    _require_can_act(acting_user, assignment)
    if not (reason or "").strip():
        raise DomainError(
            "reason_required",
            _("Phải nêu lý do trả lại."),
            fields={"reason": [_("Nhập lý do trả lại.")]},
        )
    before = _close(
        assignment, state=AssignmentState.TRA_LAI, acting_user=acting_user, result=reason
    )
    assignment.save(update_fields=["state", "closed_by", "closed_at", "result"])
    _record(
        "assignment.return",
        assignment,
        actor=acting_user,
        from_state=before,
        reason=assignment.result,
    )
    return assignment


def _finish(assignment: Assignment, *, acting_user: Official, result: str) -> None:
    for child in assignment.children.filter(state=AssignmentState.DANG_XU_LY).select_for_update():
        _finish(child, acting_user=acting_user, result=_("Kết thúc cùng phân công cấp trên."))
    before = _close(
        assignment, state=AssignmentState.HOAN_THANH, acting_user=acting_user, result=result
    )
    if assignment.due_at is not None:
        deadlines.finish(assignment, at=assignment.closed_at)
    assignment.save()
    _record(
        "assignment.finish",
        assignment,
        actor=acting_user,
        from_state=before,
        result=assignment.result,
        deadline_status=deadlines.status_of(assignment).value,
    )


@transaction.atomic
def assignment_finish(
    *, acting_user: Official, assignment: Assignment, result: str = ""
) -> Assignment:
    """Hoàn thành: the deadline status is fixed; open sub-assignments end with it."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require_open(assignment)
    _require_can_act(acting_user, assignment)
    _finish(assignment, acting_user=acting_user, result=result)
    return assignment


@transaction.atomic
def assignment_extend(
    *, acting_user: Official, assignment: Assignment, new_due_at: dt.datetime, reason: str
) -> Assignment:
    """Gia hạn by the assigner: the current due moment moves, the original is kept."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require_open(assignment)
    if acting_user.pk != assignment.assigned_by_id:
        raise DomainError("forbidden", _("Chỉ người giao mới được gia hạn."), status=403)
    if not (reason or "").strip():
        raise DomainError(
            "reason_required",
            _("Phải nêu lý do gia hạn."),
            fields={"reason": [_("Nhập lý do gia hạn.")]},
        )
    try:
        deadlines.extend(assignment, new_due_at=new_due_at)
    except ValidationError as exc:  # the kernel's own code and message
        raise DomainError(exc.code or "deadline_invalid", exc.messages[0]) from None
    assignment.save()
    _record(
        "assignment.extend",
        assignment,
        actor=acting_user,
        from_state=assignment.state,
        reason=reason.strip(),
        original_due_at=assignment.original_due_at.isoformat(),
    )
    return assignment


def _revoke(assignment: Assignment, *, acting_user: Official, reason: str) -> None:
    for child in assignment.children.filter(state=AssignmentState.DANG_XU_LY).select_for_update():
        _revoke(child, acting_user=acting_user, reason=reason)
    before = _close(
        assignment, state=AssignmentState.THU_HOI, acting_user=acting_user, result=reason
    )
    assignment.save(update_fields=["state", "closed_by", "closed_at", "result"])
    _record(
        "assignment.revoke",
        assignment,
        actor=acting_user,
        from_state=before,
        reason=assignment.result,
    )


@transaction.atomic
def assignment_revoke(*, acting_user: Official, assignment: Assignment, reason: str) -> Assignment:
    """Thu hồi by the assigner (or when the case is recalled): it and its children end."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require_open(assignment)
    if not can_act_on(acting_user, assignment):
        raise DomainError("forbidden", _("Bạn không có quyền thu hồi phân công này."), status=403)
    if not (reason or "").strip():
        raise DomainError(
            "reason_required",
            _("Phải nêu lý do thu hồi."),
            fields={"reason": [_("Nhập lý do thu hồi.")]},
        )
    _revoke(assignment, acting_user=acting_user, reason=reason)
    return assignment


@transaction.atomic
def revoke_for_case(*, acting_user: Official | None, case: Model, reason: str) -> int:
    """Thu hồi every open assignment of ``case`` because the case itself ended by a decision
    above the assignments (e.g. an incoming document recalled by its sender and withdrawn):
    no per-assignment right is checked — the caller's service has checked the right to end
    the case. Each open top-level assignment and its children end (``assignment.revoke`` on
    the case's trail). Returns how many top-level assignments ended."""
    if not (reason or "").strip():
        raise DomainError(
            "reason_required",
            _("Phải nêu lý do thu hồi."),
            fields={"reason": [_("Nhập lý do thu hồi.")]},
        )
    open_top = Assignment.objects.select_for_update().filter(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        state=AssignmentState.DANG_XU_LY,
        parent__isnull=True,
    )
    count = 0
    for assignment in open_top.order_by("pk"):
        _revoke(assignment, acting_user=acting_user, reason=reason.strip())
        count += 1
    return count
