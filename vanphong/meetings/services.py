"""Writes of meetings, rooms, calendar feeds and weekly schedules. Each service is one
transaction: it checks the actor's right, validates (DomainError with a Vietnamese message),
changes rows and writes the event log.

Rules (``statutes.py``): a meeting ends after it starts; a room is never booked twice; a leader
booked twice is warned and may be overridden explicitly (the override is logged); every change
of a meeting raises its iCalendar SEQUENCE; a published schedule marks later changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock, eventlog, permissions
from vanphong.core.attachments.services import attachment_store
from vanphong.core.errors import DomainError
from vanphong.core.text import clean_multiline, clean_text
from vanphong.org.models import Official, Unit

from . import selectors
from .models import (
    BOOKING_STATES,
    AgendaItem,
    ConclusionItem,
    DocumentPurpose,
    FeedToken,
    Material,
    Meeting,
    MeetingDocument,
    MeetingState,
    Participant,
    ParticipantKind,
    ParticipantResponse,
    Room,
    ScheduleEntry,
    ScheduleState,
    ScheduleWeek,
)

MATERIAL_KINDS = ("pdf", "docx", "xlsx", "doc", "xls", "png", "jpeg", "txt")
MINUTES_KINDS = ("pdf", "docx", "doc")


# --------------------------------------------------------------------------------------------
# Helpers


def _forbidden(message=None) -> DomainError:
    return DomainError(
        "meeting_forbidden",
        message or _("Bạn không có quyền thực hiện thao tác này với cuộc họp."),
        status=403,
    )


def _invalid(code: str, field: str, message) -> DomainError:
    return DomainError(code, message, fields={field: [str(message)]})


def _log(action: str, meeting: Meeting, actor, *, from_state: str = "", payload=None) -> None:
    eventlog.record(
        action=f"meetings.{action}",
        actor=actor,
        agency=meeting.agency_id,
        case=meeting,
        from_state=from_state,
        to_state=meeting.state,
        payload=payload or {},
    )


def _require_manage(actor, meeting: Meeting) -> None:
    if not selectors.can_manage(actor, meeting):
        raise _forbidden()


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("agency").get(pk=meeting.pk)


def _touch(meeting: Meeting) -> None:
    """Every change of a meeting raises its iCalendar SEQUENCE (RFC 5545 §3.8.7.4)."""
    meeting.sequence += 1
    meeting.updated_at = clock.now()


def _moment(value, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise _invalid("moment_required", field, _("Nhập thời điểm theo dạng dd/mm/yyyy hh:mm."))
    return clock.local(value)


def _check_period(starts_at, ends_at) -> tuple[dt.datetime, dt.datetime]:
    starts_at = _moment(starts_at, "starts_at")
    ends_at = _moment(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise _invalid(
            "meeting_ends_before_start",
            "ends_at",
            _("Thời điểm kết thúc phải sau thời điểm bắt đầu cuộc họp."),
        )
    if ends_at - starts_at > dt.timedelta(days=7):
        raise _invalid("meeting_too_long", "ends_at", _("Một cuộc họp không kéo dài quá 7 ngày."))
    return starts_at, ends_at


def _person_label(official: Official) -> str:
    return official.full_name or official.username


def _check_room(meeting: Meeting) -> None:
    """A room is never booked twice: refused (409)."""
    if meeting.room_id is None:
        return
    Room.objects.select_for_update().filter(pk=meeting.room_id).first()  # serialise bookings
    clash = (
        selectors.overlapping(meeting.starts_at, meeting.ends_at, exclude=meeting)
        .filter(room_id=meeting.room_id)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        message = _g(
            "Phòng %(room)s đã được đặt cho cuộc họp “%(title)s” (%(start)s – %(end)s)."
        ) % {
            "room": meeting.room.name,
            "title": clash.title,
            "start": clock.local(clash.starts_at).strftime("%H:%M %d/%m/%Y"),
            "end": clock.local(clash.ends_at).strftime("%H:%M"),
        }
        raise DomainError("room_conflict", message, fields={"room": [message]}, status=409)


def leader_conflicts(meeting: Meeting) -> list[dict]:
    """Leaders (chair or attendees) already booked by another meeting at the same time."""
    leaders = selectors.leader_ids(selectors.people_of(meeting))
    if not leaders:
        return []
    booked = selectors.booked_people(
        selectors.overlapping(meeting.starts_at, meeting.ends_at, exclude=meeting)
    )
    names = dict(Official.objects.filter(pk__in=leaders).values_list("pk", "full_name"))
    conflicts = []
    for pk in sorted(leaders):
        for other in booked.get(pk, []):
            conflicts.append(
                {
                    "official_id": pk,
                    "official": names.get(pk, ""),
                    "meeting_id": other.pk,
                    "meeting": other.title,
                    "starts_at": clock.local(other.starts_at).strftime("%H:%M %d/%m/%Y"),
                }
            )
    return conflicts


def _check_leaders(meeting: Meeting, actor, *, override: bool, reason: str) -> None:
    """A leader booked twice is warned (409 ``leader_conflict``); an explicit override lets the
    booking through and is written to the event log with the conflicts."""
    conflicts = leader_conflicts(meeting)
    if not conflicts:
        return
    if not override:
        lines = "; ".join(
            _g("%(who)s đã có lịch “%(title)s” lúc %(at)s")
            % {"who": c["official"], "title": c["meeting"], "at": c["starts_at"]}
            for c in conflicts
        )
        message = _g("Trùng lịch lãnh đạo: %(lines)s.") % {"lines": lines}
        raise DomainError(
            "leader_conflict", message, fields={"override_conflicts": [message]}, status=409
        )
    _log(
        "leader_conflict_override",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"conflicts": conflicts, "reason": clean_text(reason)},
    )


def _online_room(meeting: Meeting) -> None:
    if meeting.online and not meeting.online_room:
        # 128 random bits: the name cannot be guessed from the meeting or enumerated.
        meeting.online_room = f"vp-{secrets.token_hex(16)}"
    if not meeting.online:
        meeting.online_room = ""


def _check_place(meeting: Meeting, agency) -> None:
    if meeting.room_id is not None:
        if not meeting.room.is_active or meeting.room.agency_id not in {
            a.pk for a in selectors.schedule_agencies(agency)
        }:
            raise _invalid("room_invalid", "room", _("Phòng họp không thuộc cơ quan tổ chức."))
    if meeting.room_id is None and not meeting.place and not meeting.online:
        raise _invalid(
            "place_required", "room", _("Chọn phòng họp, nhập địa điểm hoặc chọn họp trực tuyến.")
        )


def _set_participants(
    meeting: Meeting, people: Iterable[Official], units: Iterable[Unit]
) -> dict[str, list[int]]:
    """Replace the invitation list, keeping the rows (and who a unit named) that stay."""
    people_ids = {p.pk for p in people if p is not None} - {meeting.chair_id}
    unit_ids = {u.pk for u in units if u is not None}
    existing = list(meeting.participants.all())
    keep = []
    for p in existing:
        if (p.official_id and p.official_id in people_ids) or (p.unit_id and p.unit_id in unit_ids):
            keep.append(p)
        else:
            p.delete()
    have_people = {p.official_id for p in keep if p.official_id}
    have_units = {p.unit_id for p in keep if p.unit_id}
    for pk in sorted(people_ids - have_people):
        Participant.objects.create(meeting=meeting, kind=ParticipantKind.PERSON, official_id=pk)
    for pk in sorted(unit_ids - have_units):
        Participant.objects.create(meeting=meeting, kind=ParticipantKind.UNIT, unit_id=pk)
    return {"people": sorted(people_ids), "units": sorted(unit_ids)}


def _apply_fields(meeting: Meeting, data: dict[str, Any]) -> None:
    title = clean_text(data.get("title"))
    if not title:
        raise _invalid("title_required", "title", _("Nhập tên cuộc họp."))
    if data.get("chair") is None:
        raise _invalid("chair_required", "chair", _("Chọn người chủ trì cuộc họp."))
    meeting.title = title[:500]
    meeting.description = clean_multiline(data.get("description"))
    meeting.chair = data["chair"]
    meeting.starts_at, meeting.ends_at = _check_period(data.get("starts_at"), data.get("ends_at"))
    meeting.room = data.get("room")
    meeting.place = clean_text(data.get("place"))[:255]
    meeting.online = bool(data.get("online"))
    meeting.preparing_unit = data.get("preparing_unit")
    _online_room(meeting)


def _bookings_checked(meeting: Meeting, actor, *, override: bool, reason: str) -> None:
    if meeting.state in BOOKING_STATES:
        _check_room(meeting)
        _check_leaders(meeting, actor, override=override, reason=reason)


# --------------------------------------------------------------------------------------------
# Rooms


@transaction.atomic
def room_create(actor, *, agency, name: str, capacity: int, location: str = "") -> Room:
    if not selectors.can_organise(actor, agency):
        raise _forbidden()
    name = clean_text(name)
    if not name:
        raise _invalid("room_name_required", "name", _("Nhập tên phòng họp."))
    if not isinstance(capacity, int) or capacity < 1 or capacity > 10000:
        raise _invalid("capacity_invalid", "capacity", _("Sức chứa phải từ 1 đến 10.000 người."))
    if Room.objects.filter(agency=agency, name=name).exists():
        raise _invalid("room_exists", "name", _("Cơ quan đã có phòng họp cùng tên."))
    room = Room.objects.create(
        agency=agency, name=name[:150], capacity=capacity, location=clean_text(location)[:255]
    )
    eventlog.record(
        action="meetings.room_create",
        actor=actor,
        agency=agency,
        case=room,
        payload={"name": room.name, "capacity": capacity},
    )
    return room


# --------------------------------------------------------------------------------------------
# Meetings


@transaction.atomic
def meeting_create(
    actor,
    *,
    agency,
    title: str,
    chair: Official | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    place: str = "",
    online: bool = False,
    preparing_unit: Unit | None = None,
    description: str = "",
    people: Iterable[Official] = (),
    units: Iterable[Unit] = (),
    schedule: bool = False,
    override_conflicts: bool = False,
    override_reason: str = "",
) -> Meeting:
    """Create a meeting (a draft, or scheduled at once with ``schedule=True``). A draft books
    nothing; a scheduled meeting holds its room and its people."""
    if not selectors.can_organise(actor, agency):
        raise _forbidden()
    meeting = Meeting(agency=agency, created_by=actor, created_at=clock.now())
    _apply_fields(
        meeting,
        {
            "title": title,
            "chair": chair,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "room": room,
            "place": place,
            "online": online,
            "preparing_unit": preparing_unit,
            "description": description,
        },
    )
    _check_place(meeting, agency)
    meeting.save()
    invited = _set_participants(meeting, people, units)
    _log(
        "meeting_create",
        meeting,
        actor,
        payload={"title": meeting.title, "starts_at": meeting.starts_at.isoformat(), **invited},
    )
    if schedule:
        meeting = _schedule(actor, meeting, override=override_conflicts, reason=override_reason)
    return meeting


@transaction.atomic
def meeting_update(
    actor,
    meeting: Meeting,
    *,
    override_conflicts: bool = False,
    override_reason: str = "",
    people: Iterable[Official] | None = None,
    units: Iterable[Unit] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a draft or scheduled meeting; a scheduled one is checked again for conflicts and
    its schedule entries follow (marked as changed when the week is published)."""
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    if meeting.state not in (MeetingState.DRAFT, MeetingState.SCHEDULED):
        raise DomainError(
            "meeting_closed", _("Cuộc họp đã diễn ra hoặc đã hủy; không sửa được."), status=409
        )
    before = {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "room": meeting.room_id,
    }
    data = {
        "title": meeting.title,
        "chair": meeting.chair,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "room": meeting.room,
        "place": meeting.place,
        "online": meeting.online,
        "preparing_unit": meeting.preparing_unit,
        "description": meeting.description,
    }
    data.update(fields)
    _apply_fields(meeting, data)
    _check_place(meeting, meeting.agency)
    _touch(meeting)
    meeting.save()
    invited = {}
    if people is not None or units is not None:
        current_people = [p.official for p in meeting.participants.all() if p.official_id]
        current_units = [p.unit for p in meeting.participants.all() if p.unit_id]
        invited = _set_participants(
            meeting,
            current_people if people is None else people,
            current_units if units is None else units,
        )
    _bookings_checked(meeting, actor, override=override_conflicts, reason=override_reason)
    _log(
        "meeting_update",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"before": before, "sequence": meeting.sequence, **invited},
    )
    sync_schedule(meeting)
    return meeting


