"""REST API of the meetings module (mounted at /api/v1/meetings/ by vanphong/api.py).

The same services as the pages: a room booked twice answers 409 ``room_conflict``; a leader
booked twice answers 409 ``leader_conflict`` unless ``override_conflicts`` is true (the override
is logged); a meeting ending before it starts answers 400 ``meeting_ends_before_start``."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vanphong.core import clock
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, Id, IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency, Official, Unit

from . import selectors, services
from .models import ConclusionItem, Meeting, MeetingState, Room

router = Router(tags=["Cuộc họp"])
WRITE_RESPONSES = {**ERROR_RESPONSES, 409: ErrorOut}


class RoomOut(Schema):
    id: int
    agency_id: int
    name: str
    capacity: int
    location: str


class ParticipantOut(Schema):
    id: int
    kind: str
    official_id: int | None
    unit_id: int | None
    attendee_id: int | None
    substitute_id: int | None
    name: str
    response: str
    response_reason: str
    responded_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class AttendanceOut(Schema):
    """Answers to the invitation: one count per answer, and each participant."""

    total: int
    tham_du: int
    cu_du_thay: int
    khong_tham_du: int
    cho_xac_nhan: int
    participants: list[ParticipantOut]


class ResponseIn(Schema):
    response: str = Field(..., max_length=20, description="tham_du | cu_du_thay | khong_tham_du")
    reason: str = Field("", max_length=500, description="bắt buộc khi không tham dự")
    attendee_id: int | None = Field(None, ge=1, le=ID_MAX, description="người đơn vị cử dự")
    substitute_id: int | None = Field(None, ge=1, le=ID_MAX, description="người dự thay")


class ConclusionOut(Schema):
    id: int
    order: int
    content: str
    lead_unit_id: int | None
    lead_agency_id: int | None
    due_date: dt.date | None
    task_id: int | None


class MeetingOut(Schema):
    id: int
    agency_id: int
    uid: str
    sequence: int
    title: str
    description: str
    chair_id: int
    chair: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None
    place: str
    online: bool
    online_url: str
    preparing_unit_id: int | None
    state: str
    participants: list[ParticipantOut]

    @staticmethod
    def resolve_uid(obj: Meeting) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_chair(obj: Meeting) -> str:
        return obj.chair.full_name

    @staticmethod
    def resolve_participants(obj: Meeting) -> list:
        return list(obj.participants.all())


class MeetingIn(Schema):
    agency_id: int | None = Field(None, ge=1, le=ID_MAX, description="Mặc định: cơ quan của cán bộ")
    title: str = Field("", max_length=500)
    description: str = Field("", max_length=20000)
    chair_id: int = Field(..., ge=1, le=ID_MAX)
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None = Field(None, ge=1, le=ID_MAX)
    place: str = Field("", max_length=255)
    online: bool = False
    preparing_unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    people: list[Id] = Field(default_factory=list, max_length=200)
    units: list[Id] = Field(default_factory=list, max_length=200)
    schedule: bool = False
    override_conflicts: bool = False
    override_reason: str = Field("", max_length=255)


class MeetingPatch(Schema):
    title: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=20000)
    chair_id: int | None = Field(None, ge=1, le=ID_MAX)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    room_id: int | None = Field(None, ge=0, le=ID_MAX, description="0: bỏ phòng họp")
    place: str | None = Field(None, max_length=255)
    online: bool | None = None
    people: list[Id] | None = Field(None, max_length=200)
    units: list[Id] | None = Field(None, max_length=200)
    override_conflicts: bool = False
    override_reason: str = Field("", max_length=255)


class CancelIn(Schema):
    reason: str = Field("", max_length=2000)


class ConclusionIn(Schema):
    content: str = Field("", max_length=5000)
    lead_unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    lead_agency_id: int | None = Field(None, ge=1, le=ID_MAX)
    due_date: dt.date | None = None


def _not_found(field: str, message) -> DomainError:
    return DomainError("not_found", message, fields={field: [str(message)]}, status=404)


def _official(pk: int | None, field: str) -> Official | None:
    if pk is None:
        return None
    found = Official.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise _not_found(field, _("Không tìm thấy cán bộ."))
    return found


def _officials(ids: list[int], field: str) -> list[Official]:
    found = list(Official.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(set(ids)):
        raise _not_found(field, _("Không tìm thấy cán bộ."))
    return found


def _units(ids: list[int], field: str) -> list[Unit]:
    found = list(Unit.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(set(ids)):
        raise _not_found(field, _("Không tìm thấy đơn vị."))
    return found


def _unit(pk: int | None, field: str) -> Unit | None:
    return _units([pk], field)[0] if pk else None


def _room(pk: int | None) -> Room | None:
    if not pk:
        return None
    found = Room.objects.filter(pk=pk).first()
    if found is None:
        raise _not_found("room_id", _("Không tìm thấy phòng họp."))
    return found


def _visible(request, pk: int) -> Meeting:
    return get_object_or_404(selectors.meeting_detail_qs(request.auth), pk=pk)


@router.get("/rooms", response={200: list[RoomOut], **ERROR_RESPONSES}, summary="Phòng họp")
def room_list(request):
    ids = [a.pk for a in selectors.schedule_agencies_of(request.auth)]
    return list(selectors.rooms_of(ids).order_by("name"))


def _in_vietnam_time(value: dt.datetime | None) -> dt.datetime | None:
    """A query moment in Vietnam time: any offset a client sends (even +16:08, which PostgreSQL
    refuses) becomes the same instant at +07:00; a naive moment is read as Vietnam time."""
    if value is None:
        return None
    try:
        if value.tzinfo is None:
            return value.replace(tzinfo=clock.VN_TZ)
        return value.astimezone(clock.VN_TZ)
    except (OverflowError, ValueError):
        raise DomainError("invalid_moment", _("Thời điểm không hợp lệ.")) from None


@router.get(
    "/meetings", response={200: list[MeetingOut], **ERROR_RESPONSES}, summary="Danh sách cuộc họp"
)
@paginate(Pagination, page_size=50)
def meeting_list(
    request,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    state: str = "",
):
    return selectors.meetings_for_list(
        request.auth,
        start=_in_vietnam_time(start),
        end=_in_vietnam_time(end),
        state=state[:12] if state[:12] in MeetingState.values else "",
    ).prefetch_related("participants__official", "participants__unit")


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **ERROR_RESPONSES},
    summary="Một cuộc họp",
)
def meeting_read(request, meeting_id: int = IdPath("Mã cuộc họp")):
    return _visible(request, meeting_id)


@router.post("/meetings", response={201: MeetingOut, **WRITE_RESPONSES}, summary="Tạo cuộc họp")
def meeting_create(request, payload: MeetingIn):
    user = request.auth
    agency_id = payload.agency_id or user.agency_id
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        message = _("Chọn cơ quan tổ chức cuộc họp.")
        raise DomainError("agency_required", message, fields={"agency_id": [message]})
    meeting = services.meeting_create(
        user,
        agency=agency,
        title=payload.title,
        description=payload.description,
        chair=_official(payload.chair_id, "chair_id"),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        room=_room(payload.room_id),
        place=payload.place,
        online=payload.online,
        preparing_unit=_unit(payload.preparing_unit_id, "preparing_unit_id"),
        people=_officials(payload.people, "people"),
        units=_units(payload.units, "units"),
        schedule=payload.schedule,
        override_conflicts=payload.override_conflicts,
        override_reason=payload.override_reason,
    )
    return Status(201, _visible(request, meeting.pk))


@router.patch(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **WRITE_RESPONSES},
    summary="Sửa cuộc họp",
)
def meeting_update(request, payload: MeetingPatch, meeting_id: int = IdPath("Mã cuộc họp")):
    meeting = _visible(request, meeting_id)
    fields = {}
    for name in ("title", "description", "starts_at", "ends_at", "place", "online"):
        value = getattr(payload, name)
        if value is not None:
            fields[name] = value
    if payload.chair_id is not None:
        fields["chair"] = _official(payload.chair_id, "chair_id")
    if payload.room_id is not None:
        fields["room"] = _room(payload.room_id)
    services.meeting_update(
        request.auth,
        meeting,
        people=_officials(payload.people, "people") if payload.people is not None else None,
        units=_units(payload.units, "units") if payload.units is not None else None,
        override_conflicts=payload.override_conflicts,
        override_reason=payload.override_reason,
        **fields,
    )
    return _visible(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/schedule",
    response={200: MeetingOut, **WRITE_RESPONSES},
    summary="Lên lịch cuộc họp",
)
def meeting_schedule(request, meeting_id: int = IdPath("Mã cuộc họp"), override: bool = False):
    services.meeting_schedule(
        request.auth, _visible(request, meeting_id), override_conflicts=override
    )
    return _visible(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingOut, **WRITE_RESPONSES},
    summary="Hủy cuộc họp",
)
def meeting_cancel(request, payload: CancelIn, meeting_id: int = IdPath("Mã cuộc họp")):
    services.meeting_cancel(request.auth, _visible(request, meeting_id), reason=payload.reason)
    return _visible(request, meeting_id)


@router.get(
    "/meetings/{meeting_id}/conclusions",
    response={200: list[ConclusionOut], **ERROR_RESPONSES},
    summary="Kết luận cuộc họp",
)
def conclusion_list(request, meeting_id: int = IdPath("Mã cuộc họp")):
    return list(_visible(request, meeting_id).conclusions.all())


@router.post(
    "/meetings/{meeting_id}/conclusions",
    response={201: ConclusionOut, **WRITE_RESPONSES},
    summary="Thêm nội dung kết luận",
)
def conclusion_create(request, payload: ConclusionIn, meeting_id: int = IdPath("Mã cuộc họp")):
    lead_agency = None
    if payload.lead_agency_id:
        lead_agency = Agency.objects.filter(pk=payload.lead_agency_id).first()
        if lead_agency is None:
            raise _not_found("lead_agency_id", _("Không tìm thấy cơ quan."))
    item = services.conclusion_add(
        request.auth,
        _visible(request, meeting_id),
        content=payload.content,
        lead_unit=_unit(payload.lead_unit_id, "lead_unit_id"),
        lead_agency=lead_agency,
        due_date=payload.due_date,
    )
    return Status(201, ConclusionItem.objects.get(pk=item.pk))


@router.get(
    "/meetings/{meeting_id}/participants",
    response={200: AttendanceOut, **ERROR_RESPONSES},
    summary="Thành phần dự họp và xác nhận tham dự",
)
def participant_list(request, meeting_id: int = IdPath("Mã cuộc họp")):
    participants = list(_visible(request, meeting_id).participants.all())
    return {**selectors.attendance_counts(participants), "participants": participants}


@router.post(
    "/meetings/{meeting_id}/participants/{participant_id}/response",
    response={200: ParticipantOut, **WRITE_RESPONSES},
    summary="Xác nhận tham dự, không tham dự (có lý do) hoặc cử người dự thay",
)
def participant_respond(
    request,
    payload: ResponseIn,
    meeting_id: int = IdPath("Mã cuộc họp"),
    participant_id: int = IdPath("Mã thành phần dự họp"),
):
    meeting = _visible(request, meeting_id)
    row = get_object_or_404(meeting.participants.all(), pk=participant_id)
    return services.participant_respond(
        request.auth,
        row,
        response=payload.response,
        reason=payload.reason,
        attendee=_official(payload.attendee_id, "attendee_id"),
        substitute=_official(payload.substitute_id, "substitute_id"),
    )
