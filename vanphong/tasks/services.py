"""Every write on tasks. Each function is one transaction: it checks the actor's right,
validates (:class:`~vanphong.core.errors.DomainError`, Vietnamese message), changes rows and
writes the event log on the task's stream, so the task's trail shows every step.

Public entry point for other modules (meetings, documents): :func:`task_create`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef
from django.utils.translation import gettext as _

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.calendar import workdays
from vanphong.core.errors import DomainError
from vanphong.core.text import nfc
from vanphong.org.models import Agency, Official, Unit
from vanphong.tasks import access, periods
from vanphong.tasks.models import (
    Coordinator,
    ExtensionRequest,
    Recurrence,
    Reminder,
    SourceKind,
    Task,
    TaskReport,
    TaskState,
)

#: File kinds accepted with a progress report.
REPORT_FILE_KINDS = ("pdf", "docx", "xlsx", "doc", "png", "jpeg", "txt")
CONTENT_MAX = 10_000
TEXT_MAX = 10_000


# --------------------------------------------------------------------------------------------
# Helpers


def _forbidden(message: str | None = None) -> DomainError:
    return DomainError(
        "forbidden", message or _("Bạn không có quyền thực hiện thao tác này."), status=403
    )


def _text(value: Any, field: str, *, required_message: str, limit: int = TEXT_MAX) -> str:
    text = nfc(str(value or "")).strip()
    if not text:
        raise DomainError("required", required_message, fields={field: [required_message]})
    if len(text) > limit:
        message = _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit}
        raise DomainError("too_long", message, fields={field: [message]})
    return text


def _log(action: str, task: Task, actor, *, from_state: str = "", payload=None) -> None:
    eventlog.record(
        action=action,
        actor=actor,
        agency=task.agency_id,
        unit=task.lead_unit_id,
        case=task,
        from_state=from_state,
        to_state=task.state,
        due_at=task.due_at,
        payload=payload or {},
    )


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("agency").get(pk=task.pk)


def _require_state(task: Task, *states: str) -> None:
    if task.state not in states:
        if task.state == TaskState.HOAN_THANH:
            message = _("Nhiệm vụ đã hoàn thành; không thể thao tác tiếp.")
        elif task.state == TaskState.CHO_DUYET:
            message = _("Nhiệm vụ đang chờ duyệt hoàn thành.")
        else:
            message = _("Nhiệm vụ chưa được đề nghị hoàn thành.")
        raise DomainError("task_state", message, status=409)


def _deadline_error(exc: ValidationError, field: str) -> DomainError:
    message = " ".join(str(m) for m in exc.messages)
    return DomainError(getattr(exc, "code", None) or "deadline", message, fields={field: [message]})


def _source_kind(source: Model | None) -> str:
    if source is None:
        return SourceKind.CHI_DAO_TRUC_TIEP
    if source._meta.app_label == "meetings":
        return SourceKind.KET_LUAN_HOP
    return SourceKind.VAN_BAN


def _clean_coordinators(
    units: Iterable[Unit], agencies: Iterable[Agency], *, lead_unit, lead_agency
) -> tuple[list[Unit], list[Agency]]:
    out_units: dict[int, Unit] = {}
    for unit in units or ():
        if not isinstance(unit, Unit):
            raise DomainError("coordinator_invalid", _("Đơn vị phối hợp không hợp lệ."))
        if not unit.is_active:
            raise DomainError(
                "coordinator_inactive",
                _("Đơn vị phối hợp %(unit)s không còn hoạt động.") % {"unit": unit},
            )
        if lead_unit is None or unit.pk != lead_unit.pk:
            out_units[unit.pk] = unit
    out_agencies: dict[int, Agency] = {}
    for agency in agencies or ():
        if not isinstance(agency, Agency):
            raise DomainError("coordinator_invalid", _("Cơ quan phối hợp không hợp lệ."))
        if not agency.is_active:
            raise DomainError(
                "coordinator_inactive",
                _("Cơ quan phối hợp %(agency)s không còn hoạt động.") % {"agency": agency},
            )
        if lead_agency is None or agency.pk != lead_agency.pk:
            out_agencies[agency.pk] = agency
    return list(out_units.values()), list(out_agencies.values())


def _set_period(task: Task, kind: str, start_from: dt.date, now: dt.datetime) -> None:
    """Give ``task`` the first reporting period from ``start_from`` whose deadline is ahead."""
    period = periods.period_containing(kind, start_from)
    for _i in range(3):
        due_day = workdays.add_working_days(period.end, task.report_lag_days)
        if workdays.closing_time(due_day) > now:
            break
        period = period.next()
    task.period_start, task.period_end = period.start, period.end
    deadlines.set_due_in_working_days(task, start=period.end, days=task.report_lag_days)


# --------------------------------------------------------------------------------------------
# Create


@transaction.atomic
def task_create(
    actor: Official,
    *,
    agency: Agency,
    content: str,
    assigned_by: Official | None = None,
    lead_unit: Unit | None = None,
    lead_agency: Agency | None = None,
    coordinating_units: Sequence[Unit] = (),
    coordinating_agencies: Sequence[Agency] = (),
    due_date: dt.date | None = None,
    due_working_days: int | None = None,
    recurrence: str | None = None,
    source: Model | None = None,
    source_label: str = "",
    recurrence_until: dt.date | None = None,
    report_lag_days: int = 0,
) -> Task:
    """Create a task of ``agency`` led by ``lead_unit`` or ``lead_agency`` (exactly one).

    The deadline is exactly one of: ``due_date`` (office closing of that date; not before the
    assignment date), ``due_working_days`` (working days after today, kernel calendar), or
    ``recurrence`` (a :class:`~vanphong.tasks.models.Recurrence` value: one task per reporting
    period of Nghị định 09/2019, the next one created when the current one is accepted, until
    ``recurrence_until``; each due ``report_lag_days`` working days after the period's closing
    date). ``source`` is any saved model instance (stored as a generic link with
    ``source_label``), or ``None`` for a direct instruction. ``assigned_by`` (default: the
    actor) must lead ``agency``; the actor must be a leader, văn thư or chuyên viên of it.
    """
    if not access.can_enter_for(actor, agency):
        raise _forbidden(_("Bạn không có quyền giao nhiệm vụ của cơ quan này."))
    leader = assigned_by or actor
    if not access.is_leader_of(leader, agency):
        message = _("Người giao nhiệm vụ phải là lãnh đạo của cơ quan giao.")
        raise DomainError("assigned_by_not_leader", message, fields={"assigned_by": [message]})
    text = _text(
        content, "content", required_message=_("Nhập nội dung nhiệm vụ."), limit=CONTENT_MAX
    )
    if (lead_unit is None) == (lead_agency is None):
        message = _("Chọn đúng một đơn vị hoặc cơ quan chủ trì.")
        raise DomainError("lead_required", message, fields={"lead": [message]})
    lead = lead_unit or lead_agency
    if not isinstance(lead, Unit | Agency) or not lead.is_active:
        message = _("Đơn vị, cơ quan chủ trì không hợp lệ hoặc không còn hoạt động.")
        raise DomainError("lead_invalid", message, fields={"lead": [message]})
    units, agencies = _clean_coordinators(
        coordinating_units, coordinating_agencies, lead_unit=lead_unit, lead_agency=lead_agency
    )
    given = [x is not None and x != "" for x in (due_date, due_working_days, recurrence)]
    if sum(given) != 1:
        message = _(
            "Chọn đúng một cách tính hạn: hạn hoàn thành, số ngày làm việc hoặc báo cáo định kỳ."
        )
        raise DomainError("deadline_required", message, fields={"due_date": [message]})
    if source is not None and getattr(source, "pk", None) is None:
        raise DomainError("source_invalid", _("Nguồn nhiệm vụ không hợp lệ."))

    now = clock.now()
    today = now.date()
    task = Task(
        agency=agency,
        content=text,
        source_kind=_source_kind(source),
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        source_label=nfc(source_label or (str(source) if source is not None else ""))[:500],
        assigned_by=leader,
        created_by=actor,
        assigned_at=now,
        assigned_date=today,
        lead_unit=lead_unit,
        lead_agency=lead_agency,
    )
    if due_date is not None:
        if not isinstance(due_date, dt.date) or isinstance(due_date, dt.datetime):
            message = _("Hạn hoàn thành không hợp lệ.")
            raise DomainError("due_date_invalid", message, fields={"due_date": [message]})
        if due_date < today:
            message = _("Hạn hoàn thành không được trước ngày giao nhiệm vụ (%(d)s).") % {
                "d": today.strftime("%d/%m/%Y")
            }
            raise DomainError("due_before_assignment", message, fields={"due_date": [message]})
        due_at = workdays.closing_time(due_date)
        if due_at <= now:
            message = _("Hạn hoàn thành đã qua giờ làm việc hôm nay; chọn ngày sau.")
            raise DomainError("due_before_assignment", message, fields={"due_date": [message]})
        deadlines.set_due(task, due_at=due_at)
    elif due_working_days is not None:
        if (
            isinstance(due_working_days, bool)
            or not isinstance(due_working_days, int)
            or not 1 <= due_working_days <= 3650
        ):
            message = _("Số ngày làm việc phải là số nguyên từ 1 đến 3650.")
            raise DomainError("due_days_invalid", message, fields={"due_working_days": [message]})
        deadlines.set_due_in_working_days(task, start=today, days=due_working_days)
    else:
        if recurrence not in Recurrence.values:
            message = _("Kỳ báo cáo định kỳ không hợp lệ.")
            raise DomainError("recurrence_invalid", message, fields={"recurrence": [message]})
        if (
            isinstance(report_lag_days, bool)
            or not isinstance(report_lag_days, int)
            or not 0 <= report_lag_days <= 60
        ):
            message = _("Số ngày làm việc gửi báo cáo sau ngày chốt số liệu phải từ 0 đến 60.")
            raise DomainError("report_lag_invalid", message, fields={"report_lag_days": [message]})
        if recurrence_until is not None and recurrence_until < today:
            message = _("Ngày kết thúc báo cáo định kỳ không được trước ngày giao.")
            raise DomainError(
                "recurrence_until_invalid", message, fields={"recurrence_until": [message]}
            )
        task.recurrence = recurrence
        task.recurrence_until = recurrence_until
        task.report_lag_days = report_lag_days
        _set_period(task, recurrence, today, now)
    task.save()
    Coordinator.objects.bulk_create(
        [Coordinator(task=task, unit=u) for u in units]
        + [Coordinator(task=task, agency=a) for a in agencies]
    )
    _log(
        "task.create",
        task,
        actor,
        payload={
            "content": task.content[:500],
            "source_kind": task.source_kind,
            "source": task.source_label,
            "assigned_by": str(leader),
            "lead": str(lead),
            "coordinators": [str(x) for x in [*units, *agencies]],
            "recurrence": task.recurrence,
            "period": (
                [task.period_start.isoformat(), task.period_end.isoformat()]
                if task.period_start
                else None
            ),
        },
    )
    return task


# --------------------------------------------------------------------------------------------
# Reports and completion


def _store_files(actor, report: TaskReport, files: Iterable[Any]) -> list:
    from vanphong.core.attachments.services import attachment_store

    return [
        attachment_store(
            acting_user=actor, file=f, kinds=REPORT_FILE_KINDS, agency=report.agency_id, case=report
        )
        for f in files or ()
    ]


def _report_agency(actor, task: Task) -> tuple[Unit | None, int]:
    """The unit and agency a report is filed under: the actor's unit on the task, if any."""
    units = access.unit_ids(actor)
    if task.lead_unit_id and task.lead_unit_id in units:
        return task.lead_unit, task.lead_unit.agency_id
    for c in task.coordinators.select_related("unit"):
        if c.unit_id and c.unit_id in units:
            return c.unit, c.unit.agency_id
    if task.lead_agency_id and task.lead_agency_id in access.member_agency_ids(actor):
        return None, task.lead_agency_id
    for c in task.coordinators.all():
        if c.agency_id and c.agency_id in access.member_agency_ids(actor):
            return None, c.agency_id
    return None, actor.agency_id or task.agency_id


