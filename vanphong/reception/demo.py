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
