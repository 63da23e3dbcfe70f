"""Writes of one-stop dossiers. Each service is one transaction: it checks the actor's right,
validates (DomainError with a Vietnamese message), changes the rows, updates the fact columns
and writes the event log. Event payloads never carry the applicant's personal data.

Lifecycle (NĐ 118/2025, TT 03/2025/TT-VPCP):

    receive (Mẫu 01) ──> steps (handover / return) ──> result ──> returned ──> rated
        │                 │  ↑
        │                 ▼  │ supplement (Mẫu 02: clock suspended, resumed/restarted)
        ├── refuse (Mẫu 03)      apology (Mẫu 04: new date, once, still late)
        └── stop (Mẫu 05, while no result)
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.assignments import services as assignments
from vanphong.core.assignments.models import Assignment, AssignmentRole
from vanphong.core.calendar import workdays
from vanphong.core.errors import DomainError
from vanphong.core.numbering.services import link_case, next_number
from vanphong.core.text import clean_multiline, clean_text
from vanphong.onestop import selectors
from vanphong.onestop.models import (
    OPEN_STATUSES,
    RATING_CRITERIA,
    REGISTER,
    RESULT_STATUSES,
    Channel,
    Dossier,
    DossierNotice,
    NoticeKind,
    Outcome,
    Rating,
    ReturnMethod,
    Status,
    Timeliness,
)
from vanphong.org.models import Agency, Official, Unit
from vanphong.procedures import selectors as procedure_selectors
from vanphong.procedures.models import Procedure
from vanphong.procedures.services import supplement_rule

HOURS_PER_DAY = Decimal(8)
PIN_DIGITS = 6
RESULT_KINDS = ("pdf", "docx", "jpeg", "png")
SCAN_KINDS = ("pdf", "jpeg", "png")
_IDENTITY_RE = re.compile(r"^[0-9A-Z]{6,20}$")
_PHONE_RE = re.compile(r"^\+?[0-9 .\-]{8,20}$")


# --------------------------------------------------------------------------------------------
# Helpers


def _err(code: str, message: str, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]} if field else None, status=status)


def _forbidden() -> DomainError:
    return DomainError("dossier_forbidden", _("Bạn không có quyền xử lý hồ sơ này."), status=403)


def _require_handler(user, dossier: Dossier) -> None:
    if not selectors.can_handle(user, dossier):
        raise _forbidden()


def _require_desk(user, dossier: Dossier) -> None:
    if not selectors.is_desk(user, dossier):
        raise DomainError(
            "dossier_forbidden",
            _("Chỉ Bộ phận Một cửa hoặc lãnh đạo cơ quan được thực hiện thao tác này."),
            status=403,
        )


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update()
        .select_related("procedure_version", "agency", "receiving_agency")
        .get(pk=dossier.pk)
    )


def _closed_error(dossier: Dossier) -> DomainError:
    return DomainError(
        "dossier_closed",
        _("Hồ sơ %(code)s đang ở tình trạng “%(status)s”; không thể thực hiện thao tác này.")
        % {"code": dossier.code, "status": dossier.get_status_display()},
        status=409,
    )


def _require_status(dossier: Dossier, *allowed: str) -> None:
    if dossier.status not in allowed:
        if dossier.status == Status.CHO_BO_SUNG:
            raise DomainError(
                "dossier_waiting",
                _("Hồ sơ đang chờ người nộp bổ sung; hãy ghi nhận hồ sơ bổ sung trước."),
                status=409,
            )
        raise _closed_error(dossier)


def _kernel(exc: ValidationError) -> DomainError:
    return DomainError(exc.code or "deadline_invalid", exc.messages[0], status=409)


def _iso(moment: dt.datetime | None) -> str | None:
    return clock.local(moment).isoformat() if moment else None


def _record(dossier: Dossier, action: str, *, actor, from_state: str, **payload) -> None:
    eventlog.record(
        action=f"onestop.{action}",
        actor=actor,
        agency=dossier.agency,
        unit=dossier.handling_unit,
        case=dossier,
        from_state=from_state,
        to_state=dossier.status,
        due_at=dossier.due_at,
        payload={"code": dossier.code, **payload},
    )


def _after_commit(dossier: Dossier, event: str) -> None:
    """Notify the citizen and queue the portal push once the transaction commits."""
    from vanphong.onestop import notify, portal

    portal.queue_status(dossier, event)
    pk = dossier.pk
    transaction.on_commit(lambda: notify.dossier_event(pk, event))


def timeliness_of(status: deadlines.DeadlineStatus) -> str:
    return {
        deadlines.DeadlineStatus.HOAN_THANH_TRUOC_HAN: Timeliness.TRUOC_HAN,
        deadlines.DeadlineStatus.HOAN_THANH_DUNG_HAN: Timeliness.DUNG_HAN,
        deadlines.DeadlineStatus.HOAN_THANH_QUA_HAN: Timeliness.QUA_HAN,
    }.get(status, "")


def limit_hours(snapshot: dict) -> Decimal:
    """The legal limit in working hours: 8 per working day; "trong ngày" is one working day."""
    if snapshot.get("same_day"):
        return HOURS_PER_DAY
    return Decimal(str(snapshot.get("time_limit_days") or 0)) * HOURS_PER_DAY


def cutoff_of(snapshot: dict) -> dt.time:
    try:
        return dt.time.fromisoformat(snapshot.get("cutoff_time") or "15:00")
    except ValueError:
        return dt.time(15, 0)


def compute_due(received_at: dt.datetime, snapshot: dict) -> dt.datetime:
    """The due moment of a dossier received at ``received_at`` under a version ``snapshot``
    (rule ND118-HEN-TRA): the limit in working hours from the receipt, counting from the next
    opening when received at or after the cut-off; "trong ngày" → closing of that working day."""
    start = workdays.counting_start(clock.local(received_at), cutoff=cutoff_of(snapshot))
    if snapshot.get("same_day"):
        return workdays.closing_time(start)
    return workdays.add_working_hours(start, limit_hours(snapshot))


def _resolve_unit(ref: str | None) -> Unit | None:
    if not ref or "/" not in ref:
        return None
    identifier, abbreviation = ref.rsplit("/", 1)
    return Unit.objects.filter(
        agency__identifier=identifier, abbreviation=abbreviation, is_active=True
    ).first()


def step_unit(step: dict) -> Unit | None:
    return _resolve_unit(step.get("unit"))


def _step_due(start: dt.datetime, budget) -> dt.datetime:
    hours = Decimal(str(budget or 0)) or Decimal("0.5")
    return workdays.add_working_hours(workdays.counting_start(start), hours)


def _open_step(
    dossier: Dossier, *, acting_user, index: int, assignee, instruction: str = ""
) -> Assignment:
    steps = dossier.steps
    step = steps[index - 1] if 0 < index <= len(steps) else {}
    due = _step_due(clock.now(), step.get("budget_hours"))
    if dossier.due_at and due > dossier.due_at and clock.now() < dossier.due_at:
        due = dossier.due_at  # a step never runs past the dossier's own due moment
    if due <= clock.now():
        due = clock.now() + dt.timedelta(minutes=1)
    assignment = assignments.assignment_create(
        acting_user=acting_user,
        case=dossier,
        agency=dossier.agency,
        assignee=assignee,
        role=AssignmentRole.CHU_TRI,
        due_at=due,
        instruction=instruction or step.get("description", ""),
    )
    dossier.current_step = index
    if isinstance(assignee, Unit):
        dossier.handling_unit = assignee
    holders = dict(dossier.step_holders or {})
    holders[str(index)] = (
        {"unit": assignee.pk} if isinstance(assignee, Unit) else {"user": assignee.pk}
    )
    dossier.step_holders = holders
    return assignment


def _pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def _clean_applicant(applicant: dict) -> dict:
    data = {
        "applicant_name": clean_text(applicant.get("name")),
        "applicant_identity": clean_text(applicant.get("identity_number")).replace(" ", "").upper(),
        "applicant_address": clean_text(applicant.get("address")),
        "applicant_phone": clean_text(applicant.get("phone")),
        "applicant_email": clean_text(applicant.get("email")).lower(),
    }
    if not data["applicant_name"]:
        raise _err("applicant_required", _("Nhập họ và tên người nộp hồ sơ."), "name")
    if len(data["applicant_name"]) > 200:
        raise _err("applicant_too_long", _("Họ và tên quá dài (tối đa 200 ký tự)."), "name")
    if data["applicant_identity"] and not _IDENTITY_RE.match(data["applicant_identity"]):
        raise _err(
            "identity_invalid",
            _("Số định danh cá nhân, căn cước hoặc hộ chiếu không hợp lệ (6–20 chữ số, chữ cái)."),
            "identity_number",
        )
    if data["applicant_phone"] and not _PHONE_RE.match(data["applicant_phone"]):
        raise _err("phone_invalid", _("Số điện thoại không hợp lệ."), "phone")
    if data["applicant_email"]:
        try:
            validate_email(data["applicant_email"])
        except ValidationError:
            raise _err("email_invalid", _("Địa chỉ thư điện tử không hợp lệ."), "email") from None
    if len(data["applicant_address"]) > 255:
        raise _err("address_too_long", _("Địa chỉ quá dài (tối đa 255 ký tự)."), "address")
    return data


def _procedure(procedure: Procedure | int | str | None) -> Procedure:
    qs = procedure_selectors.public_procedures().select_related("field", "competent_agency")
    found = None
    if isinstance(procedure, Procedure):
        found = qs.filter(pk=procedure.pk).first()
    elif isinstance(procedure, int) and not isinstance(procedure, bool):
        found = qs.filter(pk=procedure).first()
    elif isinstance(procedure, str) and procedure.strip():
        found = qs.filter(code=procedure.strip().upper()).first()
    if found is None:
        raise _err(
            "procedure_not_found",
            _("Thủ tục hành chính không có trong danh mục hoặc đã ngừng áp dụng."),
            "procedure",
        )
    return found


# --------------------------------------------------------------------------------------------
# Receipt (Mẫu 01)


@transaction.atomic
def dossier_receive(
    *,
    acting_user: Official | None,
    procedure: Procedure | int | str | None,
    applicant: dict,
    receiving_agency: Agency,
    channel: str = Channel.TRUC_TIEP,
    competent_agency: Agency | None = None,
    support_point: Agency | None = None,
    received_at: dt.datetime | None = None,
    components: list[str] | None = None,
    copies: int = 1,
    return_method: str = ReturnMethod.TAI_QUAY,
    portal_code: str = "",
    check_components: bool = True,
) -> Dossier:
    """Receive a dossier at any one-stop desk of the province (rule ND118-TIEP-NHAN-PHI-DIA-GIOI):
    it is pinned to the procedure version in force at ``received_at``, gets its code, its due
    moment and a PIN (``dossier.pin``, shown once on Mẫu 01; only its digest is stored).

    ``acting_user=None`` is the system (portal sync, demo)."""
    if acting_user is not None and not selectors.can_receive(acting_user, receiving_agency):
        raise DomainError(
            "dossier_forbidden",
            _("Bạn không phải cán bộ Bộ phận Một cửa của nơi tiếp nhận này."),
            status=403,
        )
    proc = _procedure(procedure)
    if channel not in Channel.values:
        raise _err("channel_invalid", _("Hình thức nộp hồ sơ không hợp lệ."), "channel")
    if return_method not in ReturnMethod.values:
        raise _err(
            "return_method_invalid", _("Hình thức nhận kết quả không hợp lệ."), "return_method"
        )
    now = clock.now()
    received = clock.local(received_at) if received_at else now
    if received > now:
        raise _err(
            "received_in_future", _("Thời gian nhận hồ sơ không được sau hiện tại."), "received_at"
        )
    if received < now - dt.timedelta(days=30):
        raise _err(
            "received_too_old",
            _("Thời gian nhận hồ sơ không được trước hiện tại quá 30 ngày."),
            "received_at",
        )
    version = procedure_selectors.version_in_force(proc, received)
    if version is None:
        raise _err(
            "procedure_not_in_force",
            _("Thủ tục chưa có phiên bản có hiệu lực vào thời điểm nhận hồ sơ."),
            "procedure",
        )
    snapshot = version.snapshot
    agency = competent_agency or proc.competent_agency
    if agency is None:
        raise _err(
            "competent_agency_required",
            _("Chọn cơ quan có thẩm quyền giải quyết hồ sơ."),
            "competent_agency",
        )
    if not agency.identifier:
        raise _err(
            "agency_identifier_missing",
            _("Cơ quan có thẩm quyền chưa có mã định danh điện tử; không thể cấp mã hồ sơ."),
            "competent_agency",
        )
    data = _clean_applicant(applicant or {})
    names = [c["name"] for c in snapshot.get("components", [])]
    given = [clean_text(c) for c in (components or []) if clean_text(c)]
    unknown = [c for c in given if c not in names]
    if unknown:
        raise _err(
            "component_unknown",
            _("Giấy tờ không thuộc thành phần hồ sơ của thủ tục: %(names)s.")
            % {"names": "; ".join(unknown)},
            "components",
        )
    if check_components and channel != Channel.TRUC_TUYEN:
        missing = [
            c["name"]
            for c in snapshot.get("components", [])
            if c.get("mandatory") and c["name"] not in given
        ]
        if missing:
            raise _err(
                "components_missing",
                _(
                    "Hồ sơ chưa đủ thành phần bắt buộc: %(names)s. Hướng dẫn người nộp bổ sung "
                    "(Mẫu 02) trước khi tiếp nhận."
                )
                % {"names": "; ".join(missing)},
                "components",
            )
    if not isinstance(copies, int) or isinstance(copies, bool) or not 1 <= copies <= 99:
        raise _err("copies_invalid", _("Số lượng hồ sơ phải từ 1 đến 99 bộ."), "copies")
    portal_code = clean_text(portal_code)[:60]
    if portal_code and Dossier.objects.filter(portal_code=portal_code).exists():
        raise _err(
            "portal_code_exists",
            _("Hồ sơ %(code)s của Cổng Dịch vụ công đã được tiếp nhận.") % {"code": portal_code},
            "portal_code",
            status=409,
        )
    max_supplements, supplement_mode = supplement_rule(snapshot)
    pin = _pin()
    dossier = Dossier(
        procedure=proc,
        procedure_version=version,
        procedure_code=snapshot.get("code", proc.code),
        procedure_name=snapshot.get("name", proc.name),
        field=proc.field,
        agency=agency,
        receiving_agency=receiving_agency,
        support_point=support_point,
        channel=channel,
        received_at=received,
        received_by=acting_user,
        copies=copies,
        components=[{"name": n, "received": n in given} for n in names],
        return_method=return_method,
        portal_code=portal_code,
        limit_hours_at_receipt=limit_hours(snapshot),
        cutoff_time=cutoff_of(snapshot),
        five_on_the_spot=bool(snapshot.get("five_on_the_spot")),
        max_supplement_requests=max_supplements,
        supplement_clock=supplement_mode,
        **data,
    )
    deadlines.set_due(dossier, due_at=compute_due(received, snapshot))
    dossier.limit_working_hours = dossier.limit_hours_at_receipt
    dossier.fact_online = channel == Channel.TRUC_TUYEN
    dossier.fact_due_at = dossier.due_at
    # The code last: the daily counter stays locked until commit.
    taken = next_number(agency=agency, register=REGISTER, period="day", at=received)
    dossier.code = f"{agency.identifier}-{received:%y%m%d}-{taken.value:04d}"
    dossier.pin_hash = selectors.pin_digest(dossier.code, pin)
    dossier.save()
    link_case(issued=taken.issued, case=dossier)
    _record(
        dossier,
        "receive",
        actor=acting_user,
        from_state="",
        received_at=_iso(received),
        online=dossier.fact_online,
        channel=channel,
        due_at=_iso(dossier.due_at),
        five_on_the_spot=dossier.five_on_the_spot,
        version=version.number,
        portal_code=portal_code,
    )
    if acting_user is not None and dossier.steps:
        _open_step(dossier, acting_user=acting_user, index=1, assignee=acting_user)
        dossier.save(update_fields=["current_step", "handling_unit", "step_holders"])
    _after_commit(dossier, "receive")
    dossier.pin = pin
    return dossier


# --------------------------------------------------------------------------------------------
# Steps: hand over, return


def _close_step(acting_user, assignment: Assignment | None, result: str) -> str:
    if assignment is None:
        return ""
    assignment = assignments.assignment_finish(
        acting_user=acting_user, assignment=assignment, result=result
    )
    return timeliness_of(deadlines.status_of(assignment))


def _assignee_label(assignee) -> str:
    if isinstance(assignee, Official):
        return assignee.full_name or assignee.get_username()
    return str(assignee)


@transaction.atomic
def dossier_handover(
    *,
    acting_user: Official,
    dossier: Dossier,
    to_unit: Unit | None = None,
    to_user: Official | None = None,
    note: str = "",
) -> Dossier:
    """The current step is done: the dossier passes to the next step of the procedure's
    internal process (its unit, or the unit/official chosen), with that step's own budget."""
    dossier = _lock(dossier)
    _require_status(dossier, Status.DANG_XU_LY)
    _require_handler(acting_user, dossier)
    steps = dossier.steps
    nxt = dossier.current_step + 1
    if nxt > len(steps):
        raise DomainError(
            "last_step",
            _("Hồ sơ đang ở bước cuối của quy trình; hãy ghi nhận kết quả giải quyết."),
            status=409,
        )
    assignee = to_user or to_unit or step_unit(steps[nxt - 1])
    if assignee is None:
        message = _("Chọn đơn vị hoặc cán bộ nhận hồ sơ ở bước %(n)s (%(unit)s).") % {
            "n": nxt,
            "unit": steps[nxt - 1].get("unit_name", ""),
        }
        raise DomainError("receiver_required", message, fields={"to_unit": [message]})
    before = dossier.status
    from_unit = str(dossier.handling_unit) if dossier.handling_unit_id else ""
    current = selectors.current_assignment(dossier)
    step_result = _close_step(acting_user, current, clean_multiline(note))
    _open_step(dossier, acting_user=acting_user, index=nxt, assignee=assignee)
    dossier.save(update_fields=["current_step", "handling_unit", "step_holders"])
    _record(
        dossier,
        "handover",
        actor=acting_user,
        from_state=before,
        from_step=nxt - 1,
        to_step=nxt,
        from_unit=from_unit,
        receiver=_assignee_label(assignee),
        step_timeliness=step_result,
        note=clean_multiline(note),
    )
    _after_commit(dossier, "handover")
    return dossier