@transaction.atomic
def task_report_progress(actor: Official, task: Task, *, text: str, files=()) -> TaskReport:
    """A progress report (text and files) by the lead or a coordinating unit."""
    task = _lock(task)
    if not access.is_participant(actor, task):
        raise _forbidden(_("Chỉ đơn vị chủ trì, phối hợp được báo cáo tiến độ nhiệm vụ này."))
    if task.state == TaskState.HOAN_THANH:
        raise DomainError(
            "task_closed",
            _("Nhiệm vụ đã hoàn thành; không thể báo cáo thêm."),
            status=409,
        )
    body = _text(text, "text", required_message=_("Nhập nội dung báo cáo."))
    unit, agency_id = _report_agency(actor, task)
    report = TaskReport.objects.create(
        task=task,
        kind=TaskReport.Kind.TIEN_DO,
        text=body,
        author=actor,
        unit=unit,
        agency_id=agency_id,
        created_at=clock.now(),
    )
    stored = _store_files(actor, report, files)
    _log(
        "task.progress",
        task,
        actor,
        from_state=task.state,
        payload={"report": report.pk, "text": body[:500], "files": [a.pk for a in stored]},
    )
    return report


@transaction.atomic
def task_propose_completion(actor: Official, task: Task, *, result: str, files=()) -> Task:
    """The lead unit reports completion with its result; the assigning side then decides."""
    task = _lock(task)
    if not access.is_lead_side(actor, task):
        raise _forbidden(_("Chỉ đơn vị chủ trì được đề nghị hoàn thành nhiệm vụ."))
    if task.state == TaskState.HOAN_THANH:
        raise DomainError(
            "task_closed", _("Nhiệm vụ đã hoàn thành; không thể báo cáo thêm."), status=409
        )
    _require_state(task, TaskState.DANG_THUC_HIEN)
    body = _text(result, "result", required_message=_("Nhập kết quả thực hiện nhiệm vụ."))
    before = task.state
    unit, agency_id = _report_agency(actor, task)
    now = clock.now()
    report = TaskReport.objects.create(
        task=task,
        kind=TaskReport.Kind.DE_NGHI_HOAN_THANH,
        text=body,
        author=actor,
        unit=unit,
        agency_id=agency_id,
        created_at=now,
    )
    stored = _store_files(actor, report, files)
    task.result = body
    task.completion_proposed_at = now
    task.state = TaskState.CHO_DUYET
    task.save(update_fields=["result", "completion_proposed_at", "state"])
    _log(
        "task.propose_completion",
        task,
        actor,
        from_state=before,
        payload={"report": report.pk, "result": body[:500], "files": [a.pk for a in stored]},
    )
    return task


