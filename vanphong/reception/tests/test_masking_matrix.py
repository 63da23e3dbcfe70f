"""The masking matrix: every output of reception (petition and register lists, details, search,
API, Excel and PDF exports, event-log payloads, e-mails, admin) × every role (the handler, a
specialist of another unit asked to help verify, a leader, an administrator). The denouncer's
identity never leaks; citizens' identity numbers and street addresses are in clear only in the
register outputs of the reception official whose work needs them; searching the denouncer's
name finds nothing."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from openpyxl import load_workbook
from pypdf import PdfReader

from vanphong.core import clock
from vanphong.core.eventlog.models import Event
from vanphong.org.models import Role
from vanphong.org.testing import api_headers, login_verified, make_admin, make_official, make_unit
from vanphong.reception import services, services_register
from vanphong.reception.tests.builders import CCCD, DENOUNCER, at, office

pytestmark = pytest.mark.django_db
NAME = DENOUNCER["full_name"]
DENOUNCER_SECRETS = (NAME, DENOUNCER["identity_number"], DENOUNCER["phone"], "Lê Lợi")
CITIZEN = {
    "full_name": "Nguyễn Văn An",
    "identity_number": CCCD,
    "address": "Số 8 phố Điện Biên",
    "commune_code": 70,
}
MASK = "Người tố cáo (được bảo vệ)"
ROLES = ("handler", "specialist", "leader", "admin")
#: Outputs where the reception official sees identity numbers and addresses in clear.
FULL_DATA_OUTPUTS = {"entry_list", "entry_detail", "export_xlsx", "export_pdf"}


@pytest.fixture
def case():
    clock.travel_to(at(2026, 7, 6, 10))
    agency, _unit, handler = office()
    denunciation = services_register.entry_record(
        acting_user=handler,
        agency=agency,
        content="Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận",
        classification="to_cao",
        competent=True,
        action="nhan_don",
        citizens=[DENOUNCER],
    )
    complaint = services_register.entry_record(
        acting_user=handler,
        agency=agency,
        content="Khiếu nại quyết định thu hồi đất của UBND xã",
        classification="khieu_nai",
        action="nhan_don",
        citizens=[CITIZEN],
    )
    petition = denunciation.petition
    services.petition_classify(
        acting_user=handler,
        petition=petition,
        classification="to_cao",
        eligible=True,
        competent=True,
    )
    services.petition_decide(acting_user=handler, petition=petition, outcome="thu_ly")
    specialist = make_official(
        agency, unit=make_unit(agency, name="Phòng Nội chính"), roles=(Role.CHUYEN_VIEN,)
    )
    services.petition_add_collaborator(acting_user=handler, petition=petition, official=specialist)
    return {
        "agency": agency,
        "entry": denunciation,
        "complaint": complaint,
        "petition": petition,
        "handler": handler,
        "specialist": specialist,
        "leader": make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,)),
        "admin": make_admin(agency, is_superuser=True),
    }


def _text(response) -> str | None:
    """The text of an answer, or None when the user may not see it (403/404/redirect)."""
    if response.status_code in (302, 403, 404):
        return None
    assert response.status_code == 200, response.status_code
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value) for row in book.active.iter_rows() for cell in row if cell.value
        )
    if "pdf" in kind:
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode()


OUTPUTS = {
    "petition_list": lambda c, k, h: c.get("/tiep-cong-dan/don/"),
    "petition_detail": lambda c, k, h: c.get(f"/tiep-cong-dan/don/{k['petition'].pk}/"),
    "petition_search": lambda c, k, h: c.get("/tiep-cong-dan/don/", {"q": NAME}),
    "petition_api_list": lambda c, k, h: c.get("/api/v1/reception/petitions", **h),
    "petition_api_detail": lambda c, k, h: c.get(
        f"/api/v1/reception/petitions/{k['petition'].pk}", **h
    ),
    "entry_list": lambda c, k, h: c.get("/tiep-cong-dan/so-tiep/"),
    "entry_detail": lambda c, k, h: c.get(f"/tiep-cong-dan/so-tiep/{k['entry'].pk}/"),
    "entry_search": lambda c, k, h: c.get("/tiep-cong-dan/so-tiep/", {"q": NAME}),
    "entry_api_list": lambda c, k, h: c.get("/api/v1/reception/register", **h),
    "entry_api_detail": lambda c, k, h: c.get(f"/api/v1/reception/register/{k['entry'].pk}", **h),
    "export_xlsx": lambda c, k, h: c.get("/tiep-cong-dan/so-tiep/xuat.xlsx"),
    "export_pdf": lambda c, k, h: c.get("/tiep-cong-dan/so-tiep/xuat.pdf"),
    "admin_petitions": lambda c, k, h: c.get("/admin/reception/petition/"),
    "admin_petition": lambda c, k, h: c.get(
        f"/admin/reception/petition/{k['petition'].pk}/change/"
    ),
    "admin_entries": lambda c, k, h: c.get("/admin/reception/receptionentry/"),
    "admin_entry": lambda c, k, h: c.get(
        f"/admin/reception/receptionentry/{k['entry'].pk}/change/"
    ),
    "admin_search": lambda c, k, h: c.get("/admin/reception/receptionentry/", {"q": NAME}),
}
#: Where each role must at least see the case (so that the masking is really exercised).
SEES_CASE = {
    "handler": {"petition_list", "petition_detail", "entry_list", "entry_detail", "export_pdf"},
    "specialist": {"petition_list", "petition_detail", "petition_api_detail"},
    "leader": {"petition_list", "petition_detail", "entry_list", "entry_detail", "export_xlsx"},
    "admin": {"admin_petitions", "admin_petition", "admin_entries", "admin_entry"},
}


@pytest.mark.rule("RECEPTION-TC-BAOVE")
@pytest.mark.parametrize("role", ROLES)
def test_no_output_leaks_the_denouncer_or_an_identity_number(client, case, role):
    """One role per test (the case is built once for all outputs); each assertion names the
    role and the output."""
    user = case[role]
    if role == "admin":
        login_verified(client, user)
    else:
        client.force_login(user)
    headers = api_headers(user)
    checked = 0
    for output in sorted(OUTPUTS):
        checked += _check(role, output, _text(OUTPUTS[output](client, case, headers)), case)
    assert checked == len(OUTPUTS)


def _check(role: str, output: str, text: str | None, case) -> int:
    if output in SEES_CASE[role]:
        assert text is not None, f"{role} should see {output}"
    if text is None:
        return 1
    if output.endswith("search"):
        text = text.replace(f'value="{NAME}"', "")  # the search box echoes what was typed
    # Compared without whitespace: a PDF cell wraps a number or a name over two lines.
    squeezed = "".join(text.split())

    def shown(value: str) -> bool:
        return "".join(value.split()) in squeezed

    for secret in DENOUNCER_SECRETS:
        assert not shown(secret), (role, output, secret)
    if not (role == "handler" and output in FULL_DATA_OUTPUTS):
        assert not shown(CCCD), (role, output)
        assert not shown("Điện Biên"), (role, output)
    if output in SEES_CASE[role] and "search" not in output:
        assert shown(MASK) or "protected" in text, (role, output)
    if output.endswith("search"):
        for label in (case["petition"].number_label, case["entry"].number_label):
            assert f">{label}<" not in text and f'"{label}"' not in text, (role, output)
            assert f'data-number="{label}"' not in text
    return 1


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_event_payloads_and_e_mails_carry_no_identity(case, client):
    services_register.entry_reply(
        acting_user=case["handler"], entry=case["complaint"], kind="thu_ly", document="3/TB"
    )
    services.petition_notify_denouncer(
        acting_user=case["handler"], petition=case["petition"], document="4/TB-TC"
    )
    client.force_login(case["leader"])
    person = case["petition"].petitioners.get()
    shown = client.get(f"/tiep-cong-dan/don/{case['petition'].pk}/nguoi-to-cao/{person.pk}/")
    assert NAME in shown.content.decode()  # the leader may, and the view is logged
    events = list(Event.objects.all())
    assert len(events) >= 8
    for ev in events:
        text = str(ev.payload) + ev.action + str(ev.to_state)
        for secret in (*DENOUNCER_SECRETS, CCCD, "Nguyễn Văn An", "Điện Biên"):
            assert secret not in text, (ev.action, secret)
    assert mail.outbox == []  # reception sends no e-mail with personal data