@transaction.atomic
def dossier_return_step(*, acting_user: Official, dossier: Dossier, reason: str) -> Dossier:
    """Send the dossier back to the previous step (to whoever handled it), with a reason."""
    dossier = _lock(dossier)
    _require_status(dossier, Status.DANG_XU_LY)
    _require_handler(acting_user, dossier)
    reason = clean_multiline(reason)
    if not reason:
        raise _err("reason_required", _("Nêu lý do trả lại bước trước."), "reason")
    if dossier.current_step <= 1:
        raise DomainError(
            "first_step", _("Hồ sơ đang ở bước đầu tiên; không có bước trước."), status=409
        )
    current = selectors.current_assignment(dossier)
    if current is not None:
        assignments.assignment_return(acting_user=acting_user, assignment=current, reason=reason)
    prev_index = dossier.current_step - 1
    holder = (dossier.step_holders or {}).get(str(prev_index)) or {}
    assignee = None
    if holder.get("user"):
        assignee = Official.objects.filter(pk=holder["user"], is_active=True).first()
    elif holder.get("unit"):
        assignee = Unit.objects.filter(pk=holder["unit"], is_active=True).first()
    assignee = (
        assignee or step_unit(dossier.steps[prev_index - 1]) or dossier.received_by or acting_user
    )
    _open_step(dossier, acting_user=acting_user, index=prev_index, assignee=assignee)
    dossier.save(update_fields=["current_step", "handling_unit", "step_holders"])
    _record(
        dossier,
        "return_step",
        actor=acting_user,
        from_state=dossier.status,
        from_step=prev_index + 1,
        to_step=prev_index,
        receiver=_assignee_label(assignee),
        reason=reason,
    )
    return dossier


