"""Demo data: ~15 petitions of the Office's Ban Tiếp công dân, dated relative to today, entered
and handled through the services (so numbers, deadlines and the event log are real)."""

from __future__ import annotations

import datetime as dt

from vietnam_provinces import Ward

from vanphong.core import clock
from vanphong.core.calendar import workdays
from vanphong.core.demo import SeedContext, seed_step
from vanphong.reception import services
from vanphong.reception.models import Petition

PROVINCE_CODE = 33  # the demo province of the org step (Hưng Yên)
FIRST_CONTENT = "Khiếu nại Quyết định thu hồi đất số 215/QĐ-UBND của UBND phường về bồi thường"


def _communes() -> list[int]:
    return [int(w.code) for w in Ward.iter_all() if int(w.province_code) == PROVINCE_CODE][:8]


def _person(name: str, number: str, commune: int, address: str) -> dict:
    return {
        "full_name": name,
        "identity_number": number,
        "address": address,
        "commune_code": commune,
        "phone": "09" + number[-8:],
    }


def _moment(today: dt.date, working_days_ago: int, hour: int = 9) -> dt.datetime:
    day = workdays.add_working_days(today, -working_days_ago) if working_days_ago else today
    moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=clock.VN_TZ)
    return min(moment, clock.now())


@seed_step("reception", order=300, after=("org",))
def seed_reception(ctx: SeedContext) -> None:
    agency = ctx.agencies["vp_ubnd"]
    if Petition.objects.filter(agency=agency, content=FIRST_CONTENT).exists():
        ctx.log("  Tiếp công dân: dữ liệu mẫu đã có")
        return
    staff = ctx.officials["tiepcongdan"]
    leader = ctx.officials["lanhdaovanphong"]
    today = ctx.today
    c = _communes()
    an = _person("Nguyễn Văn An", "033085001234", c[0], "Số 8 phố Điện Biên")
    binh = _person("Trần Thị Bình", "033190004321", c[1], "Thôn Đông")
    cuong = _person("Lê Văn Cường", "033075009876", c[2], "Tổ 5")
    dung = _person("Phạm Thị Dung", "034186002468", c[3], "Xóm Trại")
    hai = _person("Vũ Đức Hải", "033092001357", c[4], "Số 21 đường Nguyễn Văn Linh")

    def receive(days_ago, content, people, **kw):
        return services.petition_receive(
            acting_user=staff,
            agency=agency,
            channel=kw.pop("channel", "truc_tiep"),
            content=content,
            petitioners=people,
            received_at=_moment(today, days_ago),
            **kw,
        )

    def decide(petition, outcome, **kw):
        # Decided two working days after receipt (or now, for a petition of today).
        at = workdays.closing_time(workdays.add_working_days(petition.received_at, 2))
        at = min(at - dt.timedelta(hours=2), clock.now())
        return services.petition_decide(
            acting_user=staff, petition=petition, outcome=outcome, at=at, **kw
        )

    # Complaints
    p1 = receive(12, FIRST_CONTENT, [an], classification="khieu_nai", eligible=True, competent=True)
    decide(p1, "thu_ly", document="12/TB-BTCD")
    p2 = receive(
        9,
        "Khiếu nại lần hai về quyết định giải quyết khiếu nại đất nông nghiệp",
        [binh],
        classification="khieu_nai",
        complaint_instance="lan_hai",
        eligible=True,
        competent=True,
        channel="buu_chinh",
    )
    decide(p2, "thu_ly", document="15/TB-BTCD")
    services.petition_suspend(
        acting_user=staff, petition=p2, reason="Chờ kết quả đo đạc lại diện tích của cơ quan đo đạc"
    )
    receive(
        2,
        "Khiếu nại việc UBND xã không cấp giấy chứng nhận quyền sử dụng đất",
        [cuong],
        classification="khieu_nai",
    )
    p4 = receive(
        8,
        "Khiếu nại quyết định xử phạt vi phạm hành chính của Chủ tịch UBND phường",
        [dung],
        classification="khieu_nai",
        eligible=True,
        competent=False,
    )
    decide(p4, "huong_dan", target="Chủ tịch UBND phường Sơn Nam", document="08/HD-BTCD")
    # Duplicate of the first complaint (same person, same matter)
    dup = receive(
        1,
        "Khiếu nại quyết định thu hồi đất số 215/QĐ-UBND của UBND phường về việc bồi thường",
        [an],
        classification="khieu_nai",
        channel="truc_tuyen",
    )
    services.petition_link_duplicate(acting_user=staff, petition=dup, earlier=p1)
    # Denunciations (denouncer identity sealed)
    t1 = receive(
        6,
        "Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục cấp giấy chứng nhận",
        [hai],
        classification="to_cao",
        eligible=True,
        competent=True,
    )
    decide(t1, "thu_ly", document="03/TB-TC")
    t2 = receive(
        3,
        "Tố cáo Giám đốc Trung tâm phát triển quỹ đất vi phạm quy định về đấu giá",
        [_person("Đỗ Minh Khoa", "033088007777", c[5], "Số 3 ngõ 12")],
        classification="to_cao",
        competent=False,
    )
    decide(t2, "chuyen_don", target="Thanh tra tỉnh", document="05/PC-BTCD")
    receive(
        1,
        "Tố cáo chủ tịch UBND xã sử dụng xe công vào việc riêng",
        [_person("Hoàng Thị Lan", "033195003333", c[6], "Thôn Bắc")],
        classification="to_cao",
        multi_site_check=True,
    )
    anonymous = receive(
        4,
        "Thư không ký tên tố cáo cán bộ thuế gây khó khăn cho hộ kinh doanh",
        [],
        classification="to_cao",
        is_anonymous=True,
        channel="buu_chinh",
    )
    decide(anonymous, "luu_don", note="Đơn nặc danh: lưu làm thông tin tham khảo")
    # Kiến nghị, phản ánh
    k1 = receive(
        14,
        "Kiến nghị sửa chữa tuyến đường liên xã bị xuống cấp",
        [cuong, dung],
        classification="kien_nghi",
        channel="co_quan_chuyen",
        forwarded_by="Ban Dân nguyện - Văn phòng Quốc hội",
        eligible=True,
        competent=True,
    )
    decide(k1, "thu_ly", note="Giao Sở Xây dựng kiểm tra, trả lời")
    receive(
        13,
        "Phản ánh tình trạng ô nhiễm từ cơ sở chăn nuôi trong khu dân cư",
        [binh],
        classification="phan_anh",
        channel="truc_tuyen",
    )
    receive(0, "Phản ánh đèn chiếu sáng công cộng hỏng kéo dài", [hai], classification="phan_anh")
    k4 = receive(
        5,
        "Kiến nghị giải quyết chế độ chính sách cho người có công",
        [an],
        classification="kien_nghi",
        competent=False,
    )
    decide(k4, "chuyen_don", target="Sở Nội vụ", document="06/PC-BTCD")
    # Mixed content, split into two petitions
    mixed = receive(
        2,
        "Khiếu nại việc thu hồi đất và tố cáo cán bộ xã nhận tiền của người dân",
        [dung],
    )
    services.petition_split(
        acting_user=staff,
        petition=mixed,
        parts=[
            {"classification": "khieu_nai", "content": "Khiếu nại việc thu hồi đất"},
            {"classification": "to_cao", "content": "Tố cáo cán bộ xã nhận tiền của người dân"},
        ],
    )
    t1.handlers.add(leader)
    ctx.log(f"  Tiếp công dân: {Petition.objects.filter(agency=agency).count()} đơn")


