"""Writes of feedback: submit (every channel), route, draft an answer (from a template too),
return, publish, reopen with the receipt secret, merge duplicates, convert into a petition.

Each service is one transaction, checks the actor's right, validates (DomainError with a code
and a Vietnamese message) and writes the event log. Event payloads never carry the citizen's
contact."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import inspect
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.attachments.models import DerivedKind
from vanphong.core.attachments.services import (
    attachment_read,
    attachment_store,
    attachment_store_derived,
)
from vanphong.core.calendar import workdays
from vanphong.core.errors import DomainError
from vanphong.core.numbering.services import link_case, next_number
from vanphong.core.privacy import redact
from vanphong.core.text import clean_multiline, clean_text
from vanphong.feedback import places, privacy, selectors
from vanphong.feedback.models import (
    OPEN_STATUSES,
    REGISTER,
    AnswerTemplate,
    Category,
    Channel,
    Feedback,
    RoutingRule,
    Status,
)

#: Photos accepted per item and their kinds (checked on the bytes by the attachments kernel).
MAX_PHOTOS = 5
PHOTO_KINDS = ("jpeg", "png")
#: Characters of the receipt secret (no 0/O, 1/I/L).
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DEFAULT_REOPEN_WORKING_DAYS = 10


# --------------------------------------------------------------------------------------------
# Helpers


def reopen_working_days() -> int:
    """The reopen window after publication, in working days (``FEEDBACK_REOPEN_WORKING_DAYS``)."""
    return int(getattr(settings, "FEEDBACK_REOPEN_WORKING_DAYS", DEFAULT_REOPEN_WORKING_DAYS))


def reopen_deadline(item: Feedback) -> dt.datetime | None:
    """Office closing of the last working day on which the citizen may reopen."""
    if item.published_at is None:
        return None
    return workdays.closing_time(
        workdays.add_working_days(item.published_at, reopen_working_days())
    )


def new_secret() -> str:
    raw = "".join(secrets.choice(SECRET_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def secret_digest(secret: str) -> str:
    normalized = "".join(ch for ch in (secret or "").upper() if ch.isalnum())
    key = f"feedback-secret:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def _error(code: str, message, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]} if field else None, status=status)


def _forbidden() -> DomainError:
    return DomainError(
        "feedback_forbidden", _("Bạn không có quyền thực hiện thao tác này."), status=403
    )


def _require_status(item: Feedback, *statuses: str) -> None:
    if item.status not in statuses:
        raise DomainError(
            "feedback_wrong_status",
            _("Phản ánh đang ở tình trạng “%(s)s”; không thực hiện được thao tác này.")
            % {"s": item.get_status_display()},
            status=409,
        )


def _log(action: str, item: Feedback, user, *, from_state: str = "", payload=None) -> None:
    eventlog.record(
        action=f"feedback.{action}",
        actor=user if getattr(user, "is_authenticated", False) else None,
        agency=item.agency_id,
        unit=item.responsible_unit_id,
        case=item,
        from_state=from_state,
        to_state=item.status,
        due_at=item.due_at,
        payload=payload or {},
    )


def _save(item: Feedback) -> None:
    item.updated_at = clock.now()
    item.save()


def route_for(category: Category, commune_code: int | None) -> tuple[Any, Any, int]:
    """(responsible agency, unit or None, SLA working days) for a category and commune."""
    rule = None
    if commune_code is not None:
        rule = (
            RoutingRule.objects.select_related("responsible_agency", "responsible_unit")
            .filter(category=category, commune_code=commune_code)
            .first()
        )
    if rule is not None:
        return (
            rule.responsible_agency,
            rule.responsible_unit,
            rule.sla_working_days or category.sla_working_days,
        )
    return category.responsible_agency, category.responsible_unit, category.sla_working_days


def _decimal(value, field: str, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _error("invalid_coordinate", _("Tọa độ không hợp lệ."), field) from None
    if not number.is_finite() or not (low <= number <= high):
        raise _error("invalid_coordinate", _("Tọa độ không hợp lệ."), field)
    return number.quantize(Decimal("0.000001"))


def _notify(item: Feedback, subject: str, body: str) -> None:
    """E-mail the citizen after the transaction commits (only to their own address)."""
    address = item.contact_email
    if not address:
        return

    def send() -> None:
        send_mail(subject, body, None, [address], fail_silently=True)

    transaction.on_commit(send)


def _store_photo(acting_user, item: Feedback, upload) -> None:
    """Keep the original (private) and a copy re-encoded without metadata (public)."""
    original = attachment_store(
        acting_user=acting_user, file=upload, kinds=PHOTO_KINDS, agency=item.agency_id, case=item
    )
    try:
        clean, kind = privacy.strip_metadata(attachment_read(original))
    except privacy.ImageError as exc:
        raise _error("photo_unreadable", str(exc), "photos") from None
    stem = original.original_name.rpartition(".")[0] or "anh"
    attachment_store_derived(
        acting_user=acting_user,
        original=original,
        file=ContentFile(clean, name=f"{stem}.{'png' if kind == 'png' else 'jpg'}"),
        derived_kind=DerivedKind.PREVIEW,
    )


# --------------------------------------------------------------------------------------------
# Submit


@transaction.atomic
def feedback_submit(
    *,
    acting_user=None,
    category: Category | None,
    channel: str,
    description: str,
    commune_code: int | str | None = None,
    location_text: str = "",
    lat=None,
    long=None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    consent_publish: bool = False,
    photos: list | None = None,
    attribute_values: dict | None = None,
    device_id: str = "",
    account_id: str = "",
    media_url: str = "",
    received_at: dt.datetime | None = None,
) -> tuple[Feedback, str]:
    """Receive a feedback item on any channel; route it by category and commune with the
    SLA; return it with the receipt secret (shown once, only its digest is kept).

    Citizens submit without an account (web form, Open311); the phone line and e-mail are
    entered by the hotline staff of the category's agency."""
    if category is None or not category.active:
        raise _error("unknown_category", _("Chọn lĩnh vực phản ánh."), "category")
    if channel not in Channel.values:
        raise _error("invalid_channel", _("Kênh tiếp nhận không hợp lệ."), "channel")
    if channel in (Channel.DIEN_THOAI, Channel.EMAIL) and not selectors.is_operator(
        acting_user, category.agency
    ):
        raise _forbidden()
    description = clean_multiline(description)
    if not description:
        raise _error("description_required", _("Nhập nội dung phản ánh, kiến nghị."), "description")
    if len(description) > 10000:
        raise _error(
            "description_too_long", _("Nội dung quá dài (tối đa 10.000 ký tự)."), "description"
        )
    code = None
    if commune_code not in (None, ""):
        if not places.is_commune(commune_code):
            raise _error(
                "invalid_commune",
                _("Xã, phường không có trong danh mục đơn vị hành chính của tỉnh."),
                "commune_code",
            )
        code = int(commune_code)
    lat_value = _decimal(lat, "lat", -90, 90)
    long_value = _decimal(long, "long", -180, 180)
    if (lat_value is None) != (long_value is None):
        raise _error("location_incomplete", _("Nhập đủ cả vĩ độ và kinh độ."), "lat")
    location_text = clean_text(location_text)[:255]
    if channel == Channel.OPEN311:
        if code is None and lat_value is None and not location_text:
            raise _error(
                "location_required",
                _("Cần vị trí: lat và long, address_string hoặc address_id."),
                "lat",
            )
    elif code is None:
        raise _error("commune_required", _("Chọn xã, phường nơi xảy ra sự việc."), "commune_code")
    contact_name = clean_text(contact_name)[:150]
    contact_phone = clean_text(contact_phone)[:30]
    contact_email = clean_text(contact_email)
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            raise _error(
                "invalid_email", _("Địa chỉ thư điện tử không hợp lệ."), "contact_email"
            ) from None
    if consent_publish and not contact_name:
        consent_publish = False
    media_url = clean_text(media_url)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise _error(
                "invalid_media_url", _("Địa chỉ ảnh (media_url) không hợp lệ."), "media_url"
            ) from None
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        raise _error(
            "too_many_photos",
            _("Gửi tối đa %(n)d ảnh.") % {"n": MAX_PHOTOS},
            "photos",
        )
    values = _attribute_values(category, attribute_values or {})
    moment = clock.local(received_at) if received_at is not None else clock.now()
    if moment > clock.now():
        raise _error("moment_in_future", _("Thời điểm không được ở tương lai."), "received_at")

    agency, unit, sla = route_for(category, code)
    secret = new_secret()
    item = Feedback(
        agency=category.agency,
        year=moment.year,
        channel=channel,
        category=category,
        commune_code=code,
        location_text=location_text,
        lat=lat_value,
        long=long_value,
        description=description,
        public_question=redact(description, names=(contact_name,)),
        attribute_values=values,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        consent_publish=bool(consent_publish),
        device_id=clean_text(device_id)[:100],
        account_id=clean_text(account_id)[:100],
        external_media_url=media_url[:500],
        secret_digest=secret_digest(secret),
        received_at=moment,
        received_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        responsible_agency=agency,
        responsible_unit=unit,
    )
    deadlines.set_due_in_working_days(item, start=moment, days=int(sla))
    taken = next_number(agency=category.agency, register=REGISTER, period="year", at=moment)
    item.number = taken.value
    item.code = f"PA-{moment.year % 100:02d}{category.agency_id:03d}-{taken.value:05d}"
    _save(item)
    link_case(issued=taken.issued, case=item)
    _log(
        "submit",
        item,
        acting_user,
        payload={
            "code": item.code,
            "channel": channel,
            "category": category.code,
            "commune_code": code,
            "responsible_agency": agency.pk,
            "responsible_unit": unit.pk if unit else None,
            "sla_working_days": int(sla),
            "photos": len(photos),
            "has_contact": item.has_contact,
        },
    )
    for upload in photos:
        _store_photo(acting_user, item, upload)
    _notify(
        item,
        _g("Đã tiếp nhận phản ánh %(code)s") % {"code": item.code},
        _g(
            "Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận.\n\n"
            "Mã phản ánh: %(code)s\nMã bí mật: %(secret)s\nHạn trả lời: %(due)s\n\n"
            "Dùng mã phản ánh để tra cứu; dùng mã bí mật nếu cần mở lại phản ánh sau khi "
            "được trả lời. Không chia sẻ mã bí mật."
        )
        % {
            "code": item.code,
            "secret": secret,
            "due": clock.local(item.due_at).strftime("%d/%m/%Y"),
        },
    )
    return item, secret


