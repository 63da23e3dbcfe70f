"""Writes of petitions: receive, classify (and split), decide, link a duplicate, suspend and
resume. Each is one transaction and writes the event log; event payloads never carry a
petitioner's identity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Ward

from vanphong.core import clock, deadlines, eventlog, refdata
from vanphong.core.calendar import workdays
from vanphong.core.errors import DomainError
from vanphong.core.numbering.services import link_case, next_number
from vanphong.core.text import clean_multiline, clean_text
from vanphong.reception import legal_rules as R
from vanphong.reception import selectors
from vanphong.reception.models import (
    REGISTER,
    Channel,
    ComplaintInstance,
    NoticeKind,
    Outcome,
    Petition,
    PetitionClass,
    Petitioner,
    PetitionStatus,
)
from vanphong.reception.protection import identity_digest, seal_identity

__all__ = [
    "petition_add_collaborator",
    "petition_classify",
    "petition_extend",
    "petition_notify_denouncer",
    "petition_decide",
    "petition_link_duplicate",
    "petition_receive",
    "petition_resume",
    "petition_split",
    "petition_suspend",
]


# --------------------------------------------------------------------------------------------
# Helpers


def _forbidden() -> DomainError:
    return DomainError(
        "petition_forbidden", _("Bạn không có quyền xử lý đơn của cơ quan này."), status=403
    )


def _require_handler(user, petition: Petition) -> None:
    if not selectors.can_handle(user, petition):
        raise _forbidden()


def _choice(value: str, choices, field: str, message) -> str:
    value = (value or "").strip()
    if value and value not in choices.values:
        raise DomainError("invalid_choice", message, fields={field: [message]})
    return value


def _ward_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return str(Ward.from_code(int(code)).name)
    except (ValueError, TypeError, KeyError):
        message = _("Mã xã, phường không có trong danh mục đơn vị hành chính.")
        raise DomainError("invalid_commune", message, fields={"commune_code": [message]}) from None


def _clean_petitioners(raw: list[dict[str, Any]] | None, *, anonymous: bool) -> list[dict]:
    people = []
    for item in raw or []:
        person = {
            "full_name": clean_text(item.get("full_name")),
            "identity_number": clean_text(item.get("identity_number")),
            "address": clean_text(item.get("address")),
            "commune_code": item.get("commune_code") or None,
            "phone": clean_text(item.get("phone")),
        }
        if item.get("email"):
            person["email"] = clean_text(item.get("email"))
        if not any(person.values()):
            continue
        if person["commune_code"] is not None:
            _ward_name(person["commune_code"])
            person["commune_code"] = int(person["commune_code"])
        if not person["full_name"]:
            message = _("Nhập họ và tên người gửi đơn.")
            raise DomainError("petitioner_name_required", message, fields={"full_name": [message]})
        people.append(person)
    if not people and not anonymous:
        message = _("Đơn phải có ít nhất một người gửi (hoặc đánh dấu là đơn nặc danh).")
        raise DomainError("petitioner_required", message, fields={"full_name": [message]})
    return people


def _add_petitioner(petition: Petition, order: int, person: dict) -> Petitioner:
    digest = identity_digest(person.get("identity_number", ""))
    if petition.is_protected:
        return Petitioner.objects.create(
            petition=petition,
            order=order,
            protected=True,
            sealed=seal_identity(person),
            identity_digest=digest,
        )
    return Petitioner.objects.create(
        petition=petition, order=order, identity_digest=digest, **person
    )


def _seal_petitioners(petition: Petition) -> None:
    """A petition (re)classified as a denunciation: seal every identity still in clear."""
    for person in petition.petitioners.filter(protected=False):
        identity = {
            "full_name": person.full_name,
            "identity_number": person.identity_number,
            "address": person.address,
            "commune_code": person.commune_code,
            "phone": person.phone,
        }
        if person.email:
            identity["email"] = person.email
        person.sealed = seal_identity(identity)
        person.protected = True
        person.full_name = person.identity_number = person.address = person.phone = ""
        person.email = ""
        person.commune_code = None
        person.save()


def _summary(petition: Petition) -> str:
    people = list(petition.petitioners.all())
    if petition.is_anonymous and not people:
        return str(_("Nặc danh"))
    if petition.is_protected or any(p.protected for p in people):
        # Sealed identities stay sealed, also in a non-denunciation split from a denunciation.
        return str(_("Người tố cáo (được bảo vệ)"))
    names = ", ".join(p.full_name for p in people[:3])
    if len(people) > 3:
        names += " " + _g("và %(n)d người khác") % {"n": len(people) - 3}
    return names[:500]


def _pinned(petition: Petition, key: str):
    return refdata.pinned_rule(petition, key)


def _calendar_due(start: dt.datetime | dt.date, days: int) -> dt.datetime:
    """Office closing of the ``days``-th calendar day after ``start``; a last day that is not a
    working day moves to the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5)."""
    day = (clock.local(start).date() if isinstance(start, dt.datetime) else start) + dt.timedelta(
        days=days
    )
    return workdays.closing_time(workdays.add_working_days(day, 0))


def _apply_rule(petition: Petition, version, start: dt.datetime, days: int | None = None) -> None:
    days = version.value if days is None else days
    if version.unit == "working_days":
        deadlines.set_due_in_working_days(petition, start=start, days=int(days))
    else:
        deadlines.set_due(petition, due_at=_calendar_due(start, int(days)))


def processing_rule_key(petition: Petition) -> str:
    """The rule giving the time to process (xử lý) the petition, by its classification."""
    if petition.classification == PetitionClass.TO_CAO and not petition.is_anonymous:
        if petition.competent is False:
            return R.DENUNCIATION_FORWARD
        if petition.multi_site_check:
            return R.DENUNCIATION_PROCESSING_MULTI_SITE
        return R.DENUNCIATION_PROCESSING
    if petition.classification == PetitionClass.KHIEU_NAI:
        return R.COMPLAINT_ACCEPTANCE
    return R.PETITION_REPLY


def _set_processing_due(petition: Petition) -> None:
    _apply_rule(petition, _pinned(petition, processing_rule_key(petition)), petition.received_at)
    petition.processing_due_at = petition.due_at


def resolution_days(petition: Petition) -> tuple[Any, int]:
    """(pinned rule, days) for resolving an accepted complaint or denunciation."""
    if petition.classification == PetitionClass.TO_CAO:
        version = _pinned(petition, R.DENUNCIATION_RESOLUTION)
        return version, int(version.value["base"])
    key = (
        R.COMPLAINT_RESOLUTION_SECOND
        if petition.complaint_instance == ComplaintInstance.LAN_HAI
        else R.COMPLAINT_RESOLUTION_FIRST
    )
    version = _pinned(petition, key)
    variant = (
        "remote_complex"
        if petition.is_remote and petition.is_complex
        else "remote"
        if petition.is_remote
        else "complex"
        if petition.is_complex
        else "normal"
    )
    return version, int(version.value[variant])


def _log(action: str, petition: Petition, user, *, from_state: str = "", payload=None) -> None:
    eventlog.record(
        action=f"reception.{action}",
        actor=user,
        agency=petition.agency,
        case=petition,
        from_state=from_state,
        to_state=petition.status,
        due_at=petition.due_at,
        payload=payload or {},
    )


def _moment(at: dt.datetime | None) -> dt.datetime:
    moment = clock.local(at) if at is not None else clock.now()
    if moment > clock.now():
        message = _("Thời điểm không được ở tương lai.")
        raise DomainError("moment_in_future", message, fields={"received_at": [message]})
    return moment


def _apply_classification(
    petition: Petition,
    *,
    classification: str,
    complaint_instance: str,
    is_anonymous: bool,
    multi_site_check: bool,
    is_complex: bool,
    is_remote: bool,
    eligible: bool | None,
    ineligible_reason: str,
    competent: bool | None,
) -> None:
    petition.classification = _choice(
        classification, PetitionClass, "classification", _("Phân loại đơn không hợp lệ.")
    )
    petition.complaint_instance = _choice(
        complaint_instance,
        ComplaintInstance,
        "complaint_instance",
        _("Lần khiếu nại không hợp lệ."),
    )
    if petition.classification == PetitionClass.KHIEU_NAI and not petition.complaint_instance:
        petition.complaint_instance = ComplaintInstance.LAN_DAU
    if petition.classification != PetitionClass.KHIEU_NAI:
        petition.complaint_instance = ""
    petition.is_anonymous = bool(is_anonymous)
    petition.multi_site_check = bool(multi_site_check)
    petition.is_complex = bool(is_complex)
    petition.is_remote = bool(is_remote)
    petition.eligible = eligible
    petition.ineligible_reason = clean_multiline(ineligible_reason)
    if eligible is False and not petition.ineligible_reason:
        message = _("Nêu lý do đơn không đủ điều kiện xử lý.")
        raise DomainError(
            "ineligible_reason_required", message, fields={"ineligible_reason": [message]}
        )
    petition.competent = competent


# --------------------------------------------------------------------------------------------
# Services


def _create(
    *,
    acting_user,
    agency,
    channel: str,
    content: str,
    received_at: dt.datetime,
    people: list[dict],
    forwarded_by: str,
    parent: Petition | None = None,
    sealed_from: list[Petitioner] | None = None,
    **classification: Any,
) -> Petition:
    petition = Petition(
        agency=agency,
        channel=channel,
        content=content,
        received_at=received_at,
        forwarded_by=forwarded_by,
        received_by=acting_user,
        parent=parent,
        year=received_at.year,
    )
    _apply_classification(petition, **classification)
    taken = next_number(agency=agency, register=REGISTER, period="year", at=received_at)
    petition.number = taken.value
    petition.save()
    link_case(issued=taken.issued, case=petition)
    for key in R.ALL_KEYS:
        try:
            refdata.pin_rule(petition, key, on=received_at)
        except refdata.RuleNotInForce as exc:
            raise DomainError("rule_not_in_force", exc.messages[0], status=409) from None
    for order, person in enumerate(people, start=1):
        _add_petitioner(petition, order, person)
    for order, source in enumerate(sealed_from or [], start=len(people) + 1):
        Petitioner.objects.create(
            petition=petition,
            order=order,
            protected=True,
            sealed=source.sealed,
            identity_digest=source.identity_digest,
        )
    petition.petitioner_count = max(len(people) + len(sealed_from or []), 1)
    petition.petitioner_summary = _summary(petition)
    _set_processing_due(petition)
    petition.save()
    if acting_user is not None:  # None: sent by a citizen through the online form
        petition.handlers.add(acting_user)
    return petition


@transaction.atomic
def petition_receive(
    *,
    acting_user,
    agency,
    channel: str,
    content: str,
    petitioners: list[dict[str, Any]] | None = None,
    received_at: dt.datetime | None = None,
    forwarded_by: str = "",
    classification: str = "",
    complaint_instance: str = "",
    is_anonymous: bool = False,
    multi_site_check: bool = False,
    is_complex: bool = False,
    is_remote: bool = False,
    eligible: bool | None = None,
    ineligible_reason: str = "",
    competent: bool | None = None,
    source_ref: str = "",
) -> Petition:
    """Enter a petition in the agency's register (next number of the year), pin the legal
    rules in force on the day it was received, and set its processing deadline."""
    if not selectors.can_receive(acting_user, agency):
        raise _forbidden()
    content = clean_multiline(content)
    if not content:
        message = _("Nhập nội dung đơn.")
        raise DomainError("petition_content_required", message, fields={"content": [message]})
    if channel not in Channel.values:
        message = _("Chọn nguồn đơn.")
        raise DomainError("invalid_channel", message, fields={"channel": [message]})
    forwarded_by = clean_text(forwarded_by)
    if channel == Channel.CO_QUAN_CHUYEN and not forwarded_by:
        message = _("Nhập tên cơ quan đã chuyển đơn đến.")
        raise DomainError("forwarded_by_required", message, fields={"forwarded_by": [message]})
    moment = _moment(received_at)
    people = _clean_petitioners(petitioners, anonymous=is_anonymous)
    petition = _create(
        acting_user=acting_user,
        agency=agency,
        channel=channel,
        content=content,
        received_at=moment,
        people=people,
        forwarded_by=forwarded_by,
        classification=classification,
        complaint_instance=complaint_instance,
        is_anonymous=is_anonymous,
        multi_site_check=multi_site_check,
        is_complex=is_complex,
        is_remote=is_remote,
        eligible=eligible,
        ineligible_reason=ineligible_reason,
        competent=competent,
    )
    if source_ref:
        petition.source_ref = clean_text(source_ref)[:120]
        petition.save(update_fields=["source_ref"])
    _log(
        "petition_receive",
        petition,
        acting_user,
        payload={
            "number": petition.number_label,
            "source": petition.source_ref,
            "channel": petition.channel,
            "classification": petition.classification,
            "petitioner_count": petition.petitioner_count,
            "rule": processing_rule_key(petition),
        },
    )
    return petition


def _require_open_undecided(petition: Petition) -> None:
    if petition.outcome or petition.status != PetitionStatus.CHO_XU_LY:
        raise DomainError(
            "petition_already_decided",
            _("Đơn đã được xử lý hoặc đã tách; không thể thay đổi."),
            status=409,
        )


@transaction.atomic
def petition_classify(
    *,
    acting_user,
    petition: Petition,
    classification: str,
    complaint_instance: str = "",
    is_anonymous: bool | None = None,
    multi_site_check: bool = False,
    is_complex: bool = False,
    is_remote: bool = False,
    eligible: bool | None = None,
    ineligible_reason: str = "",
    competent: bool | None = None,
) -> Petition:
    """Classify a petition not yet decided; its processing deadline is recomputed from the
    day it was received with the rule pinned then."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    _require_open_undecided(petition)
    before = petition.classification
    _apply_classification(
        petition,
        classification=classification,
        complaint_instance=complaint_instance,
        is_anonymous=petition.is_anonymous if is_anonymous is None else is_anonymous,
        multi_site_check=multi_site_check,
        is_complex=is_complex,
        is_remote=is_remote,
        eligible=eligible,
        ineligible_reason=ineligible_reason,
        competent=competent,
    )
    if not petition.classification:
        message = _("Chọn phân loại đơn.")
        raise DomainError("classification_required", message, fields={"classification": [message]})
    if petition.is_protected:
        _seal_petitioners(petition)
    petition.petitioner_summary = _summary(petition)
    _set_processing_due(petition)
    petition.save()
    # A petition that came without a receiving official (the online form): the official who
    # classifies it takes it and becomes its handler (and so may see a denouncer's identity).
    took = not petition.handlers.exists()
    if took:
        petition.handlers.add(acting_user)
    _log(
        "petition_classify",
        petition,
        acting_user,
        from_state=petition.status,
        payload={
            "took": took,
            "from": before,
            "classification": petition.classification,
            "eligible": petition.eligible,
            "competent": petition.competent,
            "rule": processing_rule_key(petition),
        },
    )
    return petition


