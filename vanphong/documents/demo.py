"""Demo văn bản đến of the provincial PC Office: ~30 documents received over the past weeks,
through the services (each registered, presented and directed at its own moment by moving the
kernel clock inside ``clock.frozen_at``, which restores it afterwards). Idempotent: nothing is
added when the Office already has incoming documents."""

from __future__ import annotations

import datetime as dt

from vanphong.core import clock
from vanphong.core.assignments.services import assignment_finish
from vanphong.core.calendar import workdays
from vanphong.core.demo import SeedContext, seed_step
from vanphong.documents import services
from vanphong.documents.models import DocumentType, IncomingDocument

# (working days ago, hour, issuer, số ký hiệu, type abbreviation or "" for công văn, trích yếu,
#  urgency, confidentiality, direction: None | (lead unit, coordinating units, working days))
DOCUMENTS = [
    (
        22,
        8,
        "Văn phòng Chính phủ",
        "1021/VPCP-KTTH",
        "",
        "Về việc đẩy mạnh giải ngân vốn đầu tư công năm 2026",
        "khan",
        "thuong",
        ("KT", ("TH",), 5),
    ),
    (
        21,
        9,
        "Bộ Nội vụ",
        "845/BNV-CCVC",
        "",
        "Về việc báo cáo số lượng, chất lượng cán bộ, công chức cấp xã",
        "thuong",
        "thuong",
        ("TH", (), 25),
    ),
    (
        20,
        10,
        "Sở Tài chính",
        "312/STC-QLNS",
        "",
        "Về việc thẩm định dự toán ngân sách bổ sung quý II",
        "thuong",
        "thuong",
        ("KT", (), 7),
    ),
    (
        19,
        14,
        "Sở Kế hoạch và Đầu tư",
        "15/BC-SKHĐT",
        "BC",
        "Báo cáo tình hình kinh tế - xã hội tháng 2",
        "thuong",
        "thuong",
        None,
    ),
    (
        18,
        9,
        "UBND xã Vũ Thư",
        "27/TTr-UBND",
        "TTr",
        "Tờ trình đề nghị phê duyệt kế hoạch sử dụng đất năm 2026",
        "thuong",
        "thuong",
        ("KT", ("TH",), 22),
    ),
    (
        17,
        15,
        "Sở Nông nghiệp và Môi trường",
        "410/SNNMT-TL",
        "",
        "Về việc chủ động phòng, chống hạn hán, xâm nhập mặn",
        "thuong_khan",
        "thuong",
        ("KT", (), 3),
    ),
    (
        16,
        8,
        "Bộ Tài chính",
        "2210/BTC-NSNN",
        "",
        "Về việc hướng dẫn quyết toán ngân sách địa phương năm 2025",
        "thuong",
        "thuong",
        None,
    ),
    (
        15,
        10,
        "Công an tỉnh",
        "05/CAT-PV01",
        "",
        "Về công tác bảo đảm an ninh trật tự dịp lễ hội",
        "thuong",
        "mat",
        ("TH", (), 5),
    ),
    (
        14,
        9,
        "Sở Y tế",
        "198/SYT-NVY",
        "",
        "Về việc tăng cường phòng, chống dịch sốt xuất huyết",
        "khan",
        "thuong",
        ("TH", (), 4),
    ),
    (
        13,
        11,
        "UBND phường Phố Hiến",
        "44/UBND-KT",
        "",
        "Về việc đề nghị hỗ trợ kinh phí sửa chữa trường học",
        "thuong",
        "thuong",
        ("KT", (), 15),
    ),
    (
        12,
        8,
        "Thủ tướng Chính phủ",
        "08/CĐ-TTg",
        "CĐ",
        "Công điện về việc ứng phó với bão số 2",
        "hoa_toc",
        "thuong",
        ("TH", ("KT",), 1),
    ),
    (
        11,
        14,
        "Sở Xây dựng",
        "256/SXD-QLXD",
        "",
        "Về việc kiểm tra công tác quản lý trật tự xây dựng",
        "thuong",
        "thuong",
        None,
    ),
    (
        10,
        9,
        "Sở Giáo dục và Đào tạo",
        "88/KH-SGDĐT",
        "KH",
        "Kế hoạch tổ chức kỳ thi tốt nghiệp trung học phổ thông năm 2026",
        "thuong",
        "thuong",
        ("TH", (), 15),
    ),
    (
        9,
        10,
        "Ban Quản lý các khu công nghiệp",
        "73/BQL-QLDN",
        "",
        "Về việc tháo gỡ khó khăn cho doanh nghiệp trong khu công nghiệp",
        "khan",
        "thuong",
        ("KT", ("TH",), 12),
    ),
    (
        8,
        15,
        "Sở Tư pháp",
        "61/STP-XDKTVB",
        "",
        "Về việc góp ý dự thảo quyết định quy định phân cấp quản lý",
        "thuong",
        "thuong",
        None,
    ),
    (
        7,
        8,
        "Bộ Kế hoạch và Đầu tư",
        "1502/BKHĐT-TH",
        "",
        "Về việc xây dựng kế hoạch phát triển kinh tế - xã hội 5 năm",
        "thuong",
        "thuong",
        ("KT", (), 12),
    ),
    (
        6,
        9,
        "UBND tỉnh Hưng Yên",
        "12/2026/QĐ-UBND",
        "QĐ",
        "Quyết định ban hành quy chế làm việc của Ủy ban nhân dân tỉnh",
        "thuong",
        "thuong",
        None,
    ),
    (
        6,
        14,
        "Sở Tài chính",
        "355/STC-TCĐT",
        "",
        "Về việc điều chỉnh kế hoạch vốn các dự án chậm giải ngân",
        "thuong_khan",
        "thuong",
        ("KT", (), 7),
    ),
    (
        5,
        10,
        "Sở Nội vụ",
        "120/SNV-TCBC",
        "",
        "Về việc rà soát vị trí việc làm tại các đơn vị sự nghiệp",
        "thuong",
        "thuong",
        ("TH", (), 10),
    ),
    (
        5,
        16,
        "Thanh tra tỉnh",
        "34/TTr-NV3",
        "",
        "Về việc cung cấp hồ sơ phục vụ thanh tra chuyên đề",
        "thuong",
        "thuong",
        None,
    ),
    (
        4,
        8,
        "Văn phòng Chính phủ",
        "1187/VPCP-NN",
        "",
        "Về việc khắc phục hậu quả mưa lũ",
        "khan",
        "thuong",
        None,
    ),
    (
        4,
        11,
        "Sở Công Thương",
        "142/SCT-QLTM",
        "",
        "Về việc bảo đảm cung ứng hàng hóa thiết yếu",
        "thuong",
        "thuong",
        None,
    ),
    (
        3,
        9,
        "UBND xã Vũ Thư",
        "31/BC-UBND",
        "BC",
        "Báo cáo kết quả thực hiện chương trình nông thôn mới",
        "thuong",
        "thuong",
        None,
    ),
    (
        3,
        15,
        "Bộ Nội vụ",
        "902/BNV-CQĐP",
        "",
        "Về việc tổng kết hoạt động chính quyền địa phương hai cấp",
        "thuong",
        "thuong",
        None,
    ),
    (
        2,
        9,
        "Sở Khoa học và Công nghệ",
        "77/SKHCN-CĐS",
        "",
        "Về việc triển khai nền tảng số dùng chung của tỉnh",
        "thuong",
        "thuong",
        None,
    ),
    (
        2,
        14,
        "Sở Văn hóa, Thể thao và Du lịch",
        "19/GM-SVHTTDL",
        "GM",
        "Giấy mời dự hội nghị tổng kết công tác văn hóa cơ sở",
        "thuong",
        "thuong",
        None,
    ),
    (
        1,
        8,
        "Bộ Quốc phòng",
        "47/BQP-TM",
        "",
        "Về công tác tuyển quân năm 2026",
        "thuong_khan",
        "thuong",
        None,
    ),
    (
        1,
        10,
        "Sở Tài chính",
        "401/STC-QLNS",
        "",
        "Về việc phân bổ kinh phí sự nghiệp môi trường",
        "thuong",
        "thuong",
        None,
    ),
    (
        0,
        8,
        "UBND phường Phố Hiến",
        "52/UBND-VP",
        "",
        "Về việc đăng ký lịch tiếp công dân của lãnh đạo tỉnh",
        "thuong",
        "thuong",
        None,
    ),
    (
        0,
        9,
        "Văn phòng Chính phủ",
        "1299/VPCP-KTTH",
        "",
        "Về việc kiểm tra tình hình thực hiện nhiệm vụ được giao",
        "hoa_toc",
        "thuong",
        None,
    ),
]


