"""The reception register (sổ tiếp công dân, Mẫu 03/TCD): recording a reception, groups and
their representatives, the petition created from the papers received, the reply within 10
working days, refusals with their written notice, exports, pages and API."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from vanphong.core import clock, deadlines, refdata
from vanphong.core.deadlines import DeadlineStatus
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.org.models import Role
from vanphong.org.testing import api_headers, make_official
from vanphong.reception import exports, services_register
from vanphong.reception import legal_rules as R
from vanphong.reception.models import Petition, ReceptionCitizen, ReceptionEntry
from vanphong.reception.tests.builders import CCCD, DENOUNCER, at, office

pytestmark = pytest.mark.django_db
AN = {
    "full_name": "Nguyễn Văn An",
    "identity_number": CCCD,
    "address": "Số 8 phố Điện Biên",
    "commune_code": 70,
    "phone": "0912000111",
}


def person(n: int, **kw) -> dict:
    return {"full_name": f"Công dân {n}", "identity_number": f"0332000000{n:02d}", **kw}


def record(staff, agency, **kw):
    kw.setdefault("content", "Kiến nghị sửa chữa tuyến đường liên xã bị xuống cấp")
    kw.setdefault("classification", "kien_nghi")
    kw.setdefault("action", "nhan_don")
    kw.setdefault("citizens", [AN])
    return services_register.entry_record(acting_user=staff, agency=agency, **kw)


@pytest.fixture
def desk():
    clock.travel_to(at(2026, 7, 6, 10))  # a Monday
    agency, unit, staff = office()
    return agency, unit, staff


@pytest.mark.rule("RECEPTION-TCD-SOTIEP")
@pytest.mark.rule("RECEPTION-TCD-TRALOI")
def test_papers_received_get_a_receipt_a_petition_and_a_reply_due_in_10_working_days(desk):
    agency, _unit, staff = desk
    entry = record(staff, agency, received_at=at(2026, 7, 6, 9))
    assert (entry.number, entry.year, entry.number_label) == (1, 2026, "001/2026")
    assert entry.receipt_number == "1/GBN"
    petition = entry.petition
    assert petition.source_ref == f"reception.entry:{entry.pk}"
    assert petition.channel == "truc_tiep" and petition.classification == "kien_nghi"
    assert petition.received_at == entry.received_at
    assert list(petition.reception_entries.all()) == [entry]
    assert refdata.pinned_rule(entry, R.CITIZEN_REPLY).value == 10
    # Monday 6/7 + 10 working days = Monday 20/7, closing time.
    due = at(2026, 7, 20, 17, 30)
    assert entry.due_at == due
    assert deadlines.status_of(entry, due) == DeadlineStatus.SAP_DEN_HAN
    assert deadlines.status_of(entry, due + dt_second()) == DeadlineStatus.QUA_HAN
    second = record(staff, agency, action="tra_loi", classification="phan_anh")
    assert second.number == 2 and second.due_at is None and second.petition is None
    clock.travel_to(at(2026, 7, 20, 16))
    services_register.entry_reply(
        acting_user=staff, entry=entry, kind="thu_ly", document="25/TB-BTCD"
    )
    entry.refresh_from_db()
    assert deadlines.status_of(entry) == DeadlineStatus.HOAN_THANH_DUNG_HAN
    assert entry.reply_kind == "thu_ly" and entry.reply_document == "25/TB-BTCD"
    with pytest.raises(DomainError) as exc:
        services_register.entry_reply(acting_user=staff, entry=entry, kind="thu_ly", document="x")
    assert exc.value.code == "reply_not_due"


def dt_second():
    import datetime as dt

    return dt.timedelta(seconds=1)


@pytest.mark.rule("RECEPTION-TCD-DAIDIEN")
def test_group_representatives_within_the_limits_of_the_group_size(desk):
    agency, _unit, staff = desk
    before = ReceptionEntry.objects.count(), ReceptionCitizen.objects.count(), Event.objects.count()
    three = [person(i, is_representative=True) for i in range(1, 4)]
    with pytest.raises(DomainError) as exc:  # 7 people: at most 2 representatives
        record(staff, agency, group_size=7, citizens=three, representation_document="Biên bản")
    assert exc.value.code == "group_representatives" and "citizens" in exc.value.fields
    with pytest.raises(DomainError) as exc:  # a representation document is required
        record(staff, agency, group_size=7, citizens=three[:2])
    assert exc.value.code == "representation_document_required"
    six = [person(i, is_representative=True) for i in range(1, 7)]
    with pytest.raises(DomainError) as exc:  # 12 people: at most 5
        record(staff, agency, group_size=12, citizens=six, representation_document="Văn bản cử")
    assert "từ 1 đến 5" in exc.value.message
    after = ReceptionEntry.objects.count(), ReceptionCitizen.objects.count(), Event.objects.count()
    assert after == before
    ok = record(staff, agency, group_size=7, citizens=three[:2], representation_document="VB 1")
    assert ok.group_size == 7 and ok.citizens.filter(is_representative=True).count() == 2
    assert ok.petition.petitioner_count == 7
    big = record(staff, agency, group_size=12, citizens=six[:5], representation_document="VB 2")
    assert big.citizens.count() == 5
    # Four people: no representatives needed.
    small = record(staff, agency, group_size=4, citizens=[person(1), person(2)])
    assert small.citizens.filter(is_representative=True).count() == 0


@pytest.mark.rule("RECEPTION-TCD-TUCHOI")
def test_refusals_with_their_written_notice(desk):
    agency, _unit, staff = desk
    with pytest.raises(DomainError) as exc:
        record(staff, agency, action="tu_choi")
    assert exc.value.code == "refusal_reason_required"
    persisting = record(staff, agency, action="tu_choi", refusal_reason="da_giai_quyet")
    assert refdata.pinned_rule(persisting, R.REFUSAL_NOTICE).value == 3
    assert persisting.due_at == at(2026, 7, 9, 17, 30)  # 3 working days
    assert persisting.refusal_notice == "" and persisting.petition is None
    services_register.entry_reply(acting_user=staff, entry=persisting)
    persisting.refresh_from_db()
    assert persisting.refusal_notice == "1/TB-TCD" and persisting.finished_at is not None
    on_the_spot = record(staff, agency, action="tu_choi", refusal_reason="de_doa")
    assert on_the_spot.refusal_notice == "2/TB-TCD" and on_the_spot.due_at is None
    # Before 01/7/2026 NĐ 154 was not in force: the refusal is recorded with its notice.
    old = record(
        staff, agency, action="tu_choi", refusal_reason="da_giai_quyet", received_at=at(2026, 6, 5)
    )
    assert old.due_at is None and old.refusal_notice


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_a_denunciation_at_the_desk_seals_the_denouncer_in_the_entry_and_the_petition(desk):
    agency, _unit, staff = desk
    entry = record(
        staff,
        agency,
        classification="to_cao",
        content="Tố cáo cán bộ địa chính xã nhận tiền",
        citizens=[DENOUNCER],
    )
    citizen = entry.citizens.get()
    assert citizen.protected and citizen.full_name == "" and citizen.identity_number == ""
    assert entry.citizen_summary == "Người tố cáo (được bảo vệ)"
    assert entry.petition.petitioners.get().protected
    assert DENOUNCER["full_name"] not in entry.search_folded + entry.petition.search_folded
    for ev in Event.objects.all():
        assert DENOUNCER["full_name"] not in str(ev.payload)
        assert DENOUNCER["identity_number"] not in str(ev.payload)


def test_bad_input_is_refused_clearly_and_writes_nothing(desk):
    agency, unit, staff = desk
    before = ReceptionEntry.objects.count(), Petition.objects.count(), Event.objects.count()
    cases = [
        ({"content": "  "}, "entry_content_required"),
        ({"action": "xyz"}, "invalid_action"),
        ({"citizens": []}, "citizen_required"),
        ({"citizens": [{"full_name": "A", "commune_code": 99998}]}, "invalid_commune"),
        ({"action": "huong_dan"}, "target_required"),
        ({"classification": ""}, "classification_required"),
        ({"received_at": at(2026, 7, 7)}, "moment_in_future"),
    ]
    for kw, code in cases:
        with pytest.raises(DomainError) as exc:
            record(staff, agency, **kw)
        assert exc.value.code == code, kw
    specialist = make_official(agency, unit=unit, roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(DomainError) as exc:
        record(specialist, agency)
    assert exc.value.status == 403
    assert (ReceptionEntry.objects.count(), Petition.objects.count(), Event.objects.count()) == (
        before
    )


def test_the_form_records_a_reception_and_shows_errors_in_vietnamese(client, desk):
    agency, _unit, staff = desk
    client.force_login(staff)
    assert client.get("/tiep-cong-dan/so-tiep/ghi-so/").status_code == 200
    base = {
        "cd-TOTAL_FORMS": "3",
        "cd-INITIAL_FORMS": "0",
        "group_size": "1",
        "action": "nhan_don",
        "classification": "khieu_nai",
    }
    page = client.post("/tiep-cong-dan/so-tiep/ghi-so/", base)
    assert page.status_code == 400
    assert "Nhập nội dung vụ việc." in page.content.decode()
    assert ReceptionEntry.objects.count() == 0
    page = client.post(
        "/tiep-cong-dan/so-tiep/ghi-so/",
        {
            **base,
            "content": "Khiếu nại quyết định thu hồi đất",
            "cd-0-full_name": "Lê Thị Hoa",
            "cd-0-identity_number": "033190004321",
            "cd-0-address": "Thôn Đông",
            "cd-0-commune_code": "70",
        },
    )
    assert page.status_code == 302
    entry = ReceptionEntry.objects.get()
    detail = client.get(page["Location"]).content.decode()
    assert "Lê Thị Hoa" in detail and "033190004321" in detail  # the reception official
    assert entry.petition.number_label in detail and "1/GBN" in detail


def test_list_filters_and_constant_queries(client, desk):
    agency, _unit, staff = desk
    record(staff, agency)
    record(staff, agency, action="tra_loi", classification="phan_anh")
    client.force_login(staff)
    client.get("/tiep-cong-dan/so-tiep/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/tiep-cong-dan/so-tiep/")
    assert page.content.decode().count("data-number=") == 2
    for n in range(5):
        record(staff, agency, citizens=[person(n)], content=f"Kiến nghị số {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/tiep-cong-dan/so-tiep/")
    assert page.content.decode().count("data-number=") == 7
    assert len(many) == len(few)
    waiting = client.get("/tiep-cong-dan/so-tiep/", {"tra_loi": "cho"}).content.decode()
    assert waiting.count("data-number=") == 6
    answered = client.get("/tiep-cong-dan/so-tiep/", {"action": "tra_loi"}).content.decode()
    assert answered.count("data-number=") == 1
    dated = client.get("/tiep-cong-dan/so-tiep/", {"tu_ngay": "07/07/2026"}).content.decode()
    assert 'data-testid="empty"' in dated
    found = client.get("/tiep-cong-dan/so-tiep/", {"q": "Kiến nghị số 3"}).content.decode()
    assert "Kiến nghị số 3" in found


def test_exports_have_the_13_columns_of_mau_03_and_mask_by_role(client, desk):
    agency, _unit, staff = desk
    record(staff, agency)
    leader = make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,))
    client.force_login(staff)
    xlsx = client.get("/tiep-cong-dan/so-tiep/xuat.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[2]]
    assert header == list(exports.COLUMNS) and len(header) == 13
    assert [c.value for c in sheet[3]] == [f"({i})" for i in range(1, 14)]
    row = [c.value for c in sheet[4]]
    assert row[0] == "1" and row[1] == "06/07/2026" and CCCD == row[3]
    assert "Số 8 phố Điện Biên" in row[2]  # the reception official's role needs them
    assert row[5] == "KN" and "đơn số 001/2026" in row[10]
    client.force_login(leader)
    sheet = load_workbook(io.BytesIO(client.get("/tiep-cong-dan/so-tiep/xuat.xlsx").content)).active
    row = [c.value for c in sheet[4]]
    assert row[3] == "0012******89" and "Điện Biên" not in row[2] and "Nguyễn Văn An" in row[2]
    pdf = client.get("/tiep-cong-dan/so-tiep/xuat.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "SỔ TIẾP CÔNG DÂN" in text and "0012******89" in text and CCCD not in text
    fonts = PdfReader(io.BytesIO(pdf.content)).pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert any("Liberation-Serif" in n for n in names), names


def test_api_register_create_read_reply_and_errors(client, desk):
    agency, _unit, staff = desk
    headers = api_headers(staff)
    before = ReceptionEntry.objects.count(), Event.objects.count()
    bad = client.post(
        "/api/v1/reception/register",
        {"action": "nhan_don", "content": "", "citizens": [{"full_name": "An"}]},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400 and bad.json()["code"] == "entry_content_required"
    assert (ReceptionEntry.objects.count(), Event.objects.count()) == before
    made = client.post(
        "/api/v1/reception/register",
        {
            "action": "nhan_don",
            "classification": "phan_anh",
            "content": "Phản ánh ô nhiễm từ cơ sở chăn nuôi",
            "citizens": [AN],
        },
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["citizens"][0]["identity_number"] == "0012******89"
    assert "Điện Biên" not in made.content.decode() and body["petition_id"]
    assert body["deadline_status"] == "chua_den_han"
    listing = client.get("/api/v1/reception/register", **headers).json()
    assert listing["count"] == 1
    reply = client.post(
        f"/api/v1/reception/register/{body['id']}/reply",
        {"kind": "da_chuyen", "document": "9/PC"},
        content_type="application/json",
        **headers,
    )
    assert reply.status_code == 200 and reply.json()["reply_kind"] == "da_chuyen"
    again = client.post(
        f"/api/v1/reception/register/{body['id']}/reply",
        {"kind": "da_chuyen", "document": "9/PC"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 409 and again.json()["code"] == "reply_not_due"


def test_start_page_counters_petitions_due_soon_overdue_and_receptions_awaiting_reply(desk):
    from vanphong.core.startpage import counters_for

    agency, _unit, staff = desk
    record(staff, agency)  # a kiến nghị received Monday 6/7: reply and processing due 20/7
    record(staff, agency, action="tra_loi", classification="phan_anh")

    def counts():
        shown = counters_for(staff, {Role.CAN_BO_TIEP_CONG_DAN})
        return {c["key"]: c["count"] for c in shown if c["key"].startswith("reception.")}

    assert counts() == {
        "reception.petitions_due_soon": 0,
        "reception.petitions_overdue": 0,
        "reception.entries_awaiting_reply": 1,
    }
    clock.travel_to(at(2026, 7, 17, 9))
    assert counts()["reception.petitions_due_soon"] == 1
    clock.travel_to(at(2026, 7, 21, 9))
    assert counts()["reception.petitions_overdue"] == 1
    assert counts()["reception.petitions_due_soon"] == 0
    other = make_official(agency, roles=(Role.CAN_BO_TIEP_CONG_DAN,))
    # Not handling it: no petition counted; the register's reply is the agency's.
    assert counters_for(other, {Role.CAN_BO_TIEP_CONG_DAN})
    theirs = {c["key"]: c["count"] for c in counters_for(other, {Role.CAN_BO_TIEP_CONG_DAN})}
    assert theirs["reception.petitions_overdue"] == 0
    assert theirs["reception.entries_awaiting_reply"] == 1


@pytest.mark.rule("RECEPTION-TCD-TRALOI")
def test_the_petitions_decision_fills_the_registers_reply(desk):
    """Mẫu 03/TCD: the reply column of a reception whose papers became a petition is filled
    when the petition is decided (forwarded here), once, through the event log."""
    from vanphong.reception import services

    agency, _unit, staff = desk
    entry = record(staff, agency, received_at=at(2026, 7, 6, 9))
    other = record(staff, agency, received_at=at(2026, 7, 6, 9, 30))
    clock.travel_to(at(2026, 7, 10, 15))
    services.petition_classify(
        acting_user=staff, petition=entry.petition, classification="kien_nghi", competent=False
    )
    services.petition_decide(
        acting_user=staff,
        petition=entry.petition,
        outcome="chuyen_don",
        target="Sở Xây dựng",
        document="41/PC-BTCD",
    )
    entry.refresh_from_db()
    assert (entry.reply_kind, entry.reply_document) == ("da_chuyen", "41/PC-BTCD")
    assert entry.reply_at == at(2026, 7, 10, 15) and "Sở Xây dựng" in entry.follow_up
    assert entry.finished_at == at(2026, 7, 10, 15)  # answered before the 10 working days
    ev = Event.objects.filter(action="reception.entry_reply", case_id=entry.pk).get()
    assert ev.payload["from_petition"] == entry.petition_id and CCCD not in str(ev.payload)
    other.refresh_from_db()
    assert other.reply_kind == "" and other.finished_at is None  # its own petition is open
    row = exports.register_rows(staff, ReceptionEntry.objects.filter(pk=entry.pk))[0]
    assert any("41/PC-BTCD" in str(c) for c in row)
    # a reply already given by hand is not overwritten
    services_register.entry_reply(acting_user=staff, entry=other, kind="thu_ly", document="9/TB")
    services.petition_classify(
        acting_user=staff,
        petition=other.petition,
        classification="kien_nghi",
        competent=True,
        eligible=True,
    )
    services.petition_decide(acting_user=staff, petition=other.petition, outcome="luu_don")
    other.refresh_from_db()
    assert (other.reply_kind, other.reply_document) == ("thu_ly", "9/TB")
