"""Writes of the reception register (sổ tiếp công dân, Mẫu 03/TCD) and of the leaders'
reception days. Each service is one transaction and writes the event log; event payloads never
carry a citizen's identity.

* :func:`entry_record` — a reception: who received whom (a group through its representatives,
  within the limits of the rule pinned on the day), the content, its class, and what was done:
  guided, papers received with a receipt (Mẫu 02/TCD) and a petition entered in the petition
  register (:func:`vanphong.reception.services.petition_receive`, linked both ways), forwarded,
  answered, or refused (written notice Mẫu 01/TCD).
* :func:`entry_reply` — the reply due within 10 working days (Luật Tiếp công dân 2013 Đ28), or
  the written refusal notice due within 03 working days (NĐ 154/2026 Đ4).
* :func:`day_schedule`, :func:`day_publish`, :func:`day_cancel` — the leaders' reception days,
  online sessions noticed at least 05 working days ahead (NĐ 154/2026 ch. V).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock, deadlines, eventlog, refdata
from vanphong.core.calendar import workdays
from vanphong.core.errors import DomainError
from vanphong.core.numbering.services import link_case, next_number
from vanphong.core.text import clean_multiline, clean_text
from vanphong.org.models import LEADER_ROLES
from vanphong.org.selectors import effective_roles
from vanphong.reception import legal_rules as R
from vanphong.reception import selectors, services
from vanphong.reception.models import (
    RECEIPT_REGISTER,
    RECEPTION_REGISTER,
    REFUSAL_REGISTER,
    REFUSALS_WITH_TIMED_NOTICE,
    DayKind,
    LeaderLevel,
    PetitionClass,
    ReceptionAction,
    ReceptionCitizen,
    ReceptionDay,
    ReceptionEntry,
    RefusalReason,
    ReplyKind,
)
from vanphong.reception.protection import identity_digest, seal_identity

__all__ = [
    "day_cancel",
    "day_publish",
    "day_schedule",
    "entry_record",
    "entry_reply",
    "group_representative_limit",
]

PROTECTED_LABEL = _("Người tố cáo (được bảo vệ)")


def _error(code: str, message, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]} if field else None, status=status)


def _forbidden() -> DomainError:
    return DomainError(
        "entry_forbidden", _("Bạn không có quyền ghi sổ tiếp công dân của cơ quan này."), status=403
    )


def _moment(at: dt.datetime | None, field: str = "received_at") -> dt.datetime:
    moment = clock.local(at) if at is not None else clock.now()
    if moment > clock.now():
        raise _error("moment_in_future", _("Thời điểm không được ở tương lai."), field)
    return moment


def group_representative_limit(rule: dict, group_size: int) -> tuple[int, int] | None:
    """(min, max) representatives for a group of ``group_size`` people with the same content,
    or ``None`` when the group is small enough to be received without representatives."""
    if group_size < int(rule["group_from"]):
        return None
    if group_size <= int(rule["small_group_to"]):
        return 1, int(rule["small_group_max"])
    return 1, int(rule["large_group_max"])


def _clean_citizens(raw: list[dict[str, Any]] | None) -> list[dict]:
    people = []
    for item in raw or []:
        person = {
            "full_name": clean_text(item.get("full_name")),
            "identity_number": clean_text(item.get("identity_number")),
            "address": clean_text(item.get("address")),
            "commune_code": item.get("commune_code") or None,
            "phone": clean_text(item.get("phone")),
        }
        representative = bool(item.get("is_representative"))
        if not any(person.values()):
            continue
        if person["commune_code"] is not None:
            services._ward_name(person["commune_code"])
            person["commune_code"] = int(person["commune_code"])
        if not person["full_name"]:
            raise _error("citizen_name_required", _("Nhập họ và tên công dân."), "full_name")
        people.append((person, representative))
    if not people:
        raise _error("citizen_required", _("Nhập ít nhất một công dân được tiếp."), "full_name")
    return people


def _summary(entry: ReceptionEntry, people: list[dict]) -> str:
    if entry.protected:
        return str(PROTECTED_LABEL)
    names = ", ".join(p["full_name"] for p in people[:3])
    if entry.group_size > len(people[:3]):
        names += " " + str(_("(đoàn %(n)d người)") % {"n": entry.group_size})
    return names[:500]


def _log(action: str, entry, user, *, from_state: str = "", to_state: str = "", payload=None):
    eventlog.record(
        action=f"reception.{action}",
        actor=user,
        agency=entry.agency,
        case=entry,
        from_state=from_state,
        to_state=to_state,
        due_at=getattr(entry, "due_at", None),
        payload=payload or {},
    )


def _entry_state(entry: ReceptionEntry) -> str:
    if entry.due_at is not None and entry.finished_at is None:
        return "cho_tra_loi"
    return "da_xong"


@transaction.atomic
def entry_record(
    *,
    acting_user,
    agency,
    content: str,
    action: str,
    citizens: list[dict[str, Any]],
    received_at: dt.datetime | None = None,
    classification: str = "",
    group_size: int = 1,
    representation_document: str = "",
    previously_resolved_by: str = "",
    competent: bool | None = None,
    action_target: str = "",
    action_document: str = "",
    refusal_reason: str = "",
    leader=None,
    reception_day: ReceptionDay | None = None,
    follow_up: str = "",
    note: str = "",
) -> ReceptionEntry:
    """Write one reception in the register (next number of the year) and do what was decided
    at the desk. With ``action="nhan_don"`` the papers received get a receipt number (Mẫu
    02/TCD) and a petition is entered in the petition register, linked to this entry."""
    if not selectors.can_receive(acting_user, agency):
        raise _forbidden()
    content = clean_multiline(content)
    if not content:
        raise _error("entry_content_required", _("Nhập nội dung vụ việc."), "content")
    if action not in ReceptionAction.values:
        raise _error("invalid_action", _("Chọn kết quả tiếp công dân."), "action")
    if classification and classification not in PetitionClass.values:
        raise _error("invalid_choice", _("Phân loại không hợp lệ."), "classification")
    moment = _moment(received_at)
    people = _clean_citizens(citizens)
    try:
        group_size = int(group_size or 1)
    except (TypeError, ValueError):
        group_size = 0
    if group_size < 1 or group_size > 10000:
        raise _error("invalid_group_size", _("Số người cùng nội dung không hợp lệ."), "group_size")
    group_size = max(group_size, len(people))
    try:
        group_rule = refdata.rule_in_force(R.GROUP_REPRESENTATIVES, moment)
        reply_rule = refdata.rule_in_force(R.CITIZEN_REPLY, moment)
    except refdata.RuleNotInForce as exc:
        raise DomainError("rule_not_in_force", exc.messages[0], status=409) from None
    limits = group_representative_limit(group_rule.value, group_size)
    if limits is not None:
        if not any(rep for _p, rep in people):
            people = [(p, True) for p, _rep in people]
        count = sum(1 for _p, rep in people if rep)
        low, high = limits
        if not low <= count <= high:
            message = _(
                "Đoàn %(size)d người cùng nội dung cử từ %(low)d đến %(high)d người đại diện "
                "(đang có %(count)d)."
            ) % {"size": group_size, "low": low, "high": high, "count": count}
            raise _error("group_representatives", message, "citizens")
        representation_document = clean_text(representation_document)
        if not representation_document:
            raise _error(
                "representation_document_required",
                _("Nhập văn bản cử người đại diện (có chữ ký của những người cử)."),
                "representation_document",
            )
    action_target = clean_text(action_target)
    if action in (ReceptionAction.HUONG_DAN, ReceptionAction.CHUYEN) and not action_target:
        raise _error(
            "target_required",
            _("Nhập cơ quan có thẩm quyền được hướng dẫn đến hoặc chuyển đơn đến."),
            "action_target",
        )
    if action == ReceptionAction.TU_CHOI:
        if refusal_reason not in RefusalReason.values:
            raise _error("refusal_reason_required", _("Chọn lý do từ chối tiếp."), "refusal_reason")
    else:
        refusal_reason = ""
    if action == ReceptionAction.NHAN_DON and classification == "":
        raise _error(
            "classification_required",
            _("Phân loại nội dung trước khi tiếp nhận đơn."),
            "classification",
        )
    if reception_day is not None:
        if reception_day.agency_id != agency.pk or reception_day.cancelled:
            raise _error(
                "invalid_day", _("Buổi tiếp không thuộc lịch của cơ quan."), "reception_day"
            )
        leader = leader or reception_day.leader
    if (
        leader is not None
        and not (effective_roles(leader, agency) & LEADER_ROLES)
        and (reception_day is None or reception_day.leader_id != leader.pk)
    ):
        raise _error(
            "invalid_leader", _("Người được chọn không phải lãnh đạo tiếp công dân."), "leader"
        )

    entry = ReceptionEntry(
        agency=agency,
        year=moment.year,
        received_at=moment,
        received_by=acting_user,
        leader=leader,
        reception_day=reception_day,
        content=content,
        classification=classification,
        group_size=group_size,
        representation_document=clean_text(representation_document),
        previously_resolved_by=clean_text(previously_resolved_by),
        competent=competent,
        action=action,
        action_target=action_target,
        action_document=clean_text(action_document),
        refusal_reason=refusal_reason,
        follow_up=clean_multiline(follow_up),
        note=clean_multiline(note),
        protected=classification == PetitionClass.TO_CAO,
    )
    taken = next_number(agency=agency, register=RECEPTION_REGISTER, period="year", at=moment)
    entry.number = taken.value
    entry.citizen_summary = _summary(entry, [p for p, _rep in people])
    entry.save()
    link_case(issued=taken.issued, case=entry)
    refdata.pin_rule(entry, R.CITIZEN_REPLY, on=moment)
    refdata.pin_rule(entry, R.GROUP_REPRESENTATIVES, on=moment)
    refusal_rule = None
    if action == ReceptionAction.TU_CHOI:
        try:
            refusal_rule = refdata.pin_rule(entry, R.REFUSAL_NOTICE, on=moment)
        except refdata.RuleNotInForce:
            refusal_rule = None
    for order, (person, representative) in enumerate(people, start=1):
        digest = identity_digest(person["identity_number"])
        if entry.protected:
            ReceptionCitizen.objects.create(
                entry=entry,
                order=order,
                is_representative=representative,
                protected=True,
                sealed=seal_identity(person),
                identity_digest=digest,
            )
        else:
            ReceptionCitizen.objects.create(
                entry=entry,
                order=order,
                is_representative=representative,
                identity_digest=digest,
                **person,
            )

    if action == ReceptionAction.NHAN_DON:
        receipt = next_number(agency=agency, register=RECEIPT_REGISTER, period="year", at=moment)
        entry.receipt_number = f"{receipt.value}/GBN"
        petition = services.petition_receive(
            acting_user=acting_user,
            agency=agency,
            channel="truc_tiep",
            content=content,
            petitioners=[p for p, _rep in people],
            received_at=moment,
            classification=classification,
            competent=competent,
            source_ref=f"reception.entry:{entry.pk}",
        )
        petition.petitioner_count = max(petition.petitioner_count, group_size)
        petition.save(update_fields=["petitioner_count"])
        entry.petition = petition
        deadlines.set_due_in_working_days(entry, start=moment, days=int(reply_rule.value))
    elif action == ReceptionAction.TU_CHOI:
        if refusal_rule is not None and refusal_reason in REFUSALS_WITH_TIMED_NOTICE:
            # The written notice is sent later, within the time limit.
            deadlines.set_due_in_working_days(entry, start=moment, days=int(refusal_rule.value))
            entry.refusal_notice_due_at = entry.due_at
        else:
            notice = next_number(agency=agency, register=REFUSAL_REGISTER, period="year", at=moment)
            entry.refusal_notice = f"{notice.value}/TB-TCD"
    elif action == ReceptionAction.CHUYEN:
        entry.reply_kind = ReplyKind.DA_CHUYEN
        entry.reply_at = moment
    entry.save()
    _log(
        "entry_record",
        entry,
        acting_user,
        to_state=_entry_state(entry),
        payload={
            "number": entry.number_label,
            "action": action,
            "classification": classification,
            "group_size": group_size,
            "representatives": sum(1 for _p, rep in people if rep),
            "petition": entry.petition.number_label if entry.petition else "",
            "receipt": entry.receipt_number,
            "refusal_reason": refusal_reason,
            "leader_id": leader.pk if leader else None,
        },
    )
    return entry


@transaction.atomic
def entry_reply(
    *,
    acting_user,
    entry: ReceptionEntry,
    kind: str = "",
    document: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> ReceptionEntry:
    """The reply to the citizen (accepted, more time needed, not accepted, forwarded) for
    papers received, or the written refusal notice for a refused reception."""
    entry = ReceptionEntry.objects.select_for_update().get(pk=entry.pk)
    if not selectors.can_receive(acting_user, entry.agency):
        raise _forbidden()
    if entry.due_at is None or entry.finished_at is not None:
        raise _error("reply_not_due", _("Lượt tiếp này không có trả lời nào đang chờ."), status=409)
    moment = _moment(at, "at")
    if moment < entry.received_at:
        raise _error("reply_before_reception", _("Ngày trả lời không được trước ngày tiếp."), "at")
    document = clean_text(document)
    if entry.action == ReceptionAction.TU_CHOI:
        if not document:
            notice = next_number(
                agency=entry.agency, register=REFUSAL_REGISTER, period="year", at=moment
            )
            document = f"{notice.value}/TB-TCD"
        entry.refusal_notice = document
        kind = ""
    else:
        if kind not in ReplyKind.values:
            raise _error("invalid_reply_kind", _("Chọn nội dung trả lời."), "kind")
        if not document:
            raise _error("document_required", _("Nhập số văn bản trả lời."), "document")
        entry.reply_kind = kind
        entry.reply_document = document
    entry.reply_at = moment
    if note:
        entry.follow_up = "\n".join(x for x in (entry.follow_up, clean_multiline(note)) if x)
    before = _entry_state(entry)
    deadlines.finish(entry, at=moment)
    entry.save()
    _log(
        "entry_reply",
        entry,
        acting_user,
        from_state=before,
        to_state=_entry_state(entry),
        payload={"kind": kind, "document": document, "on_time": moment <= entry.due_at},
    )
    return entry


#: The reply to the citizen (Mẫu 03/TCD column "kết quả") that a petition's decision gives.
REPLY_FOR_OUTCOME = {
    "thu_ly": ReplyKind.THU_LY,
    "chuyen_don": ReplyKind.DA_CHUYEN,
    "huong_dan": ReplyKind.KHONG_THU_LY,
    "luu_don": ReplyKind.KHONG_THU_LY,
}


def entries_reply_from_petition(*, acting_user, petition, at: dt.datetime) -> int:
    """A petition received at the reception desk is decided: the receptions that created it
    and still wait for their reply get it from the decision (what, which document, when), so
    the register's reply column is never filled twice by hand. Called by
    ``services.petition_decide`` inside its transaction (the decider's right is checked
    there). Returns the number of receptions answered."""
    kind = REPLY_FOR_OUTCOME.get(petition.outcome)
    if not kind:
        return 0
    entries = ReceptionEntry.objects.select_for_update().filter(
        petition=petition,
        action=ReceptionAction.NHAN_DON,
        finished_at__isnull=True,
        due_at__isnull=False,
    )
    document = petition.outcome_document or _("Đơn số %(n)s") % {"n": petition.number_label}
    count = 0
    for entry in entries:
        before = _entry_state(entry)
        entry.reply_kind = kind
        entry.reply_document = document[:100]
        entry.reply_at = at
        if petition.outcome_target:
            line = _("Theo kết quả xử lý đơn %(n)s: %(target)s") % {
                "n": petition.number_label,
                "target": petition.outcome_target,
            }
            entry.follow_up = "\n".join(x for x in (entry.follow_up, line) if x)
        deadlines.finish(entry, at=at)
        entry.save()
        _log(
            "entry_reply",
            entry,
            acting_user,
            from_state=before,
            to_state=_entry_state(entry),
            payload={
                "kind": kind,
                "document": entry.reply_document,
                "on_time": at <= entry.due_at,
                "from_petition": petition.pk,
            },
        )
        count += 1
    return count


# --------------------------------------------------------------------------------------------
# Leaders' reception days


def _day_log(action: str, day: ReceptionDay, user, payload: dict) -> None:
    eventlog.record(
        action=f"reception.{action}",
        actor=user,
        agency=day.agency,
        case=day,
        to_state="huy" if day.cancelled else ("cong_bo" if day.published else "du_kien"),
        payload=payload,
    )


def earliest_online_session(noticed: dt.datetime) -> dt.date:
    """The first day an online session noticed at ``noticed`` may be held: the notice must
    reach the connection points at least N working days ahead (rule ``reception.online.notice``
    in force on the notice day)."""
    rule = refdata.value_in_force(R.ONLINE_NOTICE, noticed)
    return workdays.add_working_days(clock.local(noticed).date(), int(rule["notice_working_days"]))


def _check_online_notice(day: ReceptionDay, noticed: dt.datetime) -> None:
    try:
        rule = refdata.value_in_force(R.ONLINE_NOTICE, noticed)
    except refdata.RuleNotInForce as exc:
        raise DomainError("rule_not_in_force", exc.messages[0], status=409) from None
    earliest = earliest_online_session(noticed)
    if clock.local(day.starts_at).date() < earliest:
        message = _(
            "Buổi tiếp trực tuyến phải được thông báo ít nhất %(n)d ngày làm việc trước: "
            "thông báo hôm nay thì sớm nhất ngày %(d)s."
        ) % {"n": int(rule["notice_working_days"]), "d": earliest.strftime("%d/%m/%Y")}
        raise _error("online_notice_too_short", message, "starts_at")
    start = clock.local(day.starts_at)
    test_day = workdays.add_working_days(start.date(), -int(rule["test_days_before"]))
    day.test_at = dt.datetime.combine(test_day, start.timetz())
    day.connect_at = start - dt.timedelta(hours=int(rule["connect_hours_before"]))


@transaction.atomic
def day_schedule(
    *,
    acting_user,
    agency,
    leader,
    leader_title: str,
    level: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    kind: str = DayKind.DINH_KY,
    is_online: bool = False,
    connection_points: str = "",
    note: str = "",
    publish: bool = False,
) -> ReceptionDay:
    """Schedule a leader's reception day (published at once with ``publish``)."""
    if not selectors.can_receive(acting_user, agency):
        raise _forbidden()
    if leader is None or not getattr(leader, "is_active", False):
        raise _error("leader_required", _("Chọn lãnh đạo tiếp công dân."), "leader")
    leader_title = clean_text(leader_title)
    if not leader_title:
        raise _error("leader_title_required", _("Nhập chức vụ của lãnh đạo tiếp."), "leader_title")
    if level not in LeaderLevel.values:
        raise _error("invalid_level", _("Chọn cấp lãnh đạo."), "level")
    if kind not in DayKind.values:
        raise _error("invalid_kind", _("Chọn loại buổi tiếp."), "kind")
    if starts_at is None or ends_at is None:
        raise _error("time_required", _("Nhập thời gian bắt đầu và kết thúc."), "starts_at")
    starts_at, ends_at = clock.local(starts_at), clock.local(ends_at)
    if ends_at <= starts_at or ends_at.date() != starts_at.date():
        raise _error(
            "invalid_time", _("Giờ kết thúc phải sau giờ bắt đầu, trong cùng ngày."), "ends_at"
        )
    if starts_at < clock.now():
        raise _error("day_in_past", _("Không xếp lịch tiếp vào thời điểm đã qua."), "starts_at")
    place = clean_text(place)
    if not place:
        raise _error("place_required", _("Nhập địa điểm tiếp công dân."), "place")
    if is_online and not clean_multiline(connection_points):
        raise _error(
            "connection_points_required",
            _("Nhập các điểm cầu của buổi tiếp trực tuyến."),
            "connection_points",
        )
    clash = ReceptionDay.objects.filter(
        leader=leader, cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if clash:
        raise _error("day_overlap", _("Lãnh đạo đã có lịch tiếp trùng thời gian."), "starts_at")
    day = ReceptionDay(
        agency=agency,
        leader=leader,
        leader_title=leader_title,
        level=level,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        is_online=bool(is_online),
        connection_points=clean_multiline(connection_points),
        note=clean_multiline(note),
        created_by=acting_user,
    )
    if publish:
        _publish(day)
    day.save()
    _day_log(
        "day_schedule",
        day,
        acting_user,
        {"leader_id": leader.pk, "level": level, "online": day.is_online, "published": publish},
    )
    return day


def _publish(day: ReceptionDay) -> None:
    noticed = clock.now()
    if day.is_online:
        _check_online_notice(day, noticed)
    day.published = True
    day.noticed_at = noticed


@transaction.atomic
def day_publish(*, acting_user, day: ReceptionDay) -> ReceptionDay:
    """Publish a scheduled day on the public page (for an online session this is its notice,
    which must come early enough)."""
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if not selectors.can_receive(acting_user, day.agency):
        raise _forbidden()
    if day.published or day.cancelled:
        raise _error("day_not_draft", _("Buổi tiếp đã công bố hoặc đã hủy."), status=409)
    if day.starts_at < clock.now():
        raise _error("day_in_past", _("Không công bố buổi tiếp đã qua."), "starts_at")
    _publish(day)
    day.save()
    _day_log("day_publish", day, acting_user, {"online": day.is_online})
    return day


@transaction.atomic
def day_cancel(*, acting_user, day: ReceptionDay, reason: str) -> ReceptionDay:
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if not selectors.can_receive(acting_user, day.agency):
        raise _forbidden()
    if day.cancelled:
        raise _error("day_cancelled", _("Buổi tiếp đã hủy."), status=409)
    reason = clean_multiline(reason)
    if not reason:
        raise _error("reason_required", _("Nêu lý do hủy buổi tiếp."), "reason")
    day.cancelled = True
    day.note = "\n".join(x for x in (day.note, reason) if x)
    day.save()
    _day_log("day_cancel", day, acting_user, {"reason": reason})
    return day
