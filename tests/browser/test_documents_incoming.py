"""Browser journey: one incoming document from registration to a finished assignment, every step
through the UI as the right role — the clerk registers it with its PDF and presents it, the
office leader directs it to Phòng Kinh tế, whose head returns it with a reason; the leader
directs it again to Phòng Tổng hợp, whose head records progress with a file the next working
day, finishes the assignment on time and closes the document. The trail shows every step."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    new_page,
    screenshot,
)
from tests.browser.test_documents_outgoing import PASSWORD, _menu, _reference_data, _sign_in
from vanphong.core import clock
from vanphong.documents.models import IncomingDocument, IncomingState
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
TRICH_YEU = "V/v rà soát hiện trạng đê điều trước mùa mưa bão năm 2026"


def _pdf(tmp_path, name: str, text: str) -> str:
    from weasyprint import HTML

    path = tmp_path / name
    path.write_bytes(HTML(string=f"<p>{text}</p>").write_pdf())
    return str(path)


def test_incoming_returned_directed_again_progress_finished(live_server, new_page, tmp_path):  # noqa: F811
    _reference_data()
    office = make_agency(name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND")
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    th = make_unit(office, name="Phòng Tổng hợp", abbreviation="TH")
    make_official(
        office, roles=(Role.VAN_THU,), username="vanthu", full_name="Lê Thị Thu", password=PASSWORD
    )
    make_official(
        office,
        roles=(Role.LANH_DAO_VAN_PHONG,),
        username="chanhvanphong",
        full_name="Phạm Quốc Hưng",
        password=PASSWORD,
    )
    make_official(
        office,
        unit=kt,
        roles=(Role.LANH_DAO_PHONG,),
        is_head=True,
        username="truongphongkt",
        full_name="Trần Văn Nam",
        password=PASSWORD,
    )
    make_official(
        office,
        unit=th,
        roles=(Role.LANH_DAO_PHONG,),
        is_head=True,
        username="truongphongth",
        full_name="Vũ Thị Lan",
        password=PASSWORD,
    )
    clock.travel_to(dt.datetime(2026, 4, 6, 8, 30, tzinfo=clock.VN_TZ))  # a Monday
    base = live_server.url

    # 1. The clerk registers the document with its PDF and presents it to the office leader.
    clerk = new_page(DESKTOP)
    _sign_in(clerk, base, "vanthu")
    _menu(clerk, base, "documents.incoming")
    clerk.get_by_test_id("register-link").click()
    clerk.fill("input[name=so_ky_hieu]", "125/SNN-TL")
    clerk.fill("input[name=issue_date]", "03/04/2026")
    clerk.select_option("select[name=doc_type]", label="Công văn")
    clerk.select_option("select[name=channel]", "dien_tu")
    clerk.fill("input[name=issuer_name]", "Sở Nông nghiệp và Môi trường")
    clerk.fill("textarea[name=trich_yeu]", TRICH_YEU)
    clerk.set_input_files(
        "input[name=file]", _pdf(tmp_path, "cong-van-125.pdf", "Kiểm tra đê hữu sông Luộc")
    )
    clerk.get_by_test_id("register-submit").click()
    expect(clerk.get_by_test_id("document-title")).to_contain_text("Số đến 01/2026 — 125/SNN-TL")
    option = clerk.locator("select[name=leader] option", has_text="Phạm Quốc Hưng")
    clerk.select_option("select[name=leader]", option.get_attribute("value"))
    clerk.get_by_test_id("present-form").get_by_role("button").click()
    expect(clerk.get_by_test_id("document-state")).to_have_text("Đã trình")

    # 2. The leader directs it to Phòng Kinh tế, with a deadline.
    leader = new_page(DESKTOP)
    _sign_in(leader, base, "chanhvanphong")
    _menu(leader, base, "documents.incoming_queue")
    leader.get_by_test_id("queue-row").filter(has_text="125/SNN-TL").get_by_role(
        "link"
    ).first.click()
    expect(leader.get_by_test_id("document-file")).to_contain_text("cong-van-125.pdf")
    detail = leader.url
    leader.get_by_test_id("direct-link").click()
    leader.fill("textarea[name=direction]", "Giao Phòng Kinh tế chủ trì rà soát, báo cáo.")
    leader.select_option("select[name=lead]", label="Phòng Kinh tế")
    leader.fill("input[name=lead_due]", "10/04/2026")
    leader.get_by_test_id("direct-submit").click()
    expect(leader.get_by_role("alert").first).to_contain_text("Đã cho ý kiến chỉ đạo")
    leader.goto(detail)
    expect(leader.get_by_test_id("document-state")).to_have_text("Đang giải quyết")

    # 3. Phòng Kinh tế's head returns it with a reason: it goes back to the leader.
    kt_head = new_page(DESKTOP)
    _sign_in(kt_head, base, "truongphongkt")
    _menu(kt_head, base, "documents.incoming_assigned")
    kt_head.get_by_test_id("assigned-row").filter(has_text="125/SNN-TL").get_by_role(
        "link"
    ).first.click()
    form = kt_head.get_by_test_id("assignment-return-form")
    form.locator("input[name=reason]").fill("Đê điều thuộc lĩnh vực Phòng Tổng hợp theo dõi")
    screenshot(kt_head, "docsflow-incoming-1-return")
    form.get_by_role("button").click()
    expect(kt_head.get_by_test_id("return-reason")).to_contain_text(
        "Đê điều thuộc lĩnh vực Phòng Tổng hợp theo dõi"
    )
    expect(kt_head.get_by_test_id("document-state")).to_have_text("Đã trình")

    # 4. The leader finds it in the queue again and directs it to Phòng Tổng hợp.
    _menu(leader, base, "documents.incoming_queue")
    leader.get_by_test_id("queue-row").filter(has_text="125/SNN-TL").get_by_role(
        "link"
    ).first.click()
    expect(leader.get_by_test_id("trail")).to_contain_text("Trả lại lãnh đạo để chỉ đạo lại")
    leader.get_by_test_id("direct-link").click()
    leader.fill("textarea[name=direction]", "Giao Phòng Tổng hợp chủ trì.")
    leader.select_option("select[name=lead]", label="Phòng Tổng hợp")
    leader.fill("input[name=lead_due]", "10/04/2026")
    leader.get_by_test_id("direct-submit").click()
    expect(leader.get_by_role("alert").first).to_contain_text("Đã cho ý kiến chỉ đạo")
    leader.goto(detail)
    expect(leader.get_by_test_id("document-state")).to_have_text("Đang giải quyết")

    # 5. The next working day Phòng Tổng hợp's head records progress with a file, finishes the
    #    assignment on time and closes the document.
    clock.travel_to(dt.datetime(2026, 4, 7, 15, 0, tzinfo=clock.VN_TZ))
    th_head = new_page(DESKTOP)
    _sign_in(th_head, base, "truongphongth")
    _menu(th_head, base, "documents.incoming_assigned")
    th_head.get_by_test_id("assigned-row").filter(has_text="125/SNN-TL").get_by_role(
        "link"
    ).first.click()
    progress = th_head.get_by_test_id("progress-form")
    progress.locator("textarea[name=text]").fill("Đã kiểm tra thực địa 12 km đê, gửi kèm biên bản.")
    progress.locator("input[name=files]").set_input_files(
        _pdf(tmp_path, "bien-ban-kiem-tra.pdf", "Biên bản kiểm tra đê")
    )
    progress.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(th_head.get_by_test_id("progress-note")).to_contain_text("Đã kiểm tra thực địa 12 km đê")
    expect(th_head.get_by_test_id("progress-file")).to_contain_text("bien-ban-kiem-tra.pdf")
    screenshot(th_head, "docsflow-incoming-2-progress")
    finish = th_head.get_by_test_id("assignment-finish-form")
    finish.locator("input[name=result]").fill("Đã báo cáo kết quả rà soát")
    finish.get_by_role("button").click()
    rows = th_head.get_by_test_id("assignment-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Đã trả lại")  # Phòng Kinh tế's, with its reason
    expect(rows.last).to_contain_text("Phòng Tổng hợp")
    expect(rows.last).to_contain_text("Hoàn thành")
    expect(rows.last).to_contain_text("Hoàn thành trước hạn")
    th_head.get_by_test_id("finish-form").get_by_role("button").click()
    expect(th_head.get_by_test_id("document-state")).to_have_text("Đã hoàn thành")

    # 6. The trail, seen by the leader: every step, the reason and the progress note's file.
    leader.goto(detail)
    trail = leader.get_by_test_id("trail")
    for label in (
        "Vào sổ văn bản đến",
        "Trình lãnh đạo",
        "Trả lại",
        "Đê điều thuộc lĩnh vực Phòng Tổng hợp theo dõi",
        "Ghi nhận tiến độ",
        "bien-ban-kiem-tra.pdf",
        "Hoàn thành phân công",
        "Kết thúc giải quyết",
    ):
        expect(trail).to_contain_text(label)
    screenshot(leader, "docsflow-incoming-3-trail")
    document = IncomingDocument.objects.get()
    assert document.state == IncomingState.FINISHED and document.notes.count() == 1
