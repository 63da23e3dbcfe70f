"""REST endpoints of the petition register at ``/api/v1/reception/``.

A denouncer's identity never leaves through the API (not even to a handler: the identity is
shown only on the logged detail page); other petitioners' identity numbers are masked."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core import deadlines, permissions
from vanphong.core.api_errors import ERROR_RESPONSES
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency
from vanphong.reception import selectors, services
from vanphong.reception.models import Petition, Petitioner

router = Router(tags=["Tiếp công dân, xử lý đơn"])


class PetitionerOut(Schema):
    order: int
    name: str = Field(..., description="Họ tên; người tố cáo: nhãn che danh tính")
    identity_number: str = Field(..., description="Số định danh đã che (0012******89)")
    protected: bool

    @staticmethod
    def resolve_name(obj: Petitioner) -> str:
        return obj.masked_name

    @staticmethod
    def resolve_identity_number(obj: Petitioner) -> str:
        return obj.masked_identity_number


class PetitionOut(Schema):
    id: int
    agency_id: int
    number: str
    received_at: dt.datetime
    channel: str
    classification: str
    complaint_instance: str
    is_anonymous: bool
    eligible: bool | None
    competent: bool | None
    status: str
    outcome: str
    outcome_target: str
    content: str
    petitioner_summary: str
    petitioners: list[PetitionerOut]
    due_at: dt.datetime | None
    processing_due_at: dt.datetime | None
    deadline_status: str
    related_to_id: int | None
    parent_id: int | None

    @staticmethod
    def resolve_number(obj: Petition) -> str:
        return obj.number_label

    @staticmethod
    def resolve_petitioners(obj: Petition) -> list:
        return list(obj.petitioners.all())

    @staticmethod
    def resolve_deadline_status(obj: Petition) -> str:
        return str(getattr(obj, "deadline_status", None) or deadlines.status_of(obj))


class PetitionerIn(Schema):
    full_name: str = Field("", max_length=150)
    identity_number: str = Field("", max_length=30)
    address: str = Field("", max_length=255)
    commune_code: int | None = Field(None, ge=1, le=99999)
    phone: str = Field("", max_length=30)


class PetitionIn(Schema):
    agency_id: int | None = Field(None, ge=1, le=ID_MAX, description="Mặc định: cơ quan của cán bộ")
    channel: str = Field(..., max_length=20)
    content: str = Field("", max_length=20000)
    received_at: dt.datetime | None = None
    forwarded_by: str = Field("", max_length=255)
    classification: str = Field("", max_length=20)
    complaint_instance: str = Field("", max_length=10)
    is_anonymous: bool = False
    petitioners: list[PetitionerIn] = Field(default_factory=list, max_length=50)


def _visible(request):
    return permissions.visible(
        request.auth, selectors.KIND, Petition.objects.all()
    ).prefetch_related(Prefetch("petitioners", queryset=Petitioner.objects.order_by("order")))


@router.get(
    "/petitions", response={200: list[PetitionOut], **ERROR_RESPONSES}, summary="Sổ xử lý đơn"
)
@paginate(Pagination, page_size=50)
def petition_list(request, classification: str = "", outcome: str = "", status: str = ""):
    return selectors.petitions_for_list(
        request.auth, classification=classification[:20], outcome=outcome[:20], status=status[:20]
    ).prefetch_related(Prefetch("petitioners", queryset=Petitioner.objects.order_by("order")))


@router.get(
    "/petitions/{petition_id}",
    response={200: PetitionOut, **ERROR_RESPONSES},
    summary="Một đơn",
)
def petition_read(request, petition_id: int = IdPath("Mã số đơn")):
    return get_object_or_404(_visible(request), pk=petition_id)


@router.post("/petitions", response={201: PetitionOut, **ERROR_RESPONSES}, summary="Tiếp nhận đơn")
def petition_create(request, payload: PetitionIn):
    user = request.auth
    agency_id = payload.agency_id or user.agency_id
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        message = _("Chọn cơ quan nhận đơn.")
        raise DomainError("agency_required", message, fields={"agency_id": [message]})
    petition = services.petition_receive(
        acting_user=user,
        agency=agency,
        channel=payload.channel,
        content=payload.content,
        received_at=payload.received_at,
        forwarded_by=payload.forwarded_by,
        classification=payload.classification,
        complaint_instance=payload.complaint_instance,
        is_anonymous=payload.is_anonymous,
        petitioners=[p.dict() for p in payload.petitioners],
    )
    return Status(201, get_object_or_404(_visible(request), pk=petition.pk))