# --------------------------------------------------------------------------------------------
# Supplement (Mẫu 02), refusal (Mẫu 03), apology (Mẫu 04), stop (Mẫu 05)


def _notice(dossier: Dossier, kind: str, *, acting_user, reason: str, **extra) -> DossierNotice:
    taken = next_number(
        agency=dossier.agency, register=f"onestop.{kind}", period="year", case=dossier
    )
    notice = DossierNotice.objects.create(
        dossier=dossier,
        kind=kind,
        agency=dossier.agency,
        number=taken.value,
        issued_at=clock.now(),
        issued_by=acting_user,
        reason=reason,
        **extra,
    )
    return notice


@transaction.atomic
def dossier_request_supplement(
    *, acting_user: Official, dossier: Dossier, items: list[str], reason: str
) -> DossierNotice:
    """Mẫu 02: one request listing everything missing at once (rule ND118-BO-SUNG-MOT-LAN: a
    second request by the same agency is refused unless the procedure allows more); the clock
    is suspended until the applicant supplements."""
    dossier = _lock(dossier)
    if dossier.status != Status.DANG_XU_LY:
        if dossier.status == Status.CHO_BO_SUNG:
            raise DomainError(
                "supplement_pending",
                _("Hồ sơ đang chờ bổ sung theo phiếu đã gửi."),
                status=409,
            )
        raise _closed_error(dossier)
    _require_handler(acting_user, dossier)
    items = [clean_text(i) for i in (items or []) if clean_text(i)]
    reason = clean_multiline(reason)
    if not items:
        raise _err(
            "supplement_items_required",
            _("Liệt kê đầy đủ, một lần các giấy tờ, nội dung cần bổ sung."),
            "items",
        )
    if not reason:
        raise _err("reason_required", _("Nêu lý do yêu cầu bổ sung."), "reason")
    done = dossier.notices.filter(kind=NoticeKind.MAU_02, agency=dossier.agency).count()
    if done >= dossier.max_supplement_requests:
        raise DomainError(
            "supplement_limit",
            _(
                "Cơ quan đã yêu cầu bổ sung hồ sơ này %(n)s lần; thủ tục chỉ cho phép %(max)s "
                "lần. Không được yêu cầu bổ sung thêm."
            )
            % {"n": done, "max": dossier.max_supplement_requests},
            status=409,
        )
    now = clock.now()
    before = dossier.status
    try:
        deadlines.suspend(dossier, at=now)
    except ValidationError as exc:
        raise _kernel(exc) from None
    current = selectors.current_assignment(dossier)
    if current is not None and current.due_at and current.suspended_at is None:
        deadlines.suspend(current, at=now)
        current.save()
    notice = _notice(
        dossier, NoticeKind.MAU_02, acting_user=acting_user, reason=reason, items=items
    )
    dossier.status = Status.CHO_BO_SUNG
    if dossier.fact_supplement_at is None:
        dossier.fact_supplement_at = now
    dossier.fact_supplement_count += 1
    dossier.fact_waiting_since = now
    dossier.save()
    _record(
        dossier,
        "supplement_request",
        actor=acting_user,
        from_state=before,
        notice=notice.number,
        items=items,
        reason=reason,
        at=_iso(now),
    )
    _after_commit(dossier, "supplement_request")
    return notice