@transaction.atomic
def petition_split(
    *, acting_user, petition: Petition, parts: list[dict[str, str]]
) -> list[Petition]:
    """Split a petition with mixed content into separate petitions (one per class), linked to
    it as children; each child keeps the receipt date (and so the rules) of the original."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    _require_open_undecided(petition)
    cleaned = []
    for part in parts or []:
        content = clean_multiline(part.get("content"))
        klass = (part.get("classification") or "").strip()
        if content or klass:
            if not content or klass not in PetitionClass.values:
                message = _("Mỗi phần tách phải có phân loại và nội dung.")
                raise DomainError("split_part_invalid", message, fields={"parts": [message]})
            cleaned.append((klass, content))
    if len(cleaned) < 2:
        message = _("Tách đơn cần ít nhất hai phần nội dung.")
        raise DomainError("split_too_few", message, fields={"parts": [message]})
    sources = list(petition.petitioners.all())
    children = []
    for klass, content in cleaned:
        clear = [
            {
                "full_name": s.full_name,
                "identity_number": s.identity_number,
                "address": s.address,
                "commune_code": s.commune_code,
                "phone": s.phone,
            }
            for s in sources
            if not s.protected
        ]
        child = _create(
            acting_user=acting_user,
            agency=petition.agency,
            channel=petition.channel,
            content=content,
            received_at=petition.received_at,
            people=clear,
            forwarded_by=petition.forwarded_by,
            parent=petition,
            sealed_from=[s for s in sources if s.protected],
            classification=klass,
            complaint_instance="",
            is_anonymous=petition.is_anonymous,
            multi_site_check=False,
            is_complex=False,
            is_remote=False,
            eligible=None,
            ineligible_reason="",
            competent=None,
        )
        child.handlers.add(*petition.handlers.all())
        _log(
            "petition_receive",
            child,
            acting_user,
            payload={
                "number": child.number_label,
                "split_from": petition.number_label,
                "classification": child.classification,
                "petitioner_count": child.petitioner_count,
                "rule": processing_rule_key(child),
            },
        )
        children.append(child)
    before = petition.status
    petition.status = PetitionStatus.DA_TACH
    deadlines.finish(petition)
    petition.save()
    _log(
        "petition_split",
        petition,
        acting_user,
        from_state=before,
        payload={"children": [c.number_label for c in children]},
    )
    return children


def _already(chain, petition: Petition, **filters) -> bool:
    return chain.exclude(pk=petition.pk).filter(**filters).exists()


@transaction.atomic
def petition_decide(
    *,
    acting_user,
    petition: Petition,
    outcome: str,
    target: str = "",
    document: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Petition:
    """Decide what is done with the petition: accept (thụ lý: the resolution time limit then
    runs from today), forward to the competent body (a denunciation only once), guide the
    petitioner (once for the same matter), or store it."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    _require_open_undecided(petition)
    if outcome not in Outcome.values:
        message = _("Chọn hướng xử lý đơn.")
        raise DomainError("invalid_outcome", message, fields={"outcome": [message]})
    if not petition.classification:
        message = _("Phân loại đơn trước khi quyết định hướng xử lý.")
        raise DomainError("classification_required", message, fields={"outcome": [message]})
    moment = _moment(at)
    if moment < petition.received_at:
        message = _("Ngày xử lý không được trước ngày nhận đơn.")
        raise DomainError("decided_before_received", message, fields={"at": [message]})
    target = clean_text(target)
    chain = selectors.duplicate_chain(petition)
    if outcome == Outcome.THU_LY:
        if petition.is_anonymous and petition.classification == PetitionClass.TO_CAO:
            raise DomainError(
                "anonymous_denunciation",
                _(
                    "Đơn tố cáo nặc danh, mạo danh không được xử lý như tố cáo; chỉ lưu làm "
                    "thông tin tham khảo."
                ),
            )
        if petition.competent is not True:
            raise DomainError(
                "not_competent",
                _("Không thể thụ lý đơn không thuộc thẩm quyền giải quyết của cơ quan."),
            )
        if petition.eligible is not True:
            raise DomainError(
                "not_eligible", _("Không thể thụ lý đơn chưa xác định đủ điều kiện xử lý.")
            )
    elif outcome == Outcome.CHUYEN_DON:
        if petition.competent is not False:
            raise DomainError(
                "forward_competent",
                _("Đơn thuộc thẩm quyền của cơ quan; không chuyển đơn."),
            )
        if not target:
            message = _("Nhập cơ quan có thẩm quyền nhận đơn chuyển.")
            raise DomainError("target_required", message, fields={"target": [message]})
        if petition.classification == PetitionClass.TO_CAO and _already(
            chain, petition, outcome=Outcome.CHUYEN_DON, classification=PetitionClass.TO_CAO
        ):
            raise DomainError(
                "denunciation_already_forwarded",
                _("Đơn tố cáo cùng nội dung đã được chuyển một lần; không chuyển lại."),
            )
    elif outcome == Outcome.HUONG_DAN and _already(chain, petition, outcome=Outcome.HUONG_DAN):
        raise DomainError(
            "already_guided",
            _("Người gửi đã được hướng dẫn một lần về nội dung này; đơn được lưu."),
        )
    before = petition.status
    petition.outcome = outcome
    petition.outcome_at = moment
    petition.outcome_by = acting_user
    petition.outcome_target = target
    petition.outcome_document = clean_text(document)
    petition.outcome_note = clean_multiline(note)
    rule = ""
    if outcome == Outcome.THU_LY and petition.classification in (
        PetitionClass.KHIEU_NAI,
        PetitionClass.TO_CAO,
    ):
        version, days = resolution_days(petition)
        petition.resolution_limit_days = days
        petition.status = PetitionStatus.DANG_GIAI_QUYET
        deadlines.set_due(petition, due_at=_calendar_due(moment, days))
        rule = version.key
    else:
        petition.status = PetitionStatus.DA_XU_LY
        deadlines.finish(petition, at=moment)
    _set_denouncer_notice(petition, moment)
    petition.save()
    from vanphong.reception.services_register import entries_reply_from_petition

    entries_reply_from_petition(acting_user=acting_user, petition=petition, at=moment)
    _log(
        "petition_decide",
        petition,
        acting_user,
        from_state=before,
        payload={
            "outcome": outcome,
            "target": target,
            "document": petition.outcome_document,
            "rule": rule,
            "notice_due_at": petition.notice_due_at.isoformat() if petition.notice_due_at else "",
            "processing_on_time": bool(
                petition.processing_due_at and moment <= petition.processing_due_at
            ),
        },
    )
    return petition


