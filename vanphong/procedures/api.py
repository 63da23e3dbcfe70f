"""REST endpoints of the procedure catalogue (public read: ``auth=None``)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from vanphong.core.api_errors import ERROR_RESPONSES
from vanphong.core.api_utils import ID_MAX, Pagination
from vanphong.core.errors import DomainError
from vanphong.procedures import selectors
from vanphong.procedures.models import Level, OnlineLevel, Procedure

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
