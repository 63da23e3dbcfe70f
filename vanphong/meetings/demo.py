"""Demo data: the meeting rooms of the UBND tỉnh, two weeks of meetings of the province's leaders
(this week and next, organised by the Office), minutes and conclusions of the meetings already
held, and this week's work schedule approved and published (one meeting moved afterwards, so
the public page shows a change marked). Written through the services; idempotent."""

from __future__ import annotations

import datetime as dt

from vanphong.core import clock
from vanphong.core.demo import SeedContext, seed_step
from vanphong.meetings import selectors, services
from vanphong.meetings.models import Meeting, MeetingState, Room, ScheduleWeek

ROOMS = [
    ("Hội trường lớn UBND tỉnh", 250, "Tầng 1, Trụ sở HĐND - UBND tỉnh"),
    ("Phòng họp tầng 3", 60, "Tầng 3, Trụ sở HĐND - UBND tỉnh"),
    ("Phòng họp trực tuyến (điểm cầu tỉnh)", 120, "Tầng 2, Trụ sở HĐND - UBND tỉnh"),
    ("Phòng họp số 2 Văn phòng", 30, "Tầng 4, Văn phòng UBND tỉnh"),
]
FIRST_TITLE = "Giao ban Thường trực UBND tỉnh"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.VN_TZ)


@seed_step("meetings", order=450, after=("org", "documents", "tasks"))
def seed_meetings(ctx: SeedContext) -> None:
    office = ctx.agencies["vp_ubnd"]
    committee = ctx.agencies["ubnd_tinh"]
    if Meeting.objects.filter(agency=office, title=FIRST_TITLE).exists():
        ctx.log("  Cuộc họp: dữ liệu mẫu đã có")
        return
    clerk = ctx.officials["chuyenvien"]
    chief = ctx.officials["lanhdaovanphong"]
    chairman = ctx.officials["ubndtinh.tt.1"]  # Chủ tịch UBND tỉnh
    vice = ctx.officials["lanhdaoubnd"]  # Phó Chủ tịch UBND tỉnh
    vice2 = ctx.officials["ubndtinh.tt.2"]  # Phó Chủ tịch UBND tỉnh
    units = ctx.units
    rooms = {}
    for name, capacity, location in ROOMS:
        room = Room.objects.filter(agency=committee, name=name).first()
        rooms[name] = room or services.room_create(
            vice, agency=committee, name=name, capacity=capacity, location=location
        )
    hall, r3, online_room, r2 = (rooms[name] for name, _c, _l in ROOMS)

    monday = selectors.week_start_of(ctx.today)
    plan = []
    for week in (0, 1):
        d = monday + dt.timedelta(days=7 * week)

        def day(n: int, d=d) -> dt.date:
            return d + dt.timedelta(days=n)

        suffix = "" if week == 0 else " (tuần sau)"
        plan += [
            dict(
                title=FIRST_TITLE + suffix,
                chair=chairman,
                starts_at=_at(day(0), 8),
                ends_at=_at(day(0), 10),
                room=r3,
                people=[vice, vice2, chief],
            ),
            dict(
                title="Họp giao ban Văn phòng UBND tỉnh" + suffix,
                chair=chief,
                starts_at=_at(day(0), 14),
                ends_at=_at(day(0), 15, 30),
                room=r2,
                units=[units[("vp_ubnd", a)] for a in ("TH", "KT", "KGVX", "NC", "HCTC")],
            ),
        ]
        if week == 0:
            plan += [
                dict(
                    title="Nghe báo cáo tiến độ giải phóng mặt bằng dự án đường Vành đai 4 - "
                    "Vùng Thủ đô đoạn qua tỉnh Hưng Yên",
                    chair=vice,
                    starts_at=_at(day(1), 8),
                    ends_at=_at(day(1), 11),
                    room=r3,
                    units=[units[("so_tai_chinh", "BGD")], units[("vp_ubnd", "KT")]],
                    preparing_unit=units[("vp_ubnd", "KT")],
                ),
                dict(
                    title="Hội nghị trực tuyến triển khai nhiệm vụ chuyển đổi số năm 2026",
                    chair=chairman,
                    starts_at=_at(day(2), 8),
                    ends_at=_at(day(2), 11, 30),
                    room=online_room,
                    online=True,
                    people=[vice, vice2],
                    units=[units[("so_noi_vu", "BGD")], units[("px_pho_hien", "LD")]],
                ),
                dict(
                    title="Làm việc với UBND phường Phố Hiến về cải cách thủ tục hành chính",
                    chair=vice,
                    starts_at=_at(day(3), 14),
                    ends_at=_at(day(3), 16, 30),
                    place="Trụ sở UBND phường Phố Hiến",
                    units=[units[("px_pho_hien", "LD")], units[("vp_ubnd", "TTPVHCC")]],
                ),
            ]
        else:
            plan += [
                dict(
                    title="Họp Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh",
                    chair=vice2,
                    starts_at=_at(day(1), 8),
                    ends_at=_at(day(1), 10, 30),
                    room=hall,
                    units=[units[("so_tai_chinh", "BGD")], units[("xa_vu_thu", "LD")]],
                ),
                dict(
                    title="Thẩm định phương án sắp xếp, xử lý nhà, đất sau sắp xếp đơn vị "
                    "hành chính",
                    chair=vice,
                    starts_at=_at(day(3), 8),
                    ends_at=_at(day(3), 10),
                    room=r3,
                    units=[units[("so_tai_chinh", "QLNS")], units[("so_noi_vu", "XDCQ")]],
                ),
            ]
    created = []
    for spec in plan:
        created.append(
            services.meeting_create(
                clerk, agency=office, schedule=True, override_conflicts=True, **spec
            )
        )
    held = 0
    for meeting in created:
        if meeting.ends_at <= clock.now():
            services.minutes_save(
                clerk,
                meeting,
                text="Thành phần: theo giấy mời.\nNội dung: các đơn vị báo cáo; "
                "lãnh đạo UBND tỉnh kết luận.",
            )
            lead = meeting.participants.filter(unit__isnull=False).first()
            services.conclusion_add(
                clerk,
                meeting,
                content="Khẩn trương hoàn thiện báo cáo theo ý kiến tại cuộc họp, "
                "gửi Văn phòng UBND tỉnh tổng hợp.",
                lead_unit=lead.unit if lead else units[("vp_ubnd", "TH")],
                due_date=ctx.today + dt.timedelta(days=10),
            )
            held += 1
    week = services.schedule_week_build(clerk, agency=office, week_start=monday)
    services.schedule_approve(chief, week)
    services.schedule_publish(chief, week)
    services.schedule_week_build(clerk, agency=office, week_start=monday + dt.timedelta(days=7))
    # One change after publishing: a later meeting of this week moves by an hour.
    later = [
        m
        for m in created
        if m.state == MeetingState.SCHEDULED
        and m.starts_at > clock.now()
        and selectors.week_start_of(clock.local(m.starts_at).date()) == monday
    ]
    if later:
        m = later[-1]
        services.meeting_update(
            clerk,
            m,
            starts_at=m.starts_at + dt.timedelta(hours=1),
            ends_at=m.ends_at + dt.timedelta(hours=1),
            override_conflicts=True,
        )
    ctx.log(
        f"  Cuộc họp: {len(ROOMS)} phòng họp, {len(created)} cuộc họp ({held} đã họp), "
        f"{ScheduleWeek.objects.filter(agency=office).count()} lịch công tác tuần"
    )