def _attribute_values(category: Category, raw: dict) -> dict:
    """Check the category's Open311 attributes: required ones present, list values known."""
    values: dict[str, Any] = {}
    for attr in category.attributes or []:
        code = str(attr.get("code", ""))
        if not code:
            continue
        value = raw.get(code)
        if isinstance(value, list):
            value = [clean_text(str(v)) for v in value if str(v).strip()]
        elif value is not None:
            value = clean_text(str(value))
        if not value:
            if attr.get("required"):
                raise _error(
                    "attribute_required",
                    _("Thiếu thông tin bắt buộc: %(d)s") % {"d": attr.get("description") or code},
                    f"attribute[{code}]",
                )
            continue
        keys = {str(v.get("key")) for v in attr.get("values") or []}
        chosen = value if isinstance(value, list) else [value]
        if keys and any(v not in keys for v in chosen):
            raise _error(
                "attribute_invalid",
                _("Giá trị không hợp lệ cho: %(d)s") % {"d": attr.get("description") or code},
                f"attribute[{code}]",
            )
        values[code] = value
    return values


# --------------------------------------------------------------------------------------------
# Routing, answering, publishing


@transaction.atomic
def feedback_route(*, acting_user, item: Feedback, agency, unit=None, note: str = "") -> Feedback:
    """Hand an open item to another responsible unit or agency (the deadline stays)."""
    if not selectors.is_operator(acting_user, item.agency):
        raise _forbidden()
    _require_status(item, Status.DANG_XU_LY, Status.CHO_DUYET)
    if agency is None:
        raise _error("agency_required", _("Chọn cơ quan chịu trách nhiệm."), "agency")
    if unit is not None and unit.agency_id != agency.pk:
        raise _error("unit_not_in_agency", _("Đơn vị không thuộc cơ quan đã chọn."), "unit")
    before = item.status
    item.responsible_agency = agency
    item.responsible_unit = unit
    item.status = Status.DANG_XU_LY
    _save(item)
    _log(
        "route",
        item,
        acting_user,
        from_state=before,
        payload={"agency": agency.pk, "unit": unit.pk if unit else None, "note": clean_text(note)},
    )
    return item


