"""Demo data: ~60 tasks from the provincial leaders' and the Office leaders' instructions, led by
the Office's units, two departments and two communes of the demo province (Hưng Yên), with a
realistic mix: finished on time, late, within an extension, in progress, overdue, awaiting
acceptance, and monthly reports. Everything goes through the services with the kernel clock set
to the moment of each step inside ``clock.frozen_at`` (restored afterwards), so deadlines,
statuses and the event log are real. Idempotent: nothing is added if the first task exists."""

from __future__ import annotations

import datetime as dt
import random

from vanphong.core import clock
from vanphong.core.calendar import workdays
from vanphong.core.demo import SeedContext, seed_step
from vanphong.org.models import Membership, Official, Role, RoleGrant
from vanphong.tasks import services
from vanphong.tasks.models import Task

FIRST_CONTENT = (
    "Rà soát, đẩy nhanh tiến độ giải ngân vốn đầu tư công năm nay; báo cáo UBND tỉnh các dự án "
    "chậm giải ngân và đề xuất điều chuyển vốn."
)

# (content, lead key) — lead keys: ("vp_ubnd", unit abbreviation) or an agency key.
INSTRUCTIONS: list[tuple[str, object]] = [
    (FIRST_CONTENT, "so_tai_chinh"),
    (
        "Tham mưu báo cáo kinh tế - xã hội tháng phục vụ phiên họp thường kỳ UBND tỉnh.",
        ("vp_ubnd", "TH"),
    ),
    ("Chuẩn bị nội dung, tài liệu phiên họp UBND tỉnh thường kỳ tháng tới.", ("vp_ubnd", "TH")),
    (
        "Tổng hợp ý kiến các sở về dự thảo Quyết định quy định giá đất điều chỉnh.",
        ("vp_ubnd", "KT"),
    ),
    (
        "Kiểm tra tiến độ giải phóng mặt bằng tuyến đường vành đai 4 đoạn qua tỉnh.",
        ("vp_ubnd", "KT"),
    ),
    (
        "Rà soát các dự án chậm tiến độ trong khu công nghiệp, đề xuất xử lý theo quy định.",
        ("vp_ubnd", "KT"),
    ),
    ("Tham mưu văn bản chỉ đạo phòng, chống dịch bệnh gia súc, gia cầm.", ("vp_ubnd", "KT")),
    ("Tham mưu kế hoạch tổ chức kỷ niệm ngày thành lập tỉnh.", ("vp_ubnd", "KGVX")),
    (
        "Theo dõi, đôn đốc công tác chuẩn bị kỳ thi tốt nghiệp trung học phổ thông.",
        ("vp_ubnd", "KGVX"),
    ),
    ("Tổng hợp tình hình thực hiện chính sách hỗ trợ người có công dịp Tết.", ("vp_ubnd", "KGVX")),
    (
        "Tham mưu trả lời kiến nghị cử tri về xây dựng trường học vùng nông thôn.",
        ("vp_ubnd", "KGVX"),
    ),
    ("Tham mưu báo cáo công tác phòng, chống tham nhũng, tiêu cực quý.", ("vp_ubnd", "NC")),
    (
        "Tổng hợp kết quả giải quyết khiếu nại, tố cáo thuộc thẩm quyền UBND tỉnh.",
        ("vp_ubnd", "NC"),
    ),
    ("Tham mưu kế hoạch bảo đảm an ninh trật tự dịp lễ hội đầu năm.", ("vp_ubnd", "NC")),
    (
        "Rà soát quy chế văn thư, lưu trữ của Văn phòng theo Nghị định 30/2020/NĐ-CP.",
        ("vp_ubnd", "HCTC"),
    ),
    ("Lập danh mục hồ sơ năm và hướng dẫn các phòng lập hồ sơ điện tử.", ("vp_ubnd", "HCTC")),
    ("Kiểm kê tài sản, đề xuất thanh lý tài sản hết khấu hao của Văn phòng.", ("vp_ubnd", "QTTV")),
    ("Lập dự toán kinh phí tổ chức hội nghị tổng kết năm.", ("vp_ubnd", "QTTV")),
    (
        "Rà soát hồ sơ trễ hạn tại Trung tâm Phục vụ hành chính công, báo cáo nguyên nhân.",
        ("vp_ubnd", "TTPVHCC"),
    ),
    (
        "Triển khai tiếp nhận hồ sơ trực tuyến toàn trình đối với thủ tục đất đai.",
        ("vp_ubnd", "TTPVHCC"),
    ),
    ("Chuẩn bị lịch tiếp công dân định kỳ của Chủ tịch UBND tỉnh.", ("vp_ubnd", "BTCD")),
    ("Rà soát các vụ việc khiếu nại đông người, phức tạp kéo dài.", ("vp_ubnd", "BTCD")),
    ("Tham mưu phương án sắp xếp đơn vị sự nghiệp công lập thuộc UBND tỉnh.", "so_noi_vu"),
    ("Báo cáo kết quả tuyển dụng công chức cấp xã sau sắp xếp.", "so_noi_vu"),
    ("Đánh giá chỉ số cải cách hành chính các sở, ngành, địa phương.", "so_noi_vu"),
    ("Tham mưu điều chỉnh dự toán ngân sách cho các xã, phường mới thành lập.", "so_tai_chinh"),
    ("Báo cáo tình hình thu ngân sách nhà nước và các giải pháp tăng thu.", "so_tai_chinh"),
    ("Thẩm định phương án giá dịch vụ xe ra vào bến xe khách.", "so_tai_chinh"),
    (
        "Ra quân dọn dẹp vệ sinh môi trường, khơi thông cống rãnh trên địa bàn phường.",
        "px_pho_hien",
    ),
    ("Xử lý dứt điểm các trường hợp lấn chiếm vỉa hè, lòng đường.", "px_pho_hien"),
    ("Rà soát, cập nhật hồ sơ hộ nghèo, cận nghèo trên địa bàn phường.", "px_pho_hien"),
    ("Kiểm tra, xử lý vi phạm đất nông nghiệp trên địa bàn xã.", "xa_vu_thu"),
    (
        "Đẩy nhanh tiến độ xây dựng nông thôn mới nâng cao, báo cáo các tiêu chí chưa đạt.",
        "xa_vu_thu",
    ),
    ("Triển khai phòng, chống hạn, bảo đảm nước tưới vụ Đông Xuân.", "xa_vu_thu"),
]