def _schedule(actor, meeting: Meeting, *, override: bool, reason: str) -> Meeting:
    before = meeting.state
    meeting.state = MeetingState.SCHEDULED
    _touch(meeting)
    meeting.save()
    _bookings_checked(meeting, actor, override=override, reason=reason)
    _log("meeting_schedule", meeting, actor, from_state=before)
    sync_schedule(meeting)
    return meeting


@transaction.atomic
def meeting_schedule(
    actor, meeting: Meeting, *, override_conflicts: bool = False, override_reason: str = ""
) -> Meeting:
    """A draft becomes scheduled: the room is booked (refused if taken), leaders are checked."""
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    if meeting.state != MeetingState.DRAFT:
        raise DomainError("not_draft", _("Chỉ lên lịch được cuộc họp dự kiến."), status=409)
    if meeting.starts_at < clock.now():
        raise _invalid(
            "meeting_in_past",
            "starts_at",
            _("Không lên lịch cho cuộc họp đã qua thời điểm bắt đầu."),
        )
    return _schedule(actor, meeting, override=override_conflicts, reason=override_reason)


@transaction.atomic
def meeting_cancel(actor, meeting: Meeting, *, reason: str) -> Meeting:
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    if meeting.state not in (MeetingState.DRAFT, MeetingState.SCHEDULED):
        raise DomainError(
            "cancel_not_allowed", _("Chỉ hủy được cuộc họp chưa diễn ra."), status=409
        )
    reason = clean_multiline(reason)
    if not reason:
        raise _invalid("reason_required", "reason", _("Nêu lý do hủy cuộc họp."))
    before = meeting.state
    meeting.state = MeetingState.CANCELLED
    meeting.cancel_reason = reason
    _touch(meeting)
    meeting.save()
    _log("meeting_cancel", meeting, actor, from_state=before, payload={"reason": reason})
    sync_schedule(meeting)
    return meeting


