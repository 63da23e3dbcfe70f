"""REST endpoints of documents (``/api/v1/documents/``): the same selectors and services as the
screens, every read through the visibility rule ``documents.incoming``."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.documents import selectors, services
from vanphong.documents.models import DocumentType, IncomingDocument
from vanphong.org.models import Official, Unit

router = Router(tags=["Văn bản"])

WRITE_RESPONSES = {**ERROR_RESPONSES, 409: ErrorOut, 413: ErrorOut}


class IncomingOut(Schema):
    id: int
    register_id: int
    number: int
    year: int
    received_at: dt.datetime
    channel: str
    issuer_name: str
    issuer_identifier: str
    so_ky_hieu: str
    issue_date: dt.date
    doc_type_id: int
    doc_type: str = Field(..., alias="doc_type.name")
    trich_yeu: str
    signer: str
    page_count: int | None
    urgency: str
    confidentiality: str
    state: str
    due_at: dt.datetime | None
    paper_original_received_at: dt.datetime | None
    duplicate_of_id: int | None
    leader_direction: str
    has_file: bool = Field(..., alias="has_file")

    @staticmethod
    def resolve_has_file(obj: IncomingDocument) -> bool:
        return obj.file_id is not None


class IncomingFilter(Schema):
    q: str = Field("", max_length=200, description="Trích yếu, cơ quan ban hành hoặc số ký hiệu")
    state: str = Field("", max_length=20)
    urgency: str = Field("", max_length=20)
    doc_type: int | None = Field(None, ge=1, le=ID_MAX)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class IncomingIn(Schema):
    channel: str = Field(..., max_length=10, description="giay | dien_tu")
    issuer_name: str = Field("", max_length=200)
    issuer_identifier: str = Field("", max_length=35)
    so_ky_hieu: str = Field("", max_length=60)
    issue_date: dt.date | None = None
    doc_type_id: int | None = Field(None, ge=1, le=ID_MAX)
    trich_yeu: str = Field("", max_length=500)
    signer: str = Field("", max_length=100)
    page_count: int | None = Field(None, ge=1, le=9999)
    urgency: str = Field("thuong", max_length=12)
    confidentiality: str = Field("thuong", max_length=10)
    due_at: dt.datetime | None = None
    due_in_working_days: int | None = Field(None, ge=1, le=3650)
    confirm_duplicate: bool = False


class AssigneeIn(Schema):
    unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    official_id: int | None = Field(None, ge=1, le=ID_MAX)
    due_at: dt.datetime | None = None
    due_in_working_days: int | None = Field(None, ge=1, le=3650)


class DirectIn(Schema):
    direction: str = Field(..., max_length=5000)
    lead: AssigneeIn
    coordinating: list[AssigneeIn] = Field(default_factory=list, max_length=50)
    informed: list[AssigneeIn] = Field(default_factory=list, max_length=50)


class PresentIn(Schema):
    leader_id: int = Field(..., ge=1, le=ID_MAX)


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


def _doc_type(pk: int | None) -> DocumentType | None:
    if pk is None:
        return None
    doc_type = DocumentType.objects.filter(pk=pk).first()
    if doc_type is None:
        raise DomainError(
            "invalid_input",
            _("Thông tin văn bản đến chưa hợp lệ; xem các trường."),
            fields={"doc_type": [_("Loại văn bản không tồn tại.")]},
        )
    return doc_type


def _register(request, payload: IncomingIn, file=None) -> IncomingDocument:
    user = request.auth
    if not user.agency_id:
        raise DomainError("forbidden", _("Tài khoản chưa thuộc cơ quan nào."), status=403)
    data = payload.dict()
    data["doc_type"] = _doc_type(data.pop("doc_type_id"))
    document = services.incoming_register(acting_user=user, agency=user.agency, file=file, **data)
    return _get(request, document.pk)


def _get(request, pk: int) -> IncomingDocument:
    return get_object_or_404(
        selectors.visible_incoming(request.auth).select_related("doc_type"), pk=pk
    )


def _assignee(item: AssigneeIn, agency_id: int) -> services.Assign:
    if (item.unit_id is None) == (item.official_id is None):
        raise DomainError(
            "assignee_invalid", _("Mỗi người nhận phải là một đơn vị hoặc một cán bộ.")
        )
    if item.unit_id is not None:
        who = Unit.objects.filter(pk=item.unit_id, agency_id=agency_id).first()
    else:
        who = Official.objects.filter(pk=item.official_id).first()
    if who is None:
        raise DomainError(
            "assignee_invalid", _("Không tìm thấy đơn vị hoặc cán bộ được giao."), status=404
        )
    return services.Assign(who, due_at=item.due_at, due_in_working_days=item.due_in_working_days)


@router.get(
    "/incoming",
    response={200: list[IncomingOut], **ERROR_RESPONSES},
    summary="Danh sách, tìm kiếm văn bản đến",
)
@paginate(Pagination, page_size=50)
def incoming_list(request, filters: Query[IncomingFilter]):
    """Văn bản đến the caller may see: urgent first, then newest. ``q`` searches trích yếu and
    issuer without accents, or số ký hiệu exactly/by prefix when it has a "/"."""
    return selectors.incoming_list(request.auth, **filters.dict())


@router.post(
    "/incoming", response={201: IncomingOut, **WRITE_RESPONSES}, summary="Vào sổ văn bản đến"
)
def incoming_register(request, payload: IncomingIn):
    """Register an incoming document (metadata as JSON; a file through ``/incoming/upload``).
    A probable duplicate answers 409 ``probable_duplicate`` naming the earlier document in
    ``fields.duplicate_of``; send again with ``confirm_duplicate: true`` to register it anyway."""
    return Status(201, _register(request, payload))


@router.post(
    "/incoming/upload",
    response={201: IncomingOut, **WRITE_RESPONSES},
    summary="Vào sổ văn bản đến kèm tệp (multipart)",
)
def incoming_register_upload(request, payload: Form[IncomingIn], file: File[UploadedFile] = None):
    """The same as ``POST /incoming`` with the fields as multipart form data and an optional
    ``file`` (PDF or DOCX; refused for confidential documents)."""
    return Status(201, _register(request, payload, file=file))


@router.get(
    "/incoming/{document_id}", response={200: IncomingOut, **ERROR_RESPONSES}, summary="Văn bản đến"
)
def incoming_read(request, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    services.incoming_view_logged(acting_user=request.auth, document=document)
    return document


@router.post(
    "/incoming/{document_id}/present",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Trình lãnh đạo",
)
def incoming_present(request, payload: PresentIn, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    leader = get_object_or_404(Official, pk=payload.leader_id)
    services.incoming_present(acting_user=request.auth, document=document, leader=leader)
    return _get(request, document_id)


@router.post(
    "/incoming/{document_id}/direct",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Cho ý kiến chỉ đạo và giao xử lý",
)
def incoming_direct(request, payload: DirectIn, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    services.incoming_direct(
        acting_user=request.auth,
        document=document,
        direction=payload.direction,
        lead=_assignee(payload.lead, document.agency_id),
        coordinating=[_assignee(i, document.agency_id) for i in payload.coordinating],
        informed=[_assignee(i, document.agency_id).who for i in payload.informed],
    )
    return _get(request, document_id)


@router.post(
    "/incoming/{document_id}/paper-original",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Nhận bản gốc giấy của văn bản điện tử",
)
def incoming_paper_original(request, payload: NoteIn, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    services.incoming_link_paper_original(
        acting_user=request.auth, document=document, note=payload.note
    )
    return _get(request, document_id)


@router.post(
    "/incoming/{document_id}/finish",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Kết thúc giải quyết văn bản đến",
)
def incoming_finish(request, payload: NoteIn, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    services.incoming_finish(acting_user=request.auth, document=document, note=payload.note)
    return _get(request, document_id)
