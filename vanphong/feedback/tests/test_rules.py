"""Rules of the hotline: SLA in working days by category and place, the workflow, reopening
once within the window with the receipt secret, merging, templates, conversion to a petition,
photos without metadata."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail

from vanphong.core import clock, deadlines
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.services import attachment_read
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.feedback import services
from vanphong.feedback.models import AnswerTemplate, Feedback, Status
from vanphong.feedback.tests.builders import (
    NAME,
    PHO_HIEN,
    PHONE,
    SON_NAM,
    answered,
    at,
    hotline,
    jpeg_with_gps,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    return hotline()


@pytest.mark.rule("FEEDBACK-SLA")
def test_sla_in_working_days_from_the_category(h):
    clock.travel_to(at(2026, 7, 3, 9))  # a Friday
    item, _secret = submit(h)
    # 5 working days after Friday 3/7: 6, 7, 8, 9, 10 July → Friday 10/7 17:30.
    assert clock.local(item.due_at) == at(2026, 7, 10, 17, 30)
    assert item.limit_working_days == 5
    assert item.responsible_unit == h.kt
    assert deadlines.status_of(item) == "chua_den_han"


@pytest.mark.rule("FEEDBACK-SLA")
def test_sla_skips_public_holidays(h):
    clock.travel_to(at(2026, 8, 28, 10))  # Friday; 31/8 (swap), 1/9 and 2/9 are days off
    item, _secret = submit(h)
    # Working days after 28/8: 3/9, 4/9, 7/9, 8/9, 9/9 (22/8 was a make-up Saturday, before).
    assert clock.local(item.due_at).date() == dt.date(2026, 9, 9)


@pytest.mark.rule("FEEDBACK-SLA")
def test_routing_by_category_and_commune(h):
    clock.travel_to(at(2026, 7, 6, 9))
    item, _secret = submit(h, commune_code=SON_NAM)
    assert item.responsible_agency == h.commune
    assert item.responsible_unit.agency == h.commune
    assert item.limit_working_days == 3  # the commune's own SLA
    assert clock.local(item.due_at) == at(2026, 7, 9, 17, 30)
    other, _secret = submit(h, commune_code=PHO_HIEN)
    assert other.responsible_unit == h.kt


def test_workflow_answer_publish_and_notify(h):
    clock.travel_to(at(2026, 7, 6, 9))
    item, secret = submit(h)
    assert len(mail.outbox) == 0  # sent on commit; the test transaction does not commit
    with pytest.raises(DomainError) as exc:
        services.feedback_draft_answer(acting_user=h.outsider, item=item, answer="x")
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.feedback_publish(acting_user=h.approver, item=item)
    assert exc.value.code == "feedback_wrong_status"
    services.feedback_draft_answer(acting_user=h.handler, item=item, answer="Đã vá xong.")
    assert item.status == Status.CHO_DUYET
    with pytest.raises(DomainError):
        services.feedback_publish(acting_user=h.handler, item=item)
    services.feedback_return(acting_user=h.approver, item=item, reason="Nêu rõ ngày vá.")
    assert item.status == Status.DANG_XU_LY
    services.feedback_draft_answer(acting_user=h.handler, item=item, answer="Đã vá ngày 8/7.")
    clock.travel_to(at(2026, 7, 8, 10))
    services.feedback_publish(acting_user=h.approver, item=item)
    item.refresh_from_db()
    assert item.status == Status.DA_TRA_LOI
    assert item.published_at == at(2026, 7, 8, 10)
    assert deadlines.status_of(item) == "hoan_thanh_truoc_han"
    assert PHONE not in item.public_question  # the published text has no personal data
    actions = list(Event.objects.filter(case_id=str(item.pk)).values_list("action", flat=True))
    assert "feedback.publish" in actions and "feedback.return" in actions


def test_citizen_is_emailed_on_receipt_and_publication(h, django_capture_on_commit_callbacks):
    clock.travel_to(at(2026, 7, 6, 9))
    with django_capture_on_commit_callbacks(execute=True):
        item, secret = submit(h)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bichngoc@example.vn"]
    assert item.code in mail.outbox[0].body and secret in mail.outbox[0].body
    services.feedback_draft_answer(acting_user=h.handler, item=item, answer="Đã vá.")
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(acting_user=h.approver, item=item)
    assert len(mail.outbox) == 2
    assert "Đã vá." in mail.outbox[1].body


@pytest.mark.rule("FEEDBACK-MOLAI")
def test_reopen_within_the_window_once(h, settings):
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 5
    clock.travel_to(at(2026, 7, 6, 9))
    item, secret = answered(h)  # published Monday 6/7
    assert clock.local(services.reopen_deadline(item)) == at(2026, 7, 13, 17, 30)
    clock.travel_to(at(2026, 7, 13, 17, 0))
    reopened = services.feedback_reopen(code=item.code, secret=secret.lower(), reason="Chưa vá")
    assert reopened.status == Status.DANG_XU_LY
    assert reopened.reopen_count == 1
    assert reopened.finished_at is None
    # A fresh SLA from the reopening: 5 working days after Monday 13/7.
    assert clock.local(reopened.due_at) == at(2026, 7, 20, 17, 30)
    # Answered again, then a second reopening is refused even within the window.
    services.feedback_draft_answer(acting_user=h.handler, item=reopened, answer="Đã vá lại.")
    services.feedback_publish(acting_user=h.approver, item=reopened)
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=item.code, secret=secret, reason="Vẫn chưa")
    assert exc.value.code == "reopen_once"
    assert Feedback.objects.get(pk=item.pk).status == Status.DA_TRA_LOI


@pytest.mark.rule("FEEDBACK-MOLAI")
def test_reopen_after_the_window_is_refused(h, settings):
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 5
    clock.travel_to(at(2026, 7, 6, 9))
    item, secret = answered(h)
    clock.travel_to(at(2026, 7, 14, 8, 0))  # the window closed at 17:30 on 13/7
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=item.code, secret=secret, reason="Chưa vá")
    assert exc.value.code == "reopen_window_closed"
    item.refresh_from_db()
    assert item.status == Status.DA_TRA_LOI and item.reopen_count == 0


@pytest.mark.rule("FEEDBACK-MOLAI")
def test_reopen_needs_the_secret_and_an_answer(h):
    clock.travel_to(at(2026, 7, 6, 9))
    item, secret = submit(h)
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=item.code, secret=secret, reason="Sao chưa trả lời")
    assert exc.value.code == "reopen_not_answered"
    done, done_secret = answered(h)
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=done.code, secret="AAAA-BBBB", reason="Chưa vá")
    assert exc.value.code == "receipt_mismatch" and exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=done.code, secret=secret, reason="Mã của phản ánh khác")
    assert exc.value.code == "receipt_mismatch"
    with pytest.raises(DomainError) as exc:
        services.feedback_reopen(code=done.code, secret=done_secret, reason="  ")
    assert exc.value.code == "reason_required"


def test_merge_duplicates_into_one_primary(h):
    clock.travel_to(at(2026, 7, 6, 9))
    primary, _s = submit(h)
    dup1, _s = submit(h, description="Ổ gà đường Nguyễn Văn Linh")
    dup2, _s = submit(h, description="Đường Nguyễn Văn Linh hỏng")
    with pytest.raises(DomainError):
        services.feedback_merge(acting_user=h.handler, primary=primary, duplicates=[dup1])
    services.feedback_merge(acting_user=h.operator, primary=primary, duplicates=[dup1, dup2])
    for dup in (dup1, dup2):
        dup.refresh_from_db()
        assert dup.status == Status.DA_GOP and dup.merged_into == primary
        assert dup.finished_at is not None
    assert set(primary.duplicates.all()) == {dup1, dup2}
    primary.refresh_from_db()
    assert primary.status == Status.DANG_XU_LY
    # A merged item cannot be a primary, nor be merged again.
    with pytest.raises(DomainError):
        services.feedback_merge(acting_user=h.operator, primary=dup1, duplicates=[primary])
    third, _s = submit(h)
    with pytest.raises(DomainError) as exc:
        services.feedback_merge(acting_user=h.operator, primary=third, duplicates=[dup1])
    assert exc.value.code == "duplicate_closed"


def test_answer_similar_feedback_with_a_template(h):
    clock.travel_to(at(2026, 7, 6, 9))
    template = services.template_create(
        acting_user=h.operator,
        agency=h.office,
        title="Đã chuyển đơn vị thi công",
        body="Đơn vị thi công sẽ khắc phục trong tuần.",
        category=h.category,
    )
    items = [submit(h)[0] for _i in range(3)]
    done = services.feedback_draft_from_template(
        acting_user=h.handler, items=items, template=template
    )
    assert [i.status for i in done] == [Status.CHO_DUYET] * 3
    assert {i.answer_text for i in done} == {"Đơn vị thi công sẽ khắc phục trong tuần."}
    foreign = AnswerTemplate.objects.create(agency=h.commune, title="Khác", body="Khác")
    other, _s = submit(h)
    with pytest.raises(DomainError) as exc:
        services.feedback_draft_answer(acting_user=h.handler, item=other, template=foreign)
    assert exc.value.code == "invalid_template"


def test_convert_into_a_petition_keeps_the_link_both_ways(h):
    from vanphong.reception.models import Petition

    clock.travel_to(at(2026, 7, 6, 9))
    item, _s = submit(h, description="Tố cáo cán bộ phường nhận tiền khi cấp phép xây dựng")
    with pytest.raises(DomainError):
        services.feedback_convert_to_petition(acting_user=h.handler, item=item)
    services.feedback_convert_to_petition(
        acting_user=h.operator, item=item, classification="kien_nghi"
    )
    item.refresh_from_db()
    assert item.status == Status.DA_CHUYEN_DON
    petition = Petition.objects.get(pk=item.petition_id)
    assert list(petition.feedback_items.all()) == [item]
    assert item.code in petition.content
    assert petition.petitioners.get().full_name == NAME
    with pytest.raises(DomainError) as exc:
        services.feedback_convert_to_petition(acting_user=h.operator, item=item)
    assert exc.value.code == "feedback_wrong_status"
    assert Petition.objects.count() == 1


@pytest.mark.rule("FEEDBACK-ANH")
def test_photo_metadata_stripped_and_original_kept(h):
    from PIL import Image

    clock.travel_to(at(2026, 7, 6, 9))
    item, _s = submit(h, photos=[jpeg_with_gps()])
    original = Attachment.objects.get(case_id=item.pk, derived_from__isnull=True)
    public = Attachment.objects.get(case_id=item.pk, derived_from=original)
    assert public.derived_kind == "preview"
    with Image.open(io.BytesIO(attachment_read(original))) as img:
        assert img.getexif().get_ifd(0x8825)  # the original keeps its GPS (private)
    with Image.open(io.BytesIO(attachment_read(public))) as img:
        exif = img.getexif()
        assert not exif.get_ifd(0x8825) and 0x0110 not in exif
        assert "exif" not in img.info
        assert img.size == (40, 30)


def test_bad_photo_writes_nothing(h):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clock.travel_to(at(2026, 7, 6, 9))
    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(DomainError):
        submit(h, photos=[fake])
    assert Feedback.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"description": "   "}, "description_required"),
        ({"commune_code": None}, "commune_required"),
        ({"commune_code": 1}, "invalid_commune"),  # Phường Phúc Xá (Hà Nội), not this province
        ({"category": None}, "unknown_category"),
        ({"contact_email": "khong-phai-email"}, "invalid_email"),
        ({"channel": "dien_thoai"}, "feedback_forbidden"),  # the phone line is staff only
        ({"channel": "open311", "commune_code": None}, "location_required"),
        (
            {"channel": "open311", "lat": "20.6", "long": None, "commune_code": None},
            "location_incomplete",
        ),
    ],
)
def test_bad_input_refused_and_nothing_written(h, kw, code):
    clock.travel_to(at(2026, 7, 6, 9))
    with pytest.raises(DomainError) as exc:
        submit(h, **kw)
    assert exc.value.code == code
    assert Feedback.objects.count() == 0
    assert Event.objects.filter(action__startswith="feedback.").count() == 0


def test_required_attribute_of_a_category(h):
    clock.travel_to(at(2026, 7, 6, 9))
    with pytest.raises(DomainError) as exc:
        submit(h, category=h.lighting)
    assert exc.value.code == "attribute_required"
    with pytest.raises(DomainError) as exc:
        submit(h, category=h.lighting, attribute_values={"loai_den": "no"})
    assert exc.value.code == "attribute_invalid"
    item, _s = submit(h, category=h.lighting, attribute_values={"loai_den": "tat"})
    assert item.attribute_values == {"loai_den": "tat"}


def test_templates_only_by_the_agency_staff(h):
    with pytest.raises(DomainError) as exc:
        services.template_create(
            acting_user=h.commune_handler, agency=h.office, title="Mẫu", body="Nội dung"
        )
    assert exc.value.status == 403
    template = services.template_create(
        acting_user=h.handler, agency=h.office, title="Mẫu", body="Nội dung"
    )
    assert template.created_by == h.handler
    assert AnswerTemplate.objects.count() == 1
