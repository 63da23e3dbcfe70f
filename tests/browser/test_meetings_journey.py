"""Browser journey (UI only, time moved by the kernel clock): the Office schedules a meeting of
the Chairman; after it, the minutes and two conclusions are entered, the conclusion notice is
drafted, reviewed, signed and issued in the documents module, and the two conclusions become
two tasks in one step; the meeting page shows each task's status. The published weekly schedule
is then read on the public page without signing in."""

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
    follow_menu,
    new_page,
    screenshot,
)
from vanphong.core import clock
from vanphong.meetings.models import ConclusionItem, Meeting, Room
from vanphong.org.models import AgencyKind, Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.tasks.models import Task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
TITLE = "Họp nghe báo cáo tiến độ giải ngân vốn đầu tư công 6 tháng đầu năm"


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


@pytest.mark.rule("MEETINGS-KETLUAN-NHIEMVU")
@pytest.mark.rule("MEETINGS-LICH-TUAN-CONG-BO")
def test_meeting_scheduled_notice_issued_two_tasks_created(live_server, new_page):  # noqa: F811
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

    # 1. The Office schedules the meeting
    clerk = new_page(DESKTOP)
    _sign_in(clerk, base, "chuyenvien")
    follow_menu(clerk, "meetings.week")
    clerk.get_by_test_id("new-meeting").click()
    form = clerk.get_by_test_id("meeting-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=chair]").select_option(str(chairman.pk))
    form.locator("input[name=starts_at]").fill("08/07/2026 08:00")
    clerk.keyboard.press("Escape")
    form.locator("input[name=ends_at]").fill("08/07/2026 07:00")  # before the start
    clerk.keyboard.press("Escape")
    form.locator("select[name=room]").select_option(label="Phòng họp tầng 3")
    form.locator("select[name=units]").select_option([str(kt.pk), str(vx.pk)])
    form.get_by_role("button", name="Lưu cuộc họp").click()
    expect(clerk.get_by_test_id("form-error")).to_contain_text(
        "Thời điểm kết thúc phải sau thời điểm bắt đầu cuộc họp."
    )
    assert Meeting.objects.count() == 0
    form = clerk.get_by_test_id("meeting-form")
    form.locator("input[name=ends_at]").fill("08/07/2026 10:30")
    clerk.keyboard.press("Escape")
    form.locator("select[name=units]").select_option([str(kt.pk), str(vx.pk)])
    form.get_by_role("button", name="Lưu cuộc họp").click()
    expect(clerk).to_have_url(re.compile(r"/cuoc-hop/\d+/$"))
    expect(clerk.get_by_test_id("state")).to_have_text("Đã lên lịch")
    expect(clerk.get_by_test_id("when")).to_contain_text("08:00 – 10:30, 08/07/2026")
    expect(clerk.get_by_test_id("participants")).to_contain_text("Phòng Khoa giáo - Văn xã")
    meeting_url = clerk.url
    screenshot(clerk, "meetings-da-len-lich")
    clerk.goto(base + "/cuoc-hop/?tuan=2026-07-06")
    expect(clerk.get_by_test_id("week")).to_contain_text(TITLE)
    screenshot(clerk, "meetings-lich-hop-tuan")
    clerk.goto(meeting_url)

    # the weekly schedule: built from the meeting, approved and published by the Office's chief
    follow_menu(clerk, "meetings.schedule")
    clerk.get_by_test_id("build").click()
    expect(clerk.get_by_test_id("schedule-table")).to_contain_text(TITLE)
    chief = new_page(DESKTOP)
    _sign_in(chief, base, "chanhvanphong")
    chief.goto(base + "/lich-cong-tac/")
    chief.get_by_test_id("approve").click()
    chief.get_by_test_id("publish").click()
    expect(chief.get_by_test_id("schedule-state")).to_have_text("Đã công bố")
    public_url = chief.get_by_test_id("public-link").get_attribute("href")

    # 2. After the meeting: minutes, two conclusions, the notice drafted
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
        ("Tổng hợp, báo cáo kết quả giải ngân từng dự án", kt, "20/07/2026"),
        ("Tham mưu kế hoạch kiểm tra các công trình trường học", vx, "24/07/2026"),
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
    screenshot(clerk, "meetings-du-thao-thong-bao")

    # 3. In the documents module: the draft file, review, signature, issue
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
    head = new_page(DESKTOP)
    _sign_in(head, base, "truongphongkt")
    _approve(head, base, notice_url)
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
    code = registry.get_by_test_id("outgoing-code").inner_text()

    # 4. Back on the meeting: the notice is issued; the conclusions become tasks in one step
    clerk.goto(meeting_url)
    expect(clerk.get_by_test_id("doc-conclusion").get_by_test_id("issued")).to_contain_text("/TB-")
    clerk.get_by_test_id("create-tasks").click()
    expect(clerk.get_by_test_id("flash-success")).to_contain_text("Đã giao 2 nhiệm vụ")
    statuses = clerk.get_by_test_id("task-status")
    expect(statuses).to_have_count(2)
    for n in range(2):
        expect(statuses.nth(n)).to_contain_text("Đang thực hiện")
    expect(clerk.get_by_test_id("create-tasks")).to_have_count(0)
    screenshot(clerk, "meetings-giao-nhiem-vu")
    tasks = list(Task.objects.order_by("pk"))
    assert len(tasks) == 2
    assert {t.lead_unit_id for t in tasks} == {kt.pk, vx.pk}
    assert all(code.split()[-1] in t.source_label for t in tasks)
    items = ConclusionItem.objects.order_by("order")
    assert [i.task_id for i in items] == [t.pk for t in tasks]

    # 5. The published weekly schedule, without signing in
    visitor = new_page(DESKTOP)
    visitor.set_default_timeout(20000)
    visitor.goto(base + public_url)
    expect(visitor.get_by_test_id("schedule-table")).to_contain_text(TITLE)
    expect(visitor.get_by_test_id("schedule-table")).to_contain_text("Nguyễn Văn Hùng")
    screenshot(visitor, "meetings-lich-cong-tac-cong-khai")