@transaction.atomic
def dossier_supplement(
    *, acting_user: Official | None, dossier: Dossier, note: str = ""
) -> Dossier:
    """The applicant supplemented: the clock resumes (the office time left) or restarts (the
    full limit), as the procedure's rule pinned on the dossier says."""
    dossier = _lock(dossier)
    if dossier.status != Status.CHO_BO_SUNG:
        raise DomainError("not_waiting", _("Hồ sơ không ở trạng thái chờ bổ sung."), status=409)
    if acting_user is not None and not selectors.can_handle(acting_user, dossier):
        raise _forbidden()
    now = clock.now()
    mode = dossier.supplement_clock
    try:
        deadlines.resume(dossier, at=now, mode=mode, limit_hours=dossier.limit_hours_at_receipt)
    except ValidationError as exc:
        raise _kernel(exc) from None
    current = selectors.current_assignment(dossier)
    if current is not None and current.suspended_at is not None:
        step = dossier.steps[dossier.current_step - 1] if dossier.steps else {}
        deadlines.resume(
            current,
            at=now,
            mode=mode,
            limit_hours=Decimal(str(step.get("budget_hours") or "0.5")),
        )
        current.save()
    dossier.notices.filter(kind=NoticeKind.MAU_02, fulfilled_at__isnull=True).update(
        fulfilled_at=now
    )
    before = dossier.status
    dossier.status = Status.DANG_XU_LY
    dossier.fact_due_at = dossier.due_at
    dossier.fact_waiting_since = None
    dossier.save()
    _record(
        dossier,
        "supplement_received",
        actor=acting_user,
        from_state=before,
        mode=mode,
        due_at=_iso(dossier.due_at),
        note=clean_multiline(note),
    )
    _after_commit(dossier, "supplement_received")
    return dossier