@transaction.atomic
def feedback_draft_answer(
    *,
    acting_user,
    item: Feedback,
    answer: str = "",
    public_question: str | None = None,
    template: AnswerTemplate | None = None,
) -> Feedback:
    """The responsible unit drafts the answer (typed, or from a template) for approval."""
    if not selectors.is_handler(acting_user, item):
        raise _forbidden()
    _require_status(item, Status.DANG_XU_LY)
    if template is not None:
        if template.agency_id != item.agency_id or not template.active:
            raise _error("invalid_template", _("Mẫu trả lời không dùng được."), "template")
        answer = answer or template.body
    answer = clean_multiline(answer)
    if not answer:
        raise _error("answer_required", _("Nhập nội dung trả lời."), "answer")
    if public_question is not None:
        question = clean_multiline(public_question)
        if not question:
            raise _error(
                "public_question_required", _("Nhập nội dung công khai."), "public_question"
            )
        item.public_question = question
    item.answer_text = answer
    item.answered_by = acting_user
    item.answered_at = clock.now()
    item.return_note = ""
    item.status = Status.CHO_DUYET
    _save(item)
    _log(
        "draft_answer",
        item,
        acting_user,
        from_state=Status.DANG_XU_LY,
        payload={"template": template.pk if template else None},
    )
    return item


