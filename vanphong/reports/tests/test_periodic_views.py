"""Pages of the periodic reports: the form, the period picker, bad input refused in Vietnamese
with nothing queued, the job page with both downloads, trình ký, and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vanphong.core import clock
from vanphong.core.jobs import services as jobs
from vanphong.core.jobs.models import Job
from vanphong.documents.models import OutgoingDocument, OutgoingState
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reports import periodic

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    committee = make_agency(name="Ủy ban nhân dân tỉnh thử", short_name="UBND", province_code=33)
    agency = make_agency(
        name="Văn phòng UBND tỉnh thử",
        short_name="VP",
        kind="province_office",
        parent=committee,
        province_code=33,
    )
    kt = make_unit(agency, name="Phòng Kinh tế", abbreviation="KT")
    make_official(unit=kt, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,))
    author = make_official(unit=kt, roles=(Role.CHUYEN_VIEN,))
    clock.travel_to(dt.datetime(2026, 12, 10, 9, tzinfo=clock.VN_TZ))
    return agency, kt, author


def test_form_offers_the_nd09_months_and_the_picker_follows_the_kind(client, office):
    agency, _kt, author = office
    client.force_login(author)
    page = client.get(reverse("reports:periodic"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tháng 12/2026 (15/11/2026 – 14/12/2026)" in html
    assert 'value="2026-12" selected' in html
    quarter = client.get(
        reverse("reports:periodic_period_fields"), {"kind": "quy"}
    ).content.decode()
    assert "Quý 4/2026 (15/09/2026 – 14/12/2026)" in quarter
    week = client.get(reverse("reports:periodic_period_fields"), {"kind": "tuan"}).content.decode()
    assert "Tuần 50/2026 (07/12/2026 – 13/12/2026)" in week
    custom = client.get(
        reverse("reports:periodic_period_fields"), {"kind": "khac"}
    ).content.decode()
    assert 'name="start"' in custom and 'data-vp-date="date"' in custom


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "ngay"}, "Loại báo cáo “ngay” không có"),
        (
            {"kind": "khac", "start": "20/11/2026", "end": "01/11/2026"},
            "Ngày kết thúc (01/11/2026) không được trước ngày bắt đầu (20/11/2026)",
        ),
        ({"kind": "thang", "period": "2026-13"}, "Kỳ báo cáo không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_queued(client, office, data, words):
    agency, _kt, author = office
    client.force_login(author)
    response = client.post(reverse("reports:periodic"), {"agency": agency.pk, **data})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Job.objects.exists()


def test_generate_download_and_submit_for_signature(client, office):
    agency, _kt, author = office
    client.force_login(author)
    response = client.post(
        reverse("reports:periodic"), {"agency": agency.pk, "kind": "thang", "period": "2026-12"}
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:periodic_detail", args=[job.pk])
    assert job.parameters["start"] == "2026-11-15" and job.parameters["end"] == "2026-12-14"
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-state="queued"' in waiting and "every 1s" in waiting

    assert jobs.run(job.pk) == "done"
    page = client.get(reverse("reports:periodic_progress", args=[job.pk])).content.decode()
    assert 'data-state="done"' in page and "every 1s" not in page
    assert "bao-cao-thang-2026-12.docx" in page and "phu-luc-bao-cao-thang-2026-12.xlsx" in page
    annex = client.get(reverse("reports:periodic_annex", args=[job.pk]))
    assert annex.status_code == 200
    assert b"".join(annex.streaming_content)[:2] == b"PK"

    response = client.post(reverse("reports:periodic_submit", args=[job.pk]), {"action": "submit"})
    draft = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.state == OutgoingState.IN_REVIEW and draft.doc_type.abbreviation == "BC"
    assert draft.versions.count() == 1 and draft.attachments.count() == 1
    again = client.post(reverse("reports:periodic_submit", args=[job.pk]), {"action": "submit"})
    assert again.status_code == 409
    assert "đã được chuyển thành dự thảo" in again.content.decode()
    assert OutgoingDocument.objects.count() == 1
    assert (
        "Đã chuyển thành văn bản đi"
        in client.get(reverse("reports:periodic_detail", args=[job.pk])).content.decode()
    )


def test_make_draft_only_leaves_it_for_the_author_to_submit(client, office):
    agency, _kt, author = office
    job = periodic.periodic_enqueue(author, agency=agency, kind="tuan", token="2026-50")
    jobs.run(job.pk)
    client.force_login(author)
    client.post(reverse("reports:periodic_submit", args=[job.pk]), {"action": "draft"})
    assert OutgoingDocument.objects.get().state == OutgoingState.DRAFT


def test_only_the_owner_sees_a_report_and_outsiders_cannot_report(client, office):
    agency, kt, author = office
    job = periodic.periodic_enqueue(author, agency=agency, kind="thang", token="2026-12")
    jobs.run(job.pk)
    colleague = make_official(unit=kt, roles=(Role.CHUYEN_VIEN,))
    client.force_login(colleague)
    for name in ("periodic_detail", "periodic_progress", "periodic_annex"):
        assert client.get(reverse(f"reports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("reports:periodic_submit", args=[job.pk])).status_code == 404
    assert not OutgoingDocument.objects.exists()
    desk = make_official(agency, roles=(Role.CAN_BO_MOT_CUA,))
    client.force_login(desk)
    assert client.get(reverse("reports:periodic")).status_code == 403
    assert client.post(reverse("reports:periodic"), {"kind": "thang"}).status_code == 403


def test_the_list_of_reports_takes_the_same_queries_for_2_or_12_reports(
    client, office, django_assert_max_num_queries
):
    agency, _kt, author = office
    client.force_login(author)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:periodic")).status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        periodic.periodic_enqueue(author, agency=agency, kind="thang", token=f"2026-{n + 1}")
    few = count()
    for n in range(2, 12):
        periodic.periodic_enqueue(author, agency=agency, kind="thang", token=f"2026-{n + 1}")
    with django_assert_max_num_queries(few):
        client.get(reverse("reports:periodic"))
    assert "Báo cáo tháng 12/2026 — VP" in client.get(reverse("reports:periodic")).content.decode()