def _close_open_steps(acting_user, dossier: Dossier, reason: str) -> None:
    current = selectors.current_assignment(dossier)
    if current is not None and assignments.can_act_on(acting_user, current):
        assignments.assignment_revoke(acting_user=acting_user, assignment=current, reason=reason)


def _end_clock(dossier: Dossier, now: dt.datetime) -> None:
    if dossier.suspended_at is not None:
        deadlines.resume(dossier, at=now)
    deadlines.finish(dossier, at=now)


@transaction.atomic
def dossier_refuse(*, acting_user: Official, dossier: Dossier, reason: str) -> DossierNotice:
    """Mẫu 03: refuse to receive or to settle the dossier, with the reason."""
    dossier = _lock(dossier)
    _require_status(dossier, *OPEN_STATUSES)
    _require_handler(acting_user, dossier)
    reason = clean_multiline(reason)
    if not reason:
        raise _err("reason_required", _("Nêu rõ lý do từ chối."), "reason")
    now = clock.now()
    before = dossier.status
    _close_open_steps(acting_user, dossier, reason)
    _end_clock(dossier, now)
    notice = _notice(dossier, NoticeKind.MAU_03, acting_user=acting_user, reason=reason)
    dossier.status = Status.TU_CHOI
    dossier.fact_refused_at = now
    dossier.fact_closed_at = now
    dossier.save()
    _record(dossier, "refuse", actor=acting_user, from_state=before, reason=reason, at=_iso(now))
    _after_commit(dossier, "refuse")
    return notice


@transaction.atomic
def dossier_stop(*, acting_user: Official | None, dossier: Dossier, reason: str) -> DossierNotice:
    """Mẫu 05: stop at the applicant's request, only while no result exists (rule
    ND118-DUNG-THEO-YEU-CAU; NĐ 118/2025 Đ21, TT 03/2025 Đ7)."""
    dossier = _lock(dossier)
    if dossier.status in RESULT_STATUSES:
        raise DomainError(
            "stop_has_result",
            _("Hồ sơ đã có kết quả giải quyết; không thể dừng theo yêu cầu."),
            status=409,
        )
    _require_status(dossier, *OPEN_STATUSES)
    if acting_user is not None:
        _require_handler(acting_user, dossier)
    reason = clean_multiline(reason)
    if not reason:
        raise _err("reason_required", _("Ghi nội dung đề nghị dừng của người nộp."), "reason")
    now = clock.now()
    before = dossier.status
    if acting_user is not None:
        _close_open_steps(acting_user, dossier, reason)
    _end_clock(dossier, now)
    notice = _notice(dossier, NoticeKind.MAU_05, acting_user=acting_user, reason=reason)
    dossier.status = Status.DUNG_XU_LY
    dossier.fact_stopped_at = now
    dossier.fact_closed_at = now
    dossier.save()
    _record(dossier, "stop", actor=acting_user, from_state=before, reason=reason, at=_iso(now))
    _after_commit(dossier, "stop")
    return notice


