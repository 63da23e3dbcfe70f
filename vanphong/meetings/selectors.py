"""Reads of meetings and schedules: who sees and who organises what, conflicts, calendars."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from vanphong.core import clock, permissions
from vanphong.org.models import Agency, AgencyKind, Official, Role, RoleGrant
from vanphong.org.selectors import agencies_of, effective_roles, units_of

from .models import (
    BOOKING_STATES,
    AgendaItem,
    ConclusionItem,
    Meeting,
    MeetingState,
    Participant,
    ParticipantResponse,
    Room,
    ScheduleEntry,
    ScheduleState,
    ScheduleWeek,
)

KIND = "meetings.meeting"
#: Roles that organise the meetings of their agency (the Office's staff and leaders).
ORGANISER_ROLES = frozenset(
    {
        Role.VAN_THU,
        Role.CHUYEN_VIEN,
        Role.LANH_DAO_PHONG,
        Role.LANH_DAO_VAN_PHONG,
        Role.LANH_DAO_UBND,
    }
)
#: Officials whose double booking is warned (chair or participant).
LEADER_ROLES = frozenset({Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Leaders shown in the weekly work schedule (the Committee's and the Office's).
SCHEDULE_LEADER_ROLES = (Role.LANH_DAO_UBND, Role.LANH_DAO_VAN_PHONG)
SCHEDULE_EDITOR_ROLES = frozenset(
    {Role.VAN_THU, Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG}
)
SCHEDULE_APPROVER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})


@permissions.visibility(KIND, model="meetings.Meeting", perm="meetings.view_meeting")
def meeting_visible(user, qs: QuerySet) -> QuerySet:
    """Officials of the organising agency see its meetings (a People's Committee and its Office
    share one calendar); anyone invited (in person, as the attendee named by a unit, as a
    deputy, or through one of their units) sees that meeting."""
    shared = {a.pk for agency in agencies_of(user) for a in schedule_agencies(agency)}
    mine = Q(agency_id__in=sorted(shared)) | Q(chair=user)
    invited = Participant.objects.filter(
        Q(official=user) | Q(attendee=user) | Q(substitute=user) | Q(unit__in=units_of(user))
    ).values("meeting_id")
    return qs.filter(mine | Q(pk__in=invited))


def can_organise(user, agency) -> bool:
    return permissions.is_active_user(user) and bool(
        effective_roles(user, agency) & ORGANISER_ROLES
    )


def can_manage(user, meeting: Meeting) -> bool:
    """Organisers of the meeting's agency and its chair may change the meeting."""
    if not permissions.is_active_user(user):
        return False
    return meeting.chair_id == user.pk or can_organise(user, meeting.agency_id)


def can_name_attendee(user, participant: Participant) -> bool:
    """The organisers, the invited person (to send a deputy), or a leader of the invited unit
    (to name who attends)."""
    if not permissions.is_active_user(user):
        return False
    if can_manage(user, participant.meeting):
        return True
    if participant.official_id == user.pk or participant.attendee_id == user.pk:
        return True
    if participant.unit_id is None:
        return False
    unit = participant.unit
    return (
        RoleGrant.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True),
            official=user,
            agency_id=unit.agency_id,
            role__in=list(LEADER_ROLES),
        ).exists()
        or unit.memberships.filter(official=user, is_head=True).exists()
    )


def attendance_counts(participants) -> dict[str, int]:
    """Answers to the invitation over ``participants`` (already loaded: no query):
    ``{response code: count}`` for every code, and ``total``."""
    counts = {code: 0 for code, _label in ParticipantResponse.choices}
    for p in participants:
        counts[p.response] = counts.get(p.response, 0) + 1
    counts["total"] = len(participants)
    return counts


def partstat_for(meeting: Meeting, official_id: int, participants) -> tuple[str, str]:
    """The feed owner's ``(ROLE, PARTSTAT)`` in ``meeting`` (RFC 5545 §3.2.16, §3.2.12):
    the chair is CHAIR/ACCEPTED; an invitee NEEDS-ACTION, ACCEPTED, DECLINED, or DELEGATED when
    they sent a deputy; the deputy ACCEPTED (sent by their superior)."""
    if meeting.chair_id == official_id:
        return "CHAIR", "ACCEPTED"
    for p in participants:
        if p.substitute_id == official_id:
            return "REQ-PARTICIPANT", "ACCEPTED"
        if official_id in (p.official_id, p.attendee_id):
            return "REQ-PARTICIPANT", {
                ParticipantResponse.ATTENDING: "ACCEPTED",
                ParticipantResponse.DECLINED: "DECLINED",
                ParticipantResponse.DEPUTY: "DELEGATED",
            }.get(p.response, "NEEDS-ACTION")
    return "REQ-PARTICIPANT", "NEEDS-ACTION"


def organiser_agencies(user) -> list[Agency]:
    return [a for a in agencies_of(user) if can_organise(user, a)]


def leader_ids(official_ids) -> set[int]:
    """Of ``official_ids``, those holding a leader role anywhere."""
    return set(
        RoleGrant.objects.filter(
            official_id__in=list(official_ids), role__in=list(LEADER_ROLES)
        ).values_list("official_id", flat=True)
    )


def people_of(meeting: Meeting) -> set[int]:
    """Officials booked by the meeting: the chair and everyone who attends."""
    ids = {meeting.chair_id}
    for p in meeting.participants.all():
        person = p.present_person
        if person is not None:
            ids.add(person.pk)
    return ids


