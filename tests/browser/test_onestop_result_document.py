"""Browser: a dossier whose result is a document. At the last step the handler drafts the
decision from the dossier page (an outgoing draft of the competent agency, linked to the
dossier); the documents module reviews, signs and issues it (its own journeys test those pages:
here through its services); the dossier page then shows the issued document as its result,
settled at the moment of issue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, screenshot
from vanphong.core import clock
from vanphong.documents import services as documents
from vanphong.documents.models import OutgoingDocument, ReviewStep
from vanphong.documents.tests.factories import docx_file
from vanphong.onestop.testing import office, procedure_for, process_to_last_step, receive
from vanphong.org.models import Role
from vanphong.org.testing import make_official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-Thu-2026"


def _at(d, h, mi=0):
    return dt.datetime(2026, 3, d, h, mi, tzinfo=clock.VN_TZ)


@pytest.mark.rule("ND118-DUNG-HAN")
def test_result_document_drafted_on_the_dossier_page_and_issued(live_server, new_page):
    clock.travel_to(_at(2, 8))
    o = office()
    ReviewStep.objects.create(agency=o.agency, doc_type=None, order=1, role="signer")
    signer = make_official(o.agency, roles=(Role.LANH_DAO_UBND,), full_name="Chủ Tịch Xã")
    clerk = make_official(o.agency, roles=(Role.VAN_THU,), full_name="Văn Thư Xã")
    proc = procedure_for(o, name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    clock.travel_to(_at(9, 9))
    d = process_to_last_step(o, receive(o, proc))

    clock.travel_to(_at(11, 9))
    page = new_page(DESKTOP)
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(60000)
    base = live_server.url
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", o.leader_b.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")
    page.goto(f"{base}/mot-cua/ho-so/{d.pk}/")
    form = page.get_by_test_id("form-result-draft")
    expect(form.locator("input[name=trich_yeu]")).to_have_value(re.compile(d.code))
    form.locator("input[name=fee_amount]").fill("50000")
    form.locator("input[name=fee_receipt_number]").fill("BL26-000777")
    page.get_by_test_id("result-draft-submit").click()
    expect(page.get_by_test_id("result-documents")).to_contain_text("Dự thảo")
    screenshot(page, "onestop-result-draft")
    doc = OutgoingDocument.objects.get()
    assert doc.source == d and doc.author_id == o.leader_b.pk

    # The documents module: a version, the signer's approval, the clerk issues it.
    clock.travel_to(_at(11, 15))
    documents.outgoing_version_add(o.leader_b, doc, file=docx_file())
    documents.outgoing_submit(o.leader_b, doc)
    documents.outgoing_approve(
        signer, doc, authority_mark="TM.", authority_title="ỦY BAN NHÂN DÂN",
        signer_position="Chủ tịch",
    )  # fmt: skip
    issued = documents.outgoing_issue(clerk, doc)  # the signal runs after the commit

    page.reload()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã có kết quả, chờ trả")
    expect(page.get_by_test_id("timeliness")).to_have_text("Trước hạn")
    expect(page.get_by_test_id("result-documents")).to_contain_text(issued.code)
    expect(page.get_by_test_id("result-documents")).to_contain_text("kết quả của hồ sơ")
    screenshot(page, "onestop-result-issued")