@transaction.atomic
def dossier_apologise(
    *, acting_user: Official, dossier: Dossier, reason: str, new_due_at: dt.datetime
) -> DossierNotice:
    """Mẫu 04 (rule ND118-XIN-LOI): at least one working day before the due moment, only
    once, with a reason and a new date; the dossier still counts as late."""
    dossier = _lock(dossier)
    _require_status(dossier, Status.DANG_XU_LY)
    _require_handler(acting_user, dossier)
    reason = clean_multiline(reason)
    if not reason:
        raise _err("reason_required", _("Nêu lý do chậm trả kết quả."), "reason")
    if dossier.notices.filter(kind=NoticeKind.MAU_04).exists():
        raise DomainError(
            "apology_once",
            _("Hồ sơ đã có văn bản xin lỗi, hẹn lại ngày trả; chỉ được hẹn lại một lần."),
            status=409,
        )
    now = clock.now()
    if workdays.working_hours_between(now, dossier.due_at) < workdays.working_day_length():
        raise DomainError(
            "apology_too_late",
            _(
                "Văn bản xin lỗi phải gửi chậm nhất một ngày làm việc trước hạn trả kết quả "
                "(%(due)s)."
            )
            % {"due": clock.local(dossier.due_at).strftime("%H:%M %d/%m/%Y")},
            fields={"new_due_at": [_("Đã quá thời điểm được hẹn lại.")]},
            status=409,
        )
    try:
        new_due_at = clock.local(new_due_at) if new_due_at is not None else None
    except (OverflowError, ValueError):
        new_due_at = None
    if new_due_at is None or not 2000 < new_due_at.year < 2100 or new_due_at <= dossier.due_at:
        raise _err(
            "new_due_not_later",
            _("Ngày hẹn trả mới phải sau hạn hiện tại."),
            "new_due_at",
        )
    before = dossier.status
    old_due = dossier.due_at
    deadlines.extend(dossier, new_due_at=new_due_at)
    notice = _notice(
        dossier,
        NoticeKind.MAU_04,
        acting_user=acting_user,
        reason=reason,
        new_due_at=dossier.due_at,
    )
    dossier.fact_apologised = True
    dossier.save()
    _record(
        dossier,
        "apology",
        actor=acting_user,
        from_state=before,
        reason=reason,
        old_due_at=_iso(old_due),
        new_due_at=_iso(dossier.due_at),
    )
    _after_commit(dossier, "apology")
    return notice


@transaction.atomic
def dossier_attach_scan(*, acting_user: Official, dossier: Dossier, component: str, file):
    """Digitise a received component: its scan is stored (kernel attachments) and listed under
    the component on the dossier."""
    from vanphong.core.attachments.services import attachment_store

    dossier = _lock(dossier)
    if dossier.status in (Status.TU_CHOI, Status.DUNG_XU_LY):
        raise _closed_error(dossier)
    _require_handler(acting_user, dossier)
    component = clean_text(component)
    entries = list(dossier.components or [])
    entry = next((c for c in entries if c.get("name") == component), None)
    if entry is None:
        raise _err(
            "component_unknown",
            _("Giấy tờ không thuộc thành phần hồ sơ của thủ tục: %(names)s.")
            % {"names": component or "—"},
            "component",
        )
    if file is None:
        raise _err("file_required", _("Chọn tệp bản quét."), "file")
    att = attachment_store(
        acting_user=acting_user,
        file=file,
        kinds=SCAN_KINDS,
        agency=dossier.agency,
        case=dossier,
    )
    entry["scans"] = [*entry.get("scans", []), att.pk]
    entry["received"] = True
    dossier.components = entries
    dossier.save(update_fields=["components"])
    _record(
        dossier,
        "scan",
        actor=acting_user,
        from_state=dossier.status,
        component=component,
        attachment=att.pk,
    )
    return att


# --------------------------------------------------------------------------------------------
# Result, return, rating


