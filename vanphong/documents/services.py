"""Every write on documents (Nghị định 30/2020/NĐ-CP, Điều 20–24: văn bản đến).

Each function runs in one transaction, checks the actor's right, validates (DomainError with a
code and a Vietnamese message), changes rows, takes numbers from the numbering kernel, stores
files through the attachments kernel and writes the event log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vanphong.core import clock, deadlines, eventlog
from vanphong.core.assignments import services as assignment_services
from vanphong.core.assignments.models import Assignment, AssignmentRole, AssignmentState
from vanphong.core.attachments.services import attachment_store
from vanphong.core.errors import DomainError
from vanphong.core.numbering.services import next_number
from vanphong.core.text import clean_multiline, clean_text, nfc, normalize_identifier
from vanphong.documents.models import (
    INCOMING_TRANSITIONS,
    Channel,
    Confidentiality,
    DocumentType,
    IncomingDocument,
    IncomingState,
    Register,
    RegisterKind,
    Urgency,
)
from vanphong.org import selectors as org
from vanphong.org.models import Agency, Official, Role, Unit

#: Roles that keep the registers (vào sổ, trình).
CLERK_ROLES = frozenset({Role.VAN_THU})
#: Agency leaders: see every document of the agency, direct it, close it.
AGENCY_LEADER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: File kinds accepted as the primary file of an incoming document.
FILE_KINDS = ("pdf", "docx")

# Số, ký hiệu: a number, "/", then the notation (NĐ 30, Phụ lục I, II.3), e.g. 05/QĐ-UBND,
# 12/2024/QĐ-UBND, 45/UBND-KT. Checked on the normalised form (no spaces, one kind of dash).
SO_KY_HIEU_RE = re.compile(r"^\d{1,7}/[^/\s]\S*$")
ISSUER_IDENTIFIER_RE = re.compile(r"^[A-Z0-9.]{1,35}$")


# --- helpers -------------------------------------------------------------------------------------


def issuer_key(name: str) -> str:
    """The comparable form of an issuer's name: NFC, case-folded, single spaces."""
    return " ".join(nfc(name).casefold().split())[:200]


def _roles(user, agency) -> set:
    return org.effective_roles(user, agency)


def is_clerk(user, agency) -> bool:
    return bool(_roles(user, agency) & CLERK_ROLES)


def is_agency_leader(user, agency) -> bool:
    return bool(_roles(user, agency) & AGENCY_LEADER_ROLES)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DomainError("forbidden", message, status=403)


def _transition(document: IncomingDocument, to: str) -> str:
    before = document.state
    if to not in INCOMING_TRANSITIONS[before]:
        if before == IncomingState.FINISHED:
            raise DomainError(
                "document_finished",
                _("Văn bản đã hoàn thành giải quyết; không thể thao tác tiếp."),
                status=409,
            )
        raise DomainError(
            "invalid_transition",
            _("Không thể chuyển văn bản từ trạng thái “%(from)s” sang “%(to)s”.")
            % {
                "from": IncomingState(before).label,
                "to": IncomingState(to).label,
            },
            status=409,
        )
    document.state = to
    return before