def _next_occurrence(actor, task: Task) -> Task | None:
    if not task.recurrence or task.period_end is None:
        return None
    nxt = periods.period_containing(task.recurrence, task.period_end + dt.timedelta(days=1))
    if task.recurrence_until is not None and nxt.end > task.recurrence_until:
        return None
    root = task.series or task
    new = Task(
        agency_id=task.agency_id,
        content=task.content,
        source_kind=task.source_kind,
        source_type_id=task.source_type_id,
        source_id=task.source_id,
        source_label=task.source_label,
        assigned_by_id=task.assigned_by_id,
        created_by=actor,
        assigned_at=clock.now(),
        assigned_date=clock.today(),
        lead_unit_id=task.lead_unit_id,
        lead_agency_id=task.lead_agency_id,
        recurrence=task.recurrence,
        recurrence_until=task.recurrence_until,
        report_lag_days=task.report_lag_days,
        period_start=nxt.start,
        period_end=nxt.end,
        series=root,
    )
    deadlines.set_due_in_working_days(new, start=nxt.end, days=task.report_lag_days)
    new.save()
    Coordinator.objects.bulk_create(
        [
            Coordinator(task=new, unit_id=c.unit_id, agency_id=c.agency_id)
            for c in task.coordinators.all()
        ]
    )
    _log(
        "task.create",
        new,
        actor,
        payload={
            "content": new.content[:500],
            "series": root.pk,
            "recurrence": new.recurrence,
            "period": [nxt.start.isoformat(), nxt.end.isoformat()],
        },
    )
    return new