def _mark_held(actor, meeting: Meeting) -> None:
    if meeting.state == MeetingState.HELD:
        return
    if meeting.state != MeetingState.SCHEDULED or meeting.starts_at > clock.now():
        raise DomainError(
            "meeting_not_started",
            _("Cuộc họp chưa diễn ra: chỉ ghi biên bản, kết luận sau khi cuộc họp bắt đầu."),
            status=409,
        )
    meeting.state = MeetingState.HELD
    _touch(meeting)
    meeting.save()
    _log("meeting_held", meeting, actor, from_state=MeetingState.SCHEDULED)


@transaction.atomic
def meeting_mark_held(actor, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    _mark_held(actor, meeting)
    return meeting


@transaction.atomic
def participant_update(
    actor, participant: Participant, *, attendee: Official | None = None, substitute=None
) -> Participant:
    """A unit names who attends; the invited person (or the named attendee) may send a
    deputy. ``substitute=None`` clears the deputy."""
    participant = Participant.objects.select_related("meeting", "unit").get(pk=participant.pk)
    meeting = _locked(participant.meeting)
    if not selectors.can_name_attendee(actor, participant):
        raise _forbidden()
    if meeting.state not in (MeetingState.DRAFT, MeetingState.SCHEDULED):
        raise DomainError("meeting_closed", _("Cuộc họp đã diễn ra hoặc đã hủy."), status=409)
    if participant.kind == ParticipantKind.UNIT:
        if attendee is None:
            raise _invalid("attendee_required", "attendee", _("Chọn người dự họp của đơn vị."))
        participant.attendee = attendee
    if substitute is not None and substitute.pk in (
        participant.official_id,
        participant.attendee_id,
    ):
        substitute = None
    participant.substitute = substitute
    if substitute is not None:
        participant.response = ParticipantResponse.DEPUTY
        participant.responded_by, participant.responded_at = actor, clock.now()
    elif participant.response == ParticipantResponse.DEPUTY:
        participant.response = ParticipantResponse.PENDING
        participant.responded_by, participant.responded_at = None, None
    participant.save()
    _touch(meeting)
    meeting.save()
    _log(
        "participant_update",
        meeting,
        actor,
        from_state=meeting.state,
        payload={
            "participant": participant.pk,
            "attendee": participant.attendee_id,
            "substitute": participant.substitute_id,
        },
    )
    sync_schedule(meeting)
    return participant


@transaction.atomic
def participant_respond(
    actor,
    participant: Participant,
    *,
    response: str,
    reason: str = "",
    attendee: Official | None = None,
    substitute: Official | None = None,
) -> Participant:
    """The invitee's answer (xác nhận tham dự): attend, decline (a reason is required) or send
    a deputy (``substitute``, someone other than the invited person). For a unit, the person
    it sends (``attendee``) is named with the answer or was named before. Given by the invited
    person, the unit's attendee or leaders, or recorded by the organisers on their behalf.

    A change of who attends (deputy, attendee) raises the meeting's SEQUENCE like any change of
    the meeting; a plain answer does not (RFC 5545 §3.8.7.4: SEQUENCE counts the organiser's
    revisions; the answer shows as the attendee's PARTSTAT in their feed). A declined
    invitation books nobody (leader conflicts, weekly schedule)."""
    participant = Participant.objects.select_related("meeting", "unit").get(pk=participant.pk)
    meeting = _locked(participant.meeting)
    participant.meeting = meeting
    if not selectors.can_name_attendee(actor, participant):
        raise _forbidden()
    if meeting.state not in (MeetingState.DRAFT, MeetingState.SCHEDULED):
        raise DomainError("meeting_closed", _("Cuộc họp đã diễn ra hoặc đã hủy."), status=409)
    answers = {c for c, _label in ParticipantResponse.choices} - {ParticipantResponse.PENDING}
    if response not in answers:
        raise _invalid(
            "response_invalid",
            "response",
            _("Chọn tham dự, cử người dự thay hoặc không tham dự."),
        )
    reason = clean_text(reason or "")[:500]
    before = (participant.attendee_id, participant.substitute_id)
    if participant.kind == ParticipantKind.UNIT and attendee is not None:
        participant.attendee = attendee
    if response == ParticipantResponse.DECLINED:
        if not reason:
            raise _invalid("reason_required", "reason", _("Nhập lý do không tham dự cuộc họp."))
        participant.substitute = None
    elif response == ParticipantResponse.ATTENDING:
        if participant.kind == ParticipantKind.UNIT and participant.attendee_id is None:
            raise _invalid("attendee_required", "attendee", _("Chọn người dự họp của đơn vị."))
        participant.substitute = None
    else:  # a deputy
        if substitute is None:
            raise _invalid(
                "substitute_required", "substitute", _("Chọn người được cử dự họp thay.")
            )
        if participant.kind == ParticipantKind.UNIT and participant.attendee_id is None:
            raise _invalid(
                "attendee_required",
                "attendee",
                _("Chọn người được mời dự họp của đơn vị trước khi cử người dự thay."),
            )
        if substitute.pk == participant.invited_person.pk or not permissions.is_active_user(
            substitute
        ):
            raise _invalid(
                "substitute_invalid",
                "substitute",
                _("Người dự thay phải là một cán bộ khác người được mời."),
            )
        participant.substitute = substitute
    previous = participant.response
    participant.response = response
    participant.response_reason = reason
    participant.responded_by = actor
    participant.responded_at = clock.now()
    participant.save()
    people_changed = before != (participant.attendee_id, participant.substitute_id)
    if people_changed:
        _touch(meeting)
        meeting.save()
    _log(
        "participant_respond",
        meeting,
        actor,
        from_state=meeting.state,
        payload={
            "participant": participant.pk,
            "from": previous,
            "response": response,
            "reason": reason,
            "attendee": participant.attendee_id,
            "substitute": participant.substitute_id,
        },
    )
    if people_changed or ParticipantResponse.DECLINED in (previous, response):
        sync_schedule(meeting)
    return participant


@transaction.atomic
def agenda_item_add(
    actor, meeting: Meeting, *, title: str, presenting_unit: Unit | None = None, minutes=None
) -> AgendaItem:
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    title = clean_text(title)
    if not title:
        raise _invalid("agenda_title_required", "title", _("Nhập nội dung chương trình họp."))
    if minutes is not None and not (1 <= int(minutes) <= 1440):
        raise _invalid("minutes_invalid", "minutes", _("Thời lượng từ 1 đến 1.440 phút."))
    order = meeting.agenda.count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        title=title[:500],
        presenting_unit=presenting_unit,
        minutes=minutes,
    )
    _touch(meeting)
    meeting.save()
    _log("agenda_item_add", meeting, actor, from_state=meeting.state, payload={"item": item.pk})
    return item


