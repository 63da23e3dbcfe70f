"""The citizen's personal data (Luật Bảo vệ dữ liệu cá nhân 2025): a permission matrix over the
staff list, the detail page, the REST API, the public page, Open311, e-mails, event payloads
and the admin."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from vanphong.core import clock
from vanphong.core.eventlog.models import Event
from vanphong.core.privacy import mask_email, mask_name, mask_phone, redact
from vanphong.feedback import services
from vanphong.feedback.tests.builders import EMAIL, NAME, PHONE, answered, at, hotline, submit
from vanphong.org.testing import api_headers, login_verified, make_admin

pytestmark = [pytest.mark.django_db, pytest.mark.rule("FEEDBACK-DLCN")]
CLEAR = (NAME, PHONE, EMAIL)
MASKED_NAME = mask_name(NAME)


@pytest.fixture
def h():
    clock.travel_to(at(2026, 7, 6, 9))
    return hotline()


def test_masks():
    assert mask_name(NAME) == "Trần T. B. N."
    assert mask_phone(PHONE) == "09******78"
    assert mask_email(EMAIL) == "b***@example.vn"
    text = redact(
        f"Tôi là {NAME}, gọi 0912 345 678 hoặc +84912345678, thư {EMAIL}, CCCD 036185001234",
        names=(NAME,),
    )
    for secret in (NAME, "0912 345 678", "+84912345678", EMAIL, "036185001234"):
        assert secret not in text


# role → (sees the item in the list and the detail, may open the contact in clear)
MATRIX = {
    "operator": (True, True),
    "approver": (True, True),
    "handler": (True, True),
    "commune_handler": (False, False),  # the item is routed to the office's unit, not them
    "outsider": (False, False),
}


@pytest.mark.parametrize("role", MATRIX)
def test_matrix_list_detail_contact(client, h, role):
    sees, opens = MATRIX[role]
    item, _s = submit(h)
    user = getattr(h, role)
    client.force_login(user)
    queue = client.get("/duong-day-nong/?tinh_trang=").content.decode()
    assert (item.code in queue) is sees
    for secret in CLEAR:
        assert secret not in queue  # always masked in the list
    if sees:
        assert MASKED_NAME in queue and mask_phone(PHONE) in queue
    detail = client.get(f"/duong-day-nong/{item.pk}/")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        page = detail.content.decode()
        assert NAME not in page and PHONE not in page and EMAIL not in page
        assert MASKED_NAME in page
    contact = client.get(f"/duong-day-nong/{item.pk}/lien-he/")
    assert contact.status_code == (200 if opens else 404)
    views = Event.objects.filter(case_id=str(item.pk), action__endswith="view")
    if opens:
        assert NAME in contact.content.decode() and PHONE in contact.content.decode()
        assert views.count() == 1 and views.get().actor_id == user.pk
    else:
        assert views.count() == 0


@pytest.mark.parametrize("role", MATRIX)
def test_matrix_api(client, h, role):
    sees, _opens = MATRIX[role]
    item, _s = submit(h)
    headers = api_headers(getattr(h, role))
    listing = client.get("/api/v1/feedback/items", **headers)
    assert listing.status_code == 200
    rows = listing.json()["items"]
    assert (item.code in {r["code"] for r in rows}) is sees
    one = client.get(f"/api/v1/feedback/items/{item.pk}", **headers)
    assert one.status_code == (200 if sees else 404)
    text = listing.content.decode() + one.content.decode()
    for secret in CLEAR:
        assert secret not in text
    if sees:
        body = one.json()
        assert body["contact_name"] == MASKED_NAME
        assert body["contact_phone"] == "09******78"
        assert body["contact_email"] == "b***@example.vn"


def test_anonymous_sees_no_staff_page(client, h):
    item, _s = submit(h)
    assert client.get(f"/duong-day-nong/{item.pk}/").status_code == 302
    assert client.get(f"/duong-day-nong/{item.pk}/lien-he/").status_code == 302
    assert client.get("/api/v1/feedback/items").status_code == 401


@pytest.mark.parametrize("consent", [False, True])
def test_public_page_and_open311(client, h, consent):
    item, _s = answered(h, consent_publish=consent)
    pages = [
        client.get("/phan-anh/").content.decode(),
        client.get(f"/phan-anh/{item.code}/").content.decode(),
        client.get(f"/phan-anh/tra-cuu/?ma={item.code}").content.decode(),
        client.get(f"/open311/v2/requests/{item.code}.json").content.decode(),
        client.get(f"/open311/v2/requests/{item.code}.xml").content.decode(),
        client.get("/open311/v2/requests.json").content.decode(),
    ]
    detail = pages[1]
    assert (NAME in detail) is consent  # the name only with the citizen's consent
    for page in pages:
        assert PHONE not in page and EMAIL not in page
    for page in pages[2:]:
        assert NAME not in page  # lookup and Open311: never the name


def test_published_text_is_redacted_even_if_the_approver_leaves_a_phone(h):
    item, _s = submit(h)
    services.feedback_draft_answer(
        acting_user=h.handler,
        item=item,
        answer=f"Đã liên hệ bà {NAME} qua số {PHONE}.",
        public_question=f"Bà {NAME} ({EMAIL}) phản ánh ổ gà.",
    )
    services.feedback_publish(acting_user=h.approver, item=item)
    for secret in CLEAR:
        assert secret not in item.public_question and secret not in item.answer_text


def test_emails_carry_no_one_elses_data(h, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item, _s = submit(h)
    services.feedback_draft_answer(
        acting_user=h.handler, item=item, answer=f"Đã gọi lại số {PHONE}, đã vá xong."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(acting_user=h.approver, item=item)
    assert [m.to for m in mail.outbox] == [[EMAIL], [EMAIL]]  # only the citizen, only theirs
    for message in mail.outbox:
        assert PHONE not in message.body and NAME not in message.body


def test_event_payloads_carry_no_contact(h):
    item, _s = answered(h)
    services.feedback_reopen(code=item.code, secret=_s, reason="Chưa vá")
    payloads = json.dumps(
        list(Event.objects.filter(case_id=str(item.pk)).values_list("payload", flat=True)),
        ensure_ascii=False,
    )
    for secret in CLEAR:
        assert secret not in payloads


def test_admin_is_masked(client, h):
    item, _s = submit(h)
    admin = make_admin(h.office, is_superuser=True)
    login_verified(client, admin)
    listing = client.get("/admin/feedback/feedback/")
    assert listing.status_code == 200
    one = client.get(f"/admin/feedback/feedback/{item.pk}/change/")
    assert one.status_code == 200
    for page in (listing.content.decode(), one.content.decode()):
        for secret in CLEAR:
            assert secret not in page
    assert MASKED_NAME in one.content.decode()