def _lock(document: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


def _record(action: str, document: IncomingDocument, *, actor, from_state: str = "", **payload):
    eventlog.record(
        action=action,
        actor=actor,
        agency=document.agency,
        case=document,
        from_state=from_state,
        to_state=document.state,
        due_at=document.due_at,
        payload=payload,
    )


# --- registers -----------------------------------------------------------------------------------


@transaction.atomic
def register_for(agency: Agency, kind: str = RegisterKind.INCOMING, confidential: bool = False):
    """The agency's default register of ``kind`` (created on first use), confidential or not."""
    names = {
        (RegisterKind.INCOMING, False): _("Sổ đăng ký văn bản đến"),
        (RegisterKind.INCOMING, True): _("Sổ đăng ký văn bản đến mật"),
        (RegisterKind.OUTGOING, False): _("Sổ đăng ký văn bản đi"),
        (RegisterKind.OUTGOING, True): _("Sổ đăng ký văn bản đi mật"),
    }
    kind = RegisterKind(kind)
    register, _created = Register.objects.get_or_create(
        agency=agency,
        kind=kind,
        confidential=bool(confidential),
        is_default=True,
        defaults={"name": names[(kind, bool(confidential))], "created_at": clock.now()},
    )
    return register


# --- incoming: register --------------------------------------------------------------------------


def _choice(value: Any, choices, field: str, errors: dict) -> str:
    value = str(value or choices.THUONG)
    if value not in choices.values:
        errors[field] = [_("Giá trị không hợp lệ.")]
        return choices.THUONG
    return value


def _validate_incoming(
    *,
    channel: str,
    issuer_name: str,
    issuer_identifier: str,
    so_ky_hieu: str,
    issue_date: dt.date | None,
    doc_type: DocumentType | None,
    trich_yeu: str,
    page_count: int | None,
    urgency: str,
    confidentiality: str,
) -> dict:
    errors: dict[str, list[str]] = {}
    required = _("Trường này là bắt buộc.")
    data = {
        "issuer_name": clean_text(issuer_name),
        "issuer_identifier": clean_text(issuer_identifier).upper(),
        "so_ky_hieu": clean_text(so_ky_hieu),
        "trich_yeu": clean_multiline(trich_yeu),
        "issue_date": issue_date,
        "doc_type": doc_type,
        "page_count": page_count,
    }
    if channel not in Channel.values:
        errors["channel"] = [_("Chọn hình thức nhận: văn bản giấy hoặc điện tử.")]
    for name in ("issuer_name", "so_ky_hieu", "trich_yeu", "issue_date", "doc_type"):
        if not data[name]:
            errors[name] = [required]
    if len(data["issuer_name"]) > 200:
        errors["issuer_name"] = [_("Tên cơ quan ban hành tối đa 200 ký tự.")]
    if len(data["trich_yeu"]) > 500:
        errors["trich_yeu"] = [_("Trích yếu tối đa 500 ký tự.")]
    ident = data["issuer_identifier"]
    if ident and not ISSUER_IDENTIFIER_RE.match(ident):
        errors["issuer_identifier"] = [
            _("Mã định danh gồm tối đa 35 ký tự A-Z, 0-9 và dấu chấm (QĐ 20/2020/QĐ-TTg).")
        ]
    if data["so_ky_hieu"]:
        norm = normalize_identifier(data["so_ky_hieu"])
        if len(norm) > 60 or not SO_KY_HIEU_RE.match(norm):
            errors["so_ky_hieu"] = [
                _("Số, ký hiệu phải có dạng số/ký hiệu, ví dụ 05/QĐ-UBND hoặc 12/UBND-KT.")
            ]
        data["so_ky_hieu_norm"] = norm
    if issue_date and issue_date > clock.today():
        errors["issue_date"] = [_("Ngày văn bản không được sau ngày hôm nay.")]
    if doc_type is not None and not doc_type.is_active:
        errors["doc_type"] = [_("Loại văn bản này không còn sử dụng.")]
    if page_count is not None and (
        isinstance(page_count, bool)
        or not isinstance(page_count, int)
        or not 0 < page_count < 10000
    ):
        errors["page_count"] = [_("Số trang phải là số nguyên dương.")]
    data["urgency"] = _choice(urgency, Urgency, "urgency", errors)
    data["confidentiality"] = _choice(confidentiality, Confidentiality, "confidentiality", errors)
    if errors:
        raise DomainError(
            "invalid_input", _("Thông tin văn bản đến chưa hợp lệ; xem các trường."), fields=errors
        )
    return data


def probable_duplicate(
    *,
    agency,
    so_ky_hieu_norm: str,
    issuer_name: str,
    issuer_identifier: str,
    year: int,
    confidential: bool,
) -> IncomingDocument | None:
    """An earlier document of ``agency`` with the same số + ký hiệu (normalised), issuer (name
    compared after NFC normalisation, or the same identifier) and year of issue."""
    from django.db.models import Q

    same_issuer = Q(issuer_key=issuer_key(issuer_name))
    if issuer_identifier:
        same_issuer |= Q(issuer_identifier=issuer_identifier)
    qs = IncomingDocument.objects.filter(
        same_issuer,
        agency=agency,
        so_ky_hieu_norm=so_ky_hieu_norm,
        issue_date__year=year,
    )
    qs = (
        qs.exclude(confidentiality=Confidentiality.THUONG)
        if confidential
        else qs.filter(confidentiality=Confidentiality.THUONG)
    )
    return qs.order_by("received_at", "id").first()


@transaction.atomic
def incoming_register(
    *,
    acting_user: Official,
    agency: Agency,
    channel: str,
    issuer_name: str,
    so_ky_hieu: str,
    issue_date: dt.date | None,
    doc_type: DocumentType | None,
    trich_yeu: str,
    issuer_identifier: str = "",
    signer: str = "",
    page_count: int | None = None,
    urgency: str = Urgency.THUONG,
    confidentiality: str = Confidentiality.THUONG,
    due_at: dt.datetime | None = None,
    due_in_working_days: int | None = None,
    file: Any = None,
    confirm_duplicate: bool = False,
) -> IncomingDocument:
    """Vào sổ văn bản đến (NĐ 30, Điều 21): the next số đến of the register, gapless per year
    (Vietnam time) and shared by paper and electronic documents; confidential documents go to
    the confidential register with its own sequence and never carry a file."""
    _require(is_clerk(acting_user, agency), _("Chỉ văn thư của cơ quan được vào sổ văn bản đến."))
    data = _validate_incoming(
        channel=channel,
        issuer_name=issuer_name,
        issuer_identifier=issuer_identifier,
        so_ky_hieu=so_ky_hieu,
        issue_date=issue_date,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        page_count=page_count,
        urgency=urgency,
        confidentiality=confidentiality,
    )
    confidential = data["confidentiality"] != Confidentiality.THUONG
    if confidential and file is not None:
        msg = _(
            "Văn bản mật chỉ được vào sổ thông tin, không được tải tệp lên hệ thống nối mạng "
            "(Luật Bảo vệ bí mật nhà nước 2018, Điều 5)."
        )
        raise DomainError("confidential_no_file", msg, fields={"file": [msg]})
    if due_at is not None and due_in_working_days is not None:
        raise DomainError(
            "deadline_ambiguous",
            _("Chỉ nhập hạn giải quyết hoặc số ngày làm việc, không nhập cả hai."),
        )
    earlier = probable_duplicate(
        agency=agency,
        so_ky_hieu_norm=data["so_ky_hieu_norm"],
        issuer_name=data["issuer_name"],
        issuer_identifier=data["issuer_identifier"],
        year=data["issue_date"].year,
        confidential=confidential,
    )
    if earlier is not None and not confirm_duplicate:
        raise DomainError(
            "probable_duplicate",
            _(
                "Văn bản %(so_ky_hieu)s của %(issuer)s có thể đã được vào sổ: số đến "
                "%(number)s ngày %(date)s. Kiểm tra lại hoặc xác nhận vẫn vào sổ."
            )
            % {
                "so_ky_hieu": earlier.so_ky_hieu,
                "issuer": earlier.issuer_name,
                "number": earlier.number_display,
                "date": clock.local(earlier.received_at).strftime("%d/%m/%Y"),
            },
            fields={"duplicate_of": [str(earlier.pk)]},
            status=409,
        )
    now = clock.now()
    register = register_for(agency, RegisterKind.INCOMING, confidential)
    document = IncomingDocument(
        agency=agency,
        register=register,
        received_at=now,
        year=clock.local(now).year,
        channel=channel,
        issuer_name=data["issuer_name"],
        issuer_key=issuer_key(data["issuer_name"]),
        issuer_identifier=data["issuer_identifier"],
        so_ky_hieu=data["so_ky_hieu"],
        so_ky_hieu_norm=data["so_ky_hieu_norm"],
        issue_date=data["issue_date"],
        doc_type=data["doc_type"],
        trich_yeu=data["trich_yeu"],
        signer=clean_text(signer)[:100],
        page_count=data["page_count"],
        urgency=data["urgency"],
        confidentiality=data["confidentiality"],
        duplicate_of=earlier if confirm_duplicate else None,
        registered_by=acting_user,
    )
    try:
        if due_at is not None:
            if clock.local(due_at) <= now:
                raise DomainError(
                    "due_in_past",
                    _("Hạn giải quyết phải sau thời điểm vào sổ."),
                    fields={"due_at": [_("Hạn giải quyết phải sau thời điểm vào sổ.")]},
                )
            deadlines.set_due(document, due_at=due_at)
        elif due_in_working_days is not None:
            if isinstance(due_in_working_days, bool) or not (
                isinstance(due_in_working_days, int) and due_in_working_days >= 1
            ):
                raise DomainError(
                    "bad_days",
                    _("Số ngày làm việc phải là số nguyên dương."),
                    fields={"due_in_working_days": [_("Nhập số ngày làm việc từ 1 trở lên.")]},
                )
            deadlines.set_due_in_working_days(document, start=now, days=due_in_working_days)
    except ValidationError as exc:
        raise DomainError(exc.code or "deadline_invalid", exc.messages[0]) from None
    # The number is taken last, so the counter row is locked for as short a time as possible.
    taken = next_number(
        agency=agency, register=register.sequence_key, period="year", at=now, case="documents.in"
    )
    document.number = taken.value
    document.save()
    _record(
        "documents.incoming.register",
        document,
        actor=acting_user,
        number=document.number,
        year=document.year,
        register=register.pk,
        so_ky_hieu=document.so_ky_hieu,
        channel=document.channel,
        duplicate_of=document.duplicate_of_id,
    )
    if file is not None:
        document.file = attachment_store(
            acting_user=acting_user, file=file, kinds=FILE_KINDS, agency=agency, case=document
        )
        document.save(update_fields=["file"])
    return document


@transaction.atomic
def incoming_link_paper_original(
    *, acting_user: Official, document: IncomingDocument, note: str = ""
) -> IncomingDocument:
    """The paper original of a registered electronic document has arrived: it is linked to the
    entry, not registered again (no new số đến)."""
    document = _lock(document)
    _require(
        is_clerk(acting_user, document.agency), _("Chỉ văn thư của cơ quan được cập nhật bản giấy.")
    )
    if document.channel != Channel.DIEN_TU:
        raise DomainError(
            "not_electronic",
            _("Văn bản này đã vào sổ dưới dạng văn bản giấy; không có bản điện tử để gắn bản gốc."),
            status=409,
        )
    if document.paper_original_received_at is not None:
        raise DomainError(
            "paper_already_linked",
            _("Bản giấy của văn bản này đã được ghi nhận ngày %(date)s.")
            % {"date": clock.local(document.paper_original_received_at).strftime("%d/%m/%Y")},
            status=409,
        )
    document.paper_original_received_at = clock.now()
    document.save(update_fields=["paper_original_received_at"])
    _record(
        "documents.incoming.paper_original",
        document,
        actor=acting_user,
        from_state=document.state,
        note=clean_multiline(note),
    )
    return document


def _can_lead(user: Official) -> bool:
    return bool(org.effective_roles(user) & AGENCY_LEADER_ROLES)


@transaction.atomic
def incoming_present(
    *, acting_user: Official, document: IncomingDocument, leader: Official
) -> IncomingDocument:
    """Trình lãnh đạo (NĐ 30, Điều 22): the clerk presents the document to a leader."""
    document = _lock(document)
    _require(
        is_clerk(acting_user, document.agency), _("Chỉ văn thư của cơ quan được trình văn bản.")
    )
    if not (leader and leader.is_active and _can_lead(leader)):
        raise DomainError(
            "not_a_leader",
            _("Người được trình phải là lãnh đạo văn phòng hoặc lãnh đạo UBND."),
            fields={"leader": [_("Chọn một lãnh đạo.")]},
        )
    if document.state != IncomingState.REGISTERED and document.state != IncomingState.PRESENTED:
        _transition(document, IncomingState.PRESENTED)  # raises the right refusal
    before = document.state
    document.state = IncomingState.PRESENTED
    document.presented_to = leader
    document.presented_at = clock.now()
    document.save(update_fields=["state", "presented_to", "presented_at"])
    _record(
        "documents.incoming.present",
        document,
        actor=acting_user,
        from_state=before,
        leader=leader.get_full_name(),
        leader_id=leader.pk,
    )
    return document


@dataclass(frozen=True)
class Assign:
    """One assignee of a direction with its own deadline (an absolute moment or working days)."""

    who: Unit | Official
    due_at: dt.datetime | None = None
    due_in_working_days: int | None = None


def _as_assign(item: Assign | Unit | Official) -> Assign:
    return item if isinstance(item, Assign) else Assign(who=item)


def may_direct(user: Official, document: IncomingDocument) -> bool:
    return bool(user and user.is_active) and (
        document.presented_to_id == user.pk or is_agency_leader(user, document.agency)
    )


@transaction.atomic
def incoming_direct(
    *,
    acting_user: Official,
    document: IncomingDocument,
    direction: str,
    lead: Assign | Unit | Official,
    coordinating: Iterable[Assign | Unit | Official] = (),
    informed: Iterable[Unit | Official] = (),
) -> IncomingDocument:
    """Ý kiến chỉ đạo and assignment (NĐ 30, Điều 22–24; Phụ lục IV phiếu giải quyết): the
    leader records the direction and assigns a lead (chủ trì), coordinating (phối hợp) and
    informed (để biết) units or people, each with its own deadline, through the kernel."""
    document = _lock(document)
    if document.state == IncomingState.FINISHED:
        _transition(document, IncomingState.IN_PROGRESS)  # document_finished, 409
    _require(
        may_direct(acting_user, document),
        _("Chỉ lãnh đạo được trình văn bản mới được cho ý kiến chỉ đạo."),
    )
    direction = clean_multiline(direction)
    if not direction:
        raise DomainError(
            "direction_required",
            _("Nhập ý kiến chỉ đạo."),
            fields={"direction": [_("Trường này là bắt buộc.")]},
        )
    if lead is None:
        raise DomainError(
            "lead_required",
            _("Chọn đơn vị hoặc cán bộ chủ trì."),
            fields={"lead": [_("Trường này là bắt buộc.")]},
        )
    before = _transition(document, IncomingState.IN_PROGRESS)
    plan = [(AssignmentRole.CHU_TRI, _as_assign(lead))]
    plan += [(AssignmentRole.PHOI_HOP, _as_assign(c)) for c in coordinating]
    plan += [(AssignmentRole.DE_BIET, Assign(who=i)) for i in informed]
    created = []
    for role, item in plan:
        who = item.who
        if getattr(who, "agency_id", None) != document.agency_id and not (
            isinstance(who, Official) and document.agency_id in _agency_ids(who)
        ):
            raise DomainError(
                "assignee_other_agency",
                _("Chỉ giao cho đơn vị, cán bộ của cơ quan nhận văn bản."),
                fields={"lead": [str(who)]},
            )
        created.append(
            assignment_services.assignment_create(
                acting_user=acting_user,
                case=document,
                agency=document.agency,
                assignee=who,
                role=role,
                due_at=item.due_at,
                due_in_working_days=item.due_in_working_days,
                instruction=direction,
            )
        )
    lead_assignment = created[0]
    if document.due_at is None and lead_assignment.due_at is not None:
        deadlines.set_due(document, due_at=lead_assignment.due_at)
    document.leader_direction = direction
    document.directed_by = acting_user
    document.directed_at = clock.now()
    document.save()
    _record(
        "documents.incoming.direct",
        document,
        actor=acting_user,
        from_state=before,
        direction=direction,
        assignments=[a.pk for a in created],
    )
    return document


def _agency_ids(user: Official) -> set[int]:
    return set(org.agencies_of(user).values_list("pk", flat=True))


def document_assignments(document: IncomingDocument):
    return Assignment.objects.filter(
        case_type=ContentType.objects.get_for_model(IncomingDocument), case_id=document.pk
    )


@transaction.atomic
def incoming_finish(
    *, acting_user: Official, document: IncomingDocument, note: str = ""
) -> IncomingDocument:
    """Kết thúc giải quyết: by a handler once every lead (chủ trì) assignment is finished, or
    by the agency's leader or clerk, who closes it. The open assignments end with it (revoked
    through the kernel); one the actor may not act on is refused (``assignments_open``)."""
    document = _lock(document)
    closer = (
        is_agency_leader(acting_user, document.agency)
        or is_clerk(acting_user, document.agency)
        or document.directed_by_id == acting_user.pk
    )
    open_qs = document_assignments(document).filter(state=AssignmentState.DANG_XU_LY)
    top_level = document_assignments(document).filter(parent__isnull=True)
    if not closer:
        handles = any(
            assignment_services.can_act_on(acting_user, a)
            for a in top_level.filter(role=AssignmentRole.CHU_TRI)
        )
        _require(handles, _("Bạn không có quyền kết thúc văn bản này."))
        if open_qs.filter(role=AssignmentRole.CHU_TRI).exists():
            raise DomainError(
                "lead_open",
                _("Phân công chủ trì chưa hoàn thành; hoàn thành phân công trước."),
                status=409,
            )
    top_open = list(open_qs.filter(parent__isnull=True))
    blocking = [a for a in top_open if not assignment_services.can_act_on(acting_user, a)]
    if blocking:
        raise DomainError(
            "assignments_open",
            _(
                "Còn phân công đang xử lý (%(who)s); người giao hoặc người được giao phải kết thúc "
                "trước."
            )
            % {"who": ", ".join(str(a.assignee) for a in blocking)},
            status=409,
        )
    before = _transition(document, IncomingState.FINISHED)
    reason = _("Văn bản đã kết thúc giải quyết.")
    for assignment in top_open:
        assignment_services.assignment_revoke(
            acting_user=acting_user, assignment=assignment, reason=reason
        )
    note = clean_multiline(note)
    document.finish_note = note
    if document.finished_at is None:
        deadlines.finish(document)
    document.save()
    _record("documents.incoming.finish", document, actor=acting_user, from_state=before, note=note)
    return document


def incoming_view_logged(*, acting_user: Official, document: IncomingDocument) -> None:
    """Log a view of a confidential document (every view, by every person)."""
    if document.is_confidential:
        with transaction.atomic():
            eventlog.record_view(
                actor=acting_user,
                case=document,
                agency=document.agency,
                payload={"confidentiality": document.confidentiality},
            )
