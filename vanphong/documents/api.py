"""REST endpoints of documents (``/api/v1/documents/``): the same selectors and services as the
screens, every read through the visibility rule ``documents.incoming``."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, Id, IdPath, Pagination
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
    reply_document_id: int | None
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


class ForwardIn(Schema):
    agency_id: int = Field(..., ge=1, le=ID_MAX, description="Cơ quan nhận trên hệ thống")
    note: str = Field("", max_length=5000, description="Nội dung phiếu chuyển")


class FinishIn(Schema):
    note: str = Field("", max_length=5000)
    reply_id: int | None = Field(
        None, ge=1, le=ID_MAX, description="Văn bản đi trả lời (đã phát hành, cùng cơ quan)"
    )


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
    "/incoming/{document_id}/forward",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Chuyển văn bản đến cơ quan khác kèm phiếu chuyển",
)
def incoming_forward(request, payload: ForwardIn, document_id: int = IdPath("Mã văn bản đến")):
    """Forward a document not yet assigned to another agency on the platform (it receives it
    in its own register); this entry is finished. 400 ``invalid_input`` (note, agency), 409
    ``not_forwardable`` once assigned or finished."""
    from vanphong.org.models import Agency

    document = _get(request, document_id)
    services.incoming_forward(
        acting_user=request.auth,
        document=document,
        to_agency=Agency.objects.filter(pk=payload.agency_id).first(),
        note=payload.note,
    )
    return _get(request, document_id)


@router.post(
    "/incoming/{document_id}/finish",
    response={200: IncomingOut, **WRITE_RESPONSES},
    summary="Kết thúc giải quyết văn bản đến",
)
def incoming_finish(request, payload: FinishIn, document_id: int = IdPath("Mã văn bản đến")):
    """Finish handling; ``reply_id`` links the reply (an issued outgoing document of the same
    agency the caller sees; 404 otherwise, 400 ``invalid_reply``)."""
    document = _get(request, document_id)
    reply = None
    if payload.reply_id is not None:
        reply = get_object_or_404(
            selectors.reply_candidates(request.auth, document), pk=payload.reply_id
        )
    services.incoming_finish(
        acting_user=request.auth, document=document, note=payload.note, reply=reply
    )
    return _get(request, document_id)


class AssignmentOut(Schema):
    id: int
    role: str
    assignee: str
    parent_id: int | None
    state: str
    due_at: dt.datetime | None
    instruction: str
    result: str
    deadline_status: str

    @staticmethod
    def resolve_assignee(obj) -> str:
        return str(obj.assignee)

    @staticmethod
    def resolve_deadline_status(obj) -> str:
        value = getattr(obj, "deadline_status", "")
        return getattr(value, "value", value) or ""


class ProgressOut(Schema):
    id: int
    author: str
    created_at: dt.datetime
    text: str
    files: list[str]

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.get_full_name()

    @staticmethod
    def resolve_files(obj) -> list[str]:
        return [f.original_name for f in obj.files.all()]


class ReturnIn(Schema):
    reason: str = Field(..., max_length=2000, description="Lý do trả lại (bắt buộc)")


class AssignmentFinishIn(Schema):
    result: str = Field("", max_length=2000, description="Kết quả xử lý")


def _assignment(document: IncomingDocument, assignment_id: int):
    return get_object_or_404(services.document_assignments(document), pk=assignment_id)


@router.get(
    "/incoming/{document_id}/assignments",
    response={200: list[AssignmentOut], **ERROR_RESPONSES},
    summary="Phân công xử lý của văn bản đến",
)
def incoming_assignments(request, document_id: int = IdPath("Mã văn bản đến")):
    from vanphong.core.assignments.selectors import for_case

    document = _get(request, document_id)
    services.incoming_view_logged(acting_user=request.auth, document=document)
    return list(for_case(document))


@router.post(
    "/incoming/{document_id}/assignments/{assignment_id}/return",
    response={200: AssignmentOut, **WRITE_RESPONSES},
    summary="Trả lại phân công kèm lý do",
)
def incoming_assignment_return(
    request,
    payload: ReturnIn,
    document_id: int = IdPath("Mã văn bản đến"),
    assignment_id: int = IdPath("Mã phân công"),
):
    """The handler returns their assignment with a reason (400 ``reason_required``, 403 not
    theirs, 409 ``assignment_closed`` / ``not_in_progress``). A returned lead sends the document
    back to the leader who directed it."""
    from vanphong.core.assignments.selectors import for_case

    document = _get(request, document_id)
    returned = services.incoming_assignment_return(
        acting_user=request.auth,
        document=document,
        assignment=_assignment(document, assignment_id),
        reason=payload.reason,
    )
    return for_case(document).get(pk=returned.pk)


@router.post(
    "/incoming/{document_id}/assignments/{assignment_id}/finish",
    response={200: AssignmentOut, **WRITE_RESPONSES},
    summary="Hoàn thành phân công",
)
def incoming_assignment_finish(
    request,
    payload: AssignmentFinishIn,
    document_id: int = IdPath("Mã văn bản đến"),
    assignment_id: int = IdPath("Mã phân công"),
):
    from vanphong.core.assignments.selectors import for_case

    document = _get(request, document_id)
    done = services.incoming_assignment_finish(
        acting_user=request.auth,
        document=document,
        assignment=_assignment(document, assignment_id),
        result=payload.result,
    )
    return for_case(document).get(pk=done.pk)


@router.get(
    "/incoming/{document_id}/progress",
    response={200: list[ProgressOut], **ERROR_RESPONSES},
    summary="Tiến độ xử lý văn bản đến",
)
def incoming_progress_list(request, document_id: int = IdPath("Mã văn bản đến")):
    document = _get(request, document_id)
    services.incoming_view_logged(acting_user=request.auth, document=document)
    return list(document.notes.select_related("author").prefetch_related("files"))


@router.post(
    "/incoming/{document_id}/progress",
    response={201: ProgressOut, **WRITE_RESPONSES},
    summary="Ghi nhận tiến độ kèm tệp (multipart)",
)
def incoming_progress_add(
    request,
    document_id: int = IdPath("Mã văn bản đến"),
    text: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    """A handler's progress note (``text``, required, ≤ 5,000 characters) with up to five
    ``files``. 400 ``invalid_input`` / file errors, 403 not a handler, 409 ``not_in_progress``
    or ``confidential_no_file``, 413 oversized file."""
    document = _get(request, document_id)
    note = services.incoming_progress_add(
        acting_user=request.auth, document=document, text=text, files=files or []
    )
    return Status(201, note)


# =================================================================================================
# Outgoing documents (văn bản đi)
# =================================================================================================


class RecipientOut(Schema):
    id: int
    kind: str
    unit_id: int | None
    agency_id: int | None
    external_identifier: str
    external_name: str
    name: str = Field(..., alias="name")
    status: str = Field(..., alias="processing_status")
    status_label: str = Field(..., alias="processing_status_label")
    incoming_id: int | None
    delivered_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class OutgoingOut(Schema):
    id: int
    agency_id: int
    drafting_unit_id: int | None
    author_id: int
    doc_type_id: int
    doc_type: str = Field(..., alias="doc_type.name")
    trich_yeu: str
    urgency: str
    confidentiality: str
    noi_nhan: str
    copies: int | None
    state: str
    review_role: str
    authority_mark: str
    authority_title: str
    signer_name: str
    signer_position: str
    number: int | None
    year: int | None
    code: str
    so: str = Field(..., alias="so_display")
    issue_date: dt.date | None
    issued_at: dt.datetime | None
    recall_reason: str
    source_type_id: int | None
    source_id: int | None
    versions: int = Field(..., alias="versions_count")

    @staticmethod
    def resolve_versions_count(obj) -> int:
        return obj.versions.count()


class OutgoingDetailOut(OutgoingOut):
    recipients: list[RecipientOut] = Field(..., alias="recipient_rows")

    @staticmethod
    def resolve_recipient_rows(obj) -> list:
        return selectors.outgoing_recipients(obj)


class OutgoingFilter(Schema):
    q: str = Field("", max_length=200, description="Trích yếu, nơi nhận hoặc số ký hiệu")
    state: str = Field("", max_length=20)
    urgency: str = Field("", max_length=20)
    doc_type: int | None = Field(None, ge=1, le=ID_MAX)
    unit: int | None = Field(None, ge=1, le=ID_MAX)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class ExternalIn(Schema):
    name: str = Field(..., max_length=200)
    identifier: str = Field("", max_length=35)


class OutgoingIn(Schema):
    doc_type_id: int | None = Field(None, ge=1, le=ID_MAX)
    trich_yeu: str = Field("", max_length=500)
    drafting_unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    urgency: str = Field("thuong", max_length=12)
    confidentiality: str = Field("thuong", max_length=10)
    noi_nhan: str = Field("", max_length=1000)
    copies: int | None = Field(None, ge=1, le=999)
    unit_ids: list[Id] = Field(default_factory=list, max_length=100)
    agency_ids: list[Id] = Field(default_factory=list, max_length=100)
    external: list[ExternalIn] = Field(default_factory=list, max_length=100)


class CommentIn(Schema):
    comment: str = Field("", max_length=4000)


class ApproveIn(Schema):
    comment: str = Field("", max_length=4000)
    authority_mark: str = Field("", max_length=5, description="'', TM., KT., TL., TUQ., Q.")
    authority_title: str = Field("", max_length=100)
    signer_position: str = Field("", max_length=100)


class ReasonIn(Schema):
    reason: str = Field("", max_length=4000)


class AnswerIn(Schema):
    answer: str = Field("", max_length=4000)


class RecallRequestOut(Schema):
    id: int
    document_id: int
    code: str = Field(..., alias="document.code")
    issuer: str = Field(..., alias="document.agency.name")
    trich_yeu: str = Field(..., alias="document.trich_yeu")
    reason: str = Field(..., alias="document.recall_reason")
    status: str
    incoming_id: int | None
    recall_requested_at: dt.datetime | None
    recall_answer: str


def _get_out(request, pk: int):
    return get_object_or_404(
        selectors.visible_outgoing(request.auth).select_related("doc_type"), pk=pk
    )


def _bad(field: str, message: str) -> DomainError:
    return DomainError(
        "invalid_input",
        _("Thông tin văn bản đi chưa hợp lệ; xem các trường."),
        fields={field: [message]},
    )


def _recipients(payload: OutgoingIn, agency_id: int) -> list:
    from vanphong.org.models import Agency

    units = list(Unit.objects.filter(pk__in=payload.unit_ids, agency_id=agency_id))
    agencies = list(Agency.objects.filter(pk__in=payload.agency_ids, is_active=True))
    if len(units) != len(set(payload.unit_ids)):
        raise _bad("unit_ids", _("Có đơn vị nhận không thuộc cơ quan."))
    if len(agencies) != len(set(payload.agency_ids)):
        raise _bad("agency_ids", _("Có cơ quan nhận không có trên hệ thống."))
    external = [services.External(name=e.name, identifier=e.identifier) for e in payload.external]
    return [*units, *agencies, *external]


def _draft(request, payload: OutgoingIn, file=None):
    user = request.auth
    if not user.agency_id:
        raise DomainError("forbidden", _("Tài khoản chưa thuộc cơ quan nào."), status=403)
    doc_type = None
    if payload.doc_type_id is not None:
        doc_type = DocumentType.objects.filter(pk=payload.doc_type_id).first()
        if doc_type is None:
            raise _bad("doc_type", _("Loại văn bản không tồn tại."))
    extra = {}
    if payload.drafting_unit_id is not None:
        unit = Unit.objects.filter(pk=payload.drafting_unit_id, agency_id=user.agency_id).first()
        if unit is None:
            raise _bad("drafting_unit", _("Đơn vị soạn thảo phải thuộc cơ quan ban hành."))
        extra["drafting_unit"] = unit
    document = services.outgoing_draft_create(
        user,
        agency=user.agency,
        doc_type=doc_type,
        trich_yeu=payload.trich_yeu,
        recipients=_recipients(payload, user.agency_id),
        file=file,
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
        noi_nhan=payload.noi_nhan,
        copies=payload.copies,
        **extra,
    )
    return _get_out(request, document.pk)


@router.get(
    "/outgoing",
    response={200: list[OutgoingOut], **ERROR_RESPONSES},
    summary="Danh sách, tìm kiếm văn bản đi",
)
@paginate(Pagination, page_size=50)
def outgoing_list(request, filters: Query[OutgoingFilter]):
    """Văn bản đi the caller may see (author, drafting unit's leaders, the issuing agency's
    clerk and leaders once submitted, internal recipient units once issued): urgent first."""
    return selectors.outgoing_list(request.auth, **filters.dict()).prefetch_related("versions")


@router.post(
    "/outgoing", response={201: OutgoingDetailOut, **WRITE_RESPONSES}, summary="Tạo dự thảo"
)
def outgoing_create(request, payload: OutgoingIn):
    """Create a draft outgoing document of the caller's agency (metadata as JSON; the draft
    file through ``/outgoing/upload`` or ``/outgoing/{id}/versions``). Errors: 400
    ``invalid_input`` / ``invalid_recipients`` / ``confidential_no_file``, 403 ``forbidden``."""
    return Status(201, _draft(request, payload))


@router.post(
    "/outgoing/upload",
    response={201: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Tạo dự thảo kèm tệp (multipart)",
)
def outgoing_create_upload(request, payload: Form[OutgoingIn], file: File[UploadedFile] = None):
    """The same as ``POST /outgoing`` as multipart form data with the first version ``file``
    (.docx or PDF; a fake or oversized file: 400 / 413)."""
    return Status(201, _draft(request, payload, file=file))


@router.get(
    "/outgoing/{document_id}",
    response={200: OutgoingDetailOut, **ERROR_RESPONSES},
    summary="Văn bản đi",
)
def outgoing_read(request, document_id: int = IdPath("Mã văn bản đi")):
    """One outgoing document with its recipients and their processing status (exchange
    statuses 01–06, 13, 15, 16)."""
    return _get_out(request, document_id)


def _out_action(request, document_id: int, func, **kwargs):
    document = _get_out(request, document_id)
    func(request.auth, document, **kwargs)
    return _get_out(request, document_id)


@router.post(
    "/outgoing/{document_id}/versions",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Tải lên phiên bản dự thảo mới",
)
def outgoing_version(
    request,
    document_id: int = IdPath("Mã văn bản đi"),
    note: Form[str] = "",
    file: File[UploadedFile] = None,
):
    """A new version (.docx or PDF) by the author of a draft/returned document or by the
    reviewer at the current step. 400 ``file_required`` / file errors, 409 for a confidential
    document."""
    return _out_action(request, document_id, services.outgoing_version_add, file=file, note=note)


@router.post(
    "/outgoing/{document_id}/submit",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Trình duyệt",
)
def outgoing_submit(request, payload: CommentIn, document_id: int = IdPath("Mã văn bản đi")):
    """The author submits (400 ``version_required`` without a draft file; 409
    ``invalid_transition`` when not a draft or returned)."""
    return _out_action(request, document_id, services.outgoing_submit, comment=payload.comment)


@router.post(
    "/outgoing/{document_id}/comment",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Góp ý dự thảo",
)
def outgoing_comment(request, payload: CommentIn, document_id: int = IdPath("Mã văn bản đi")):
    """A comment by the reviewer at the current step (403 otherwise; 409 ``not_in_review``)."""
    return _out_action(request, document_id, services.outgoing_comment, comment=payload.comment)


@router.post(
    "/outgoing/{document_id}/return",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Trả lại để sửa",
)
def outgoing_return(request, payload: CommentIn, document_id: int = IdPath("Mã văn bản đi")):
    """Return for revision with a reason (400 ``reason_required``)."""
    return _out_action(request, document_id, services.outgoing_return, comment=payload.comment)


@router.post(
    "/outgoing/{document_id}/approve",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Duyệt (bước cuối: duyệt ký)",
)
def outgoing_approve(request, payload: ApproveIn, document_id: int = IdPath("Mã văn bản đi")):
    """Approve at the current step; at the signer's step ``authority_mark``,
    ``authority_title`` and ``signer_position`` are recorded (400 ``signer_info_required``)."""
    return _out_action(request, document_id, services.outgoing_approve, **payload.dict())


@router.post(
    "/outgoing/{document_id}/issue",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Cấp số và phát hành",
)
def outgoing_issue(
    request, document_id: int = IdPath("Mã văn bản đi"), file: File[UploadedFile] = None
):
    """The clerk issues an approved document: number from the right sequence, code, date,
    delivery. Optional ``file`` (multipart): the signed file, stored as uploaded. 409
    ``already_issued`` (issuing twice) or ``not_approved``; nothing changes then."""
    return _out_action(request, document_id, services.outgoing_issue, file=file)


@router.post(
    "/outgoing/{document_id}/recall",
    response={200: OutgoingDetailOut, **WRITE_RESPONSES},
    summary="Thu hồi văn bản đã phát hành",
)
def outgoing_recall(request, payload: ReasonIn, document_id: int = IdPath("Mã văn bản đi")):
    """Recall with a reason (400 ``reason_required``; 409 ``not_issued`` /
    ``already_recalled``). Recipient agencies get a recall request (status 13)."""
    return _out_action(request, document_id, services.outgoing_recall, reason=payload.reason)


@router.get(
    "/recall-requests",
    response={200: list[RecallRequestOut], **ERROR_RESPONSES},
    summary="Yêu cầu thu hồi gửi đến cơ quan",
)
@paginate(Pagination, page_size=50)
def recall_request_list(request):
    """Recall requests (status 13) addressed to the agencies whose clerk the caller is."""
    return selectors.recall_requests(request.auth)


def _recall_row(request, pk: int):
    row = selectors.recall_request_for(request.auth, pk)
    if row is None:
        from django.http import Http404

        raise Http404
    return row


@router.post(
    "/recall-requests/{request_id}/accept",
    response={200: RecallRequestOut, **WRITE_RESPONSES},
    summary="Đồng ý thu hồi (trạng thái 15)",
)
def recall_accept(request, payload: AnswerIn, request_id: int = IdPath("Mã yêu cầu thu hồi")):
    """The receiving clerk accepts: the incoming copy is withdrawn. 409 ``recall_not_pending``
    when already answered."""
    row = services.recall_accept(request.auth, _recall_row(request, request_id), **payload.dict())
    return _recall_row(request, row.pk)


@router.post(
    "/recall-requests/{request_id}/refuse",
    response={200: RecallRequestOut, **WRITE_RESPONSES},
    summary="Từ chối thu hồi (trạng thái 16)",
)
def recall_refuse(request, payload: AnswerIn, request_id: int = IdPath("Mã yêu cầu thu hồi")):
    """The receiving clerk refuses with a reason (400 ``reason_required``); 409
    ``recall_not_pending`` when already answered."""
    row = services.recall_refuse(request.auth, _recall_row(request, request_id), **payload.dict())
    return _recall_row(request, row.pk)