@transaction.atomic
def task_accept(actor: Official, task: Task, *, note: str = "") -> Task:
    """The assigning side accepts the completion: the task is finished at the moment the lead
    unit reported it (that moment decides "on time"); a recurring report opens the next period."""
    task = _lock(task)
    if not access.is_assigning_leader(actor, task) and task.created_by_id != actor.pk:
        raise _forbidden(_("Chỉ lãnh đạo giao nhiệm vụ được duyệt kết quả."))
    _require_state(task, TaskState.CHO_DUYET)
    before = task.state
    now = clock.now()
    if task.due_at is not None:
        deadlines.finish(task, at=task.completion_proposed_at or now)
    else:  # pragma: no cover - every task has a deadline
        task.finished_at = task.completion_proposed_at or now
        task.finished_date = clock.local(task.finished_at).date()
    task.state = TaskState.HOAN_THANH
    task.accepted_by = actor
    task.accepted_at = now
    task.save()
    pending = list(task.extensions.filter(state=ExtensionRequest.State.CHO_XU_LY))
    for req in pending:
        req.state = ExtensionRequest.State.TU_CHOI
        req.decided_by, req.decided_at = actor, now
        req.decision_note = _("Nhiệm vụ đã hoàn thành.")
        req.save()
    _log(
        "task.accept",
        task,
        actor,
        from_state=before,
        payload={
            "note": nfc(note or "").strip()[:2000],
            "status": deadlines.status_of(task).value,
            "extended": task.is_extended,
        },
    )
    _next_occurrence(actor, task)
    return task