@transaction.atomic
def feedback_draft_from_template(
    *, acting_user, items: list[Feedback], template: AnswerTemplate
) -> list[Feedback]:
    """Answer several similar items with one template (each goes to approval)."""
    if not items:
        raise _error("items_required", _("Chọn ít nhất một phản ánh."), "items")
    return [
        feedback_draft_answer(acting_user=acting_user, item=item, template=template)
        for item in items
    ]


@transaction.atomic
def feedback_return(*, acting_user, item: Feedback, reason: str) -> Feedback:
    """The approver sends the draft back to the unit with a reason."""
    if not selectors.is_approver(acting_user, item):
        raise _forbidden()
    _require_status(item, Status.CHO_DUYET)
    reason = clean_multiline(reason)
    if not reason:
        raise _error("reason_required", _("Nêu lý do trả lại."), "reason")
    item.return_note = reason
    item.status = Status.DANG_XU_LY
    _save(item)
    _log("return", item, acting_user, from_state=Status.CHO_DUYET, payload={"reason": reason})
    return item


@transaction.atomic
def feedback_publish(
    *,
    acting_user,
    item: Feedback,
    public_question: str | None = None,
    answer: str | None = None,
) -> Feedback:
    """The approver publishes the question (without personal data) and the answer, closes
    the item's deadline and e-mails the citizen."""
    if not selectors.is_approver(acting_user, item):
        raise _forbidden()
    _require_status(item, Status.CHO_DUYET)
    if public_question is not None:
        item.public_question = clean_multiline(public_question)
    if answer is not None:
        item.answer_text = clean_multiline(answer)
    if not item.public_question:
        raise _error("public_question_required", _("Nhập nội dung công khai."), "public_question")
    if not item.answer_text:
        raise _error("answer_required", _("Nhập nội dung trả lời."), "answer")
    # The public text must not carry the citizen's contact (names given, phones, e-mails).
    item.public_question = redact(item.public_question, names=(item.contact_name,))
    item.answer_text = redact(item.answer_text, names=(item.contact_name,))
    now = clock.now()
    item.status = Status.DA_TRA_LOI
    item.published_by = acting_user
    item.published_at = now
    deadlines.finish(item, at=now)
    _save(item)
    _log("publish", item, acting_user, from_state=Status.CHO_DUYET)
    window = reopen_deadline(item)
    _notify(
        item,
        _g("Trả lời phản ánh %(code)s") % {"code": item.code},
        _g(
            "Phản ánh %(code)s đã được trả lời:\n\n%(answer)s\n\n"
            "Nếu chưa đồng ý, Ông/Bà có thể mở lại phản ánh một lần, đến hết ngày %(until)s, "
            "bằng mã bí mật trên giấy biên nhận."
        )
        % {
            "code": item.code,
            "answer": item.answer_text,
            "until": clock.local(window).strftime("%d/%m/%Y") if window else "",
        },
    )
    return item