@transaction.atomic
def material_add(actor, item: AgendaItem, *, title: str = "", file=None, document=None) -> Material:
    """A material of an agenda item: an uploaded file (stored through the attachments kernel)
    or a document the actor may see."""
    meeting = _locked(item.meeting)
    _require_manage(actor, meeting)
    if file is None and document is None:
        raise _invalid("material_required", "file", _("Tải lên một tệp hoặc chọn văn bản."))
    if document is not None and not permissions.can_view(actor, "documents.incoming", document):
        raise _invalid("document_invalid", "document", _("Không tìm thấy văn bản."))
    attachment = None
    if file is not None:
        attachment = attachment_store(
            acting_user=actor, file=file, kinds=MATERIAL_KINDS, agency=meeting.agency, case=meeting
        )
    title = clean_text(title) or (
        attachment.original_name if attachment else str(document.trich_yeu)[:255]
    )
    material = Material.objects.create(
        item=item,
        title=title[:255],
        attachment=attachment,
        document=document,
        added_by=actor,
        added_at=clock.now(),
    )
    _log(
        "material_add",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"item": item.pk, "material": material.pk},
    )
    return material


# --------------------------------------------------------------------------------------------
# After the meeting


@transaction.atomic
def minutes_save(actor, meeting: Meeting, *, text: str, file=None) -> Meeting:
    """The minutes (biên bản): text and optionally the signed file. Marks the meeting held."""
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    _mark_held(actor, meeting)
    text = clean_multiline(text)
    if not text and file is None:
        raise _invalid("minutes_required", "text", _("Nhập nội dung biên bản hoặc tải tệp lên."))
    meeting.minutes_text = text
    if file is not None:
        meeting.minutes_file = attachment_store(
            acting_user=actor, file=file, kinds=MINUTES_KINDS, agency=meeting.agency, case=meeting
        )
    meeting.save()
    _log(
        "minutes_save",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"file": meeting.minutes_file_id, "length": len(text)},
    )
    return meeting