@transaction.atomic
def petition_link_duplicate(*, acting_user, petition: Petition, earlier: Petition) -> Petition:
    """Confirm that ``petition`` repeats ``earlier`` (same person, same matter): it is linked to
    the first petition of the chain and not counted again in the register's figures."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if petition.related_to_id is not None:
        raise DomainError(
            "already_linked", _("Đơn đã được xác nhận trùng với một đơn khác."), status=409
        )
    root = earlier.related_to or earlier
    if (
        root.pk == petition.pk
        or root.agency_id != petition.agency_id
        or root.received_at > petition.received_at
    ):
        raise DomainError(
            "duplicate_invalid", _("Chỉ liên kết với một đơn nhận trước của cùng cơ quan.")
        )
    mine = set(
        petition.petitioners.exclude(identity_digest="").values_list("identity_digest", flat=True)
    )
    theirs = set(
        Petitioner.objects.filter(petition__in=[root, earlier])
        .exclude(identity_digest="")
        .values_list("identity_digest", flat=True)
    )
    if not mine & theirs:
        raise DomainError(
            "duplicate_other_person",
            _("Hai đơn không cùng người gửi (khác số định danh); không liên kết trùng."),
        )
    petition.related_to = root
    petition.save()
    _log(
        "petition_link_duplicate",
        petition,
        acting_user,
        from_state=petition.status,
        payload={"related_to": root.number_label, "related_to_id": root.pk},
    )
    return petition


@transaction.atomic
def petition_suspend(
    *, acting_user, petition: Petition, reason: str, at: dt.datetime | None = None
) -> Petition:
    """Suspend (tạm đình chỉ) the resolution of an accepted complaint: the clock stops."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if (
        petition.status != PetitionStatus.DANG_GIAI_QUYET
        or petition.classification != PetitionClass.KHIEU_NAI
    ):
        raise DomainError(
            "suspend_not_allowed",
            _("Chỉ tạm đình chỉ việc giải quyết khiếu nại đã thụ lý."),
            status=409,
        )
    reason = clean_multiline(reason)
    if not reason:
        message = _("Nêu lý do tạm đình chỉ.")
        raise DomainError("reason_required", message, fields={"reason": [message]})
    try:
        deadlines.suspend(petition, at=_moment(at))
    except ValidationError as exc:
        raise DomainError(exc.code or "deadline", exc.messages[0], status=409) from None
    petition.status = PetitionStatus.TAM_DINH_CHI
    petition.save()
    _log(
        "petition_suspend",
        petition,
        acting_user,
        from_state=PetitionStatus.DANG_GIAI_QUYET,
        payload={"reason": reason},
    )
    return petition