def _moment(today: dt.date, working_days_ago: int, hour: int) -> dt.datetime:
    day = workdays.add_working_days(today, -working_days_ago) if working_days_ago else today
    return min(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=clock.VN_TZ), clock.now())


@seed_step("documents", order=200, after=("org",))
def seed_documents(ctx: SeedContext) -> None:
    agency = ctx.agencies["vp_ubnd"]
    if IncomingDocument.objects.filter(agency=agency).exists():
        ctx.log("  Văn bản đến: dữ liệu mẫu đã có")
        return
    clerk = ctx.officials["vanthu"]
    leader = ctx.officials["lanhdaovanphong"]
    types = {
        t.abbreviation: t
        for t in DocumentType.objects.exclude(name__endswith="(quy phạm pháp luật)")
    }
    types["QĐ"] = DocumentType.objects.get(name="Quyết định (quy phạm pháp luật)")
    cong_van = DocumentType.objects.get(name="Công văn")
    count = directed = 0
    rows = sorted(DOCUMENTS, key=lambda r: _moment(ctx.today, r[0], r[1]))
    for days_ago, hour, issuer, code, abbr, summary, urgency, secret, direction in rows:
        at = _moment(ctx.today, days_ago, hour)
        with clock.frozen_at(at):
            doc = services.incoming_register(
                acting_user=clerk,
                agency=agency,
                channel="giay" if count % 3 == 0 else "dien_tu",
                issuer_name=issuer,
                so_ky_hieu=code,
                issue_date=workdays.add_working_days(at.date(), -1),
                doc_type=types.get(abbr, cong_van) if abbr else cong_van,
                trich_yeu=summary,
                page_count=2 + count % 5,
                urgency=urgency,
                confidentiality=secret,
            )
            count += 1
            if direction is None and days_ago < 2:
                continue  # today's and yesterday's mail: not yet presented
            services.incoming_present(acting_user=clerk, document=doc, leader=leader)
        if direction is None:
            continue
        lead, coordinating, days = direction
        with clock.frozen_at(at + dt.timedelta(hours=1)):
            services.incoming_direct(
                acting_user=leader,
                document=doc,
                direction=f"Giao {ctx.units[('vp_ubnd', lead)].name} chủ trì tham mưu, báo cáo.",
                lead=services.Assign(ctx.units[("vp_ubnd", lead)], due_in_working_days=days),
                coordinating=[
                    services.Assign(ctx.units[("vp_ubnd", c)], due_in_working_days=days)
                    for c in coordinating
                ],
            )
            directed += 1
        if days_ago >= 20:  # the oldest ones are done
            with clock.frozen_at(at + dt.timedelta(days=6)):
                for assignment in services.document_assignments(doc):
                    assignment_finish(
                        acting_user=leader, assignment=assignment, result="Đã tham mưu, báo cáo."
                    )
                services.incoming_finish(
                    acting_user=leader, document=doc, note="Đã báo cáo kết quả thực hiện."
                )
    ctx.log(f"  Văn bản đến: {count} văn bản, {directed} đã có ý kiến chỉ đạo")