@transaction.atomic
def conclusion_add(
    actor,
    meeting: Meeting,
    *,
    content: str,
    lead_unit: Unit | None = None,
    lead_agency=None,
    due_date: dt.date | None = None,
    summary: str | None = None,
) -> ConclusionItem:
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    _mark_held(actor, meeting)
    if meeting.documents.filter(purpose=DocumentPurpose.CONCLUSION).exists():
        raise DomainError(
            "notice_drafted",
            _("Thông báo kết luận đã được dự thảo; không thêm nội dung kết luận."),
            status=409,
        )
    content = clean_multiline(content)
    if not content:
        raise _invalid("content_required", "content", _("Nhập nội dung kết luận."))
    if (lead_unit is None) == (lead_agency is None):
        raise _invalid(
            "lead_required", "lead_unit", _("Chọn một đơn vị hoặc một cơ quan chủ trì thực hiện.")
        )
    if due_date is not None and due_date < clock.local(meeting.starts_at).date():
        raise _invalid("due_before_meeting", "due_date", _("Thời hạn không được trước ngày họp."))
    if summary is not None:
        meeting.conclusion_summary = clean_multiline(summary)
        meeting.save()
    item = ConclusionItem.objects.create(
        meeting=meeting,
        order=meeting.conclusions.count() + 1,
        content=content,
        lead_unit=lead_unit,
        lead_agency=lead_agency,
        due_date=due_date,
    )
    _log(
        "conclusion_add",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"item": item.pk, "due_date": due_date.isoformat() if due_date else None},
    )
    return item


def _outgoing():
    try:
        from vanphong.documents.services import outgoing_draft_create
    except ImportError:
        raise DomainError(
            "documents_unavailable",
            _("Phân hệ văn bản đi chưa sẵn sàng; chưa dự thảo được văn bản."),
            status=409,
        ) from None
    return outgoing_draft_create


def _doc_type(name: str, abbreviation: str):
    from vanphong.documents.models import DocumentType

    found = (
        DocumentType.objects.filter(abbreviation=abbreviation).first()
        or DocumentType.objects.filter(name__iexact=name).first()
    )
    if found is None:
        raise DomainError(
            "doc_type_missing", _("Danh mục loại văn bản chưa có loại cần dùng."), status=409
        )
    return found


def _draft(actor, meeting: Meeting, *, purpose: str, doc_type, trich_yeu: str, recipients):
    draft = _outgoing()(
        actor,
        agency=meeting.agency,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        recipients=recipients,
        source=meeting,
    )
    record = MeetingDocument.objects.create(
        meeting=meeting, purpose=purpose, document_id=draft.pk, trich_yeu=trich_yeu[:500]
    )
    _log(
        f"{purpose}_draft",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"document_id": draft.pk},
    )
    return record