@transaction.atomic
def feedback_reopen(*, code: str, secret: str, reason: str) -> Feedback:
    """The citizen reopens a published item ONCE, within the window, with the receipt secret.
    The item goes back to the responsible unit with a fresh SLA."""
    item = (
        Feedback.objects.select_for_update()
        .select_related("category")
        .filter(code=clean_text(code).upper())
        .first()
    )
    if (
        item is None
        or not secret
        or not hmac.compare_digest(item.secret_digest, secret_digest(secret))
    ):
        raise _error(
            "receipt_mismatch", _("Mã phản ánh hoặc mã bí mật không đúng."), "secret", status=403
        )
    reason = clean_multiline(reason)
    if not reason:
        raise _error("reason_required", _("Nêu lý do mở lại."), "reason")
    if item.reopen_count >= 1:
        raise _error("reopen_once", _("Phản ánh chỉ được mở lại một lần."), "reason", status=409)
    if item.status != Status.DA_TRA_LOI:
        raise _error(
            "reopen_not_answered",
            _("Chỉ mở lại được phản ánh đã được trả lời."),
            "reason",
            status=409,
        )
    window = reopen_deadline(item)
    now = clock.now()
    if window is None or now > window:
        raise _error(
            "reopen_window_closed",
            _("Đã hết thời hạn mở lại phản ánh (%(n)d ngày làm việc kể từ khi trả lời).")
            % {"n": reopen_working_days()},
            "reason",
            status=409,
        )
    item.reopen_count += 1
    item.reopened_at = now
    item.reopen_reason = reason[:5000]
    item.status = Status.DANG_XU_LY
    deadlines.reopen(item)  # then the SLA runs again from now
    _agency, _unit, sla = route_for(item.category, item.commune_code)
    deadlines.set_due_in_working_days(item, start=now, days=int(sla))
    _save(item)
    _log("reopen", item, None, from_state=Status.DA_TRA_LOI, payload={"reopen_count": 1})
    return item


# --------------------------------------------------------------------------------------------
# Duplicates, templates, conversion