def overlapping(starts_at: dt.datetime, ends_at: dt.datetime, *, exclude=None) -> QuerySet:
    qs = Meeting.objects.filter(
        state__in=BOOKING_STATES, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def booked_people(meetings: QuerySet) -> dict[int, list[Meeting]]:
    """official id → the meetings (of ``meetings``) that book them."""
    booked: dict[int, list[Meeting]] = {}
    for m in meetings.prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("official", "attendee", "substitute"),
        )
    ):
        for pk in people_of(m):
            booked.setdefault(pk, []).append(m)
    return booked


def meetings_for_list(
    user, *, start: dt.datetime | None = None, end: dt.datetime | None = None, state: str = ""
) -> QuerySet[Meeting]:
    qs = permissions.visible(user, KIND, Meeting.objects.all())
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("agency", "chair", "room", "preparing_unit").order_by(
        "starts_at", "pk"
    )


def meeting_detail_qs(user) -> QuerySet[Meeting]:
    return (
        permissions.visible(user, KIND, Meeting.objects.all())
        .select_related("agency", "chair", "room", "preparing_unit", "minutes_file")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "official", "unit", "unit__agency", "attendee", "substitute"
                ),
            ),
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.select_related("presenting_unit").prefetch_related(
                    "materials__attachment", "materials__document"
                ),
            ),
            Prefetch(
                "conclusions",
                queryset=ConclusionItem.objects.select_related("lead_unit", "lead_agency"),
            ),
            "documents",
        )
    )


def today_count(user) -> int:
    """Meetings of today (Vietnam time) the user takes part in or organises (one query)."""
    start = dt.datetime.combine(clock.today(), dt.time(0, 0), tzinfo=clock.VN_TZ)
    end = start + dt.timedelta(days=1)
    return (
        permissions.visible(user, KIND, Meeting.objects.all())
        .filter(state__in=BOOKING_STATES, starts_at__lt=end, ends_at__gt=start)
        .count()
    )


def feed_meetings(official: Official) -> QuerySet[Meeting]:
    """The meetings of an official's personal calendar feed: chaired or attended, not drafts."""
    invited = Participant.objects.filter(
        Q(official=official) | Q(attendee=official) | Q(substitute=official)
    ).values("meeting_id")
    return (
        Meeting.objects.filter(Q(chair=official) | Q(pk__in=invited))
        .exclude(state=MeetingState.DRAFT)
        .select_related("room", "chair", "agency")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(
                    Q(official=official) | Q(attendee=official) | Q(substitute=official)
                ),
                to_attr="feed_rows",
            )
        )
        .order_by("starts_at")
    )


def rooms_of(agency_ids) -> QuerySet[Room]:
    return Room.objects.filter(agency_id__in=list(agency_ids), is_active=True).select_related(
        "agency"
    )


# --------------------------------------------------------------------------------------------
# Weekly work schedule


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def schedule_agencies(agency: Agency) -> list[Agency]:
    """The agency publishing a schedule and its counterpart: the Office of a People's Committee
    and that Committee (the Committee's leaders and the Office's leaders share one schedule)."""
    related = [agency]
    if agency.kind == AgencyKind.PROVINCE_OFFICE and agency.parent_id:
        related.append(agency.parent)
    related.extend(Agency.objects.filter(parent=agency, kind=AgencyKind.PROVINCE_OFFICE))
    return related


def schedule_leaders(agency: Agency) -> QuerySet[Official]:
    ids = [a.pk for a in schedule_agencies(agency)]
    return (
        Official.objects.filter(
            role_grants__agency_id__in=ids,
            role_grants__role__in=list(SCHEDULE_LEADER_ROLES),
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def can_edit_schedule(user, agency) -> bool:
    return permissions.is_active_user(user) and bool(
        effective_roles(user, agency) & SCHEDULE_EDITOR_ROLES
    )


def can_approve_schedule(user, agency) -> bool:
    return permissions.is_active_user(user) and bool(
        effective_roles(user, agency) & SCHEDULE_APPROVER_ROLES
    )


def schedule_agencies_of(user) -> list[Agency]:
    """Agencies whose schedule ``user`` may read inside: their own, plus the Office of their
    Committee (or the Committee of their Office)."""
    seen: dict[int, Agency] = {}
    for agency in agencies_of(user):
        for a in schedule_agencies(agency):
            seen[a.pk] = a
    return list(seen.values())


def week_entries(week: ScheduleWeek, *, public: bool = False) -> QuerySet[ScheduleEntry]:
    qs = week.entries.select_related("leader", "meeting")
    if public:
        qs = qs.filter(is_public=True)
    return qs.order_by("starts_at", "leader__full_name", "pk")


def published_week(agency: Agency, week_start: dt.date) -> ScheduleWeek | None:
    return ScheduleWeek.objects.filter(
        agency=agency, week_start=week_start, state=ScheduleState.PUBLISHED
    ).first()


def meetings_for_week(agency: Agency, week_start: dt.date) -> QuerySet[Meeting]:
    start = dt.datetime.combine(week_start, dt.time(0, 0), tzinfo=clock.VN_TZ)
    end = start + dt.timedelta(days=7)
    return (
        Meeting.objects.filter(
            agency__in=schedule_agencies(agency),
            state__in=BOOKING_STATES,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("room", "chair")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "official", "unit", "attendee", "substitute"
                ),
            )
        )
    )


def tasks_of_items(items) -> dict[int, object]:
    """conclusion item pk → its task (tasks module), with the deadline status computed in SQL;
    one query for all items."""
    ids = {i.task_id: i.pk for i in items if i.task_id}
    if not ids:
        return {}
    try:
        from vanphong.tasks.models import Task
    except ImportError:  # pragma: no cover - the tasks module is part of the project
        return {}
    from vanphong.core import deadlines

    tasks = Task.objects.filter(pk__in=list(ids)).annotate(
        deadline_status=deadlines.status_expression()
    )
    return {ids[t.pk]: t for t in tasks}
