"""REST API of the tasks module (mounted at /api/v1/tasks/ by vanphong/api.py): the same
services and selectors as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core import deadlines
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency, Official, Unit
from vanphong.tasks import selectors, services
from vanphong.tasks.models import ExtensionRequest, Task, TaskReport

router = Router(tags=["Nhiệm vụ"])
ACTION_RESPONSES = {**ERROR_RESPONSES, 409: ErrorOut}


class CoordinatorOut(Schema):
    unit_id: int | None
    agency_id: int | None
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class TaskOut(Schema):
    id: int
    code: str
    agency_id: int
    content: str
    source_kind: str
    source_type: str = Field(
        ..., description="app_label.model của nguồn, rỗng nếu chỉ đạo trực tiếp"
    )
    source_id: int | None
    source_label: str
    assigned_by_id: int | None
    assigned_at: dt.datetime
    lead_unit_id: int | None
    lead_agency_id: int | None
    lead: str
    coordinators: list[CoordinatorOut]
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    extension_count: int
    recurrence: str
    period_start: dt.date | None
    period_end: dt.date | None
    state: str
    deadline_status: str
    result: str
    completion_proposed_at: dt.datetime | None
    accepted_at: dt.datetime | None

    @staticmethod
    def resolve_source_type(obj: Task) -> str:
        st = obj.source_type
        return f"{st.app_label}.{st.model}" if st else ""

    @staticmethod
    def resolve_lead(obj: Task) -> str:
        return str(obj.lead)

    @staticmethod
    def resolve_coordinators(obj: Task) -> list:
        return list(obj.coordinators.all())

    @staticmethod
    def resolve_deadline_status(obj: Task) -> str:
        return str(getattr(obj, "deadline_status", None) or deadlines.status_of(obj))


class TaskIn(Schema):
    agency_id: int = Field(..., ge=1, le=ID_MAX, description="Cơ quan giao")
    assigned_by_id: int | None = Field(
        None, ge=1, le=ID_MAX, description="Lãnh đạo giao (mặc định: người gọi)"
    )
    content: str = Field(..., max_length=10_000)
    lead_unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    lead_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    coordinating_unit_ids: list[int] = Field(default_factory=list, max_length=100)
    coordinating_agency_ids: list[int] = Field(default_factory=list, max_length=100)
    due_date: dt.date | None = None
    due_working_days: int | None = Field(None, ge=-100_000, le=100_000)
    recurrence: str | None = Field(None, max_length=10, description="thang | quy | sau_thang | nam")
    report_lag_days: int = Field(0, ge=-1000, le=1000)
    recurrence_until: dt.date | None = None


class ReportOut(Schema):
    id: int
    task_id: int
    kind: str
    text: str
    author_id: int
    unit_id: int | None
    agency_id: int
    created_at: dt.datetime


class TextIn(Schema):
    text: str = Field(..., max_length=10_000)


class ResultIn(Schema):
    result: str = Field(..., max_length=10_000)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class ExtensionIn(Schema):
    due_date: dt.date
    reason: str = Field(..., max_length=2000)


class DecisionIn(Schema):
    grant: bool
    note: str = Field("", max_length=2000)


class ExtensionOut(Schema):
    id: int
    task_id: int
    requested_by_id: int
    requested_at: dt.datetime
    requested_due_date: dt.date
    reason: str
    state: str
    previous_due_at: dt.datetime | None
    decided_by_id: int | None
    decided_at: dt.datetime | None
    decision_note: str


def _task(request, task_id: int) -> Task:
    task = selectors.get_task(request.auth, task_id)
    if task is None:
        raise Http404
    return task


def _pick(model, pk: int | None, field: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        message = _("Không tìm thấy đối tượng được chọn.")
        raise DomainError("not_found_ref", message, fields={field: [message]})
    return obj


def _many(model, ids: list[int], field: str) -> list:
    objs = list(model.objects.filter(pk__in=[i for i in ids if 0 < i <= ID_MAX]))
    if len(objs) != len(set(ids)):
        message = _("Không tìm thấy đối tượng được chọn.")
        raise DomainError("not_found_ref", message, fields={field: [message]})
    return objs


@router.get("/tasks", response={200: list[TaskOut], **ERROR_RESPONSES}, summary="Nhiệm vụ")
@paginate(Pagination, page_size=50)
def task_list(
    request,
    scope: str = "",
    status: str = "",
    source_kind: str = "",
):
    """``scope``: "" | don_vi | toi_giao; ``status``: dang_thuc_hien, sap_den_han, qua_han,
    cho_duyet, hoan_thanh, gia_han; ``source_kind``: van_ban, ket_luan_hop, chi_dao."""
    f = selectors.TaskFilter(
        scope=scope if scope in ("don_vi", "toi_giao") else "",
        status=status if status in selectors.STATUS_FILTERS else "",
        source_kind=source_kind[:20],
    )
    return selectors.task_list(request.auth, f)


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERROR_RESPONSES}, summary="Một nhiệm vụ")
def task_read(request, task_id: int = IdPath("Mã nhiệm vụ")):
    return _task(request, task_id)


@router.post("/tasks", response={201: TaskOut, **ERROR_RESPONSES}, summary="Giao nhiệm vụ")
def task_create(request, payload: TaskIn):
    task = services.task_create(
        request.auth,
        agency=_pick(Agency, payload.agency_id, "agency_id"),
        assigned_by=_pick(Official, payload.assigned_by_id, "assigned_by_id"),
        content=payload.content,
        lead_unit=_pick(Unit, payload.lead_unit_id, "lead_unit_id"),
        lead_agency=_pick(Agency, payload.lead_agency_id, "lead_agency_id"),
        coordinating_units=_many(Unit, payload.coordinating_unit_ids, "coordinating_unit_ids"),
        coordinating_agencies=_many(
            Agency, payload.coordinating_agency_ids, "coordinating_agency_ids"
        ),
        due_date=payload.due_date,
        due_working_days=payload.due_working_days,
        recurrence=payload.recurrence or None,
        report_lag_days=payload.report_lag_days,
        recurrence_until=payload.recurrence_until,
    )
    return Status(201, _task(request, task.pk))


@router.post(
    "/tasks/{task_id}/progress",
    response={201: ReportOut, **ACTION_RESPONSES},
    summary="Báo cáo tiến độ",
)
def task_progress(request, payload: TextIn, task_id: int = IdPath("Mã nhiệm vụ")):
    report: TaskReport = services.task_report_progress(
        request.auth, _task(request, task_id), text=payload.text
    )
    return Status(201, report)


@router.post(
    "/tasks/{task_id}/propose-completion",
    response={200: TaskOut, **ACTION_RESPONSES},
    summary="Đề nghị hoàn thành",
)
def task_propose(request, payload: ResultIn, task_id: int = IdPath("Mã nhiệm vụ")):
    services.task_propose_completion(request.auth, _task(request, task_id), result=payload.result)
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/accept",
    response={200: TaskOut, **ACTION_RESPONSES},
    summary="Duyệt hoàn thành",
)
def task_accept(request, payload: NoteIn, task_id: int = IdPath("Mã nhiệm vụ")):
    services.task_accept(request.auth, _task(request, task_id), note=payload.note)
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/send-back",
    response={200: TaskOut, **ACTION_RESPONSES},
    summary="Trả lại kết quả",
)
def task_send_back(request, payload: ReasonIn, task_id: int = IdPath("Mã nhiệm vụ")):
    services.task_send_back(request.auth, _task(request, task_id), reason=payload.reason)
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/extensions",
    response={201: ExtensionOut, **ACTION_RESPONSES},
    summary="Xin gia hạn",
)
def task_request_extension(request, payload: ExtensionIn, task_id: int = IdPath("Mã nhiệm vụ")):
    req = services.task_request_extension(
        request.auth, _task(request, task_id), due_date=payload.due_date, reason=payload.reason
    )
    return Status(201, req)


@router.post(
    "/tasks/{task_id}/extensions/{extension_id}/decision",
    response={200: ExtensionOut, **ACTION_RESPONSES},
    summary="Quyết định gia hạn",
)
def task_decide_extension(
    request,
    payload: DecisionIn,
    task_id: int = IdPath("Mã nhiệm vụ"),
    extension_id: int = IdPath("Mã đề nghị gia hạn"),
):
    task = _task(request, task_id)
    req = ExtensionRequest.objects.filter(task=task, pk=extension_id).first()
    if req is None:
        raise Http404
    return services.task_decide_extension(request.auth, req, grant=payload.grant, note=payload.note)