# Outcome pattern, cycled: (working days ago assigned, limit in working days, outcome)
#   ontime / late / extended / pending / progress / overdue
PATTERN = [
    (40, 10, "ontime"),
    (35, 15, "late"),
    (30, 10, "extended"),
    (8, 15, "progress"),
    (25, 10, "overdue"),
    (20, 8, "ontime"),
    (12, 10, "pending"),
    (6, 20, "progress"),
    (45, 12, "ontime"),
    (18, 5, "overdue"),
    (28, 10, "late"),
    (3, 10, "progress"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.VN_TZ)


def _ago(today: dt.date, n: int) -> dt.date:
    return workdays.add_working_days(today, -n) if n else today


def _actor_for(lead) -> Official:
    """Who reports for the lead: the unit's head, else an official of the lead agency."""
    from vanphong.org.models import Unit

    if isinstance(lead, Unit):
        m = (
            Membership.objects.filter(unit=lead, official__is_active=True)
            .order_by("-is_head", "id")
            .select_related("official")
            .first()
        )
        return m.official
    grant = (
        RoleGrant.objects.filter(agency=lead, official__is_active=True)
        .filter(role__in=[Role.VAN_THU, Role.LANH_DAO_VAN_PHONG])
        .order_by("id")
        .select_related("official")
        .first()
    )
    return grant.official


def _leaders(ctx: SeedContext) -> list[Official]:
    pc = ctx.agencies["ubnd_tinh"]
    leaders = list(
        Official.objects.filter(
            pk__in=RoleGrant.objects.filter(agency=pc, role=Role.LANH_DAO_UBND).values(
                "official_id"
            ),
            is_active=True,
        ).order_by("id")
    )
    demo = ctx.officials.get("lanhdaoubnd")
    if demo is not None and demo in leaders:  # the demo account first
        leaders.remove(demo)
        leaders.insert(0, demo)
    return leaders


def _run_outcome(task, outcome: str, lead_actor, decider, now: dt.datetime) -> None:
    due = task.due_at
    assigned = task.assigned_at
    if outcome in ("ontime", "pending"):
        moment = min(due - dt.timedelta(days=2), now - dt.timedelta(hours=1))
        moment = max(moment, assigned + dt.timedelta(hours=2))
        with clock.frozen_at(assigned + (moment - assigned) / 2):
            services.task_report_progress(
                lead_actor, task, text="Đã triển khai, đang tổng hợp số liệu từ các đơn vị."
            )
        with clock.frozen_at(moment):
            services.task_propose_completion(
                lead_actor, task, result="Đã hoàn thành, có báo cáo kết quả gửi kèm."
            )
        if outcome == "ontime":
            with clock.frozen_at(min(moment + dt.timedelta(days=1), now)):
                services.task_accept(decider, task, note="Đồng ý kết quả.")
    elif outcome == "late":
        moment = min(due + dt.timedelta(days=3), now - dt.timedelta(hours=1))
        with clock.frozen_at(moment):
            services.task_propose_completion(
                lead_actor, task, result="Đã hoàn thành (chậm do chờ ý kiến các sở, ngành)."
            )
        with clock.frozen_at(min(moment + dt.timedelta(hours=3), now)):
            services.task_accept(decider, task, note="Đề nghị rút kinh nghiệm về thời hạn.")
    elif outcome == "extended":
        with clock.frozen_at(due - dt.timedelta(days=3)):
            req = services.task_request_extension(
                lead_actor,
                task,
                due_date=workdays.add_working_days(task.due_date, 7),
                reason="Cần thêm thời gian lấy ý kiến các cơ quan liên quan.",
            )
        with clock.frozen_at(due - dt.timedelta(days=2)):
            services.task_decide_extension(decider, req, grant=True, note="Đồng ý gia hạn.")
        task.refresh_from_db()
        moment = min(task.due_at - dt.timedelta(days=2), now - dt.timedelta(hours=1))
        with clock.frozen_at(moment):
            services.task_propose_completion(
                lead_actor, task, result="Đã hoàn thành trong hạn gia hạn."
            )
        with clock.frozen_at(min(moment + dt.timedelta(hours=4), now)):
            services.task_accept(decider, task)
    elif outcome == "progress":
        with clock.frozen_at(min(assigned + dt.timedelta(days=2), now)):
            services.task_report_progress(lead_actor, task, text="Đang triển khai thực hiện.")
    # "overdue": nothing reported.


@seed_step("tasks", order=320, after=("org", "documents"))
def seed_tasks(ctx: SeedContext) -> None:
    if Task.objects.filter(content=FIRST_CONTENT).exists():
        ctx.log("  Nhiệm vụ: dữ liệu mẫu đã có")
        return
    rng = random.Random(2027)
    today = ctx.today
    now = clock.now()
    pc = ctx.agencies["ubnd_tinh"]
    leaders = _leaders(ctx)
    clerk = ctx.officials.get("chuyenvien") or leaders[0]
    count = 0
    for i in range(58):
        content, lead_key = INSTRUCTIONS[i % len(INSTRUCTIONS)]
        if i >= len(INSTRUCTIONS):  # a second round: the follow-up instruction
            content = "Tiếp tục " + content[0].lower() + content[1:]
        days_ago, limit, outcome = PATTERN[i % len(PATTERN)]
        days_ago += i // len(PATTERN)
        if isinstance(lead_key, tuple):
            lead = ctx.units[lead_key]
            kw = {"lead_unit": lead}
        else:
            lead = ctx.agencies[lead_key]
            kw = {"lead_agency": lead}
        coords = []
        if i % 4 == 1:
            coords = [ctx.agencies["so_tai_chinh" if lead_key != "so_tai_chinh" else "so_noi_vu"]]
        leader = leaders[i % len(leaders)]
        start = _ago(today, days_ago)
        assigned = min(_at(start, 8 + rng.randint(0, 2), rng.choice((0, 15, 30, 45))), now)
        with clock.frozen_at(assigned):
            task = services.task_create(
                clerk if i % 3 == 0 else leader,
                agency=pc,
                assigned_by=leader,
                content=content,
                coordinating_agencies=coords,
                due_working_days=limit,
                source_label="Chỉ đạo tại cuộc họp giao ban" if i % 5 == 0 else "",
                **kw,
            )
        _run_outcome(task, outcome, _actor_for(lead), leader, now)
        count += 1
    # Monthly reports (NĐ 09/2019 periods) led by the Office's Phòng Tổng hợp and a department.
    with clock.frozen_at(min(_at(_ago(today, 5), 9), now)):
        for content, lead in (
            (
                "Báo cáo tình hình kinh tế - xã hội hằng tháng.",
                {"lead_unit": ctx.units[("vp_ubnd", "TH")]},
            ),
            (
                "Báo cáo tiến độ giải ngân vốn đầu tư công hằng tháng.",
                {"lead_agency": ctx.agencies["so_tai_chinh"]},
            ),
        ):
            services.task_create(
                leaders[0],
                agency=pc,
                content=content,
                recurrence="thang",
                report_lag_days=2,
                **lead,
            )
            count += 1
    # A few tasks of the Office's leaders from incoming documents.
    from vanphong.documents.models import IncomingDocument

    office = ctx.agencies["vp_ubnd"]
    vp_leader = ctx.officials.get("lanhdaovanphong")
    if vp_leader is not None:
        docs = IncomingDocument.objects.filter(agency=office).order_by("-received_at")[:3]
        units = [ctx.units[("vp_ubnd", k)] for k in ("KT", "TH", "KGVX")]
        for doc, unit in zip(docs, units, strict=False):
            when = max(doc.received_at, now - dt.timedelta(days=3))
            with clock.frozen_at(min(when + dt.timedelta(hours=2), now)):
                services.task_create(
                    vp_leader,
                    agency=office,
                    content=f"Tham mưu xử lý văn bản: {doc.trich_yeu}",
                    lead_unit=unit,
                    due_working_days=7,
                    source=doc,
                    source_label=f"Văn bản đến {doc} của {doc.issuer_name}",
                )
                count += 1
    reminders = services.reminders_send()
    ctx.log(f"  Nhiệm vụ: {count} nhiệm vụ, {len(reminders)} nhắc việc")