@transaction.atomic
def dossier_record_result(
    *,
    acting_user: Official,
    dossier: Dossier,
    outcome: str,
    note: str = "",
    files: list | None = None,
    fee_amount: int = 0,
    fee_receipt_number: str = "",
    fee_paid_online: bool = False,
) -> Dossier:
    """The result at the last step: approval or a reasoned refusal letter, result documents as
    attachments, fees with the receipt number. Early / on time / late is fixed now (rule
    ND118-DUNG-HAN: before the due day, on the due day up to the due moment, after it)."""
    from vanphong.core.attachments.services import attachment_store

    dossier = _lock(dossier)
    _require_status(dossier, Status.DANG_XU_LY)
    _require_handler(acting_user, dossier)
    if outcome not in Outcome.values:
        raise _err("outcome_invalid", _("Chọn kết quả giải quyết."), "outcome")
    if dossier.steps and dossier.current_step < len(dossier.steps):
        raise DomainError(
            "not_last_step",
            _("Hồ sơ chưa đến bước cuối của quy trình (đang ở bước %(n)s/%(m)s).")
            % {"n": dossier.current_step, "m": len(dossier.steps)},
            status=409,
        )
    note = clean_multiline(note)
    if outcome == Outcome.KHONG_CHAP_THUAN and not note:
        raise _err("reason_required", _("Nêu lý do không giải quyết."), "note")
    if isinstance(fee_amount, bool) or not isinstance(fee_amount, int) or fee_amount < 0:
        raise _err("fee_invalid", _("Số tiền phí, lệ phí không hợp lệ."), "fee_amount")
    fee_receipt_number = clean_text(fee_receipt_number)[:50]
    if fee_amount > 0 and not fee_receipt_number:
        raise _err(
            "fee_receipt_required",
            _("Nhập số biên lai thu phí, lệ phí."),
            "fee_receipt_number",
        )
    stored = [
        attachment_store(
            acting_user=acting_user,
            file=f,
            kinds=RESULT_KINDS,
            agency=dossier.agency,
            case=dossier,
        ).pk
        for f in files or []
    ]
    return _settle(
        acting_user,
        dossier,
        outcome=outcome,
        note=note,
        stored=stored,
        fee_amount=fee_amount,
        fee_receipt_number=fee_receipt_number,
        fee_paid_online=fee_paid_online,
    )


def _settle(
    acting_user,
    dossier: Dossier,
    *,
    outcome: str,
    note: str,
    stored: list[int],
    fee_amount: int,
    fee_receipt_number: str,
    fee_paid_online: bool,
    document=None,
) -> Dossier:
    """Record the result on a locked dossier at its last step (the end of
    :func:`dossier_record_result`, and the issue of a result document)."""
    now = clock.now()
    before = dossier.status
    from_unit = str(dossier.handling_unit) if dossier.handling_unit_id else ""
    step_result = _close_step(acting_user, selectors.current_assignment(dossier), note)
    deadlines.finish(dossier, at=now)
    timeliness = timeliness_of(deadlines.status_of(dossier))
    if dossier.fact_apologised:
        timeliness = Timeliness.QUA_HAN  # an apology and a new date still count as late
    dossier.status = Status.CO_KET_QUA
    dossier.outcome = outcome
    dossier.result_note = note
    dossier.result_at = now
    dossier.fee_amount = fee_amount
    dossier.fee_receipt_number = fee_receipt_number
    dossier.fee_paid_online = bool(fee_paid_online)
    if document is not None:
        dossier.result_document = document
    dossier.fact_settled_at = now
    dossier.fact_closed_at = now
    dossier.fact_timeliness = timeliness
    dossier.fact_on_the_spot = bool(
        dossier.five_on_the_spot
        and dossier.channel == Channel.TRUC_TIEP
        and clock.local(now).date() == clock.local(dossier.received_at).date()
    )
    dossier.save()
    _record(
        dossier,
        "result",
        actor=acting_user,
        from_state=before,
        outcome=outcome,
        settled_at=_iso(now),
        timeliness=timeliness,
        on_the_spot=dossier.fact_on_the_spot,
        from_unit=from_unit,
        step_timeliness=step_result,
        attachments=stored,
        fee_amount=fee_amount,
        fee_receipt_number=fee_receipt_number,
        document=document.pk if document is not None else None,
    )
    _after_commit(dossier, "result")
    return dossier


# --------------------------------------------------------------------------------------------
# Result documents issued through the documents module


def result_documents(dossier: Dossier):
    """The outgoing documents drafted as this dossier's result (newest first)."""
    from django.contrib.contenttypes.models import ContentType

    from vanphong.documents.models import OutgoingDocument

    return (
        OutgoingDocument.objects.filter(
            source_type=ContentType.objects.get_for_model(Dossier), source_id=dossier.pk
        )
        .select_related("doc_type")
        .order_by("-id")
    )


@transaction.atomic
def dossier_result_draft(
    *,
    acting_user: Official,
    dossier: Dossier,
    doc_type,
    trich_yeu: str,
    file=None,
    fee_amount: int = 0,
    fee_receipt_number: str = "",
    fee_paid_online: bool = False,
) -> object:
    """At the approval (last) step, draft the result document (a decision, a licence…) as an
    outgoing document of the competent agency (``documents.outgoing_draft_create``, linked to
    the dossier as its source). It is reviewed, signed and issued in the documents module;
    its issue records the dossier's result (:func:`dossier_result_document_issued`). The fees
    are recorded now, with the result they belong to. One draft in progress at a time."""
    from vanphong.documents.models import OutgoingState
    from vanphong.documents.services import outgoing_draft_create

    dossier = _lock(dossier)
    _require_status(dossier, Status.DANG_XU_LY)
    _require_handler(acting_user, dossier)
    if dossier.steps and dossier.current_step < len(dossier.steps):
        raise DomainError(
            "not_last_step",
            _("Hồ sơ chưa đến bước cuối của quy trình (đang ở bước %(n)s/%(m)s).")
            % {"n": dossier.current_step, "m": len(dossier.steps)},
            status=409,
        )
    pending = result_documents(dossier).exclude(
        state__in=[OutgoingState.ISSUED, OutgoingState.RECALLED]
    )
    if pending.exists():
        raise DomainError(
            "result_draft_exists",
            _("Hồ sơ đã có dự thảo văn bản kết quả đang xử lý; tiếp tục trên dự thảo đó."),
            status=409,
        )
    if isinstance(fee_amount, bool) or not isinstance(fee_amount, int) or fee_amount < 0:
        raise _err("fee_invalid", _("Số tiền phí, lệ phí không hợp lệ."), "fee_amount")
    fee_receipt_number = clean_text(fee_receipt_number)[:50]
    if fee_amount > 0 and not fee_receipt_number:
        raise _err(
            "fee_receipt_required", _("Nhập số biên lai thu phí, lệ phí."), "fee_receipt_number"
        )
    document = outgoing_draft_create(
        acting_user,
        agency=dossier.agency,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        file=file,
        source=dossier,
        noi_nhan=_("- Người nộp hồ sơ %(code)s;\n- Lưu: VT, hồ sơ.") % {"code": dossier.code},
    )
    dossier.fee_amount = fee_amount
    dossier.fee_receipt_number = fee_receipt_number
    dossier.fee_paid_online = bool(fee_paid_online)
    dossier.save(update_fields=["fee_amount", "fee_receipt_number", "fee_paid_online"])
    _record(
        dossier,
        "result_draft",
        actor=acting_user,
        from_state=dossier.status,
        document=document.pk,
        doc_type=str(doc_type) if doc_type else "",
    )
    return document