@transaction.atomic
def task_send_back(actor: Official, task: Task, *, reason: str) -> Task:
    """The assigning side refuses the completion (trả lại): the task is in progress again."""
    task = _lock(task)
    if not access.is_assigning_leader(actor, task) and task.created_by_id != actor.pk:
        raise _forbidden(_("Chỉ lãnh đạo giao nhiệm vụ được trả lại kết quả."))
    _require_state(task, TaskState.CHO_DUYET)
    text = _text(reason, "reason", required_message=_("Nhập lý do trả lại."))
    before = task.state
    task.state = TaskState.DANG_THUC_HIEN
    task.completion_proposed_at = None
    task.save(update_fields=["state", "completion_proposed_at"])
    _log("task.send_back", task, actor, from_state=before, payload={"reason": text[:2000]})
    return task


# --------------------------------------------------------------------------------------------
# Extensions


@transaction.atomic
def task_request_extension(
    actor: Official, task: Task, *, due_date: dt.date, reason: str
) -> ExtensionRequest:
    """The lead unit asks the assigning leader for a later deadline (xin gia hạn)."""
    task = _lock(task)
    if not access.is_lead_side(actor, task):
        raise _forbidden(_("Chỉ đơn vị chủ trì được xin gia hạn nhiệm vụ."))
    if task.state == TaskState.HOAN_THANH:
        raise DomainError(
            "task_closed", _("Nhiệm vụ đã hoàn thành; không thể xin gia hạn."), status=409
        )
    if not isinstance(due_date, dt.date) or isinstance(due_date, dt.datetime):
        message = _("Nhập hạn đề nghị.")
        raise DomainError("due_date_invalid", message, fields={"due_date": [message]})
    if task.due_date is not None and due_date <= task.due_date:
        message = _("Hạn đề nghị phải sau hạn hiện tại (%(d)s).") % {
            "d": task.due_date.strftime("%d/%m/%Y")
        }
        raise DomainError("extension_not_later", message, fields={"due_date": [message]})
    text = _text(reason, "reason", required_message=_("Nhập lý do xin gia hạn."))
    if task.extensions.filter(state=ExtensionRequest.State.CHO_XU_LY).exists():
        raise DomainError(
            "extension_pending",
            _("Đã có một đề nghị gia hạn đang chờ xem xét."),
            status=409,
        )
    try:
        with transaction.atomic():
            req = ExtensionRequest.objects.create(
                task=task,
                requested_by=actor,
                requested_at=clock.now(),
                requested_due_date=due_date,
                reason=text,
            )
    except IntegrityError as exc:  # pragma: no cover - concurrent request
        raise DomainError(
            "extension_pending", _("Đã có một đề nghị gia hạn đang chờ xem xét."), status=409
        ) from exc
    _log(
        "task.extension_request",
        task,
        actor,
        from_state=task.state,
        payload={"request": req.pk, "due_date": due_date.isoformat(), "reason": text[:2000]},
    )
    return req


