"""REST endpoints of the procedure catalogue (public read: ``auth=None``)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core.api_errors import ERROR_RESPONSES
from vanphong.core.api_utils import ID_MAX, Pagination
from vanphong.core.errors import DomainError
from vanphong.procedures import selectors
from vanphong.procedures.models import (
    MAX_SUPPLEMENT_REQUESTS,
    Level,
    OnlineLevel,
    Procedure,
    SupplementClock,
)

router = Router(tags=["Thủ tục hành chính"])


class ProcedureOut(Schema):
    code: str
    name: str
    field_code: str = Field(..., alias="field.code")
    field_name: str = Field(..., alias="field.name")
    level: str
    competent_agency_id: int | None
    competent_agency_name: str
    time_limit_days: Decimal
    same_day: bool
    online_level: str
    five_on_the_spot: bool
    current_version: int


class FeeOut(Schema):
    name: str
    amount: int
    note: str


class ComponentOut(Schema):
    name: str
    originals: int
    copies: int
    mandatory: bool
    note: str


class ProcedureDetailOut(ProcedureOut):
    implementing_agency_id: int | None
    implementing_agency_name: str
    applicants: str
    submission_place: str
    cutoff_time: dt.time
    result: str
    legal_basis: list[str]
    max_supplement_requests: int
    supplement_clock: str
    fees: list[FeeOut] = Field(..., alias="fees_list")
    components: list[ComponentOut] = Field(..., alias="components_list")


class CatalogueFilter(Schema):
    q: str = Field("", max_length=200, description="Tên hoặc mã, có dấu hoặc không dấu")
    field: int | None = Field(None, ge=1, le=ID_MAX, description="Mã số lĩnh vực")
    level: Level | None = None
    agency: int | None = Field(None, ge=1, le=ID_MAX, description="Cơ quan có thẩm quyền")
    online_level: OnlineLevel | None = None


class VersionOut(Schema):
    code: str
    number: int
    valid_from: dt.datetime
    content: dict = Field(..., alias="snapshot", description="Nội dung thủ tục tại phiên bản này")


def _not_found():
    return DomainError(
        "procedure_not_found",
        _("Không tìm thấy thủ tục hành chính có mã này."),
        status=404,
    )


@router.get(
    "/",
    auth=None,
    response={200: list[ProcedureOut], **ERROR_RESPONSES},
    summary="Danh mục thủ tục hành chính",
)
@paginate(Pagination)
def list_procedures(request, filters: Query[CatalogueFilter]):
    return selectors.catalogue(
        q=filters.q,
        field=filters.field,
        level=filters.level or "",
        agency=filters.agency,
        online_level=filters.online_level or "",
    )


@router.get(
    "/{code}",
    auth=None,
    response={200: ProcedureDetailOut, **ERROR_RESPONSES},
    summary="Một thủ tục",
)
def get_procedure(request, code: str):
    procedure: Procedure | None = selectors.public_detail(code[:40])
    if procedure is None:
        raise _not_found()
    procedure.fees_list = list(procedure.fees.all())
    procedure.components_list = list(procedure.components.all())
    return procedure


@router.get(
    "/{code}/versions/{number}",
    response={200: VersionOut, **ERROR_RESPONSES},
    summary="Một phiên bản đã công bố của thủ tục",
)
def get_version(request, code: str, number: int = Path(..., ge=1, le=2**31 - 1)):
    """The frozen content of a published version (what a dossier received under it follows),
    internal steps and note included: for officials (bearer token)."""
    procedure = selectors.public_detail(code[:40])
    found = selectors.version(procedure, number) if procedure is not None else None
    if found is None:
        raise DomainError(
            "procedure_version_not_found",
            _("Không tìm thấy phiên bản này của thủ tục."),
            status=404,
        )
    found.code = procedure.code
    return found


# --- writes (officials with a manager role: cán bộ một cửa, quản trị, lãnh đạo văn phòng) ----


class FeeIn(Schema):
    name: str = Field(..., max_length=255)
    amount: int = Field(0, ge=0, le=10**12, description="Mức thu (đồng)")
    note: str = Field("", max_length=2000)


class ComponentIn(Schema):
    name: str = Field(..., max_length=2000)
    originals: int = Field(1, ge=0, le=99)
    copies: int = Field(0, ge=0, le=99)
    mandatory: bool = True
    note: str = Field("", max_length=2000)


class StepIn(Schema):
    unit_id: int | None = Field(None, ge=1, le=ID_MAX, description="Đơn vị trên hệ thống")
    unit_name: str = Field("", max_length=255)
    role: str = Field("", max_length=30)
    description: str = Field(..., max_length=2000)
    budget_hours: Decimal = Field(..., ge=0, le=7992, description="Giờ làm việc, bội số 0,5")


class ProcedureIn(Schema):
    name: str = Field(..., max_length=500)
    field_code: str = Field(..., max_length=30)
    field_name: str = Field(..., max_length=255)
    level: Level
    competent_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    competent_agency_name: str = Field("", max_length=255)
    implementing_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    implementing_agency_name: str = Field("", max_length=255)
    applicants: str = Field("", max_length=5000)
    submission_place: str = Field("", max_length=5000)
    time_limit_days: Decimal = Field(
        Decimal(0), ge=0, le=999, description="Ngày làm việc, bội số 0,5"
    )
    same_day: bool = False
    cutoff_time: dt.time = dt.time(15, 0)
    result: str = Field("", max_length=5000)
    legal_basis: list[str] = Field(default_factory=list, max_length=100)
    online_level: OnlineLevel = OnlineLevel.TRUC_TIEP
    five_on_the_spot: bool = False
    max_supplement_requests: int = Field(
        1, ge=1, le=MAX_SUPPLEMENT_REQUESTS, description="Số lần yêu cầu bổ sung tối đa"
    )
    supplement_clock: SupplementClock = SupplementClock.RESUME
    internal_note: str = Field("", max_length=5000)
    fees: list[FeeIn] = Field(default_factory=list, max_length=50)
    components: list[ComponentIn] = Field(default_factory=list, max_length=100)
    steps: list[StepIn] = Field(default_factory=list, max_length=100)


class ProcedureCreateIn(ProcedureIn):
    code: str = Field(..., max_length=40)
    publish: bool = False


class ProcedureUpdateIn(ProcedureIn):
    valid_from: dt.datetime | None = Field(
        None, description="Phiên bản mới áp dụng từ (mặc định: ngay khi lưu)"
    )


class SavedOut(Schema):
    code: str
    current_version: int
    version: int | None = Field(None, description="Phiên bản vừa tạo (null: không tạo)")
    is_active: bool


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


def _input(payload: ProcedureIn, code: str, procedure: Procedure | None):
    from vanphong.org.models import Agency, Unit
    from vanphong.procedures import services

    def agency(pk):
        if pk is None:
            return None
        found = Agency.objects.filter(pk=pk).first()
        if found is None:
            raise DomainError("agency_not_found", _("Cơ quan không có trên hệ thống."), status=404)
        return found

    unit_ids = {s.unit_id for s in payload.steps if s.unit_id}
    units = {u.pk: u for u in Unit.objects.select_related("agency").filter(pk__in=unit_ids)}
    if len(units) != len(unit_ids):
        raise DomainError("unit_not_found", _("Đơn vị không có trên hệ thống."), status=404)
    # templates are not in the API: a component keeps its template while its name is unchanged
    templates = (
        {c.name: c.template_id for c in procedure.components.all() if c.template_id}
        if procedure is not None
        else {}
    )
    return services.ProcedureInput(
        code=code,
        name=payload.name,
        field_code=payload.field_code,
        field_name=payload.field_name,
        level=payload.level,
        competent_agency=agency(payload.competent_agency_id),
        competent_agency_name=payload.competent_agency_name,
        implementing_agency=agency(payload.implementing_agency_id),
        implementing_agency_name=payload.implementing_agency_name,
        applicants=payload.applicants,
        submission_place=payload.submission_place,
        time_limit_days=payload.time_limit_days,
        same_day=payload.same_day,
        cutoff_time=payload.cutoff_time.replace(tzinfo=None, microsecond=0),
        result=payload.result,
        legal_basis=list(payload.legal_basis),
        online_level=payload.online_level,
        five_on_the_spot=payload.five_on_the_spot,
        max_supplement_requests=payload.max_supplement_requests,
        supplement_clock=str(payload.supplement_clock),
        internal_note=payload.internal_note,
        fees=[services.FeeInput(f.name, f.amount, f.note) for f in payload.fees],
        components=[
            services.ComponentInput(
                c.name, c.originals, c.copies, c.mandatory, c.note, templates.get(c.name)
            )
            for c in payload.components
        ],
        steps=[
            services.StepInput(
                s.description,
                s.budget_hours,
                s.unit_name,
                units.get(s.unit_id) if s.unit_id else None,
                s.role,
            )
            for s in payload.steps
        ],
    )


def _managed(code: str) -> Procedure:
    procedure = Procedure.objects.filter(code=(code or "").strip().upper()[:40]).first()
    if procedure is None:
        raise _not_found()
    return procedure


def _saved(procedure: Procedure, version=None) -> dict:
    return {
        "code": procedure.code,
        "current_version": procedure.current_version,
        "version": version.number if version is not None else None,
        "is_active": procedure.is_active,
    }


@router.post(
    "/",
    response={201: SavedOut, **ERROR_RESPONSES},
    summary="Thêm thủ tục (dự thảo, hoặc công bố ngay)",
)
def create_procedure(request, payload: ProcedureCreateIn):
    from vanphong.procedures import services

    services._check_actor(request.auth)
    data = _input(payload, payload.code, None)
    procedure, version = services.procedure_save(
        acting_user=request.auth, data=data, publish=payload.publish
    )
    return Status(201, _saved(procedure, version))


@router.put(
    "/{code}",
    response={200: SavedOut, **ERROR_RESPONSES},
    summary="Sửa thủ tục (đã công bố: tạo phiên bản mới)",
)
def update_procedure(request, code: str, payload: ProcedureUpdateIn):
    from vanphong.core import clock
    from vanphong.procedures import services

    services._check_actor(request.auth)
    procedure = _managed(code)
    data = _input(payload, procedure.code, procedure)
    valid_from = clock.local(payload.valid_from) if payload.valid_from else None
    if valid_from is not None and valid_from < clock.now().replace(hour=0, minute=0, second=0):
        raise DomainError(
            "procedure_valid_from_invalid",
            _("Ngày áp dụng không được trước hôm nay."),
            fields={"valid_from": [_("Ngày áp dụng không được trước hôm nay.")]},
        )
    procedure, version = services.procedure_save(
        acting_user=request.auth, data=data, procedure=procedure, valid_from=valid_from
    )
    return _saved(procedure, version)


@router.post(
    "/{code}/deactivate",
    response={200: SavedOut, **ERROR_RESPONSES},
    summary="Ngừng áp dụng thủ tục",
)
def deactivate_procedure(request, code: str, payload: ReasonIn):
    from vanphong.procedures import services

    services._check_actor(request.auth)
    procedure = services.procedure_deactivate(
        acting_user=request.auth, procedure=_managed(code), reason=payload.reason
    )
    return _saved(procedure)


@router.post(
    "/{code}/reactivate",
    response={200: SavedOut, **ERROR_RESPONSES},
    summary="Áp dụng lại thủ tục đã ngừng",
)
def reactivate_procedure(request, code: str, payload: ReasonIn):
    from vanphong.procedures import services

    services._check_actor(request.auth)
    procedure = services.procedure_reactivate(
        acting_user=request.auth, procedure=_managed(code), reason=payload.reason
    )
    return _saved(procedure)
