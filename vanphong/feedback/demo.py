"""Demo data of the hotline: the categories of the Office of the People's Committee of Hưng
Yên with their routing by commune, answer templates, and ~80 feedback items over the last
weeks across categories and real communes (``vietnam_provinces``) — entered, answered,
published, merged and converted through the services, each at its own moment (the kernel
clock is frozen at that moment while the service runs), so codes, deadlines and the event
log are real."""

from __future__ import annotations

import datetime as dt
import random

from vanphong.core import clock
from vanphong.core.calendar import workdays
from vanphong.core.demo import SeedContext, seed_step
from vanphong.core.errors import DomainError
from vanphong.feedback import places, services
from vanphong.feedback.models import AnswerTemplate, Category, Feedback, RoutingRule
from vanphong.org.demo import WARD_PHO_HIEN, WARD_VU_THU, vietnamese_name
from vanphong.org.models import Membership

ITEMS = 80

# code, name, group, SLA (working days), unit of the Office (abbreviation), keywords,
# attributes, descriptions
CATEGORIES = [
    (
        "ha-tang-giao-thong",
        "Hạ tầng giao thông",
        "Hạ tầng, đô thị",
        7,
        "KT",
        "ổ gà, đường hỏng, cầu, biển báo",
        [],
        [
            "Mặt đường xuất hiện nhiều ổ gà lớn, trời mưa đọng nước, xe máy dễ ngã",
            "Biển báo giao thông tại ngã ba bị đổ, đề nghị sớm dựng lại",
            "Cầu dân sinh xuống cấp, lan can bị gãy, mất an toàn cho học sinh",
            "Nắp cống trên vỉa hè bị vỡ, người đi bộ dễ sụt chân",
        ],
    ),
    (
        "chieu-sang",
        "Chiếu sáng công cộng",
        "Hạ tầng, đô thị",
        5,
        "KT",
        "đèn đường, chiếu sáng",
        [
            {
                "code": "loai_su_co",
                "description": "Loại sự cố",
                "datatype": "singlevaluelist",
                "required": False,
                "values": [
                    {"key": "tat", "name": "Đèn tắt"},
                    {"key": "chap_chon", "name": "Đèn chập chờn"},
                    {"key": "sang_ban_ngay", "name": "Đèn sáng ban ngày"},
                ],
            }
        ],
        [
            "Cả dãy đèn đường tắt nhiều đêm liền, khu dân cư rất tối",
            "Đèn chiếu sáng sáng cả ban ngày, gây lãng phí điện",
            "Cột đèn bị nghiêng sau mưa bão, có nguy cơ đổ",
        ],
    ),
    (
        "moi-truong",
        "Môi trường, rác thải",
        "Tài nguyên, môi trường",
        10,
        "KT",
        "rác, ô nhiễm, nước thải, mùi",
        [],
        [
            "Rác thải sinh hoạt tồn đọng nhiều ngày chưa được thu gom, bốc mùi",
            "Cơ sở sản xuất xả nước thải chưa xử lý ra mương thủy lợi",
            "Đốt rơm rạ, rác thải gây khói bụi vào khu dân cư buổi tối",
            "Cơ sở chăn nuôi lợn trong khu dân cư gây mùi hôi",
        ],
    ),
    (
        "trat-tu-do-thi",
        "Trật tự đô thị, xây dựng",
        "Hạ tầng, đô thị",
        10,
        "NC",
        "lấn chiếm, vỉa hè, xây dựng trái phép",
        [],
        [
            "Hộ kinh doanh lấn chiếm vỉa hè, lòng đường để bán hàng",
            "Công trình xây dựng không che chắn, vật liệu rơi vãi ra đường",
            "Xây dựng nhà trên đất nông nghiệp, đề nghị kiểm tra",
        ],
    ),
    (
        "dich-vu-cong",
        "Thủ tục hành chính, dịch vụ công",
        "Hành chính công",
        5,
        "TTPVHCC",
        "thủ tục, hồ sơ, một cửa, trễ hẹn",
        [],
        [
            "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất quá hẹn chưa có kết quả",
            "Cổng dịch vụ công báo lỗi khi nộp hồ sơ đăng ký kinh doanh trực tuyến",
            "Đề nghị hướng dẫn rõ thành phần hồ sơ chứng thực bản sao",
        ],
    ),
    (
        "y-te-giao-duc",
        "Y tế, giáo dục",
        "Văn hóa, xã hội",
        10,
        "KGVX",
        "trường học, trạm y tế, học phí",
        [],
        [
            "Trường tiểu học thu thêm các khoản ngoài quy định đầu năm học",
            "Trạm y tế xã thiếu thuốc thông thường, người dân phải ra tuyến trên",
            "Nhà vệ sinh trường học xuống cấp, đề nghị sửa chữa",
        ],
    ),
    (
        "an-ninh-trat-tu",
        "An ninh, trật tự",
        "Nội chính",
        7,
        "NC",
        "tiếng ồn, karaoke, tụ tập",
        [],
        [
            "Quán karaoke hoạt động quá 22 giờ, gây tiếng ồn",
            "Thanh thiếu niên tụ tập đua xe vào ban đêm trên đê",
        ],
    ),
]