@transaction.atomic
def invitation_draft(actor, meeting: Meeting) -> MeetingDocument:
    """The invitation (giấy mời) drafted as an outgoing document of the documents module."""
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    if meeting.state != MeetingState.SCHEDULED:
        raise DomainError(
            "not_scheduled", _("Chỉ gửi giấy mời cho cuộc họp đã lên lịch."), status=409
        )
    if meeting.documents.filter(purpose=DocumentPurpose.INVITATION).exists():
        raise DomainError("invitation_exists", _("Giấy mời đã được dự thảo."), status=409)
    recipients: list = []
    for p in meeting.participants.select_related("unit", "official"):
        unit = p.unit or (
            Unit.objects.filter(memberships__official=p.official, memberships__is_primary=True)
            .select_related("agency")
            .first()
        )
        if unit is not None and unit not in recipients:
            recipients.append(unit)
    start = clock.local(meeting.starts_at)
    trich_yeu = _g("Mời dự cuộc họp: %(title)s (%(at)s)") % {
        "title": meeting.title,
        "at": start.strftime("%H:%M %d/%m/%Y"),
    }
    return _draft(
        actor,
        meeting,
        purpose=DocumentPurpose.INVITATION,
        doc_type=_doc_type("Giấy mời", "GM"),
        trich_yeu=trich_yeu,
        recipients=recipients,
    )


@transaction.atomic
def conclusion_notice_draft(actor, meeting: Meeting) -> MeetingDocument:
    """The conclusion notice (thông báo kết luận) drafted in the documents module; its content
    is the list of conclusions. Issued there; ``on_outgoing_issued`` records the number."""
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    if meeting.state != MeetingState.HELD:
        raise DomainError("not_held", _("Cuộc họp chưa diễn ra."), status=409)
    items = list(meeting.conclusions.select_related("lead_unit", "lead_agency"))
    if not items:
        raise DomainError(
            "no_conclusions", _("Chưa có nội dung kết luận để ra thông báo."), status=409
        )
    if meeting.documents.filter(purpose=DocumentPurpose.CONCLUSION).exists():
        raise DomainError("notice_exists", _("Thông báo kết luận đã được dự thảo."), status=409)
    recipients: list = []
    for i in items:
        lead = i.lead_unit or i.lead_agency
        if lead not in recipients:
            recipients.append(lead)
    trich_yeu = _g("Kết luận của %(chair)s tại cuộc họp %(title)s") % {
        "chair": meeting.chair.full_name,
        "title": meeting.title,
    }
    return _draft(
        actor,
        meeting,
        purpose=DocumentPurpose.CONCLUSION,
        doc_type=_doc_type("Thông báo", "TB"),
        trich_yeu=trich_yeu,
        recipients=recipients,
    )


@transaction.atomic
def record_issued(document, *, actor=None) -> MeetingDocument | None:
    """Called when the documents module issues an outgoing document: if it was drafted for a
    meeting, keep its number and issue moment on the meeting."""
    record = (
        MeetingDocument.objects.select_related("meeting").filter(document_id=document.pk).first()
    )
    if record is None or record.issued_at is not None:
        return record
    actor = actor or getattr(document, "issued_by", None)
    record.issued_at = getattr(document, "issued_at", None) or clock.now()
    record.number = str(getattr(document, "code", "") or "")[:100]
    record.save()
    _log(
        f"{record.purpose}_issued",
        record.meeting,
        actor,
        from_state=record.meeting.state,
        payload={"document_id": document.pk, "number": record.number},
    )
    return record


def notice_issued(meeting: Meeting) -> MeetingDocument | None:
    return meeting.documents.filter(
        purpose=DocumentPurpose.CONCLUSION, issued_at__isnull=False
    ).first()


@transaction.atomic
def conclusions_to_tasks(actor, meeting: Meeting) -> list:
    """ONE step: every conclusion item without a task becomes a task of the tasks module,
    sourced from the item (so it links back to the meeting). Needs the issued notice."""
    try:
        from vanphong.tasks.services import task_create
    except ImportError:
        raise DomainError(
            "tasks_unavailable", _("Phân hệ nhiệm vụ chưa sẵn sàng."), status=409
        ) from None
    meeting = _locked(meeting)
    _require_manage(actor, meeting)
    notice = notice_issued(meeting)
    if notice is None:
        raise DomainError(
            "notice_not_issued",
            _("Thông báo kết luận chưa được ban hành: chưa giao nhiệm vụ."),
            status=409,
        )
    created = []
    label = _g("Thông báo kết luận %(number)s — %(title)s") % {
        "number": notice.number,
        "title": meeting.title,
    }
    # The tasks belong to the agency the chair leads: the Committee for a meeting its leader
    # chairs that its Office organises.
    chair_agency = meeting.chair.agency
    agency = (
        chair_agency
        if chair_agency is not None
        and chair_agency.pk in {a.pk for a in selectors.schedule_agencies(meeting.agency)}
        else meeting.agency
    )
    items = meeting.conclusions.select_related("lead_unit", "lead_agency")
    for item in items.select_for_update(of=("self",)):
        if item.task_id is not None:
            continue
        task = task_create(
            actor,
            agency=agency,
            content=item.content,
            assigned_by=meeting.chair,
            lead_unit=item.lead_unit,
            lead_agency=item.lead_agency,
            due_date=item.due_date,
            source=item,
            source_label=label[:500],
        )
        item.task_id = task.pk
        item.save(update_fields=["task_id"])
        created.append(task)
    if not created:
        raise DomainError(
            "no_new_tasks", _("Mọi nội dung kết luận đã được giao nhiệm vụ."), status=409
        )
    _log(
        "conclusions_to_tasks",
        meeting,
        actor,
        from_state=meeting.state,
        payload={"tasks": [t.pk for t in created]},
    )
    return created