@transaction.atomic
def task_decide_extension(
    actor: Official, request: ExtensionRequest, *, grant: bool, note: str = ""
) -> ExtensionRequest:
    """The assigning leader grants (the current deadline moves; the original is kept) or
    refuses an extension request."""
    req = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = _lock(req.task)
    if not access.is_assigning_leader(actor, task):
        raise _forbidden(_("Chỉ lãnh đạo giao nhiệm vụ được quyết định gia hạn."))
    if req.state != ExtensionRequest.State.CHO_XU_LY:
        raise DomainError(
            "extension_decided", _("Đề nghị gia hạn này đã được xem xét."), status=409
        )
    if task.state == TaskState.HOAN_THANH:
        raise DomainError(
            "task_closed", _("Nhiệm vụ đã hoàn thành; không thể gia hạn."), status=409
        )
    note_text = nfc(note or "").strip()[:2000]
    if not grant and not note_text:
        message = _("Nhập ý kiến khi không đồng ý gia hạn.")
        raise DomainError("required", message, fields={"note": [message]})
    now = clock.now()
    req.previous_due_at = task.due_at
    if grant:
        try:
            deadlines.extend(task, new_due_at=workdays.closing_time(req.requested_due_date))
        except ValidationError as exc:
            raise _deadline_error(exc, "due_date") from exc
        task.save()
        req.state = ExtensionRequest.State.DONG_Y
    else:
        req.state = ExtensionRequest.State.TU_CHOI
    req.decided_by, req.decided_at, req.decision_note = actor, now, note_text
    req.save()
    _log(
        "task.extension_granted" if grant else "task.extension_refused",
        task,
        actor,
        from_state=task.state,
        payload={
            "request": req.pk,
            "previous_due_at": req.previous_due_at.isoformat() if req.previous_due_at else None,
            "original_due_at": task.original_due_at.isoformat() if task.original_due_at else None,
            "note": note_text,
        },
    )
    return req


# --------------------------------------------------------------------------------------------
# Reminders


def reminder_working_days() -> int:
    """``settings.TASK_REMINDER_WORKING_DAYS`` (default 2): how many working days before the
    deadline the executing side is reminded."""
    return max(int(getattr(settings, "TASK_REMINDER_WORKING_DAYS", 2)), 0)


