"""REST API of the onestop module (mounted at /api/v1/onestop/ by vanphong/api.py).

The same services as the pages. Identity numbers are masked; the PIN is returned once, in the
answer to the receipt. The public look-up and rating need no token (``auth=None``) and share
the pages' rate limit."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core import clock, deadlines, permissions
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.onestop import control, selectors, services, statistics
from vanphong.onestop.models import Dossier
from vanphong.org.models import Agency, Unit

router = Router(tags=["Một cửa"])
ERRORS = {**ERROR_RESPONSES, 409: ErrorOut}


class DossierOut(Schema):
    id: int
    code: str
    portal_code: str
    procedure_code: str
    procedure_name: str
    procedure_version: int
    agency_id: int
    receiving_agency_id: int
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    status: str
    deadline_status: str
    current_step: int
    applicant_name: str
    applicant_identity: str = Field(..., description="Số định danh đã che (034******234)")
    outcome: str
    timeliness: str
    rating: str

    @staticmethod
    def resolve_procedure_version(obj: Dossier) -> int:
        return obj.procedure_version.number

    @staticmethod
    def resolve_applicant_identity(obj: Dossier) -> str:
        return obj.masked_identity

    @staticmethod
    def resolve_deadline_status(obj: Dossier) -> str:
        return str(getattr(obj, "deadline_status", None) or deadlines.status_of(obj))

    @staticmethod
    def resolve_timeliness(obj: Dossier) -> str:
        return obj.fact_timeliness


class ReceivedOut(DossierOut):
    pin: str = Field(..., description="Mã tra cứu của người nộp: chỉ trả về một lần")


class ApplicantIn(Schema):
    name: str = Field(..., max_length=200)
    identity_number: str = Field("", max_length=30)
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class ReceiveIn(Schema):
    procedure_code: str = Field(..., max_length=40)
    receiving_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    competent_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    channel: str = Field("truc_tiep", max_length=12)
    applicant: ApplicantIn
    components: list[str] = Field(default_factory=list, max_length=100)
    copies: int = Field(1, ge=1, le=99)
    return_method: str = Field("tai_quay", max_length=12)


class HandoverIn(Schema):
    to_unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    note: str = Field("", max_length=4000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=4000)


class NoteIn(Schema):
    note: str = Field("", max_length=4000)


class SupplementIn(Schema):
    items: list[str] = Field(..., max_length=100)
    reason: str = Field(..., max_length=4000)


class ApologyIn(Schema):
    reason: str = Field(..., max_length=4000)
    new_due_at: dt.datetime


class ResultIn(Schema):
    outcome: str = Field(..., max_length=20)
    note: str = Field("", max_length=4000)
    fee_amount: int = Field(0, ge=0, le=10**12)
    fee_receipt_number: str = Field("", max_length=50)
    fee_paid_online: bool = False


class ReturnIn(Schema):
    method: str = Field("", max_length=12)


class ControlRowOut(Schema):
    at: dt.datetime
    agency: str
    giver: str
    receiver: str
    result: str
    note: str


class LookupIn(Schema):
    code: str = Field(..., max_length=60)
    pin: str = Field(..., max_length=12)


class RateIn(LookupIn):
    rating: str = Field(..., max_length=20)
    criteria: dict[str, str] = Field(default_factory=dict)
    comment: str = Field("", max_length=2000)


class HistoryOut(Schema):
    at: dt.datetime
    label: str


class PublicOut(Schema):
    code: str
    procedure_name: str
    agency: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    status: str
    status_label: str
    history: list[HistoryOut]
    rated: bool


def _visible(request):
    return permissions.visible(request.auth, selectors.KIND, Dossier.objects.all()).select_related(
        "procedure_version"
    )


def _get(request, dossier_id: int) -> Dossier:
    return get_object_or_404(_visible(request), pk=dossier_id)


@router.get("/dossiers", response={200: list[DossierOut], **ERRORS}, summary="Danh sách hồ sơ")
@paginate(Pagination, page_size=50)
def dossier_list(request, status: str = "", deadline: str = "", q: str = ""):
    return selectors.dossiers_for_list(
        request.auth,
        status=status[:20],
        deadline=deadline[:30],
        query=q[:200],
    ).select_related("procedure_version")


@router.get("/dossiers/{dossier_id}", response={200: DossierOut, **ERRORS}, summary="Một hồ sơ")
def dossier_read(request, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _get(request, dossier_id)


@router.post("/dossiers", response={201: ReceivedOut, **ERRORS}, summary="Tiếp nhận hồ sơ")
def dossier_receive(request, payload: ReceiveIn):
    user = request.auth
    agency = None
    if payload.receiving_agency_id:
        agency = Agency.objects.filter(pk=payload.receiving_agency_id).first()
    else:
        agencies = selectors.receiving_agencies(user)
        agency = agencies[0] if agencies else None
    if agency is None:
        message = _("Chọn nơi tiếp nhận hồ sơ.")
        raise DomainError(
            "receiving_agency_required", message, fields={"receiving_agency_id": [message]}
        )
    competent = None
    if payload.competent_agency_id:
        competent = Agency.objects.filter(pk=payload.competent_agency_id).first()
        if competent is None:
            message = _("Không tìm thấy cơ quan có thẩm quyền.")
            raise DomainError(
                "competent_agency_unknown", message, fields={"competent_agency_id": [message]}
            )
    dossier = services.dossier_receive(
        acting_user=user,
        procedure=payload.procedure_code,
        applicant=payload.applicant.dict(),
        receiving_agency=agency,
        competent_agency=competent,
        support_point=agency,
        channel=payload.channel,
        components=payload.components,
        copies=payload.copies,
        return_method=payload.return_method,
    )
    out = _get(request, dossier.pk)
    out.pin = dossier.pin
    return Status(201, out)


def _action(request, dossier_id: int, func, **kwargs) -> Dossier:
    dossier = _get(request, dossier_id)
    func(acting_user=request.auth, dossier=dossier, **kwargs)
    return _get(request, dossier_id)


@router.post(
    "/dossiers/{dossier_id}/handover",
    response={200: DossierOut, **ERRORS},
    summary="Chuyển sang bước tiếp theo",
)
def dossier_handover(request, payload: HandoverIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    unit = None
    if payload.to_unit_id:
        unit = Unit.objects.filter(pk=payload.to_unit_id, is_active=True).first()
        if unit is None:
            message = _("Không tìm thấy đơn vị nhận.")
            raise DomainError("unit_unknown", message, fields={"to_unit_id": [message]})
    return _action(request, dossier_id, services.dossier_handover, to_unit=unit, note=payload.note)


@router.post(
    "/dossiers/{dossier_id}/return-step",
    response={200: DossierOut, **ERRORS},
    summary="Trả lại bước trước",
)
def dossier_return_step(request, payload: ReasonIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_return_step, reason=payload.reason)


@router.post(
    "/dossiers/{dossier_id}/supplement-request",
    response={200: DossierOut, **ERRORS},
    summary="Yêu cầu bổ sung (Mẫu 02)",
)
def dossier_supplement_request(
    request, payload: SupplementIn, dossier_id: int = IdPath("Mã số hồ sơ")
):
    return _action(
        request,
        dossier_id,
        services.dossier_request_supplement,
        items=payload.items,
        reason=payload.reason,
    )


@router.post(
    "/dossiers/{dossier_id}/supplement",
    response={200: DossierOut, **ERRORS},
    summary="Nhận hồ sơ bổ sung",
)
def dossier_supplement(request, payload: NoteIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_supplement, note=payload.note)


@router.post(
    "/dossiers/{dossier_id}/refuse",
    response={200: DossierOut, **ERRORS},
    summary="Từ chối (Mẫu 03)",
)
def dossier_refuse(request, payload: ReasonIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_refuse, reason=payload.reason)


@router.post(
    "/dossiers/{dossier_id}/stop",
    response={200: DossierOut, **ERRORS},
    summary="Dừng theo đề nghị (Mẫu 05)",
)
def dossier_stop(request, payload: ReasonIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_stop, reason=payload.reason)


@router.post(
    "/dossiers/{dossier_id}/apology",
    response={200: DossierOut, **ERRORS},
    summary="Xin lỗi, hẹn lại ngày trả (Mẫu 04)",
)
def dossier_apology(request, payload: ApologyIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(
        request,
        dossier_id,
        services.dossier_apologise,
        reason=payload.reason,
        new_due_at=payload.new_due_at,
    )


@router.post(
    "/dossiers/{dossier_id}/result",
    response={200: DossierOut, **ERRORS},
    summary="Ghi nhận kết quả giải quyết",
)
def dossier_result(request, payload: ResultIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_record_result, **payload.dict())


@router.post(
    "/dossiers/{dossier_id}/return",
    response={200: DossierOut, **ERRORS},
    summary="Trả kết quả",
)
def dossier_return(request, payload: ReturnIn, dossier_id: int = IdPath("Mã số hồ sơ")):
    return _action(request, dossier_id, services.dossier_return_result, method=payload.method)


@router.get(
    "/dossiers/{dossier_id}/control-form",
    response={200: list[ControlRowOut], **ERRORS},
    summary="Phiếu kiểm soát (Mẫu 06), từ nhật ký",
)
def dossier_control_form(request, dossier_id: int = IdPath("Mã số hồ sơ")):
    return [r.__dict__ for r in control.rows(_get(request, dossier_id))]


@router.get("/statistics", response={200: dict, **ERRORS}, summary="Thống kê hồ sơ trong một kỳ")
def dossier_statistics(
    request,
    start: dt.date,
    end: dt.date,
    agency: int | None = Query(None, ge=1, le=ID_MAX),
    field: int | None = Query(None, ge=1, le=ID_MAX),
    procedure: int | None = Query(None, ge=1, le=ID_MAX),
):
    if end < start or (end - start).days > 3660 or start.year < 2000 or end.year > 2100:
        message = _("Kỳ thống kê không hợp lệ.")
        raise DomainError("period_invalid", message, fields={"end": [message]})

    def moment(d: dt.date) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(0), tzinfo=clock.VN_TZ)

    filters = statistics.Filters(
        start=moment(start),
        end=moment(end + dt.timedelta(days=1)),
        agency=agency,
        field=field,
        procedure=procedure,
    )
    visible = permissions.visible(request.auth, selectors.KIND, Dossier.objects.all())
    return statistics.compute(visible, filters)


# --- public (no token) -------------------------------------------------------------------------


def _public(dossier: Dossier) -> dict:
    from vanphong.onestop.views import _history

    return {
        "code": dossier.code,
        "procedure_name": dossier.procedure_name,
        "agency": dossier.agency.name,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "history": [
            {"at": h["at"], "label": str(h["label"])} for h in _history(dossier, public=True)
        ],
        "rated": bool(dossier.rating),
    }


def _throttle(request, code: str) -> None:
    from vanphong.onestop.views import _throttled

    if _throttled(request, code):
        raise DomainError(
            "too_many_requests",
            _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."),
            status=429,
        )


@router.post(
    "/lookup", response={200: PublicOut, **ERRORS}, auth=None, summary="Tra cứu hồ sơ (công khai)"
)
def public_lookup(request, payload: LookupIn):
    from vanphong.onestop.views import _failed

    code = payload.code.strip().upper()
    _throttle(request, code)
    dossier = selectors.public_dossier(code, payload.pin)
    if dossier is None:
        _failed(code)
        raise services.lookup_refused()
    return _public(dossier)


@router.post(
    "/rate", response={200: PublicOut, **ERRORS}, auth=None, summary="Đánh giá hồ sơ bằng mã PIN"
)
def public_rate(request, payload: RateIn):
    from vanphong.onestop.views import _failed

    code = payload.code.strip().upper()
    _throttle(request, code)
    try:
        dossier = services.dossier_rate(
            code=code,
            pin=payload.pin,
            rating=payload.rating,
            criteria=payload.criteria,
            comment=payload.comment,
        )
    except DomainError as exc:
        if exc.code == "lookup_failed":
            _failed(code)
        raise
    return _public(dossier)
