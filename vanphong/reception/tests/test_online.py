"""Petitions sent through the public online form: intake through the register, sealing of a
denouncer, receipt and status page without personal data, duplicates, bad input refused with
nothing half-written, rate limiting."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vanphong.core import clock, eventlog
from vanphong.core.attachments.models import Attachment
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.reception import selectors, services, services_online
from vanphong.reception.models import Petition, Petitioner
from vanphong.reception.tests.builders import at, office, receive

pytestmark = pytest.mark.django_db

PHO_HIEN = 11953  # Phường Phố Hiến, Tỉnh Hưng Yên
PERSON = {
    "full_name": "Phạm Thị Hồng Nhung",
    "identity_number": "033190004567",
    "address": "Số 45 đường Nguyễn Văn Linh",
    "commune_code": PHO_HIEN,
    "phone": "0987654321",
    "email": "nhung.pham@example.vn",
}
SECRETS = ("Phạm Thị Hồng Nhung", "033190004567", "Nguyễn Văn Linh", "0987654321", "example.vn")
CONTENT = "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND phường Phố Hiến"


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))


@pytest.fixture
def desk():
    return office()


def pdf(name="don.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def submit(agency, **kw):
    kw.setdefault("classification", "khieu_nai")
    kw.setdefault("content", CONTENT)
    kw.setdefault("petitioner", dict(PERSON))
    kw.setdefault("consent", True)
    return services_online.petition_submit_online(agency=agency, **kw)


def form_data(agency, **over):
    data = {
        "agency": str(agency.pk),
        "classification": "khieu_nai",
        "content": CONTENT,
        **{k: str(v) for k, v in PERSON.items()},
        "consent": "on",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.rule("RECEPTION-DON-TRUCTUYEN")
def test_online_petition_enters_the_register_like_any_channel(desk):
    agency, _unit, staff = desk
    receive(staff, agency)  # 001/2026 from the desk
    petition, secret = submit(agency, files=[pdf()])
    assert petition.channel == "truc_tuyen" and petition.received_by is None
    assert petition.number_label == "002/2026" and petition.classification == "khieu_nai"
    assert petition.complaint_instance == "lan_dau" and petition.due_at is not None
    assert petition.tracking_code == f"DON-26{agency.pk}-0002"
    assert petition.consent_at == clock.now()
    assert (
        len(secret) == 9
        and petition.tracking_secret_digest
        and secret not in str(petition.__dict__)
    )
    person = Petitioner.objects.get(petition=petition)
    assert (person.full_name, person.identity_number, person.email) == (
        PERSON["full_name"],
        PERSON["identity_number"],
        PERSON["email"],
    )
    assert Attachment.objects.filter(case_id=petition.pk, case_type__model="petition").count() == 1
    # the reception staff see it in their register
    assert petition in selectors.petitions_for_list(staff)
    actions = [e.action for e in eventlog.trail(petition)]
    assert "reception.petition_receive" in actions and "reception.consent" in actions
    payloads = " ".join(str(e.payload) for e in Event.objects.all())
    assert not any(s in payloads for s in SECRETS)


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_online_denunciation_is_sealed_at_once(desk):
    agency, _unit, _staff = desk
    petition, secret = submit(
        agency, classification="to_cao", content="Tố cáo cán bộ địa chính nhận tiền"
    )
    person = Petitioner.objects.get(petition=petition)
    assert person.protected and person.sealed
    assert not (person.full_name or person.identity_number or person.address or person.email)
    assert petition.petitioner_summary == "Người tố cáo (được bảo vệ)"
    info = services_online.petition_public_status(petition.tracking_code, secret)
    assert info["is_protected"] and not any(s in str(info) for s in SECRETS)


@pytest.mark.rule("RECEPTION-DON-TRUNG")
def test_online_petition_gets_the_duplicate_suggestion(desk):
    agency, _unit, staff = desk
    earlier = receive(
        staff,
        agency,
        content=CONTENT,
        petitioners=[{"full_name": PERSON["full_name"], "identity_number": "0331 9000 4567"}],
    )
    petition, _secret = submit(agency)
    assert [p for p, _s in selectors.duplicate_suggestions(petition)] == [earlier]
    services.petition_link_duplicate(acting_user=staff, petition=petition, earlier=earlier)
    assert selectors.register_count(agency, 2026) == 1


def test_status_needs_the_code_and_the_secret(desk):
    agency, _unit, _staff = desk
    petition, secret = submit(agency)
    assert services_online.petition_public_status(petition.tracking_code.lower(), secret)
    assert services_online.petition_public_status(petition.tracking_code, "AAAA-BBBB") is None
    assert services_online.petition_public_status(petition.tracking_code, "") is None
    assert services_online.petition_public_status("DON-269-9999", secret) is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"content": "   "}, "petition_content_required"),
        ({"consent": False}, "consent_required"),
        ({"classification": ""}, "classification_required"),
        ({"petitioner": {**PERSON, "identity_number": "12345"}}, "invalid_identity_number"),
        ({"petitioner": {**PERSON, "full_name": ""}}, "petitioner_name_required"),
        ({"petitioner": {**PERSON, "address": ""}}, "address_required"),
        ({"petitioner": {**PERSON, "commune_code": None}}, "commune_required"),
        ({"petitioner": {**PERSON, "commune_code": 99999999}}, "invalid_commune"),
        ({"petitioner": {**PERSON, "phone": "", "email": ""}}, "contact_required"),
        ({"petitioner": {**PERSON, "email": "not-an-address"}}, "invalid_email"),
        ({"files": [pdf(f"{i}.pdf") for i in range(6)]}, "too_many_files"),
        (
            {"files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")]},
            "file_type_mismatch",
        ),
        ({"files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00")]}, "file_type_not_allowed"),
    ],
)
@pytest.mark.rule("RECEPTION-DON-TRUCTUYEN")
def test_bad_input_is_refused_and_nothing_is_written(desk, change, code):
    agency, _unit, _staff = desk
    with pytest.raises(DomainError) as exc:
        submit(agency, **change)
    assert exc.value.code == code and exc.value.fields
    assert not Petition.objects.exists() and not Attachment.objects.exists()
    assert not Event.objects.filter(action__startswith="reception.").exists()


def test_a_bad_second_file_rolls_back_the_petition_and_its_number(desk):
    agency, _unit, _staff = desk
    with pytest.raises(DomainError):
        submit(agency, files=[pdf(), SimpleUploadedFile("b.png", b"not a png")])
    assert not Petition.objects.exists() and not Attachment.objects.exists()
    petition, _secret = submit(agency)
    assert petition.number == 1  # the number taken by the failed attempt was given back


def test_too_large_file_refused(desk, monkeypatch):
    agency, _unit, _staff = desk
    monkeypatch.setattr(services_online, "MAX_FILE_BYTES", 20)
    with pytest.raises(DomainError) as exc:
        submit(agency, files=[pdf()])
    assert exc.value.code == "file_too_large" and exc.value.status == 413
    assert "vượt quá" in exc.value.message


def test_only_agencies_with_a_reception_desk_receive(desk):
    from vanphong.org.testing import make_agency

    with pytest.raises(DomainError) as exc:
        submit(make_agency(name="Sở không có ban tiếp dân"))
    assert exc.value.code == "unknown_agency"
    with pytest.raises(DomainError):
        submit(None)


# --------------------------------------------------------------------------------------------
# Pages


@pytest.mark.rule("RECEPTION-DON-TRUCTUYEN")
def test_public_form_receipt_and_status_pages(client, desk):
    agency, _unit, staff = desk
    home = client.get(reverse("feedback:public_list"))
    assert reverse("reception:public_petition") in home.content.decode()  # portal link
    page = client.get(reverse("reception:public_petition"))
    body = page.content.decode()
    assert page.status_code == 200 and agency.name in body and "Phường Phố Hiến" in body
    assert 'data-testid="denouncer-notice"' in body and "giữ bí mật" in body
    data = form_data(agency)
    data["files"] = pdf()
    sent = client.post(reverse("reception:public_petition"), data)
    assert sent.status_code == 302 and sent.url == reverse("reception:public_petition_receipt")
    petition = Petition.objects.get()
    receipt = client.get(sent.url).content.decode()
    assert petition.tracking_code in receipt and 'data-testid="tracking-secret"' in receipt
    secret = receipt.split('data-testid="tracking-secret">')[1].split("<")[0]
    assert not any(s in receipt for s in SECRETS)
    again = client.get(reverse("reception:public_petition_receipt"))
    assert again.status_code == 302  # the secret is shown once
    url = reverse("reception:public_petition_status")
    wrong = client.post(url, {"code": petition.tracking_code, "secret": "AAAA-BBBB"})
    assert wrong.status_code == 404 and "không đúng" in wrong.content.decode()
    ok = client.post(url, {"code": petition.tracking_code, "secret": secret})
    text = ok.content.decode()
    assert ok.status_code == 200 and "Chờ xử lý" in text and petition.number_label in text
    assert not any(s in text for s in SECRETS) and CONTENT not in text
    services.petition_classify(
        acting_user=staff,
        petition=petition,
        classification="khieu_nai",
        eligible=True,
        competent=False,
    )
    services.petition_decide(
        acting_user=staff,
        petition=petition,
        outcome="huong_dan",
        target="UBND phường Phố Hiến",
        document="15/HD-VP",
    )
    done = client.post(url, {"code": petition.tracking_code, "secret": secret}).content.decode()
    assert "Hướng dẫn" in done and "15/HD-VP" in done


def test_public_form_bad_input_shown_in_vietnamese_nothing_written(client, desk):
    agency, _unit, _staff = desk
    url = reverse("reception:public_petition")
    r = client.post(url, form_data(agency, consent=None, content=""))
    text = r.content.decode()
    assert r.status_code == 400 and "Nhập nội dung đơn." in text
    r = client.post(url, form_data(agency, consent=None))
    assert r.status_code == 400 and "Cần đồng ý" in r.content.decode()
    assert PERSON["address"] in r.content.decode()  # what was typed is kept
    data = form_data(agency)
    data["files"] = SimpleUploadedFile("scan.jpg", b"%PDF-1.4 not a jpeg")
    r = client.post(url, data)
    assert r.status_code == 400 and "Nội dung tệp không phải là JPEG" in r.content.decode()
    assert not Petition.objects.exists() and not Attachment.objects.exists()


def test_public_forms_are_rate_limited(client, desk, settings):
    agency, _unit, _staff = desk
    settings.RATELIMITS = {
        "reception.petition_submit": (2, 3600),
        "reception.petition_status": (3, 600),
    }
    url = reverse("reception:public_petition")
    for _i in range(2):
        assert client.post(url, form_data(agency)).status_code == 302
    blocked = client.post(url, form_data(agency))
    assert blocked.status_code == 429 and blocked["Retry-After"] == "3600"
    text = blocked.content.decode()
    assert "Quá nhiều yêu cầu" in text and "60 phút" in text
    assert Petition.objects.count() == 2
    assert client.get(url).status_code == 200  # showing the form is not counted
    status_url = reverse("reception:public_petition_status")
    codes = [
        client.post(status_url, {"code": "DON-X", "secret": "AAAA-BBBB"}).status_code
        for _i in range(4)
    ]
    assert codes == [404, 404, 404, 429]


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_papers_of_an_online_denunciation_only_for_those_who_see_the_identity(client, desk):
    from vanphong.org.models import Role
    from vanphong.org.testing import login_verified, make_official, make_unit

    agency, _unit, staff = desk
    petition, _secret = submit(
        agency, classification="to_cao", content="Tố cáo cán bộ thu tiền", files=[pdf("bút.pdf")]
    )
    assert not petition.handlers.exists()  # nobody received it at a desk
    services.petition_classify(acting_user=staff, petition=petition, classification="to_cao")
    assert list(petition.handlers.all()) == [staff]  # who classifies it takes it
    other = make_official(
        agency, unit=make_unit(agency, name="Phòng Nội chính"), roles=(Role.CHUYEN_VIEN,)
    )
    services.petition_add_collaborator(acting_user=staff, petition=petition, official=other)
    att = Attachment.objects.get(case_id=petition.pk)
    detail = reverse("reception:petition_detail", args=[petition.pk])
    download = reverse("reception:petition_attachment", args=[petition.pk, att.pk])
    login_verified(client, staff)
    page = client.get(detail).content.decode()
    assert 'data-testid="attachments"' in page and "bút.pdf" in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert Event.objects.filter(action=eventlog.VIEW_ACTION, case_id=petition.pk).count() == 1
    client.logout()
    login_verified(client, other)
    page = client.get(detail).content.decode()
    assert "bút.pdf" not in page and 'data-testid="attachments-hidden"' in page
    assert client.get(download).status_code == 403
