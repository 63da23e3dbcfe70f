"""Petitions sent by citizens through the public online form (Luật Tiếp công dân 2013 Đ3,
TT 05/2021/TT-TTCP: a petition may come "qua cổng thông tin điện tử"), and their public
status page.

The citizen names the agency, says what kind of petition it is (khiếu nại, tố cáo, kiến nghị,
phản ánh), gives their name, identity number, address (a commune of the national list),
a phone or e-mail, the content and attachments, and consents to the processing of their
personal data (Luật Bảo vệ dữ liệu cá nhân 2025 Đ9: consent before processing). The petition
enters the agency's register through the same path as any other channel (``Channel.TRUC_TUYEN``,
no receiving official), so numbering, pinned rules, deadlines, sealing of a denouncer and the
duplicate suggestion are those of the desk. The citizen gets a tracking code and a secret (only
its keyed digest is kept) to follow the petition on a public page that shows no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vanphong.core import clock, eventlog
from vanphong.core.attachments.services import attachment_store
from vanphong.core.errors import DomainError
from vanphong.core.text import clean_multiline, clean_text, normalize_identifier
from vanphong.org.models import Agency, Role, RoleGrant
from vanphong.reception import services
from vanphong.reception.models import Channel, Petition, PetitionClass

__all__ = [
    "ATTACHMENT_KINDS",
    "online_agencies",
    "petition_public_status",
    "petition_submit_online",
]

#: Files a citizen may attach, how many and how large (each, and together).
ATTACHMENT_KINDS = ("pdf", "jpeg", "png", "docx", "doc")
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_CONTENT = 20000
#: Characters of the secret (no 0/O, 1/I/L): easy to read back from a receipt.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_IDENTITY = re.compile(r"^(?:\d{9}|\d{12}|[A-Z]\d{7,8})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?\d{9,12}$")


def _error(code: str, message, field: str, status: int = 400) -> DomainError:
    return DomainError(code, str(message), fields={field: [str(message)]}, status=status)


def online_agencies():
    """Agencies that receive petitions online: those with a citizen-reception official."""
    ids = RoleGrant.objects.filter(role=Role.CAN_BO_TIEP_CONG_DAN).values("agency_id")
    return Agency.objects.filter(pk__in=ids).order_by("name")


def new_secret() -> str:
    raw = "".join(secrets.choice(SECRET_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def secret_digest(secret: str) -> str:
    normalized = "".join(ch for ch in (secret or "").upper() if ch.isalnum())
    key = f"reception-tracking:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def tracking_code(petition: Petition) -> str:
    """``DON-<yy><agency id>-<number>``: unique, readable over the phone."""
    return f"DON-{petition.year % 100:02d}{petition.agency_id}-{petition.number:04d}"


def _clean_person(data: dict[str, Any]) -> dict:
    name = clean_text(data.get("full_name"))
    if not name:
        raise _error("petitioner_name_required", _("Nhập họ và tên người gửi đơn."), "full_name")
    number = normalize_identifier(data.get("identity_number"))
    if not _IDENTITY.match(number):
        raise _error(
            "invalid_identity_number",
            _(
                "Số định danh cá nhân (12 chữ số), chứng minh nhân dân (9 chữ số) hoặc hộ chiếu không hợp lệ."
            ),
            "identity_number",
        )
    address = clean_text(data.get("address"))
    if not address:
        raise _error("address_required", _("Nhập địa chỉ (số nhà, đường, thôn, tổ)."), "address")
    if data.get("commune_code") in (None, ""):
        raise _error("commune_required", _("Chọn xã, phường nơi cư trú."), "commune_code")
    phone = clean_text(data.get("phone"))
    email = clean_text(data.get("email"))
    digits = re.sub(r"[\s.\-()]", "", phone)
    if phone and not _PHONE.match(digits):
        raise _error("invalid_phone", _("Số điện thoại không hợp lệ."), "phone")
    if email and not _EMAIL.match(email):
        raise _error("invalid_email", _("Địa chỉ thư điện tử không hợp lệ."), "email")
    if not phone and not email:
        raise _error(
            "contact_required",
            _("Nhập số điện thoại hoặc thư điện tử để cơ quan liên hệ, thông báo kết quả."),
            "phone",
        )
    return {
        "full_name": name,
        "identity_number": number,
        "address": address,
        "commune_code": data.get("commune_code"),
        "phone": phone,
        "email": email,
    }


def _check_files(files: list) -> list:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise _error(
            "too_many_files", _("Gửi tối đa %(n)d tệp đính kèm.") % {"n": MAX_FILES}, "files"
        )
    total = 0
    for f in files:
        size = getattr(f, "size", None) or 0
        if size > MAX_FILE_BYTES:
            raise _error(
                "file_too_large",
                _("Tệp %(name)s vượt quá %(limit)s.")
                % {"name": getattr(f, "name", ""), "limit": filesizeformat(MAX_FILE_BYTES)},
                "files",
                status=413,
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise _error(
            "files_too_large",
            _("Tổng dung lượng tệp đính kèm vượt quá %(limit)s.")
            % {"limit": filesizeformat(MAX_TOTAL_BYTES)},
            "files",
            status=413,
        )
    return files


@transaction.atomic
def petition_submit_online(
    *,
    agency,
    classification: str,
    content: str,
    petitioner: dict[str, Any],
    consent: bool,
    files: list | None = None,
) -> tuple[Petition, str]:
    """A citizen's petition from the online form: entered in ``agency``'s register with
    channel "trực tuyến", its attachments stored, the tracking code set. Returns the petition
    and the secret (shown once on the receipt; only its digest is kept)."""
    if agency is None or not online_agencies().filter(pk=agency.pk).exists():
        raise _error("unknown_agency", _("Chọn cơ quan nhận đơn."), "agency")
    if classification not in PetitionClass.values:
        raise _error(
            "classification_required",
            _("Chọn loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản ánh."),
            "classification",
        )
    content = clean_multiline(content)
    if not content:
        raise _error("petition_content_required", _("Nhập nội dung đơn."), "content")
    if len(content) > MAX_CONTENT:
        raise _error(
            "content_too_long",
            _("Nội dung đơn dài quá %(n)d ký tự; gửi phần còn lại dưới dạng tệp đính kèm.")
            % {"n": MAX_CONTENT},
            "content",
        )
    if not consent:
        raise _error(
            "consent_required",
            _("Cần đồng ý cho cơ quan xử lý dữ liệu cá nhân của bạn để giải quyết đơn."),
            "consent",
        )
    person = _clean_person(petitioner)
    files = _check_files(files or [])
    moment = clock.now()
    petition = services._create(
        acting_user=None,
        agency=agency,
        channel=Channel.TRUC_TUYEN,
        content=content,
        received_at=moment,
        people=services._clean_petitioners([person], anonymous=False),
        forwarded_by="",
        classification=classification,
        complaint_instance="",
        is_anonymous=False,
        multi_site_check=False,
        is_complex=False,
        is_remote=False,
        eligible=None,
        ineligible_reason="",
        competent=None,
    )
    secret = new_secret()
    petition.tracking_code = tracking_code(petition)
    petition.tracking_secret_digest = secret_digest(secret)
    petition.consent_at = moment
    petition.source_ref = "online"
    petition.save(
        update_fields=["tracking_code", "tracking_secret_digest", "consent_at", "source_ref"]
    )
    for f in files:
        try:
            attachment_store(
                acting_user=None, file=f, kinds=ATTACHMENT_KINDS, agency=agency, case=petition
            )
        except DomainError as exc:  # the same message, on the form's file field
            raise _error(exc.code, exc.message, "files", status=exc.status) from None
    services._log(
        "petition_receive",
        petition,
        None,
        payload={
            "number": petition.number_label,
            "source": petition.source_ref,
            "channel": petition.channel,
            "classification": petition.classification,
            "petitioner_count": petition.petitioner_count,
            "rule": services.processing_rule_key(petition),
            "attachments": len(files),
        },
    )
    eventlog.record(
        action="reception.consent",
        actor=None,
        agency=agency,
        case=petition,
        payload={"purpose": "petition", "at": moment.isoformat()},
    )
    return petition, secret


def petition_public_status(code: str, secret: str) -> dict | None:
    """What the citizen may see of their petition (no personal data, no content), or None when
    the code and secret do not match (the same answer for an unknown code and a wrong secret)."""
    code = (code or "").strip().upper()
    petition = (
        Petition.objects.select_related("agency").filter(tracking_code=code).first()
        if code
        else None
    )
    if petition is None or not secret:
        return None
    if not hmac.compare_digest(petition.tracking_secret_digest, secret_digest(secret)):
        return None
    return {
        "code": petition.tracking_code,
        "number": petition.number_label,
        "agency": petition.agency.name,
        "received_at": petition.received_at,
        "classification": petition.get_classification_display(),
        "status": petition.get_status_display(),
        "outcome": petition.get_outcome_display() if petition.outcome else "",
        "outcome_at": petition.outcome_at,
        "outcome_target": petition.outcome_target,
        "outcome_document": petition.outcome_document,
        "processing_due_at": petition.processing_due_at,
        "is_protected": petition.is_protected,
    }