ANSWERS = {
    "ha-tang-giao-thong": "Đơn vị quản lý đường bộ đã kiểm tra hiện trường và khắc phục, "
    "hoàn thành việc sửa chữa; sẽ tiếp tục theo dõi, duy tu định kỳ.",
    "chieu-sang": "Đơn vị quản lý chiếu sáng đã thay thế thiết bị hỏng; hệ thống đèn đã "
    "hoạt động bình thường.",
    "moi-truong": "Đoàn kiểm tra đã làm việc với cơ sở, lập biên bản và yêu cầu khắc phục; "
    "việc thu gom rác được bố trí lại lịch hằng ngày.",
    "trat-tu-do-thi": "Lực lượng trật tự đô thị đã kiểm tra, nhắc nhở và xử lý vi phạm theo "
    "quy định; sẽ tăng cường kiểm tra thường xuyên.",
    "dich-vu-cong": "Trung tâm Phục vụ hành chính công đã kiểm tra, đôn đốc cơ quan giải quyết; "
    "hồ sơ đã có kết quả và được trả cho công dân.",
    "y-te-giao-duc": "Cơ quan chuyên môn đã kiểm tra, yêu cầu đơn vị thực hiện đúng quy định "
    "và báo cáo kết quả khắc phục.",
    "an-ninh-trat-tu": "Công an xã, phường đã tăng cường tuần tra, xử lý các trường hợp vi "
    "phạm theo quy định.",
}


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return min(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.VN_TZ), clock.now())


def _handler(unit):
    membership = (
        Membership.objects.filter(unit=unit).select_related("official").order_by("pk").first()
    )
    return membership.official if membership else None


def _ensure_categories(ctx: SeedContext) -> list[Category]:
    office = ctx.agencies["vp_ubnd"]
    out = []
    for order, (code, name, group, sla, unit, keywords, attributes, _texts) in enumerate(
        CATEGORIES, start=1
    ):
        category, _created = Category.objects.update_or_create(
            code=code,
            defaults={
                "agency": office,
                "name": name,
                "group": group,
                "sla_working_days": sla,
                "responsible_agency": office,
                "responsible_unit": ctx.units[("vp_ubnd", unit)],
                "keywords": keywords,
                "attributes": attributes,
                "order": order,
            },
        )
        out.append(category)
    # Infrastructure and environment of the two demo communes go to their own People's
    # Committee (Phòng Kinh tế / Kinh tế, Hạ tầng và Đô thị), with a shorter SLA.
    for key, ward in (("px_pho_hien", WARD_PHO_HIEN), ("xa_vu_thu", WARD_VU_THU)):
        for code in ("ha-tang-giao-thong", "chieu-sang", "moi-truong", "trat-tu-do-thi"):
            RoutingRule.objects.update_or_create(
                category=Category.objects.get(code=code),
                commune_code=ward,
                defaults={
                    "responsible_agency": ctx.agencies[key],
                    "responsible_unit": ctx.units[(key, "KT")],
                    "sla_working_days": 5,
                },
            )
    return out