# --------------------------------------------------------------------------------------------
# A month of the reception register and the leaders' reception days

REGISTER_MARKER = "Hỏi về trình tự cấp giấy chứng nhận quyền sử dụng đất lần đầu"

_VISITS = [
    # (content, classification, action, extra)
    (REGISTER_MARKER, "kien_nghi", "huong_dan", {"action_target": "UBND phường Phố Hiến"}),
    ("Kiến nghị giải quyết ngập úng khu dân cư sau mưa lớn", "kien_nghi", "nhan_don", {}),
    ("Phản ánh tiếng ồn của xưởng cơ khí ban đêm", "phan_anh", "nhan_don", {}),
    ("Khiếu nại quyết định thu hồi đất làm đường vành đai", "khieu_nai", "nhan_don", {}),
    ("Hỏi chế độ trợ cấp cho người cao tuổi", "kien_nghi", "tra_loi", {}),
    (
        "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng",
        "khieu_nai",
        "huong_dan",
        {"action_target": "Chủ tịch UBND xã Vũ Thư", "action_document": "14/HD-BTCD"},
    ),
    (
        "Kiến nghị về bồi thường khi giải phóng mặt bằng dự án khu công nghiệp",
        "kien_nghi",
        "chuyen",
        {"action_target": "Sở Nông nghiệp và Môi trường", "action_document": "21/PC-BTCD"},
    ),
    (
        "Vụ việc thu hồi đất đã được giải quyết đúng pháp luật, công dân tiếp tục khiếu nại",
        "khieu_nai",
        "tu_choi",
        {"refusal_reason": "da_giai_quyet"},
    ),
    ("Tố cáo cán bộ xã nhận tiền khi xác nhận hồ sơ đất đai", "to_cao", "nhan_don", {}),
    ("Phản ánh đường điện chiếu sáng khu dân cư không hoạt động", "phan_anh", "tra_loi", {}),
]