@transaction.atomic
def dossier_result_document_issued(*, document) -> Dossier | None:
    """The documents module issued a document drafted for a dossier (signal
    ``outgoing_issued``): it becomes the dossier's result. At the last step of an open dossier
    the result is recorded now (approval, settled at the issue: early / on time / late from
    it), in the name of the official who drafted it; on a dossier already settled, refused or
    stopped it is only linked. Idempotent (a replayed signal changes nothing)."""
    dossier = Dossier.objects.select_for_update().filter(pk=document.source_id).first()
    if dossier is None or dossier.result_document_id == document.pk:
        return dossier
    label = _("Văn bản kết quả %(so)s ngày %(d)s: %(t)s") % {
        "so": document.code,
        "d": document.issue_date.strftime("%d/%m/%Y") if document.issue_date else "",
        "t": document.trich_yeu,
    }
    at_last_step = not dossier.steps or dossier.current_step >= len(dossier.steps)
    if dossier.status == Status.DANG_XU_LY and at_last_step:
        return _settle(
            document.author,
            dossier,
            outcome=Outcome.CHAP_THUAN,
            note=label,
            stored=[],
            fee_amount=dossier.fee_amount,
            fee_receipt_number=dossier.fee_receipt_number,
            fee_paid_online=dossier.fee_paid_online,
            document=document,
        )
    dossier.result_document = document
    dossier.save(update_fields=["result_document"])
    _record(
        dossier,
        "result_document",
        actor=None,
        from_state=dossier.status,
        document=document.pk,
        code=document.code,
    )
    return dossier


@transaction.atomic
def dossier_return_result(*, acting_user: Official, dossier: Dossier, method: str = "") -> Dossier:
    """The result is handed to the applicant (counter, post or electronically)."""
    dossier = _lock(dossier)
    if dossier.status != Status.CO_KET_QUA:
        if dossier.status == Status.DA_TRA_KET_QUA:
            raise DomainError("already_returned", _("Kết quả đã được trả."), status=409)
        raise DomainError("no_result", _("Hồ sơ chưa có kết quả để trả."), status=409)
    _require_desk(acting_user, dossier)
    method = method or dossier.return_method
    if method not in ReturnMethod.values:
        raise _err("return_method_invalid", _("Hình thức trả kết quả không hợp lệ."), "method")
    now = clock.now()
    before = dossier.status
    dossier.status = Status.DA_TRA_KET_QUA
    dossier.returned_at = now
    dossier.returned_by_method = method
    dossier.save()
    _record(dossier, "returned", actor=acting_user, from_state=before, method=method)
    _after_commit(dossier, "returned")
    return dossier


def lookup_refused() -> DomainError:
    """One answer for an unknown code and a wrong PIN (no information leak)."""
    return DomainError(
        "lookup_failed",
        _("Mã hồ sơ hoặc mã tra cứu (PIN) không đúng."),
        fields={"pin": [_("Kiểm tra lại mã hồ sơ và mã tra cứu in trên giấy tiếp nhận.")]},
        status=404,
    )


@transaction.atomic
def dossier_rate(
    *, code: str, pin: str, rating: str, criteria: dict | None = None, comment: str = ""
) -> Dossier:
    """The citizen rates a settled dossier with the PIN of Mẫu 01, once only."""
    found = selectors.public_dossier(code, pin)
    if found is None:
        raise lookup_refused()
    dossier = _lock(found)
    if rating not in Rating.values:
        raise _err("rating_invalid", _("Chọn mức độ hài lòng."), "rating")
    keys = {k for k, _label in RATING_CRITERIA}
    criteria = {k: v for k, v in (criteria or {}).items() if v}
    if any(k not in keys or v not in Rating.values for k, v in criteria.items()):
        raise _err("criteria_invalid", _("Đánh giá theo tiêu chí không hợp lệ."), "criteria")
    if dossier.status not in RESULT_STATUSES:
        raise DomainError("not_settled", _("Hồ sơ chưa có kết quả; chưa thể đánh giá."), status=409)
    if dossier.rating:
        raise DomainError(
            "already_rated",
            _("Hồ sơ đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần."),
            status=409,
        )
    now = clock.now()
    dossier.rating = rating
    dossier.rating_criteria = criteria
    dossier.rating_comment = clean_multiline(comment)[:2000]
    dossier.rated_at = now
    dossier.fact_rating = rating
    dossier.fact_rated_at = now
    dossier.save()
    _record(
        dossier, "rate", actor=None, from_state=dossier.status, rating=rating, criteria=criteria
    )
    return dossier
