"""The staff form: create and edit one procedure, versions tab, deactivate/reactivate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core import clock
from vanphong.core.attachments.models import Attachment
from vanphong.core.eventlog.models import Event
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.procedures import diff, services
from vanphong.procedures.models import (
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
)
from vanphong.procedures.testing import make_procedure

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post_data(**overrides) -> dict:
    data = {
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field_code": "",
        "new_field_code": "HT",
        "new_field_name": "Hộ tịch",
        "level": "cap_xa",
        "competent_agency": "",
        "competent_agency_name": "Ủy ban nhân dân cấp xã",
        "implementing_agency": "",
        "implementing_agency_name": "",
        "applicants": "Công dân Việt Nam",
        "submission_place": "Trung tâm Phục vụ hành chính công xã",
        "time_limit_days": "1,5",
        "cutoff_time": "15:00",
        "result": "Giấy khai sinh",
        "legal_basis": "Luật Hộ tịch số 60/2014/QH13\nNghị định 123/2015/NĐ-CP",
        "online_level": "toan_trinh",
        "internal_note": "",
        "five_on_the_spot": "1",
        "fee_name": ["Lệ phí đăng ký khai sinh", ""],
        "fee_amount": ["8.000", ""],
        "fee_note": ["Miễn cho trẻ em hộ nghèo", ""],
        "comp_key": ["k1"],
        "comp_name": ["Tờ khai đăng ký khai sinh"],
        "comp_originals": ["1"],
        "comp_copies": ["0"],
        "comp_mandatory": ["1"],
        "comp_note": [""],
        "comp_template": [""],
        "step_unit": ["", ""],
        "step_unit_name": ["Bộ phận Một cửa", "Công chức tư pháp - hộ tịch"],
        "step_role": ["can_bo_mot_cua", "chuyen_vien"],
        "step_description": ["Tiếp nhận hồ sơ", "Thẩm định, trình ký"],
        "step_hours": ["2", "10"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager(client):
    official = make_official(make_agency(), roles=(Role.CAN_BO_MOT_CUA,))
    client.force_login(official)
    return official


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Procedure, ProcedureFee, ProcedureComponent, ProcedureStep, ProcedureVersion)
    )


def test_create_round_trip(client, manager):
    assert client.get("/thu-tuc/quan-ly/them/").status_code == 200
    pdf = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/thu-tuc/quan-ly/them/", {**_post_data(publish="1"), "comp_file_k1": pdf}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    p = Procedure.objects.get(code="1.001193")
    assert p.is_published and p.current_version == 1
    assert p.time_limit_days == Decimal("1.5") and p.five_on_the_spot
    assert p.cutoff_time == dt.time(15, 0) and p.field.name == "Hộ tịch"
    assert p.legal_basis == ["Luật Hộ tịch số 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"]
    assert [(f.name, f.amount) for f in p.fees.all()] == [("Lệ phí đăng ký khai sinh", 8000)]
    component = p.components.get()
    assert component.template.original_name == "to-khai.pdf"
    assert [(s.role, s.budget_hours) for s in p.steps.all()] == [
        ("can_bo_mot_cua", Decimal(2)),
        ("chuyen_vien", Decimal(10)),
    ]
    assert Event.objects.filter(action="procedures.create").count() == 1
    # the edit form shows everything back, and saving it untouched writes nothing
    body = client.get(f"/thu-tuc/quan-ly/{p.pk}/sua/").content.decode()
    for text in ("Lệ phí đăng ký khai sinh", "8.000", "Thẩm định, trình ký", "1,5", "to-khai.pdf"):
        assert text in body, text
    before = _counts()
    data = _post_data(field_code="HT", new_field_code="", new_field_name="")
    data["comp_template"] = [str(component.template_id)]
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", data, follow=True)
    assert "không tạo phiên bản mới" in response.content.decode()
    assert _counts() == before
    assert p.components.get().template_id == component.template_id


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_steps_over_the_limit_are_refused_and_nothing_is_written(client, manager):
    p = make_procedure(code="1.000894")
    before, events, files = _counts(), Event.objects.count(), Attachment.objects.count()
    data = _post_data(code="1.000894", field_code="HT", new_field_code="", new_field_name="")
    data["step_hours"] = ["4", "9"]  # 13 h > 1.5 days × 8 h
    pdf = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", {**data, "comp_file_k1": pdf})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tổng thời gian các bước (13 giờ) vượt thời hạn giải quyết theo quy định (12 giờ" in body
    assert 'data-testid="steps-error"' in body
    assert "Thẩm định, trình ký" in body and 'value="9"' in body  # what was typed is kept
    assert _counts() == before
    assert Event.objects.count() == events and Attachment.objects.count() == files
    # a half-day step budget and an unreadable amount are refused too
    data["step_hours"] = ["2", "abc"]
    data["fee_amount"] = ["tám nghìn", ""]
    body = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", data).content.decode()
    assert "Bước 2: thời gian phải là số giờ làm việc dương, bội số của 0,5." in body
    assert "Phí, lệ phí 1: mức thu phải là số đồng." in body
    assert _counts() == before


@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_edit_creates_a_new_version_and_keeps_the_old_one(client, manager):
    agency = make_agency()
    unit = make_unit(agency, name="Phòng Tư pháp")
    p = make_procedure(code="1.000656", competent_agency=agency)
    v1 = p.versions.get()
    old_snapshot = dict(v1.snapshot)
    form = client.get(f"/thu-tuc/quan-ly/{p.pk}/sua/").content.decode()
    assert "Phòng Tư pháp" in form  # units of the competent agency to choose from
    data = _post_data(
        code="1.000656", field_code="HT", new_field_code="", new_field_name="",
        competent_agency=str(agency.pk), competent_agency_name="",
        time_limit_days="3,5", same_day="", five_on_the_spot="",
    )  # fmt: skip
    data["fee_amount"] = ["15.000", ""]
    data["step_unit"] = ["", str(unit.pk)]
    data["step_hours"] = ["4", "20"]
    tomorrow = clock.today() + dt.timedelta(days=1)
    data["valid_from"] = tomorrow.strftime("%d/%m/%Y")
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", data)
    assert response.status_code == 302 and response["Location"].endswith("/phien-ban/")
    p.refresh_from_db()
    assert p.current_version == 2
    v1.refresh_from_db()
    assert v1.snapshot == old_snapshot  # rule ND118-PROCEDURE-VERSION-KEPT
    v2 = p.versions.get(number=2)
    assert clock.local(v2.valid_from).date() == tomorrow
    assert v2.snapshot["fees"][0]["amount"] == 15000
    assert v2.snapshot["steps"][1]["unit"] == f"{agency.identifier}/{unit.abbreviation}"
    assert v2.created_by == manager
    from vanphong.procedures import selectors

    assert selectors.version_in_force(p).number == 1  # not yet in force
    assert Event.objects.filter(action="procedures.update").count() == 1
    body = client.get(f"/thu-tuc/quan-ly/{p.pk}/phien-ban/").content.decode()
    assert "Phiên bản 2" in body and "chưa đến ngày áp dụng" in body
    assert "15.000 đồng" in body and "10.000 đồng" in body  # fee removed and added
    assert "Thời hạn giải quyết (ngày làm việc)" in body  # field by field
    # a date in the past is refused
    data["valid_from"] = (clock.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    data["fee_amount"] = ["16.000", ""]
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", data)
    assert response.status_code == 400
    assert "Ngày áp dụng không được trước hôm nay." in response.content.decode()
    assert p.versions.count() == 2


def test_the_code_of_an_existing_procedure_cannot_change_and_foreign_templates_are_dropped(
    client, manager
):
    other = make_procedure(code="1.000001", competent_agency=make_agency())
    services.component_set_template(
        acting_user=None,
        component=other.components.get(),
        file=SimpleUploadedFile("mau.pdf", PDF, content_type="application/pdf"),
    )
    foreign = other.components.get().template_id
    p = make_procedure(code="1.000002")
    data = _post_data(code="9.999999", field_code="HT", new_field_code="", new_field_name="")
    data["comp_template"] = [str(foreign)]
    client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", data)
    p.refresh_from_db()
    assert p.code == "1.000002"
    assert p.components.get().template_id is None


def test_diff_lists_fields_and_rows():
    p = make_procedure()
    old = services.snapshot(p)
    data = services.as_input(p)
    data.name = "Tên mới"
    data.steps.reverse()
    data.components.append(services.ComponentInput("Giấy ủy quyền", 1, 0, False))
    services.procedure_update(acting_user=None, procedure=p, data=data)
    p.refresh_from_db()
    d = diff.snapshot_diff(old, services.snapshot(p))
    assert [(c.label, c.after) for c in d.fields] == [("Tên thủ tục", "Tên mới")]
    assert d.added == [
        ("Thành phần hồ sơ", "Giấy ủy quyền — 1 bản chính, 0 bản sao — không bắt buộc")
    ]
    assert d.removed == [] and d.reordered == ["Bước xử lý"]
    assert not diff.snapshot_diff(old, old)


def test_deactivate_and_reactivate_are_logged(client, manager):
    p = make_procedure()
    client.post(f"/thu-tuc/quan-ly/{p.pk}/ngung/", {"next": "detail"})
    p.refresh_from_db()
    assert not p.is_active
    assert client.get(p.get_absolute_url()).status_code == 404
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/ap-dung-lai/", {"next": "detail"})
    assert response["Location"] == f"/thu-tuc/quan-ly/{p.pk}/"
    p.refresh_from_db()
    assert p.is_active and client.get(p.get_absolute_url()).status_code == 200
    actions = list(Event.objects.filter(case_id=p.pk, action__startswith="procedures.")
                   .order_by("id").values_list("action", flat=True))  # fmt: skip
    assert actions[-2:] == ["procedures.deactivate", "procedures.reactivate"]
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/ap-dung-lai/", follow=True)
    assert "Thủ tục này đang áp dụng." in response.content.decode()
    assert p.versions.count() == 1  # nothing deleted, no version for a status change


def test_a_specialist_cannot_use_the_form(client):
    p = make_procedure()
    client.force_login(make_official(roles=(Role.CHUYEN_VIEN,)))
    before = _counts()
    for url in ("/thu-tuc/quan-ly/them/", f"/thu-tuc/quan-ly/{p.pk}/sua/",
                f"/thu-tuc/quan-ly/{p.pk}/phien-ban/", "/thu-tuc/quan-ly/dong/buoc/"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", _post_data()).status_code == 403
    assert client.post("/thu-tuc/quan-ly/them/", _post_data()).status_code == 403
    assert client.post(f"/thu-tuc/quan-ly/{p.pk}/ngung/").status_code == 403
    assert _counts() == before
    with pytest.raises(services.DomainError):
        services.procedure_reactivate(acting_user=make_official(), procedure=p)


def test_row_partials(client, manager):
    agency = make_agency()
    make_unit(agency, name="Văn phòng HĐND và UBND")
    body = client.get(
        "/thu-tuc/quan-ly/dong/buoc/", {"competent_agency": agency.pk}
    ).content.decode()
    assert 'name="step_hours"' in body and "Văn phòng HĐND và UBND" in body
    body = client.get("/thu-tuc/quan-ly/dong/thanh-phan/").content.decode()
    assert 'name="comp_key"' in body and 'name="comp_file_' in body
    assert client.get("/thu-tuc/quan-ly/dong/khac/").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_and_versions_tab_constant_queries(client, manager):
    p = make_procedure(competent_agency=make_agency())
    few = _queries(client, "/thu-tuc/quan-ly/")
    few_versions = _queries(client, f"/thu-tuc/quan-ly/{p.pk}/phien-ban/")
    for i in range(12):
        make_procedure(competent_agency=make_agency(), field_code=f"F{i}", field_name=f"LV {i}")
        data = services.as_input(p)
        data.name = f"Tên {i}"
        services.procedure_update(acting_user=None, procedure=p, data=data)
    assert _queries(client, "/thu-tuc/quan-ly/") == few
    assert _queries(client, f"/thu-tuc/quan-ly/{p.pk}/phien-ban/") == few_versions


def test_texts_longer_than_the_columns_are_refused_with_a_message(client, manager):
    before = _counts()
    data = _post_data(name="Đ" * 501)
    data["fee_name"] = ["P" * 256, ""]
    data["step_unit_name"] = ["Bộ phận Một cửa", "U" * 256]
    data["fee_amount"] = ["9" * 14, ""]
    response = client.post("/thu-tuc/quan-ly/them/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tên thủ tục dài quá 500 ký tự." in body
    assert "Phí, lệ phí 1 dài quá 255 ký tự." in body
    assert "Bước 2 dài quá 255 ký tự." in body
    assert "Phí, lệ phí 1: mức thu quá lớn." in body
    assert _counts() == before


def test_a_version_cannot_start_before_a_pending_one(client, manager):
    p = make_procedure(code="1.000777")
    data = services.as_input(p)
    data.name = "Tên áp dụng từ tuần sau"
    later = clock.now() + dt.timedelta(days=7)
    services.procedure_update(acting_user=None, procedure=p, data=data, valid_from=later)
    form = _post_data(code="1.000777", field_code="HT", new_field_code="", new_field_name="")
    form["valid_from"] = clock.today().strftime("%d/%m/%Y")  # today: before the pending one
    response = client.post(f"/thu-tuc/quan-ly/{p.pk}/sua/", form)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Chọn ngày từ {clock.local(later):%d/%m/%Y %H:%M} trở đi." in body
    assert p.versions.count() == 2


@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_supplement_options_are_edited_in_the_form_and_frozen_in_the_version(client, manager):
    response = client.post(
        "/thu-tuc/quan-ly/them/",
        _post_data(publish="1", max_supplement_requests="2", supplement_clock="restart"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    p = Procedure.objects.get(code="1.001193")
    assert (p.max_supplement_requests, p.supplement_clock) == (2, "restart")
    v1 = p.versions.get(number=1)
    assert services.supplement_rule(v1.snapshot) == (2, "restart")
    body = client.get(f"/thu-tuc/quan-ly/{p.pk}/").content.decode()
    assert "Tính lại từ đầu" in body
    # out of range: refused next to the field, nothing written
    before = _counts()
    data = _post_data(field_code="HT", new_field_code="", new_field_name="")
    response = client.post(
        f"/thu-tuc/quan-ly/{p.pk}/sua/", {**data, "max_supplement_requests": "0"}
    )
    assert response.status_code == 400
    assert "Số lần yêu cầu bổ sung hồ sơ tối đa phải từ 1 đến 9." in response.content.decode()
    assert _counts() == before
    # back to one request, the clock resumes: version 2, version 1 unchanged
    response = client.post(
        f"/thu-tuc/quan-ly/{p.pk}/sua/",
        {**data, "max_supplement_requests": "1", "supplement_clock": "resume"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.current_version == 2
    assert services.supplement_rule(p.versions.get(number=2).snapshot) == (1, "resume")
    assert services.supplement_rule(p.versions.get(number=1).snapshot) == (2, "restart")
    changes = diff.snapshot_diff(v1.snapshot, p.versions.get(number=2).snapshot).fields
    assert {c.label for c in changes} == {
        "Số lần yêu cầu bổ sung hồ sơ tối đa",
        "Thời hạn sau khi bổ sung hồ sơ",
    }


def test_a_snapshot_frozen_before_the_supplement_options_reads_as_the_defaults():
    assert services.supplement_rule({"code": "1.001193"}) == (1, "resume")
    assert (
        diff.snapshot_diff({"name": "A"}, {"name": "A", **services.SNAPSHOT_DEFAULTS}).fields == []
    )