# --------------------------------------------------------------------------------------------
# Personal calendar feed


def feed_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def feed_token_regenerate(actor) -> str:
    """A new secret for the actor's personal calendar feed; the old address stops working.
    Returns the raw secret (only its hash is kept)."""
    if not permissions.is_active_user(actor):
        raise _forbidden()
    raw = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(
        official=actor, defaults={"token_hash": feed_hash(raw), "created_at": clock.now()}
    )
    eventlog.record(
        action="meetings.feed_token_regenerate", actor=actor, agency=actor.agency_id, case=actor
    )
    return raw


def feed_owner(raw: str) -> Official | None:
    if not raw or len(raw) > 100:
        return None
    token = FeedToken.objects.select_related("official").filter(token_hash=feed_hash(raw)).first()
    if token is None or not token.official.is_active:
        return None
    return token.official


# --------------------------------------------------------------------------------------------
# Weekly work schedule


def _week_log(action: str, week: ScheduleWeek, actor, *, from_state="", payload=None) -> None:
    eventlog.record(
        action=f"meetings.{action}",
        actor=actor,
        agency=week.agency_id,
        case=week,
        from_state=from_state,
        to_state=week.state,
        payload=payload or {},
    )


def _entry_values(meeting: Meeting) -> dict:
    attendees = ", ".join(
        str(p.unit) if p.unit_id else _person_label(p.official)
        for p in meeting.participants.all()
        if p.unit_id or p.official_id
    )
    return {
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "content": meeting.title,
        "location": meeting.place_label[:255],
        "attendees": attendees[:500],
        "cancelled": meeting.state == MeetingState.CANCELLED,
    }


def _meeting_leaders(meeting: Meeting, leaders: set[int]) -> set[int]:
    if meeting.state not in BOOKING_STATES and meeting.state != MeetingState.CANCELLED:
        return set()
    return selectors.people_of(meeting) & leaders


def _mark(entry: ScheduleEntry, week: ScheduleWeek, note: str) -> None:
    if week.state == ScheduleState.PUBLISHED:
        entry.changed_after_publish = True
        entry.changed_at = clock.now()
        entry.change_note = note[:255]


def sync_schedule(meeting: Meeting) -> None:
    """Bring the schedule entries of ``meeting`` up to date in every week that shows it (or
    should); in a published week each changed entry is marked with what changed."""
    local_day = clock.local(meeting.starts_at).date()
    monday = selectors.week_start_of(local_day)
    weeks = set(ScheduleWeek.objects.filter(entries__meeting=meeting).values_list("pk", flat=True))
    for agency in selectors.schedule_agencies(meeting.agency):
        weeks.update(
            ScheduleWeek.objects.filter(agency=agency, week_start=monday).values_list(
                "pk", flat=True
            )
        )
    for week in ScheduleWeek.objects.filter(pk__in=weeks).select_related("agency"):
        _sync_week_meeting(week, meeting)


def _sync_week_meeting(week: ScheduleWeek, meeting: Meeting) -> None:
    leaders = set(selectors.schedule_leaders(week.agency).values_list("pk", flat=True))
    in_week = selectors.week_start_of(clock.local(meeting.starts_at).date()) == week.week_start
    wanted = _meeting_leaders(meeting, leaders) if in_week else set()
    values = _entry_values(meeting)
    existing = {e.leader_id: e for e in week.entries.filter(meeting=meeting)}
    for leader_id in wanted - existing.keys():
        if meeting.state == MeetingState.CANCELLED:
            continue
        entry = ScheduleEntry(week=week, leader_id=leader_id, meeting=meeting, **values)
        _mark(entry, week, _g("Bổ sung"))
        entry.save()
    for leader_id, entry in existing.items():
        if leader_id not in wanted:
            if not entry.cancelled:
                entry.cancelled = True
                _mark(entry, week, _g("Không tham dự / chuyển sang tuần khác"))
                entry.save()
            continue
        changes = []
        for field, value in values.items():
            if getattr(entry, field) != value:
                changes.append(field)
                setattr(entry, field, value)
        if changes:
            labels = {
                "starts_at": _g("Đổi thời gian"),
                "ends_at": _g("Đổi thời gian"),
                "location": _g("Đổi địa điểm"),
                "content": _g("Đổi nội dung"),
                "attendees": _g("Đổi thành phần"),
                "cancelled": _g("Hủy") if values["cancelled"] else _g("Khôi phục"),
            }
            _mark(entry, week, ", ".join(dict.fromkeys(labels[c] for c in changes)))
            entry.save()


