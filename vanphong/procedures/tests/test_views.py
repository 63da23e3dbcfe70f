"""Public catalogue pages and staff pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from vanphong.org.models import Role
from vanphong.org.testing import login_verified, make_agency, make_official
from vanphong.procedures import excel, services
from vanphong.procedures.models import OnlineLevel, Procedure, ProcedureVersion
from vanphong.procedures.services import StepInput
from vanphong.procedures.testing import make_procedure

pytestmark = pytest.mark.django_db

LIST = "/thu-tuc/"


def test_public_search_is_accent_insensitive(client):
    make_procedure(code="1.001193", name="Cấp giấy khai sinh")
    make_procedure(code="1.000894", name="Đăng ký kết hôn")
    body = client.get(LIST, {"q": "cap giay khai sinh"}).content.decode()
    assert "Cấp giấy khai sinh" in body and "Đăng ký kết hôn" not in body
    body = client.get(LIST, {"q": "dang ky ket"}).content.decode()  # last word as a prefix
    assert "Đăng ký kết hôn" in body and "Cấp giấy khai sinh" not in body
    body = client.get(LIST, {"q": "1.000894"}).content.decode()
    assert "Đăng ký kết hôn" in body and "Cấp giấy khai sinh" not in body


def test_public_filters_and_hidden_procedures(client):
    agency = make_agency(name="Sở Tư pháp thử")
    make_procedure(name="Lý lịch tư pháp", competent_agency=agency, level="cap_tinh",
                   online_level=OnlineLevel.TOAN_TRINH)  # fmt: skip
    make_procedure(name="Chứng thực chữ ký", field_code="CT", field_name="Chứng thực")
    make_procedure(name="Thủ tục dự thảo", publish=False)
    stopped = make_procedure(name="Thủ tục đã bãi bỏ")
    services.procedure_deactivate(acting_user=None, procedure=stopped)

    body = client.get(LIST).content.decode()
    assert "Lý lịch tư pháp" in body and "Chứng thực chữ ký" in body
    assert "Thủ tục dự thảo" not in body and "Thủ tục đã bãi bỏ" not in body
    for params in ({"co_quan": agency.pk}, {"cap": "cap_tinh"}, {"muc": "toan_trinh"}):
        body = client.get(LIST, params).content.decode()
        assert "Lý lịch tư pháp" in body and "Chứng thực chữ ký" not in body, params
    field = Procedure.objects.get(name="Chứng thực chữ ký").field_id
    body = client.get(LIST, {"linh_vuc": field}).content.decode()
    assert "Chứng thực chữ ký" in body and "Lý lịch tư pháp" not in body
    # junk parameters are ignored, never a 500
    assert client.get(LIST, {"linh_vuc": "x", "cap": "?", "page": "999"}).status_code == 200


def test_public_page_shows_what_a_citizen_needs_and_no_staff_data(client):
    p = make_procedure(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        same_day=True,
        time_limit_days=Decimal(0),
        five_on_the_spot=True,
        submission_place="Trung tâm Phục vụ hành chính công xã",
        internal_note="GHI-CHU-NOI-BO-BI-MAT",
        steps=[StepInput("THAM-DINH-NOI-BO", Decimal(6), "DON-VI-NOI-BO", role=Role.CHUYEN_VIEN)],
    )
    response = client.get(p.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Tờ khai theo mẫu", "Lệ phí", "10.000", "Trong ngày", "15:00",
                 "Trung tâm Phục vụ hành chính công xã", "Luật Hộ tịch số 60/2014/QH13",
                 "Trực tuyến một phần", "5 tại chỗ", "Ủy ban nhân dân cấp xã"):  # fmt: skip
        assert text in body, text
    for secret in ("GHI-CHU-NOI-BO-BI-MAT", "THAM-DINH-NOI-BO", "DON-VI-NOI-BO"):
        assert secret not in body


def test_unknown_or_draft_procedure_is_404(client):
    draft = make_procedure(publish=False)
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get(f"/thu-tuc/{draft.code}/").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_catalogue_page_constant_queries(client):
    for _i in range(2):
        make_procedure(competent_agency=make_agency())
    few = _queries(client, LIST)
    few_search = _queries(client, LIST + "?q=thu+tuc")
    for i in range(15):
        make_procedure(
            competent_agency=make_agency(), field_code=f"F{i}", field_name=f"Lĩnh vực {i}"
        )
    assert _queries(client, LIST) == few
    assert _queries(client, LIST + "?q=thu+tuc") == few_search


def test_staff_pages_need_a_manager_role(client):
    make_procedure(code="1.001193")
    assert client.get("/thu-tuc/quan-ly/").status_code == 302  # to sign-in
    client.force_login(make_official(roles=(Role.CHUYEN_VIEN,)))
    assert client.get("/thu-tuc/quan-ly/").status_code == 403
    assert client.get("/thu-tuc/quan-ly/xuat-excel/").status_code == 403
    client.force_login(make_official(roles=(Role.CAN_BO_MOT_CUA,)))
    body = client.get("/thu-tuc/quan-ly/").content.decode()
    assert "1.001193" in body and "Nhập Excel" in body
    response = client.get("/thu-tuc/quan-ly/xuat-excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["Thủ tục"]["A2"].value == "1.001193"


def test_import_through_the_page(client):
    make_procedure(code="1.001193")
    content = excel.export_catalogue()
    login_verified(client, make_official(roles=(Role.QUAN_TRI,)))
    f = io.BytesIO(b"not excel")
    f.name = "x.xlsx"
    response = client.post("/thu-tuc/quan-ly/nhap-excel/", {"file": f})
    assert response.status_code == 400
    assert "Tệp không phải bảng tính Excel (.xlsx) hợp lệ." in response.content.decode()
    f = io.BytesIO(content)
    f.name = "danh-muc.xlsx"
    response = client.post("/thu-tuc/quan-ly/nhap-excel/", {"file": f}, follow=True)
    assert "0 thủ tục mới, 0 thủ tục cập nhật, 1 không đổi" in response.content.decode()
    assert ProcedureVersion.objects.count() == 1


def test_publish_and_deactivate_buttons(client):
    draft = make_procedure(publish=False)
    client.force_login(make_official(roles=(Role.LANH_DAO_VAN_PHONG,)))
    client.post(f"/thu-tuc/quan-ly/{draft.pk}/cong-bo/")
    draft.refresh_from_db()
    assert draft.is_published and draft.current_version == 1
    response = client.post(f"/thu-tuc/quan-ly/{draft.pk}/cong-bo/", follow=True)
    assert "Thủ tục này đã được công bố trước đó." in response.content.decode()
    client.post(f"/thu-tuc/quan-ly/{draft.pk}/ngung/")
    draft.refresh_from_db()
    assert not draft.is_active
    assert client.post(f"/thu-tuc/quan-ly/{draft.pk}/xoa/").status_code == 404


def test_staff_detail_shows_steps_and_old_versions_unchanged(client):
    p = make_procedure(name="Tên cũ", internal_note="Ghi chú nội bộ")
    data = services.as_input(p)
    data.name = "Tên mới"
    services.procedure_update(acting_user=None, procedure=p, data=data)
    client.force_login(make_official(roles=(Role.CAN_BO_MOT_CUA,)))
    body = client.get(f"/thu-tuc/quan-ly/{p.pk}/").content.decode()
    assert "Tên mới" in body and "Ghi chú nội bộ" in body and "Thẩm định" in body
    assert "Phiên bản 2" in body and "Phiên bản 1" in body
    body = client.get(f"/thu-tuc/quan-ly/{p.pk}/phien-ban/1/").content.decode()
    assert "Tên cũ" in body and "Tên mới" not in body
    assert client.get(f"/thu-tuc/quan-ly/{p.pk}/phien-ban/3/").status_code == 404


def test_component_template_upload_versions_and_public_download(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanphong.core.attachments.models import Attachment

    agency = make_agency()
    p = make_procedure(code="1.001193", competent_agency=agency)
    client.force_login(make_official(agency, roles=(Role.CAN_BO_MOT_CUA,)))
    component = p.components.get()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    bad = SimpleUploadedFile("to-khai.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        f"/thu-tuc/quan-ly/{p.pk}/mau/{component.pk}/", {"file": bad}, follow=True
    )
    assert p.versions.count() == 1
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not Attachment.objects.exists()
    good = SimpleUploadedFile("to-khai.pdf", pdf, content_type="application/pdf")
    client.post(f"/thu-tuc/quan-ly/{p.pk}/mau/{component.pk}/", {"file": good})
    p.refresh_from_db()
    assert p.current_version == 2  # a new template is a new version
    assert p.versions.get(number=1).snapshot["components"][0]["template_id"] is None
    component = p.components.get()
    assert component.template.original_name == "to-khai.pdf"
    client.logout()
    page = client.get(p.get_absolute_url()).content.decode()
    url = f"/thu-tuc/1.001193/mau/{component.pk}/"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    other = make_procedure(publish=False)
    assert client.get(f"/thu-tuc/{other.code}/mau/{component.pk}/").status_code == 404