@transaction.atomic
def petition_resume(*, acting_user, petition: Petition, at: dt.datetime | None = None) -> Petition:
    """Resume a suspended complaint. Under the rule pinned at receipt: from 01/7/2026 the full
    time limit runs again from the resumption (Luật Khiếu nại Đ11a as amended); before, the
    time left at suspension."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if petition.status != PetitionStatus.TAM_DINH_CHI:
        raise DomainError(
            "resume_not_allowed", _("Việc giải quyết không ở trạng thái tạm đình chỉ."), status=409
        )
    moment = _moment(at)
    mode = _pinned(petition, R.COMPLAINT_RESUME_MODE).value
    if moment < petition.suspended_at:
        raise DomainError(
            "deadline_resume_early", _("Thời điểm tiếp tục không được trước thời điểm tạm dừng.")
        )
    if mode == "restart":
        # The limit is in calendar days, which the kernel's "restart" (office time) cannot
        # count: close the suspension, then run the full limit again from the resumption.
        deadlines.resume(petition, at=moment, mode="resume")
        deadlines.set_due(petition, due_at=_calendar_due(moment, petition.resolution_limit_days))
    else:
        deadlines.resume(petition, at=moment, mode="resume")
    petition.status = PetitionStatus.DANG_GIAI_QUYET
    petition.save()
    _log(
        "petition_resume",
        petition,
        acting_user,
        from_state=PetitionStatus.TAM_DINH_CHI,
        payload={"mode": mode},
    )
    return petition


# --------------------------------------------------------------------------------------------
# Denunciations: notices to the denouncer, extensions; collaborators


def _set_denouncer_notice(petition: Petition, moment: dt.datetime) -> None:
    """A named denunciation accepted (thụ lý) or not accepted (stored, guided): the denouncer
    is notified within the pinned time limit (Luật Tố cáo 2018 Đ29). A forwarded one is
    notified with the forwarding (its own 05-day rule); an anonymous one has nobody to notify."""
    if petition.classification != PetitionClass.TO_CAO or petition.is_anonymous:
        return
    if petition.outcome == Outcome.CHUYEN_DON:
        return
    version = _pinned(petition, R.DENUNCIATION_NOTICE)
    petition.notice_kind = (
        NoticeKind.THU_LY if petition.outcome == Outcome.THU_LY else NoticeKind.KHONG_THU_LY
    )
    day = workdays.add_working_days(clock.local(moment), int(version.value))
    petition.notice_due_at = workdays.closing_time(day)


@transaction.atomic
def petition_notify_denouncer(
    *, acting_user, petition: Petition, document: str, at: dt.datetime | None = None
) -> Petition:
    """Record the written notice of acceptance / non-acceptance sent to the denouncer."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if not petition.notice_kind or petition.notice_sent_at is not None:
        raise DomainError(
            "notice_not_due",
            _("Đơn này không có thông báo nào đang chờ gửi cho người tố cáo."),
            status=409,
        )
    document = clean_text(document)
    if not document:
        message = _("Nhập số văn bản thông báo.")
        raise DomainError("document_required", message, fields={"document": [message]})
    moment = _moment(at)
    if petition.outcome_at and moment < petition.outcome_at:
        message = _("Ngày thông báo không được trước ngày quyết định.")
        raise DomainError("notice_before_decision", message, fields={"at": [message]})
    petition.notice_sent_at = moment
    petition.notice_document = document
    petition.save()
    _log(
        "petition_notify_denouncer",
        petition,
        acting_user,
        from_state=petition.status,
        payload={
            "kind": petition.notice_kind,
            "document": document,
            "on_time": moment <= petition.notice_due_at,
        },
    )
    return petition


