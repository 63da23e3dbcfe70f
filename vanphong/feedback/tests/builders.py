"""Test builders for the hotline: an office running it, a unit that answers, categories."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from vanphong.core import clock
from vanphong.feedback import services
from vanphong.feedback.models import Category, RoutingRule
from vanphong.org.models import AgencyKind, Role
from vanphong.org.testing import make_agency, make_official, make_unit

PHO_HIEN = 11953  # Phường Phố Hiến (Hưng Yên)
SON_NAM = 11983  # Phường Sơn Nam
NAME = "Trần Thị Bích Ngọc"
PHONE = "0912345678"
EMAIL = "bichngoc@example.vn"


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=clock.VN_TZ)


@dataclass
class Hotline:
    office: object
    commune: object
    btcd: object
    kt: object
    other_unit: object
    operator: object
    approver: object
    handler: object
    commune_handler: object
    outsider: object
    category: Category
    lighting: Category


def hotline(password: str = "matkhau-Thu-2026") -> Hotline:
    office = make_agency(name="Văn phòng UBND tỉnh thử", kind=AgencyKind.PROVINCE_OFFICE)
    commune = make_agency(name="UBND phường Sơn Nam thử", kind=AgencyKind.COMMUNE_PC)
    btcd = make_unit(office, name="Ban Tiếp công dân", abbreviation="BTCD")
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    other = make_unit(office, name="Phòng Nội chính", abbreviation="NC")
    ldvp = make_unit(office, name="Lãnh đạo Văn phòng", abbreviation="LDVP")
    ckt = make_unit(commune, name="Phòng Kinh tế, Hạ tầng và Đô thị", abbreviation="KTHT")
    operator = make_official(
        office,
        unit=btcd,
        roles=(Role.CAN_BO_TIEP_CONG_DAN,),
        username="tiepcongdan",
        password=password,
    )
    approver = make_official(
        office,
        unit=ldvp,
        roles=(Role.LANH_DAO_VAN_PHONG,),
        username="lanhdaovanphong",
        password=password,
    )
    handler = make_official(
        office, unit=kt, roles=(Role.CHUYEN_VIEN,), username="chuyenvien", password=password
    )
    commune_handler = make_official(
        commune, unit=ckt, roles=(Role.CHUYEN_VIEN,), username="congchuc", password=password
    )
    outsider = make_official(
        office, unit=other, roles=(Role.CHUYEN_VIEN,), username="noichinh", password=password
    )
    category = Category.objects.create(
        agency=office,
        code="ha-tang-giao-thong",
        name="Hạ tầng giao thông",
        group="Hạ tầng",
        keywords="ổ gà, đường hỏng",
        sla_working_days=5,
        responsible_agency=office,
        responsible_unit=kt,
    )
    RoutingRule.objects.create(
        category=category,
        commune_code=SON_NAM,
        responsible_agency=commune,
        responsible_unit=ckt,
        sla_working_days=3,
    )
    lighting = Category.objects.create(
        agency=office,
        code="chieu-sang",
        name="Chiếu sáng công cộng",
        sla_working_days=7,
        responsible_agency=office,
        responsible_unit=kt,
        attributes=[
            {
                "code": "loai_den",
                "description": "Loại sự cố",
                "datatype": "singlevaluelist",
                "required": True,
                "values": [
                    {"key": "tat", "name": "Đèn tắt"},
                    {"key": "chap", "name": "Đèn chập chờn"},
                ],
            }
        ],
    )
    return Hotline(
        office,
        commune,
        btcd,
        kt,
        other,
        operator,
        approver,
        handler,
        commune_handler,
        outsider,
        category,
        lighting,
    )


def submit(h: Hotline, **kw):
    kw.setdefault("category", h.category)
    kw.setdefault("channel", "web")
    kw.setdefault("description", f"Đường Nguyễn Văn Linh có ổ gà lớn, gọi {PHONE} để biết thêm")
    kw.setdefault("commune_code", PHO_HIEN)
    kw.setdefault("contact_name", NAME)
    kw.setdefault("contact_phone", PHONE)
    kw.setdefault("contact_email", EMAIL)
    return services.feedback_submit(**kw)


def answered(h: Hotline, **kw):
    """An item answered by the unit and published by the approver."""
    item, secret = submit(h, **kw)
    services.feedback_draft_answer(
        acting_user=h.handler, item=item, answer="Đơn vị đã vá ổ gà ngày 10/7."
    )
    services.feedback_publish(acting_user=h.approver, item=item)
    item.refresh_from_db()
    return item, secret


def jpeg_with_gps(name: str = "o-ga.jpg") -> SimpleUploadedFile:
    """A small JPEG carrying EXIF with a GPS position and a camera model."""
    from PIL import Image

    img = Image.new("RGB", (40, 30), (200, 80, 40))
    exif = Image.Exif()
    exif[0x0110] = "Camera thử"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (20.0, 39.0, 12.5)
    gps[3] = "E"
    gps[4] = (106.0, 3.0, 4.2)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
