"""REST API of the feedback module (mounted at /api/v1/feedback/ by vanphong/api.py).

The same services as the pages. The citizen's contact never leaves through this API in clear
(masked name, phone and e-mail only); the staff detail page shows it on request, logged."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core import deadlines, permissions
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.feedback import selectors, services
from vanphong.feedback.models import AnswerTemplate, Category, Feedback
from vanphong.org.models import Agency, Unit

router = Router(tags=["Phản ánh, kiến nghị"])
RESPONSES = {**ERROR_RESPONSES, 409: ErrorOut}


class CategoryOut(Schema):
    code: str
    name: str
    group: str
    sla_working_days: int
    responsible_agency_id: int
    responsible_unit_id: int | None


class FeedbackOut(Schema):
    id: int
    code: str
    agency_id: int
    channel: str
    category: str
    status: str
    commune_code: int | None
    location_text: str
    lat: float | None
    long: float | None
    description: str = Field(..., description="Nội dung, đã lược bỏ số điện thoại, thư điện tử")
    public_question: str
    contact_name: str = Field(..., description="Họ tên đã che (Nguyễn V. A.)")
    contact_phone: str = Field(..., description="Điện thoại đã che (09******78)")
    contact_email: str = Field(..., description="Thư điện tử đã che (a***@example.vn)")
    consent_publish: bool
    responsible_agency_id: int
    responsible_unit_id: int | None
    received_at: dt.datetime
    due_at: dt.datetime | None
    deadline_status: str
    answer_text: str
    published_at: dt.datetime | None
    reopen_count: int
    merged_into: str | None
    petition_id: int | None

    @staticmethod
    def resolve_category(obj: Feedback) -> str:
        return obj.category.code

    @staticmethod
    def resolve_description(obj: Feedback) -> str:
        return obj.redacted_description

    @staticmethod
    def resolve_contact_name(obj: Feedback) -> str:
        return obj.masked_name

    @staticmethod
    def resolve_contact_phone(obj: Feedback) -> str:
        return obj.masked_phone

    @staticmethod
    def resolve_contact_email(obj: Feedback) -> str:
        return obj.masked_email

    @staticmethod
    def resolve_lat(obj: Feedback) -> float | None:
        return float(obj.lat) if obj.lat is not None else None

    @staticmethod
    def resolve_long(obj: Feedback) -> float | None:
        return float(obj.long) if obj.long is not None else None

    @staticmethod
    def resolve_merged_into(obj: Feedback) -> str | None:
        return obj.merged_into.code if obj.merged_into_id else None

    @staticmethod
    def resolve_deadline_status(obj: Feedback) -> str:
        return str(getattr(obj, "deadline_status", None) or deadlines.status_of(obj))


class FeedbackIn(Schema):
    channel: str = Field("dien_thoai", max_length=20, description="dien_thoai | email")
    category: str = Field(..., max_length=40, description="Mã lĩnh vực")
    description: str = Field("", max_length=10000)
    commune_code: int | None = Field(None, ge=1, le=99999)
    location_text: str = Field("", max_length=255)
    contact_name: str = Field("", max_length=150)
    contact_phone: str = Field("", max_length=30)
    contact_email: str = Field("", max_length=254)
    consent_publish: bool = False


class CreatedOut(Schema):
    item: FeedbackOut
    secret: str = Field(..., description="Mã bí mật của người phản ánh (chỉ trả về một lần)")


class AnswerIn(Schema):
    answer: str = Field("", max_length=20000)
    public_question: str | None = Field(None, max_length=10000)
    template_id: int | None = Field(None, ge=1, le=ID_MAX)


class PublishIn(Schema):
    answer: str | None = Field(None, max_length=20000)
    public_question: str | None = Field(None, max_length=10000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=5000)


class RouteIn(Schema):
    agency_id: int = Field(..., ge=1, le=ID_MAX)
    unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    note: str = Field("", max_length=500)


class MergeIn(Schema):
    duplicate_ids: list[int] = Field(..., max_length=50)


class ConvertIn(Schema):
    classification: str = Field("kien_nghi", max_length=20)


def _visible(request):
    return permissions.visible(request.auth, selectors.KIND, Feedback.objects.all()).select_related(
        "category", "merged_into"
    )


def _get(request, item_id: int) -> Feedback:
    return get_object_or_404(_visible(request), pk=item_id)


def _out(request, item: Feedback) -> Feedback:
    return _get(request, item.pk)


@router.get("/categories", response={200: list[CategoryOut], **RESPONSES}, summary="Lĩnh vực")
def category_list(request):
    return list(selectors.public_categories())


@router.get("/items", response={200: list[FeedbackOut], **RESPONSES}, summary="Phản ánh")
@paginate(Pagination, page_size=50)
def item_list(request, status: str = "", category: str = "", q: str = ""):
    return selectors.items_for_queue(
        request.auth, status=status[:20], category=category[:40], query=q[:200]
    ).select_related("merged_into")


@router.get("/items/{item_id}", response={200: FeedbackOut, **RESPONSES}, summary="Một phản ánh")
def item_read(request, item_id: int = IdPath("Mã số phản ánh")):
    return _get(request, item_id)


@router.post("/items", response={201: CreatedOut, **RESPONSES}, summary="Tiếp nhận phản ánh")
def item_create(request, payload: FeedbackIn):
    category = Category.objects.filter(code=payload.category, active=True).first()
    if category is None:
        message = _("Không có lĩnh vực này.")
        raise DomainError("unknown_category", message, fields={"category": [message]})
    item, secret = services.feedback_submit(
        acting_user=request.auth,
        category=category,
        channel=payload.channel,
        description=payload.description,
        commune_code=payload.commune_code,
        location_text=payload.location_text,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        contact_email=payload.contact_email,
        consent_publish=payload.consent_publish,
    )
    return Status(201, {"item": _out(request, item), "secret": secret})


@router.post(
    "/items/{item_id}/route", response={200: FeedbackOut, **RESPONSES}, summary="Chuyển đơn vị"
)
def item_route(request, payload: RouteIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    agency = Agency.objects.filter(pk=payload.agency_id).first()
    unit = Unit.objects.filter(pk=payload.unit_id).first() if payload.unit_id else None
    if agency is None or (payload.unit_id and unit is None):
        message = _("Không có cơ quan, đơn vị này.")
        raise DomainError("unknown_agency", message, fields={"agency_id": [message]})
    services.feedback_route(
        acting_user=request.auth, item=item, agency=agency, unit=unit, note=payload.note
    )
    return _out(request, item)


@router.post(
    "/items/{item_id}/answer", response={200: FeedbackOut, **RESPONSES}, summary="Soạn trả lời"
)
def item_answer(request, payload: AnswerIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    template = None
    if payload.template_id:
        template = AnswerTemplate.objects.filter(pk=payload.template_id).first()
        if template is None:
            message = _("Không có mẫu trả lời này.")
            raise DomainError("invalid_template", message, fields={"template_id": [message]})
    services.feedback_draft_answer(
        acting_user=request.auth,
        item=item,
        answer=payload.answer,
        public_question=payload.public_question,
        template=template,
    )
    return _out(request, item)


@router.post("/items/{item_id}/return", response={200: FeedbackOut, **RESPONSES}, summary="Trả lại")
def item_return(request, payload: ReasonIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    services.feedback_return(acting_user=request.auth, item=item, reason=payload.reason)
    return _out(request, item)


@router.post(
    "/items/{item_id}/publish", response={200: FeedbackOut, **RESPONSES}, summary="Duyệt, công khai"
)
def item_publish(request, payload: PublishIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    services.feedback_publish(
        acting_user=request.auth,
        item=item,
        public_question=payload.public_question,
        answer=payload.answer,
    )
    return _out(request, item)


@router.post(
    "/items/{item_id}/merge", response={200: FeedbackOut, **RESPONSES}, summary="Gộp trùng"
)
def item_merge(request, payload: MergeIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    ids = [i for i in payload.duplicate_ids if 1 <= i <= ID_MAX]
    duplicates = list(_visible(request).filter(pk__in=ids))
    services.feedback_merge(acting_user=request.auth, primary=item, duplicates=duplicates)
    return _out(request, item)


@router.post(
    "/items/{item_id}/petition",
    response={200: FeedbackOut, **RESPONSES},
    summary="Chuyển thành đơn",
)
def item_convert(request, payload: ConvertIn, item_id: int = IdPath("Mã số phản ánh")):
    item = _get(request, item_id)
    services.feedback_convert_to_petition(
        acting_user=request.auth, item=item, classification=payload.classification
    )
    return _out(request, item)
