"""Demo: the 2026 danh mục hồ sơ of the Văn phòng UBND tỉnh (about 20 files under the units'
headings), the Kinh tế specialist's files opened and some incoming documents filed."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from vanphong.core.assignments.models import Assignment
from vanphong.core.demo import SeedContext, seed_step
from vanphong.documents.models import IncomingDocument
from vanphong.org.models import Official
from vanphong.workfiles import services
from vanphong.workfiles.models import Catalog

#: (unit abbreviation, heading title, heading code, [(file title, retention), ...])
CATALOG = [
    (
        "HCTC",
        "Công tác hành chính, tổ chức",
        "HCTC",
        [
            ("Sổ đăng ký văn bản đến năm {year}", "20 năm"),
            ("Sổ đăng ký văn bản đi năm {year}", "50 năm"),
            ("Tập lưu văn bản đi năm {year} (quyết định, quy chế)", "Vĩnh viễn"),
            ("Hồ sơ thi đua, khen thưởng năm {year} của Văn phòng", "20 năm"),
        ],
    ),
    (
        "TH",
        "Công tác tổng hợp",
        "TH",
        [
            ("Báo cáo tình hình kinh tế - xã hội hằng tháng năm {year}", "10 năm"),
            ("Báo cáo kinh tế - xã hội 6 tháng và cả năm {year}", "Vĩnh viễn"),
            ("Chương trình công tác năm {year} của UBND tỉnh", "Vĩnh viễn"),
            ("Thông báo kết luận các phiên họp UBND tỉnh năm {year}", "Vĩnh viễn"),
            ("Công văn trao đổi về công tác tổng hợp năm {year}", "10 năm"),
        ],
    ),
    (
        "KT",
        "Lĩnh vực kinh tế",
        "KT",
        [
            ("Hồ sơ dự toán ngân sách tỉnh năm {year}", "Vĩnh viễn"),
            ("Hồ sơ kế hoạch đầu tư công năm {year}", "Vĩnh viễn"),
            ("Hồ sơ phòng, chống thiên tai và tìm kiếm cứu nạn năm {year}", "20 năm"),
            ("Công văn trao đổi về đất đai, tài nguyên năm {year}", "10 năm"),
        ],
    ),
    (
        "KGVX",
        "Lĩnh vực khoa giáo - văn xã",
        "KGVX",
        [
            ("Hồ sơ kế hoạch năm học {year} - {next}", "20 năm"),
            ("Hồ sơ công tác y tế, phòng chống dịch bệnh năm {year}", "20 năm"),
            ("Hồ sơ chính sách an sinh xã hội năm {year}", "20 năm"),
        ],
    ),
    (
        "NC",
        "Lĩnh vực nội chính",
        "NC",
        [
            ("Hồ sơ công tác tiếp công dân, giải quyết khiếu nại năm {year}", "20 năm"),
            ("Hồ sơ cải cách hành chính năm {year}", "20 năm"),
            ("Báo cáo công tác phòng, chống tham nhũng năm {year}", "Vĩnh viễn"),
        ],
    ),
    (
        "QTTV",
        "Công tác quản trị, tài vụ",
        "QTTV",
        [
            ("Hồ sơ dự toán, quyết toán kinh phí năm {year} của Văn phòng", "Vĩnh viễn"),
            ("Hồ sơ mua sắm, sửa chữa tài sản năm {year}", "10 năm"),
        ],
    ),
]


def _staff(unit) -> list[Official]:
    return list(
        Official.objects.filter(memberships__unit=unit, is_active=True)
        .order_by("-memberships__is_head", "full_name")
        .distinct()
    )


@seed_step("workfiles", order=300, after=("org", "documents"))
def seed_workfiles(ctx: SeedContext) -> None:
    agency = ctx.agencies["vp_ubnd"]
    year = ctx.today.year
    if Catalog.objects.filter(agency=agency, year=year).exists():
        ctx.log("  Hồ sơ công việc: dữ liệu mẫu đã có")
        return
    clerk = ctx.officials["vanthu"]
    specialist = ctx.officials["chuyenvien"]
    catalog = services.catalog_create(acting_user=clerk, agency=agency, year=year)
    files = []
    for abbr, title, code, rows in CATALOG:
        unit = ctx.units[("vp_ubnd", abbr)]
        heading = services.heading_create(
            acting_user=clerk, catalog=catalog, title=title, code=code, unit=unit
        )
        staff = _staff(unit) or [clerk]
        for i, (file_title, retention) in enumerate(rows):
            creator = specialist if abbr == "KT" else staff[(i + 1) % len(staff)]
            files.append(
                services.workfile_create(
                    acting_user=clerk,
                    heading=heading,
                    title=file_title.format(year=year, next=year + 1),
                    retention=retention,
                    creator=creator,
                )
            )
    # The Kinh tế specialist keeps the KT files: opened, with the documents assigned to the unit.
    kt_files = [f for f in files if f.notation.endswith(".KT")]
    for wf in kt_files[:3]:
        services.workfile_open(acting_user=specialist, workfile=wf)
    ct = ContentType.objects.get_for_model(IncomingDocument)
    kt_unit = ctx.units[("vp_ubnd", "KT")]
    assigned = Assignment.objects.filter(
        case_type=ct, assignee_unit=kt_unit, parent__isnull=True
    ).values_list("case_id", flat=True)
    docs = list(
        IncomingDocument.objects.filter(pk__in=list(assigned), confidentiality="thuong").order_by(
            "received_at"
        )
    )
    filed = 0
    for i, doc in enumerate(docs[:8]):
        targets = [kt_files[i % 3]]
        if i == 0:
            targets.append(kt_files[(i + 1) % 3])  # one document in two files
        for wf in targets:
            services.file_document(acting_user=specialist, workfile=wf, case=doc)
            filed += 1
    # The clerk keeps the registers' file.
    services.workfile_open(acting_user=files[0].creator or clerk, workfile=files[0])
    ctx.log(f"  Hồ sơ công việc: danh mục {year}, {len(files)} hồ sơ, {filed} lần lập hồ sơ")