@seed_step("feedback", order=320, after=("org",))
def seed_feedback(ctx: SeedContext) -> None:
    categories = _ensure_categories(ctx)
    office = ctx.agencies["vp_ubnd"]
    operator = ctx.officials["tiepcongdan"]
    approver = ctx.officials["lanhdaovanphong"]
    if Feedback.objects.filter(agency=office).exists():
        ctx.log("  Đường dây nóng: dữ liệu mẫu đã có")
        return
    template = AnswerTemplate.objects.create(
        agency=office,
        category=categories[0],
        title="Đã chuyển đơn vị quản lý đường bộ khắc phục",
        body=ANSWERS["ha-tang-giao-thong"],
        created_by=operator,
    )
    AnswerTemplate.objects.create(
        agency=office,
        category=None,
        title="Đã tiếp nhận, đang kiểm tra hiện trường",
        body="Cơ quan chức năng đã tiếp nhận phản ánh và đang kiểm tra hiện trường; kết quả "
        "sẽ được thông báo trong thời hạn quy định.",
        created_by=operator,
    )
    rng = random.Random(2026)
    communes = [c for c, _n in places.communes()]
    favoured = [WARD_PHO_HIEN, WARD_VU_THU] * 6 + communes[:20]
    today = ctx.today
    first_day = workdays.add_working_days(today, -40)
    days = []
    day = first_day
    while day <= today:
        days.append(day)
        day = workdays.add_working_days(day, 1)
    channels = ["web"] * 5 + ["dien_thoai"] * 3 + ["email", "open311"]
    created: list[Feedback] = []
    for n in range(ITEMS):
        category = categories[n % len(categories)]
        spec = CATEGORIES[n % len(CATEGORIES)]
        day = days[min(len(days) - 1, n * len(days) // ITEMS)]
        received = _moment(day, 7 + n % 9, (n * 7) % 60)
        commune = rng.choice(favoured)
        name = vietnamese_name(f"feedback-{n}") if n % 4 else ""
        channel = channels[n % len(channels)]
        with clock.frozen_at(received):
            item, _secret = services.feedback_submit(
                acting_user=operator if channel in ("dien_thoai", "email") else None,
                category=category,
                channel=channel,
                description=rng.choice(spec[7]),
                commune_code=commune,
                location_text=rng.choice(
                    ["Thôn Đông", "Tổ dân phố 3", "Đường Nguyễn Văn Linh", ""]
                ),
                lat=f"20.6{rng.randint(0, 9999):04d}" if channel == "open311" else None,
                long=f"106.0{rng.randint(0, 9999):04d}" if channel == "open311" else None,
                contact_name=name,
                contact_phone=f"09{rng.randint(10000000, 99999999)}" if name else "",
                contact_email=f"nguoidan{n}@example.vn" if name and n % 15 == 1 else "",
                consent_publish=bool(name) and n % 5 == 0,
                attribute_values={"loai_su_co": "tat"} if category.code == "chieu-sang" else {},
            )
        created.append(item)
    # Older items answered and published (most of them on time), newer ones waiting.
    published = 0
    for index, item in enumerate(created):
        age = len(created) - index
        if age <= 18:
            continue
        handler = _handler(item.responsible_unit) if item.responsible_unit else None
        if handler is None:
            continue
        if index % 11 == 5:  # a few merged into an earlier similar item
            earlier = next(
                (
                    e
                    for e in created[:index]
                    if e.category_id == item.category_id
                    and e.is_open
                    and e.merged_into_id is None
                    and not e.duplicates.exists()
                ),
                None,
            )
            if earlier is not None:
                with clock.frozen_at(_moment(item.received_at.date(), 16)):
                    services.feedback_merge(
                        acting_user=operator, primary=earlier, duplicates=[item]
                    )
                continue
        answer_day = workdays.add_working_days(item.received_at, 2 + index % 6)
        if answer_day >= today:
            continue
        with clock.frozen_at(_moment(answer_day, 9, 30)):
            if item.category_id == template.category_id and index % 2:
                services.feedback_draft_answer(acting_user=handler, item=item, template=template)
            else:
                services.feedback_draft_answer(
                    acting_user=handler, item=item, answer=ANSWERS[item.category.code]
                )
        if index % 7 == 3:
            continue  # waiting for approval
        publish_day = workdays.add_working_days(answer_day, 1)
        if publish_day > today:
            continue
        with clock.frozen_at(_moment(publish_day, 10)):
            services.feedback_publish(acting_user=approver, item=item)
        published += 1
    # One item turns out to be a denunciation: entered in the petition register.
    candidate = next((i for i in reversed(created) if i.is_open and i.contact_name), None)
    if candidate is not None:
        try:
            services.feedback_convert_to_petition(
                acting_user=operator, item=candidate, classification="kien_nghi"
            )
        except DomainError as exc:  # e.g. the reception rules missing in a partial seed
            ctx.log(f"  Đường dây nóng: không chuyển được thành đơn ({exc})")
    ctx.log(
        f"  Đường dây nóng: {len(categories)} lĩnh vực, {len(created)} phản ánh, "
        f"{published} đã trả lời công khai"
    )