def reminder_recipients(task: Task) -> list[str]:
    """E-mail addresses of the lead: the unit's heads (else its members), or the lead agency's
    leaders and văn thư."""
    from vanphong.org.models import Membership, RoleGrant

    today = clock.today()
    if task.lead_unit_id:
        members = Membership.objects.filter(unit_id=task.lead_unit_id, official__is_active=True)
        members = members.exclude(end_date__lt=today)
        heads = [m.official.email for m in members.filter(is_head=True).select_related("official")]
        emails = heads or [m.official.email for m in members.select_related("official")]
    else:
        grants = RoleGrant.objects.filter(
            agency_id=task.lead_agency_id,
            role__in=[*access.LEADER_ROLES, "van_thu"],
            official__is_active=True,
        ).select_related("official")
        emails = [g.official.email for g in grants]
    return sorted({e for e in emails if e})


def _send(reminder: Reminder, task: Task) -> None:
    if not reminder.recipients:
        return
    if reminder.kind == Reminder.Kind.SAP_DEN_HAN:
        subject = _("[Nhắc việc] Nhiệm vụ %(code)s sắp đến hạn %(due)s")
    else:
        subject = _("[Nhắc việc] Nhiệm vụ %(code)s đã quá hạn %(due)s")
    due = clock.local(task.due_at).strftime("%d/%m/%Y")
    subject = subject % {"code": task.code, "due": due}
    body = _("Nội dung: %(content)s\nĐơn vị chủ trì: %(lead)s\nHạn hoàn thành: %(due)s") % {
        "content": task.content,
        "lead": task.lead,
        "due": due,
    }
    send_mail(
        subject, body, settings.DEFAULT_FROM_EMAIL, reminder.recipients.split(), fail_silently=True
    )


def _remind(task: Task, kind: str, now: dt.datetime) -> Reminder | None:
    """One reminder per task, kind and due moment: a second run finds it and sends nothing."""
    with transaction.atomic():
        if Reminder.objects.filter(task=task, kind=kind, due_at=task.due_at).exists():
            return None
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    task=task,
                    kind=kind,
                    due_at=task.due_at,
                    sent_at=now,
                    recipients=" ".join(reminder_recipients(task)),
                )
        except IntegrityError:  # another worker got there first
            return None
        eventlog.record(
            action="task.reminder",
            agency=task.agency_id,
            unit=task.lead_unit_id,
            case=task,
            from_state=task.state,
            to_state=task.state,
            due_at=task.due_at,
            payload={"kind": kind, "reminder": reminder.pk, "recipients": reminder.recipients},
        )
        transaction.on_commit(lambda: _send(reminder, task))
    return reminder


def _reminded(kind: str) -> Exists:
    return Exists(
        Reminder.objects.filter(task=OuterRef("pk"), kind=kind, due_at=OuterRef("due_at"))
    )


def reminders_send(now: dt.datetime | None = None) -> list[Reminder]:
    """Send the reminders due at ``now`` (default: the kernel clock).

    * "sắp đến hạn": an open task whose deadline falls within the next
      :func:`reminder_working_days` working days (counted from today, today excluded) and has
      not passed yet;
    * "quá hạn": an open task whose deadline has passed (sent from the moment it is missed).

    Each is sent once per due moment (a granted extension gives a new due moment and so new
    reminders). Tasks awaiting acceptance are not reminded.
    """
    moment = clock.local(now) if now is not None else clock.now()
    today = moment.date()
    horizon = workdays.add_working_days(today, reminder_working_days())
    base = Task.objects.filter(
        state=TaskState.DANG_THUC_HIEN, due_at__isnull=False, finished_at__isnull=True
    ).select_related("lead_unit", "lead_agency")
    sent: list[Reminder] = []
    for task in base.filter(due_at__lt=moment).exclude(_reminded(Reminder.Kind.QUA_HAN)):
        r = _remind(task, Reminder.Kind.QUA_HAN, moment)
        if r:
            sent.append(r)
    soon = base.filter(due_at__gte=moment, due_date__lte=horizon)
    for task in soon.exclude(_reminded(Reminder.Kind.SAP_DEN_HAN)):
        r = _remind(task, Reminder.Kind.SAP_DEN_HAN, moment)
        if r:
            sent.append(r)
    return sent