@transaction.atomic
def schedule_week_build(actor, *, agency, week_start: dt.date) -> ScheduleWeek:
    """Create (or refresh) the schedule of the week starting on ``week_start`` (a Monday) from
    the scheduled meetings of the agency's leaders."""
    if not selectors.can_edit_schedule(actor, agency):
        raise _forbidden(_("Bạn không có quyền xây dựng lịch công tác của cơ quan này."))
    if week_start.weekday() != 0:
        raise _invalid("not_monday", "week_start", _("Tuần bắt đầu từ thứ Hai."))
    week, created = ScheduleWeek.objects.select_for_update().get_or_create(
        agency=agency, week_start=week_start
    )
    for meeting in selectors.meetings_for_week(agency, week_start):
        _sync_week_meeting(week, meeting)
    _week_log("schedule_build", week, actor, payload={"created": created})
    return week


def _week_locked(week: ScheduleWeek) -> ScheduleWeek:
    return ScheduleWeek.objects.select_for_update().select_related("agency").get(pk=week.pk)


@transaction.atomic
def schedule_entry_add(
    actor,
    week: ScheduleWeek,
    *,
    leader: Official,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    content: str,
    location: str = "",
    attendees: str = "",
    is_public: bool = True,
) -> ScheduleEntry:
    """Another activity of a leader (a field trip, receiving citizens…) added to the week."""
    week = _week_locked(week)
    if not selectors.can_edit_schedule(actor, week.agency):
        raise _forbidden(_("Bạn không có quyền sửa lịch công tác của cơ quan này."))
    if leader is None or not selectors.schedule_leaders(week.agency).filter(pk=leader.pk).exists():
        raise _invalid("leader_invalid", "leader", _("Chọn một lãnh đạo có trong lịch công tác."))
    starts_at = _moment(starts_at, "starts_at")
    if ends_at is not None:
        starts_at, ends_at = _check_period(starts_at, ends_at)
    day = starts_at.date()
    if not (week.week_start <= day < week.week_start + dt.timedelta(days=7)):
        raise _invalid("entry_outside_week", "starts_at", _("Thời điểm không thuộc tuần này."))
    content = clean_multiline(content)
    if not content:
        raise _invalid("content_required", "content", _("Nhập nội dung công việc."))
    entry = ScheduleEntry(
        week=week,
        leader=leader,
        starts_at=starts_at,
        ends_at=ends_at,
        content=content,
        location=clean_text(location)[:255],
        attendees=clean_text(attendees)[:500],
        is_public=bool(is_public),
    )
    _mark(entry, week, _g("Bổ sung"))
    entry.save()
    _week_log("schedule_entry_add", week, actor, from_state=week.state, payload={"entry": entry.pk})
    return entry


@transaction.atomic
def schedule_entry_cancel(actor, entry: ScheduleEntry) -> ScheduleEntry:
    week = _week_locked(entry.week)
    if not selectors.can_edit_schedule(actor, week.agency):
        raise _forbidden(_("Bạn không có quyền sửa lịch công tác của cơ quan này."))
    entry = ScheduleEntry.objects.get(pk=entry.pk)
    if entry.meeting_id:
        raise DomainError(
            "entry_from_meeting",
            _("Mục này lấy từ cuộc họp: hủy hoặc sửa cuộc họp."),
            status=409,
        )
    if entry.cancelled:
        return entry
    entry.cancelled = True
    _mark(entry, week, _g("Hủy"))
    entry.save()
    _week_log(
        "schedule_entry_cancel", week, actor, from_state=week.state, payload={"entry": entry.pk}
    )
    return entry


@transaction.atomic
def schedule_approve(actor, week: ScheduleWeek) -> ScheduleWeek:
    week = _week_locked(week)
    if not selectors.can_approve_schedule(actor, week.agency):
        raise _forbidden(_("Chỉ lãnh đạo Văn phòng duyệt lịch công tác."))
    if week.state != ScheduleState.DRAFT:
        raise DomainError("already_approved", _("Lịch công tác đã được duyệt."), status=409)
    week.state = ScheduleState.APPROVED
    week.approved_by = actor
    week.approved_at = clock.now()
    week.save()
    _week_log("schedule_approve", week, actor, from_state=ScheduleState.DRAFT)
    return week


@transaction.atomic
def schedule_publish(actor, week: ScheduleWeek) -> ScheduleWeek:
    """Publish an approved schedule (internal page and the public page). Later changes of its
    entries are marked as changed after publishing."""
    week = _week_locked(week)
    if not selectors.can_approve_schedule(actor, week.agency):
        raise _forbidden(_("Chỉ lãnh đạo Văn phòng công bố lịch công tác."))
    if week.state != ScheduleState.APPROVED:
        raise DomainError(
            "not_approved", _("Lịch công tác phải được duyệt trước khi công bố."), status=409
        )
    week.state = ScheduleState.PUBLISHED
    week.published_at = clock.now()
    week.save()
    _week_log("schedule_publish", week, actor, from_state=ScheduleState.APPROVED)
    return week