@transaction.atomic
def feedback_merge(*, acting_user, primary: Feedback, duplicates: list[Feedback]) -> Feedback:
    """Link duplicates to one primary item and close them; the primary goes on."""
    if not selectors.is_operator(acting_user, primary.agency):
        raise _forbidden()
    if primary.merged_into_id is not None or primary.status == Status.DA_GOP:
        raise _error(
            "primary_is_duplicate", _("Phản ánh chính đã được gộp vào phản ánh khác."), "primary"
        )
    duplicates = [d for d in duplicates if d.pk != primary.pk]
    if not duplicates:
        raise _error("duplicates_required", _("Chọn phản ánh trùng để gộp."), "duplicates")
    now = clock.now()
    for dup in duplicates:
        if dup.agency_id != primary.agency_id:
            raise _error(
                "duplicate_other_agency", _("Phản ánh trùng thuộc cơ quan khác."), "duplicates"
            )
        if dup.status not in OPEN_STATUSES:
            raise _error(
                "duplicate_closed",
                _("Phản ánh %(code)s đã đóng; không gộp được.") % {"code": dup.code},
                "duplicates",
                status=409,
            )
        if dup.duplicates.exists():
            raise _error(
                "duplicate_has_duplicates",
                _("Phản ánh %(code)s đang là phản ánh chính của phản ánh khác.")
                % {"code": dup.code},
                "duplicates",
                status=409,
            )
        before = dup.status
        dup.merged_into = primary
        dup.status = Status.DA_GOP
        deadlines.finish(dup, at=now)
        _save(dup)
        _log("merge", dup, acting_user, from_state=before, payload={"primary": primary.code})
    _log(
        "merge_primary",
        primary,
        acting_user,
        from_state=primary.status,
        payload={"duplicates": [d.code for d in duplicates]},
    )
    return primary


@transaction.atomic
def template_create(
    *, acting_user, agency, title: str, body: str, category: Category | None = None
) -> AnswerTemplate:
    # The hotline staff, or an official of a unit of the agency (who answers its feedback).
    member = getattr(acting_user, "agency_id", None) == agency.pk and bool(
        selectors.unit_ids_of(acting_user)
    )
    if not (selectors.is_operator(acting_user, agency) or member):
        raise _forbidden()
    title = clean_text(title)[:200]
    body = clean_multiline(body)
    if not title:
        raise _error("title_required", _("Nhập tên mẫu."), "title")
    if not body:
        raise _error("body_required", _("Nhập nội dung trả lời mẫu."), "body")
    template = AnswerTemplate.objects.create(
        agency=agency, category=category, title=title, body=body, created_by=acting_user
    )
    eventlog.record(
        action="feedback.template_create",
        actor=acting_user,
        agency=agency,
        case=template,
        payload={"title": title},
    )
    return template


@transaction.atomic
def feedback_convert_to_petition(
    *, acting_user, item: Feedback, classification: str = "kien_nghi"
) -> Feedback:
    """The item turns out to be a petition (a complaint, a denunciation...): enter it in the
    petition register through the reception service and keep the link (item.petition; the
    petition's ``feedback_items``). The item is closed."""
    from vanphong.reception import services as reception

    if not selectors.is_operator(acting_user, item.agency):
        raise _forbidden()
    _require_status(item, Status.DANG_XU_LY, Status.CHO_DUYET)
    people = []
    if item.contact_name:
        people.append(
            {
                "full_name": item.contact_name,
                "phone": item.contact_phone,
                "commune_code": item.commune_code,
            }
        )
    content = _g("Chuyển từ phản ánh %(code)s (%(channel)s, lĩnh vực %(category)s):\n%(text)s") % {
        "code": item.code,
        "channel": item.get_channel_display(),
        "category": item.category.name,
        "text": item.description,
    }
    extra = {}
    if "source_ref" in inspect.signature(reception.petition_receive).parameters:
        extra["source_ref"] = f"feedback:{item.code}"
    petition = reception.petition_receive(
        acting_user=acting_user,
        agency=item.agency,
        channel="truc_tuyen",
        content=content,
        petitioners=people,
        classification=classification,
        is_anonymous=not people,
        **extra,
    )
    before = item.status
    item.petition = petition
    item.status = Status.DA_CHUYEN_DON
    deadlines.finish(item)
    _save(item)
    _log(
        "convert_to_petition",
        item,
        acting_user,
        from_state=before,
        payload={"petition": petition.pk, "number": petition.number_label},
    )
    return item


def record_contact_view(*, acting_user, item: Feedback) -> None:
    """Showing the contact in clear to a handler is logged."""
    eventlog.record_view(
        actor=acting_user, case=item, agency=item.agency_id, payload={"reason": "contact"}
    )