EXTENSION_LEVELS = ("complex", "especially_complex")


@transaction.atomic
def petition_extend(
    *,
    acting_user,
    petition: Petition,
    level: str,
    days: int | None = None,
    document: str = "",
    reason: str = "",
) -> Petition:
    """Extend the resolution of an accepted denunciation (Luật Tố cáo 2018 Đ30 k1): a complex
    case once, an especially complex case twice, each time by at most the pinned number of
    days (30), by a written decision; the new due moment runs from the current one."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if (
        petition.classification != PetitionClass.TO_CAO
        or petition.status != PetitionStatus.DANG_GIAI_QUYET
    ):
        raise DomainError(
            "extend_not_allowed",
            _("Chỉ gia hạn giải quyết tố cáo đã thụ lý, đang giải quyết."),
            status=409,
        )
    if level not in EXTENSION_LEVELS:
        message = _("Chọn mức độ: phức tạp hoặc đặc biệt phức tạp.")
        raise DomainError("invalid_level", message, fields={"level": [message]})
    rule = _pinned(petition, R.DENUNCIATION_EXTENSIONS).value
    allowed = int(rule[level])
    if petition.extension_count >= allowed:
        message = (
            _("Vụ việc phức tạp chỉ được gia hạn một lần.")
            if level == "complex"
            else _("Vụ việc đặc biệt phức tạp chỉ được gia hạn hai lần.")
        )
        raise DomainError("extension_limit", message, fields={"level": [message]}, status=409)
    if petition.extension_level == "especially_complex" and level == "complex":
        message = _("Vụ việc đã được xác định đặc biệt phức tạp.")
        raise DomainError("extension_level_down", message, fields={"level": [message]}, status=409)
    limit = int(rule["days_each"])
    days = limit if days is None else int(days)
    if not 1 <= days <= limit:
        message = _("Mỗi lần gia hạn không quá %(n)d ngày.") % {"n": limit}
        raise DomainError("extension_too_long", message, fields={"days": [message]})
    document = clean_text(document)
    if not document:
        message = _("Nhập số quyết định gia hạn.")
        raise DomainError("document_required", message, fields={"document": [message]})
    if petition.suspended_at is not None:
        raise DomainError("extend_suspended", _("Việc giải quyết đang tạm dừng."), status=409)
    try:
        deadlines.extend(petition, new_due_at=_calendar_due(petition.due_at, days))
    except ValidationError as exc:
        raise DomainError(exc.code or "deadline", exc.messages[0], status=409) from None
    petition.extension_level = level
    petition.save()
    _log(
        "petition_extend",
        petition,
        acting_user,
        from_state=petition.status,
        payload={
            "level": level,
            "days": days,
            "count": petition.extension_count,
            "document": document,
            "reason": clean_multiline(reason),
        },
    )
    return petition


@transaction.atomic
def petition_add_collaborator(*, acting_user, petition: Petition, official) -> Petition:
    """Ask an official (often a specialist of another unit) to help verify the case: they see
    the petition, never the denouncer's identity (only handlers and leaders do)."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_handler(acting_user, petition)
    if official is None or not getattr(official, "is_active", False):
        message = _("Chọn cán bộ phối hợp.")
        raise DomainError("collaborator_required", message, fields={"official": [message]})
    if petition.handlers.filter(pk=official.pk).exists():
        message = _("Cán bộ này đang được giao xử lý đơn.")
        raise DomainError("already_handler", message, fields={"official": [message]})
    if petition.collaborators.filter(pk=official.pk).exists():
        message = _("Cán bộ này đã được mời phối hợp.")
        raise DomainError("already_collaborator", message, fields={"official": [message]})
    petition.collaborators.add(official)
    _log(
        "petition_add_collaborator",
        petition,
        acting_user,
        from_state=petition.status,
        payload={"official_id": official.pk},
    )
    return petition