# --- văn bản đi ------------------------------------------------------------------------------------

# (working days ago, type name, trích yếu, urgency, final state, recipients)
# recipients: agency keys of the demo (on the platform), unit abbreviations of the Office
# prefixed "unit:", external agencies as (identifier, name).
OUTGOING = [
    (
        15,
        "Công văn",
        "Về việc báo cáo tình hình thực hiện cải cách hành chính quý I năm 2026",
        "thuong",
        "issued",
        ["so_noi_vu", "unit:TH"],
    ),
    (
        14,
        "Quyết định (cá biệt)",
        "Quyết định thành lập Tổ công tác rà soát thủ tục hành chính",
        "thuong",
        "issued",
        ["unit:KT", "unit:TH"],
    ),
    (
        12,
        "Công văn",
        "Về việc phân bổ kinh phí tổ chức hội nghị tổng kết năm",
        "khan",
        "issued",
        ["so_tai_chinh"],
    ),
    (
        10,
        "Thông báo",
        "Thông báo kết luận của Chánh Văn phòng tại cuộc họp giao ban tháng 3",
        "thuong",
        "issued",
        ["unit:KT", "unit:TH", "unit:KGVX"],
    ),
    (
        9,
        "Công văn",
        "Về việc cung cấp số liệu phục vụ xây dựng báo cáo kinh tế - xã hội",
        "thuong",
        "issued",
        [("000.00.00.G12", "Bộ Tài chính")],
    ),
    (
        8,
        "Công văn",
        "Về việc đôn đốc nộp báo cáo công tác văn thư, lưu trữ năm 2026",
        "thuong",
        "recalled",
        ["so_tai_chinh", "so_noi_vu"],
    ),
    (
        5,
        "Kế hoạch",
        "Kế hoạch kiểm tra công tác văn thư, lưu trữ tại các sở, ngành năm 2026",
        "thuong",
        "approved",
        ["so_noi_vu", "so_tai_chinh"],
    ),
    (
        4,
        "Tờ trình",
        "Tờ trình đề nghị phê duyệt danh mục hồ sơ năm 2027 của Văn phòng",
        "thuong",
        "returned",
        [],
    ),
    (
        3,
        "Công văn",
        "Về việc chuẩn bị nội dung phiên họp thường kỳ tháng 4 của UBND tỉnh",
        "thuong_khan",
        "in_review_office",
        ["unit:TH"],
    ),
    (
        2,
        "Giấy mời",
        "Giấy mời dự hội nghị triển khai nền tảng quản lý văn bản dùng chung",
        "khan",
        "in_review_unit",
        ["so_noi_vu", "so_tai_chinh"],
    ),
    (
        1,
        "Báo cáo",
        "Báo cáo kết quả giải quyết văn bản đến tháng 3 năm 2026",
        "thuong",
        "draft",
        [],
    ),
    (
        0,
        "Công văn",
        "Về việc góp ý dự thảo quy chế tiếp nhận văn bản điện tử",
        "thuong",
        "draft",
        ["so_noi_vu"],
    ),
]