@seed_step("reception_register", order=310, after=("reception",))
def seed_reception_register(ctx: SeedContext) -> None:
    from vanphong.reception import services_register
    from vanphong.reception.models import ReceptionDay, ReceptionEntry

    agency = ctx.agencies["vp_ubnd"]
    if ReceptionEntry.objects.filter(agency=agency, content=REGISTER_MARKER).exists():
        ctx.log("  Sổ tiếp công dân: dữ liệu mẫu đã có")
        return
    staff = ctx.officials["tiepcongdan"]
    leader = ctx.officials["lanhdaoubnd"]
    office_leader = ctx.officials["lanhdaovanphong"]
    today = ctx.today
    c = _communes()
    people = [
        _person("Đặng Văn Bảo", "033079004455", c[0], "Số 14 phố Chùa Chuông"),
        _person("Ngô Thị Hằng", "033186002277", c[1], "Thôn Nhân Dục"),
        _person("Bùi Quang Huy", "033090006611", c[2], "Tổ 3"),
        _person("Lý Thị Mai", "033193008822", c[3], "Xóm Chợ"),
        _person("Trịnh Văn Nam", "034072001199", c[4], "Thôn Hạ"),
        _person("Phan Thị Oanh", "033188005533", c[5], "Số 2 ngõ 7"),
    ]
    entries = []
    # One or two receptions on each working day of the last month (22 working days).
    for n in range(22, 0, -1):
        for k in range(1 + n % 2):
            index = 0 if (n, k) == (22, 0) else 1 + (n * 3 + k) % (len(_VISITS) - 1)
            content, klass, action, extra = _VISITS[index]
            citizens = [people[(n + k) % len(people)]]
            group = {}
            if n == 15 and k == 0:  # a group of 8 households, two representatives
                citizens = [
                    {**people[0], "is_representative": True},
                    {**people[1], "is_representative": True},
                ]
                group = {"group_size": 8, "representation_document": "Văn bản cử đại diện ngày"}
            received = _moment(today, n, 8 + 2 * k)
            entry = services_register.entry_record(
                acting_user=staff,
                agency=agency,
                content=content,
                classification=klass,
                action=action,
                citizens=citizens,
                received_at=received,
                competent=klass != "khieu_nai" or action == "nhan_don",
                leader=office_leader if n % 5 == 0 else None,
                **extra,
                **group,
            )
            entries.append(entry)
    # Replies: the older ones answered in time, one late, the recent ones still waiting.
    for entry in entries:
        if entry.due_at is None:
            continue
        age = workdays.working_days_between(entry.received_at, today)
        if age > 12 or (entry.action == "tu_choi" and age > 3):
            at = min(
                workdays.closing_time(workdays.add_working_days(entry.received_at, 6)),
                clock.now(),
            )
            services_register.entry_reply(
                acting_user=staff,
                entry=entry,
                kind="thu_ly" if entry.action == "nhan_don" else "",
                document=f"{entry.number}/TB-BTCD",
                at=at,
            )
    # The leaders' reception days: the chairman's monthly day (the 15th, or the next working
    # day) for this month and the next two, published; an online session noticed in time.
    scheduled = 0
    month = today.replace(day=1)
    for _i in range(3):
        day = workdays.add_working_days(month.replace(day=15), 0)
        start = dt.datetime.combine(day, dt.time(7, 30), tzinfo=clock.VN_TZ)
        if (
            start > clock.now()
            and not ReceptionDay.objects.filter(leader=leader, starts_at=start).exists()
        ):
            services_register.day_schedule(
                acting_user=staff,
                agency=agency,
                leader=leader,
                leader_title="Chủ tịch UBND tỉnh (ủy quyền: Phó Chủ tịch UBND tỉnh)",
                level="chu_tich_tinh",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=4),
                place="Trụ sở Tiếp công dân tỉnh, số 1 đường Chùa Chuông, phường Phố Hiến",
                publish=True,
            )
            scheduled += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    online_day = workdays.add_working_days(today, 8)
    online = dt.datetime.combine(online_day, dt.time(14, 0), tzinfo=clock.VN_TZ)
    if not ReceptionDay.objects.filter(leader=leader, starts_at=online).exists():
        services_register.day_schedule(
            acting_user=staff,
            agency=agency,
            leader=leader,
            leader_title="Phó Chủ tịch UBND tỉnh",
            level="chu_tich_tinh",
            kind="dot_xuat",
            starts_at=online,
            ends_at=online + dt.timedelta(hours=2),
            place="Điểm cầu trung tâm: Trụ sở Tiếp công dân tỉnh",
            is_online=True,
            connection_points="Điểm cầu UBND phường Phố Hiến\nĐiểm cầu UBND xã Vũ Thư",
            publish=True,
        )
        scheduled += 1
    ctx.log(f"  Sổ tiếp công dân: {len(entries)} lượt tiếp; lịch tiếp: {scheduled} buổi")
