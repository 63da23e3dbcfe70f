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
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency
from vanphong.reception import selectors, services, services_register
from vanphong.reception.models import (
    Petition,
    Petitioner,
    ReceptionCitizen,
    ReceptionEntry,
)

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


@router.post(
    "/petitions",
    response={201: PetitionOut, **ERROR_RESPONSES, 409: ErrorOut},
    summary="Tiếp nhận đơn",
)
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


# --------------------------------------------------------------------------------------------
# The reception register (sổ tiếp công dân) and the leaders' reception days


class CitizenOut(Schema):
    order: int
    name: str = Field(..., description="Họ tên; người tố cáo: nhãn che danh tính")
    identity_number: str = Field(..., description="Số định danh đã che (0012******89)")
    commune: str = Field(..., description="Xã, phường và tỉnh (không có số nhà, đường)")
    is_representative: bool
    protected: bool

    @staticmethod
    def resolve_name(obj: ReceptionCitizen) -> str:
        return obj.masked_name

    @staticmethod
    def resolve_identity_number(obj: ReceptionCitizen) -> str:
        return obj.masked_identity_number

    @staticmethod
    def resolve_commune(obj: ReceptionCitizen) -> str:
        return obj.masked_address


class EntryOut(Schema):
    id: int
    agency_id: int
    number: str
    received_at: dt.datetime
    received_by_id: int
    leader_id: int | None
    content: str
    classification: str
    group_size: int
    previously_resolved_by: str
    competent: bool | None
    action: str
    action_target: str
    action_document: str
    receipt_number: str
    petition_id: int | None
    refusal_reason: str
    refusal_notice: str
    reply_kind: str
    reply_at: dt.datetime | None
    reply_document: str
    due_at: dt.datetime | None
    deadline_status: str
    citizen_summary: str
    citizens: list[CitizenOut]

    @staticmethod
    def resolve_number(obj: ReceptionEntry) -> str:
        return obj.number_label

    @staticmethod
    def resolve_citizens(obj: ReceptionEntry) -> list:
        return list(obj.citizens.all())

    @staticmethod
    def resolve_deadline_status(obj: ReceptionEntry) -> str:
        return str(getattr(obj, "deadline_status", None) or deadlines.status_of(obj))


class CitizenIn(Schema):
    full_name: str = Field("", max_length=150)
    identity_number: str = Field("", max_length=30)
    address: str = Field("", max_length=255)
    commune_code: int | None = Field(None, ge=1, le=99999)
    phone: str = Field("", max_length=30)
    is_representative: bool = False


class EntryIn(Schema):
    agency_id: int | None = Field(None, ge=1, le=ID_MAX, description="Mặc định: cơ quan của cán bộ")
    received_at: dt.datetime | None = None
    content: str = Field("", max_length=20000)
    classification: str = Field("", max_length=20)
    action: str = Field(..., max_length=20, description="huong_dan|nhan_don|chuyen|tra_loi|tu_choi")
    citizens: list[CitizenIn] = Field(default_factory=list, max_length=20)
    group_size: int = Field(1, ge=1, le=10000)
    representation_document: str = Field("", max_length=255)
    previously_resolved_by: str = Field("", max_length=255)
    competent: bool | None = None
    action_target: str = Field("", max_length=255)
    action_document: str = Field("", max_length=100)
    refusal_reason: str = Field("", max_length=30)
    note: str = Field("", max_length=5000)


class ReplyIn(Schema):
    kind: str = Field("", max_length=20, description="thu_ly|them_thoi_gian|khong_thu_ly|da_chuyen")
    document: str = Field("", max_length=100)
    note: str = Field("", max_length=5000)


class DayOut(Schema):
    id: int
    agency_id: int
    leader_title: str
    level: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    is_online: bool
    test_at: dt.datetime | None
    connect_at: dt.datetime | None
    published: bool
    cancelled: bool


def _entries(request):
    return permissions.visible(
        request.auth, selectors.ENTRY_KIND, ReceptionEntry.objects.all()
    ).prefetch_related(Prefetch("citizens", queryset=ReceptionCitizen.objects.order_by("order")))


@router.get(
    "/register", response={200: list[EntryOut], **ERROR_RESPONSES}, summary="Sổ tiếp công dân"
)
@paginate(Pagination, page_size=50)
def entry_list(request, action: str = "", classification: str = "", reply: str = ""):
    return selectors.entries_for_list(
        request.auth, action=action[:20], classification=classification[:20], reply=reply[:20]
    )


@router.get(
    "/register/{entry_id}", response={200: EntryOut, **ERROR_RESPONSES}, summary="Một lượt tiếp"
)
def entry_read(request, entry_id: int = IdPath("Mã số lượt tiếp")):
    return get_object_or_404(_entries(request), pk=entry_id)


@router.post(
    "/register",
    response={201: EntryOut, **ERROR_RESPONSES, 409: ErrorOut},
    summary="Ghi sổ tiếp công dân",
)
def entry_create(request, payload: EntryIn):
    user = request.auth
    agency_id = payload.agency_id or user.agency_id
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        message = _("Chọn cơ quan tiếp công dân.")
        raise DomainError("agency_required", message, fields={"agency_id": [message]})
    data = payload.dict()
    citizens = data.pop("citizens")
    data.pop("agency_id")
    entry = services_register.entry_record(
        acting_user=user, agency=agency, citizens=citizens, **data
    )
    return Status(201, get_object_or_404(_entries(request), pk=entry.pk))


@router.post(
    "/register/{entry_id}/reply",
    response={200: EntryOut, **ERROR_RESPONSES, 409: ErrorOut},
    summary="Trả lời công dân",
)
def entry_reply(request, payload: ReplyIn, entry_id: int = IdPath("Mã số lượt tiếp")):
    entry = get_object_or_404(_entries(request), pk=entry_id)
    services_register.entry_reply(acting_user=request.auth, entry=entry, **payload.dict())
    return get_object_or_404(_entries(request), pk=entry.pk)


@router.get(
    "/reception-days",
    response={200: list[DayOut], **ERROR_RESPONSES},
    summary="Lịch tiếp công dân đã công bố",
)
@paginate(Pagination, page_size=50)
def day_list(request):
    return selectors.public_reception_days()
