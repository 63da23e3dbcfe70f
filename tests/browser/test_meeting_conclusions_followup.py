"""Browser journey (UI only, time moved by the kernel clock), issue 4's first proof: a meeting
of the Chairman is scheduled; its conclusion notice is drafted, reviewed, signed and issued
through the documents module's outgoing flow; its two conclusions (each with its own lead unit
and deadline) become two tasks in one step; the Phòng Kinh tế reports completion on time and the
Chairman accepts it; the Phòng Khoa giáo - Văn xã lets its deadline pass; the per-unit follow-up
table for the period then shows 1 on time and 1 overdue, each on the right unit's row."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    new_page,
    screenshot,
)
from vanphong.core import clock
from vanphong.meetings.models import Room
from vanphong.org.models import AgencyKind, Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.tasks.models import Task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
TITLE = "Họp nghe báo cáo tiến độ xây dựng nông thôn mới nâng cao 6 tháng đầu năm"
KT_CONTENT = "Tổng hợp, báo cáo kết quả giải ngân vốn từng xã đạt chuẩn nông thôn mới"
VX_CONTENT = "Tham mưu kế hoạch kiểm tra cơ sở vật chất các trường học trước năm học mới"


def _sign_in(page, base: str, username: str) -> None:
    page.set_default_timeout(20000)  # the machine running the suite may be busy
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO Kết luận của Chủ tịch UBND tỉnh")
    document.save(buffer)
    return buffer.getvalue()


def _approve(page, base: str, url: str, *, signing: bool = False) -> None:
    page.goto(base + url)
    form = page.get_by_test_id("approve-form")
    if signing:
        form.locator("select[name=authority_mark]").select_option("TL.")
        form.locator("input[name=authority_title]").fill("CHỦ TỊCH")
        form.locator("input[name=signer_position]").fill("Chánh Văn phòng")
    form.get_by_test_id("approve-button").click()
    expect(page.get_by_test_id("action-message").first).to_be_visible()


def test_meeting_conclusions_become_tasks_followed_up_per_unit(live_server, new_page):  # noqa: F811
    pc = make_agency(name="Ủy ban nhân dân tỉnh Hưng Yên", kind=AgencyKind.PROVINCE_PC)
    office = make_agency(
        name="Văn phòng UBND tỉnh Hưng Yên",
        short_name="VP",
        kind=AgencyKind.PROVINCE_OFFICE,
        parent=pc,
    )
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    vx = make_unit(office, name="Phòng Khoa giáo - Văn xã", abbreviation="KGVX")
    ldvp = make_unit(office, name="Lãnh đạo Văn phòng", abbreviation="LDVP")
    chairman = make_official(
        pc,
        unit=make_unit(pc, name="Thường trực UBND tỉnh", abbreviation="TT"),
        roles=(Role.LANH_DAO_UBND,),
        username="chutich",
        full_name="Nguyễn Văn Hùng",
        password=PASSWORD,
    )
    people = {
        "chuyenvien": (kt, Role.CHUYEN_VIEN, "Phạm Thu Hà", False),
        "truongphongkt": (kt, Role.LANH_DAO_PHONG, "Trần Thị Lan", True),
        "truongphongvx": (vx, Role.LANH_DAO_PHONG, "Lê Minh Tuấn", True),
        "chanhvanphong": (ldvp, Role.LANH_DAO_VAN_PHONG, "Lê Văn Chính", True),
        "kythay": (ldvp, Role.LANH_DAO_UBND, "Đỗ Minh Ký", False),
        "vanthu": (ldvp, Role.VAN_THU, "Vũ Thị Thư", False),
    }
    for username, (unit, role, name, head) in people.items():
        make_official(
            office,
            unit=unit,
            roles=(role,),
            username=username,
            full_name=name,
            is_head=head,
            password=PASSWORD,
        )
    Room.objects.create(agency=pc, name="Phòng họp tầng 3", capacity=60, location="Trụ sở UBND")
    base = live_server.url
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))  # a Monday

    # 1. The Office schedules the Chairman's meeting
    clerk = new_page(DESKTOP)
    _sign_in(clerk, base, "chuyenvien")
    clerk.goto(base + "/cuoc-hop/")
    clerk.get_by_test_id("new-meeting").click()
    form = clerk.get_by_test_id("meeting-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=chair]").select_option(str(chairman.pk))
    form.locator("input[name=starts_at]").fill("08/07/2026 08:00")
    clerk.keyboard.press("Escape")
    form.locator("input[name=ends_at]").fill("08/07/2026 10:30")
    clerk.keyboard.press("Escape")
    form.locator("select[name=room]").select_option(label="Phòng họp tầng 3")
    form.locator("select[name=units]").select_option([str(kt.pk), str(vx.pk)])
    form.get_by_role("button", name="Lưu cuộc họp").click()
    expect(clerk).to_have_url(re.compile(r"/cuoc-hop/\d+/$"))
    expect(clerk.get_by_test_id("state")).to_have_text("Đã lên lịch")
    expect(clerk.get_by_test_id("when")).to_contain_text("08:00 – 10:30, 08/07/2026")
    meeting_url = clerk.url
    screenshot(clerk, "followup-1-cuoc-hop-da-len-lich")

    # 2. After the meeting: the minutes, two conclusions (different units and deadlines)
    clock.travel_to(dt.datetime(2026, 7, 8, 11, 0, tzinfo=clock.VN_TZ))
    clerk.goto(meeting_url)
    minutes = clerk.get_by_test_id("minutes-form")
    minutes.locator("textarea[name=text]").fill(
        "Thành phần: theo giấy mời. Các đơn vị báo cáo; Chủ tịch UBND tỉnh kết luận."
    )
    minutes.get_by_role("button", name="Lưu biên bản").click()
    expect(clerk.get_by_test_id("flash-success")).to_contain_text("Đã lưu biên bản")
    expect(clerk.get_by_test_id("state")).to_have_text("Đã họp")
    for content, unit, due in (
        (KT_CONTENT, kt, "20/07/2026"),
        (VX_CONTENT, vx, "15/07/2026"),
    ):
        form = clerk.get_by_test_id("conclusion-form")
        form.locator("input[name=due_date]").fill(due)
        form.locator("input[name=due_date]").press("Escape")
        form.locator("select[name=lead_unit]").select_option(str(unit.pk))
        form.locator("textarea[name=content]").click()  # closes the date picker
        form.locator("textarea[name=content]").fill(content)
        form.get_by_role("button", name="Thêm kết luận").click()
        expect(clerk.get_by_test_id("conclusions")).to_contain_text(content)
    clerk.get_by_test_id("draft-notice").click()
    expect(clerk.get_by_test_id("doc-conclusion")).to_contain_text("Dự thảo, chờ ban hành")

    # 3. The conclusion notice through the documents module: draft file, review, sign, issue
    clerk.get_by_test_id("doc-link").click()
    notice_url = clerk.url.replace(base, "")
    clerk.get_by_test_id("version-form").locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "thong-bao-ket-luan.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
                "buffer": _docx_bytes(),
            }
        ]
    )
    clerk.get_by_test_id("version-form").get_by_role("button", name="Tải lên").click()
    expect(clerk.get_by_test_id("versions")).to_contain_text("thong-bao-ket-luan.docx")
    clerk.get_by_test_id("submit-button").click()
    expect(clerk.get_by_test_id("outgoing-state")).not_to_have_text("Dự thảo")
    kt_head = new_page(DESKTOP)
    _sign_in(kt_head, base, "truongphongkt")
    _approve(kt_head, base, notice_url)
    chief = new_page(DESKTOP)
    _sign_in(chief, base, "chanhvanphong")
    _approve(chief, base, notice_url)
    signer = new_page(DESKTOP)
    _sign_in(signer, base, "kythay")
    _approve(signer, base, notice_url, signing=True)
    registry = new_page(DESKTOP)
    _sign_in(registry, base, "vanthu")
    registry.goto(base + notice_url)
    registry.get_by_test_id("issue-link").click()
    registry.get_by_test_id("issue-submit").click()
    expect(registry.get_by_test_id("outgoing-code")).to_contain_text("/TB-")
    screenshot(registry, "followup-2-thong-bao-ket-luan-ban-hanh")

    # 4. Back on the meeting: both conclusions become tasks in one step
    clerk.goto(meeting_url)
    expect(clerk.get_by_test_id("doc-conclusion").get_by_test_id("issued")).to_contain_text("/TB-")
    clerk.get_by_test_id("create-tasks").click()
    expect(clerk.get_by_test_id("flash-success")).to_contain_text("Đã giao 2 nhiệm vụ")
    statuses = clerk.get_by_test_id("task-status")
    expect(statuses).to_have_count(2)
    for n in range(2):
        expect(statuses.nth(n)).to_contain_text("Đang thực hiện")
    screenshot(clerk, "followup-3-giao-nhiem-vu-tu-ket-luan")
    kt_task = Task.objects.get(lead_unit=kt)  # only its code, to find its link in the list
    assert Task.objects.get(lead_unit=vx).due_date == dt.date(2026, 7, 15)

    # 5. The Phòng Kinh tế reports completion before its deadline (20/07)
    clock.travel_to(dt.datetime(2026, 7, 16, 15, 0, tzinfo=clock.VN_TZ))
    kt_head.goto(base + "/nhiem-vu/?pham_vi=don_vi")
    table = kt_head.get_by_test_id("task-table")
    expect(table).to_contain_text(KT_CONTENT)
    expect(table).not_to_contain_text(VX_CONTENT)
    table.get_by_role("link", name=kt_task.code).click()
    complete = kt_head.get_by_test_id("complete-form")
    complete.locator("textarea[name=result]").fill(
        "Đã tổng hợp kết quả giải ngân của 42 xã; có báo cáo số 118/BC-VP gửi kèm."
    )
    complete.get_by_test_id("propose").click()
    expect(kt_head.get_by_test_id("action-success")).to_contain_text("Đã đề nghị hoàn thành")
    expect(kt_head.get_by_test_id("task-status")).to_contain_text("Chờ duyệt hoàn thành")
    screenshot(kt_head, "followup-4-de-nghi-hoan-thanh")

    # 6. The assigning side (the Chairman, who chaired the meeting) accepts it
    clock.travel_to(dt.datetime(2026, 7, 17, 8, 30, tzinfo=clock.VN_TZ))
    leader = new_page(DESKTOP)
    _sign_in(leader, base, "chutich")
    leader.goto(kt_head.url)
    leader.get_by_test_id("accept").click()
    expect(leader.get_by_test_id("action-success")).to_contain_text("Đã duyệt hoàn thành")
    expect(leader.get_by_test_id("task-status")).to_contain_text("Hoàn thành trước hạn")

    # 7. The Phòng Khoa giáo - Văn xã lets 15/07 pass; the follow-up table for July
    clock.travel_to(dt.datetime(2026, 7, 27, 9, 0, tzinfo=clock.VN_TZ))
    leader.goto(base + "/nhiem-vu/theo-doi/?start=01/07/2026&end=31/07/2026")
    table = leader.get_by_test_id("follow-up-table")
    kt_row = table.locator("tr", has_text="Phòng Kinh tế")
    vx_row = table.locator("tr", has_text="Phòng Khoa giáo - Văn xã")
    expect(kt_row).to_have_count(1)
    expect(vx_row).to_have_count(1)
    expect(kt_row.locator("[data-col=total]")).to_have_text("1")
    expect(kt_row.locator("[data-col=on_time]")).to_have_text("1")
    expect(kt_row.locator("[data-col=overdue]")).to_have_text("0")
    expect(kt_row.locator("[data-col=rate]")).to_have_text("100,0%")
    expect(vx_row.locator("[data-col=total]")).to_have_text("1")
    expect(vx_row.locator("[data-col=on_time]")).to_have_text("0")
    expect(vx_row.locator("[data-col=overdue]")).to_have_text("1")
    # the overdue task has a known outcome: it counts against the rate (1 on time of 2)
    expect(vx_row.locator("[data-col=rate]")).to_have_text("0,0%")
    total = leader.get_by_test_id("follow-up-total")
    expect(total.locator("[data-col=rate]")).to_have_text("50,0%")
    expect(leader.get_by_test_id("rate-formula")).to_contain_text("× 100 ÷")
    screenshot(leader, "followup-5-bang-theo-doi-theo-don-vi")
