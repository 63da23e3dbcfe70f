"""Test builders for documents: an Office with a clerk, leaders, two units and specialists."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from vanphong.documents import services
from vanphong.documents.models import DocumentType
from vanphong.org.models import Agency, Official, Role, Unit
from vanphong.org.testing import make_agency, make_official, make_unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name: str = "van-ban.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fake_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("gia-mao.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")


@dataclass
class Office:
    agency: Agency
    kt: Unit
    th: Unit
    clerk: Official
    leader: Official
    kt_head: Official
    kt_specialist: Official
    th_specialist: Official
    outsider: Official


def make_office() -> Office:
    agency = make_agency(name="Văn phòng UBND tỉnh thử", short_name="VP")
    kt = make_unit(agency, name="Phòng Kinh tế", abbreviation="KT")
    th = make_unit(agency, name="Phòng Tổng hợp", abbreviation="TH")
    return Office(
        agency=agency,
        kt=kt,
        th=th,
        clerk=make_official(agency, roles=(Role.VAN_THU,), full_name="Văn Thư Một"),
        leader=make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Lãnh Đạo VP"),
        kt_head=make_official(unit=kt, roles=(Role.LANH_DAO_PHONG,), is_head=True),
        kt_specialist=make_official(unit=kt, roles=(Role.CHUYEN_VIEN,)),
        th_specialist=make_official(unit=th, roles=(Role.CHUYEN_VIEN,)),
        outsider=make_official(make_agency(short_name="SNV"), roles=(Role.VAN_THU,)),
    )


def doc_type(abbreviation: str = "") -> DocumentType:
    if not abbreviation:
        return DocumentType.objects.get(name="Công văn")
    return DocumentType.objects.filter(abbreviation=abbreviation).order_by("id").first()


_n = iter(range(1, 10**6))


def register(office: Office, **overrides):
    n = next(_n)
    data = {
        "acting_user": office.clerk,
        "agency": office.agency,
        "channel": "dien_tu",
        "issuer_name": "Sở Tài chính",
        "so_ky_hieu": f"{n:02d}/STC-NS",
        "issue_date": dt.date(2026, 3, 2),
        "doc_type": doc_type(),
        "trich_yeu": f"V/v dự toán ngân sách số {n}",
    }
    data.update(overrides)
    return services.incoming_register(**data)


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def stored_files(settings) -> list[str]:
    import pathlib

    root = pathlib.Path(settings.MEDIA_ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- outgoing ------------------------------------------------------------------------------------


def docx_file(name: str = "du-thao.docx", text: str = "Dự thảo") -> SimpleUploadedFile:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@dataclass
class World:
    """An Office (UBND, units KT and TH) with a signer, and a department on the platform."""

    office: Office
    signer: Official
    department: Agency
    dept_clerk: Official
    dept_leader: Official


def make_world() -> World:
    office = make_office()
    office.agency.short_name = "UBND"
    office.agency.save(update_fields=["short_name"])
    department = make_agency(name="Sở Nội vụ thử", short_name="SNV", kind="department")
    return World(
        office=office,
        signer=make_official(office.agency, roles=(Role.LANH_DAO_UBND,), full_name="Nguyễn Văn Ký"),
        department=department,
        dept_clerk=make_official(department, roles=(Role.VAN_THU,), full_name="Văn Thư Sở"),
        dept_leader=make_official(
            department, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Lãnh Đạo Sở"
        ),
    )


def draft(world: World, *, abbreviation: str = "QĐ", name: str | None = None, **overrides):
    office = world.office
    dt_ = DocumentType.objects.get(name=name) if name else doc_type(abbreviation)
    data = {
        "agency": office.agency,
        "doc_type": dt_,
        "trich_yeu": "V/v triển khai kế hoạch cải cách hành chính năm 2026",
        "drafting_unit": office.kt,
        "file": docx_file(),
    }
    data.update(overrides)
    if data.get("confidentiality", "thuong") != "thuong":
        data.pop("file", None)
    return services.outgoing_draft_create(office.kt_specialist, **data)


def approve_all(world: World, document, *, mark: str = "KT.", title: str = "CHỦ TỊCH"):
    """Submit and approve through the default chain (unit leader, office leader, signer)."""
    office = world.office
    services.outgoing_submit(office.kt_specialist, document)
    services.outgoing_approve(office.kt_head, document)
    services.outgoing_approve(office.leader, document)
    return services.outgoing_approve(
        world.signer,
        document,
        authority_mark=mark,
        authority_title=title,
        signer_position="Phó Chủ tịch",
    )


def issued(world: World, **kwargs):
    document = draft(world, **kwargs)
    approve_all(world, document)
    return services.outgoing_issue(world.office.clerk, document)