def _demo_docx(title: str):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    document.add_paragraph("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH")
    document.add_paragraph(title)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        "du-thao.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@seed_step("documents_outgoing", order=210, after=("org", "documents"))
def seed_outgoing(ctx: SeedContext) -> None:
    from vanphong.documents.models import OutgoingDocument, ReviewStep

    agency = ctx.agencies["vp_ubnd"]
    if OutgoingDocument.objects.filter(agency=agency).exists():
        ctx.log("  Văn bản đi: dữ liệu mẫu đã có")
        return
    # The Office's own documents: the unit leader, then the Chánh Văn phòng, who signs.
    for order, role in ((1, "unit_leader"), (2, "office_leader")):
        ReviewStep.objects.get_or_create(
            agency=agency, doc_type=None, order=order, defaults={"role": role}
        )
    author = ctx.officials["chuyenvien"]
    unit_leader = ctx.officials["lanhdaophong"]
    chief = ctx.officials["lanhdaovanphong"]
    clerk = ctx.officials["vanthu"]
    kt = ctx.units[("vp_ubnd", "KT")]
    counts: dict[str, int] = {}
    for days_ago, type_name, summary, urgency, final, recipients in OUTGOING:
        at = _moment(ctx.today, days_ago, 8)
        targets = []
        for r in recipients:
            if isinstance(r, tuple):
                targets.append(services.External(identifier=r[0], name=r[1]))
            elif r.startswith("unit:"):
                targets.append(ctx.units[("vp_ubnd", r[5:])])
            else:
                targets.append(ctx.agencies[r])
        with clock.frozen_at(at):
            doc = services.outgoing_draft_create(
                author,
                agency=agency,
                doc_type=DocumentType.objects.get(name=type_name),
                trich_yeu=summary,
                drafting_unit=kt,
                urgency=urgency,
                recipients=targets,
                noi_nhan="- Như trên;\n- Lãnh đạo Văn phòng;\n- Lưu: VT, KT.",
                file=_demo_docx(summary),
            )
            if final == "draft":
                counts[final] = counts.get(final, 0) + 1
                continue
            services.outgoing_submit(author, doc)
        if final != "in_review_unit":
            with clock.frozen_at(at + dt.timedelta(hours=1)):
                services.outgoing_approve(
                    unit_leader, doc, comment="Đồng ý, trình Lãnh đạo Văn phòng."
                )
        if final == "returned":
            with clock.frozen_at(at + dt.timedelta(hours=2)):
                services.outgoing_return(
                    chief,
                    doc,
                    comment="Bổ sung căn cứ Nghị định 30/2020/NĐ-CP và thời hạn nộp lưu.",
                )
        elif final not in ("in_review_unit", "in_review_office"):
            with clock.frozen_at(at + dt.timedelta(hours=2)):
                services.outgoing_approve(
                    chief, doc, authority_mark="", signer_position="Chánh Văn phòng"
                )
        if final in ("issued", "recalled"):
            with clock.frozen_at(at + dt.timedelta(hours=3)):
                services.outgoing_issue(clerk, doc)
        if final == "recalled":
            with clock.frozen_at(at + dt.timedelta(days=1)):
                services.outgoing_recall(
                    clerk, doc, reason="Gửi nhầm nơi nhận; sẽ ban hành văn bản thay thế."
                )
        counts[final] = counts.get(final, 0) + 1
    ctx.log("  Văn bản đi: " + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())))
