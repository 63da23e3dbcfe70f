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
from vanphong.documents import textlayer
from vanphong.documents.legal_rules import LEGAL_NORMATIVE_TYPES
from vanphong.documents.models import (
    INCOMING_TRANSITIONS,
    OUTGOING_TRANSITIONS,
    AdminNumbering,
    AuthorityMark,
    Channel,
    Confidentiality,
    DocumentType,
    ExchangeStatus,
    IncomingDocument,
    IncomingNote,
    IncomingState,
    OutgoingAttachment,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingReview,
    OutgoingSettings,
    OutgoingState,
    OutgoingVersion,
    RecipientKind,
    Register,
    RegisterKind,
    ReviewAction,
    ReviewRole,
    ReviewStep,
    Signature,
    SignatureKind,
    Urgency,
)
from vanphong.documents.signals import outgoing_issued
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
    return _incoming_create(
        registered_by=acting_user,
        agency=agency,
        channel=channel,
        issuer_name=issuer_name,
        so_ky_hieu=so_ky_hieu,
        issue_date=issue_date,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        issuer_identifier=issuer_identifier,
        signer=signer,
        page_count=page_count,
        urgency=urgency,
        confidentiality=confidentiality,
        due_at=due_at,
        due_in_working_days=due_in_working_days,
        file=file,
        confirm_duplicate=confirm_duplicate,
    )


def _incoming_create(
    *,
    registered_by: Official | None,
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
    stored_file: Any = None,
    confirm_duplicate: bool = False,
    event_payload: dict | None = None,
) -> IncomingDocument:
    """The registration itself, shared by the clerk's :func:`incoming_register` and the
    delivery of an outgoing document on the platform (``registered_by`` None: the system;
    ``stored_file``: the sender's stored attachment, not copied)."""
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
        registered_by=registered_by,
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
        actor=registered_by,
        number=document.number,
        year=document.year,
        register=register.pk,
        so_ky_hieu=document.so_ky_hieu,
        channel=document.channel,
        duplicate_of=document.duplicate_of_id,
        **(event_payload or {}),
    )
    if stored_file is not None and not confidential:
        document.file = stored_file
    elif file is not None:
        document.file = attachment_store(
            acting_user=registered_by, file=file, kinds=FILE_KINDS, agency=agency, case=document
        )
    if document.file_id is not None:
        document.file_text = textlayer.text_of(document.file)  # searchable with the metadata
        document.save(update_fields=["file", "file_text"])
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
    if document.state == IncomingState.IN_PROGRESS:  # only a returned lead goes back
        raise DomainError(
            "invalid_transition",
            _("Không thể chuyển văn bản từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": IncomingState.IN_PROGRESS.label, "to": IncomingState.PRESENTED.label},
            status=409,
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


@transaction.atomic
def incoming_forward(
    *, acting_user: Official, document: IncomingDocument, to_agency: Agency, note: str
) -> IncomingDocument:
    """Chuyển văn bản đến cơ quan khác (NĐ 30, Điều 22): a document that is not the agency's to
    handle goes, with a forwarding slip (phiếu chuyển), to another agency on the platform, which
    receives it at once in its own register (own số đến, same stored file); this entry is
    finished with the slip as its result. Only before direction (registered or presented), by
    the clerk or a leader of the agency."""
    document = _lock(document)
    _require(
        is_clerk(acting_user, document.agency) or may_direct(acting_user, document),
        _("Chỉ văn thư hoặc lãnh đạo của cơ quan được chuyển văn bản."),
    )
    if document.state not in (IncomingState.REGISTERED, IncomingState.PRESENTED):
        raise DomainError(
            "not_forwardable",
            _("Chỉ chuyển văn bản chưa giao xử lý."),
            status=409,
        )
    note = clean_multiline(note)
    errors = {}
    if not note:
        errors["note"] = [_("Ghi nội dung phiếu chuyển.")]
    if to_agency is None or not to_agency.is_active or to_agency.pk == document.agency_id:
        errors["to_agency"] = [_("Chọn một cơ quan khác trên hệ thống.")]
    if errors:
        raise DomainError(
            "invalid_input", _("Phiếu chuyển chưa hợp lệ; xem các trường."), fields=errors
        )
    target = _incoming_create(
        registered_by=None,
        agency=to_agency,
        channel=Channel.DIEN_TU,
        issuer_name=document.issuer_name,
        issuer_identifier=document.issuer_identifier,
        so_ky_hieu=document.so_ky_hieu,
        issue_date=document.issue_date,
        doc_type=document.doc_type,
        trich_yeu=document.trich_yeu,
        signer=document.signer,
        page_count=document.page_count,
        urgency=document.urgency,
        confidentiality=document.confidentiality,
        stored_file=document.file,
        confirm_duplicate=True,
        event_payload={"forwarded_from": document.pk, "from_agency": document.agency_id},
    )
    target.forwarded_from = document
    target.forward_note = note
    target.save(update_fields=["forwarded_from", "forward_note"])
    before = _transition(document, IncomingState.FINISHED)
    document.finish_note = _("Đã chuyển %(agency)s: %(note)s") % {
        "agency": to_agency.name,
        "note": note,
    }
    if document.finished_at is None:
        deadlines.finish(document)
    document.save()
    _record(
        "documents.incoming.forward",
        document,
        actor=acting_user,
        from_state=before,
        to_agency=to_agency.name,
        note=note,
        forwarded_to=target.pk,
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
    *,
    acting_user: Official,
    document: IncomingDocument,
    note: str = "",
    reply: OutgoingDocument | None = None,
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
    if reply is not None and (
        reply.agency_id != document.agency_id or reply.state != OutgoingState.ISSUED
    ):
        msg = _("Văn bản trả lời phải là văn bản đi đã phát hành của cơ quan.")
        raise DomainError("invalid_reply", msg, fields={"reply": [msg]})
    before = _transition(document, IncomingState.FINISHED)
    reason = _("Văn bản đã kết thúc giải quyết.")
    for assignment in top_open:
        assignment_services.assignment_revoke(
            acting_user=acting_user, assignment=assignment, reason=reason
        )
    note = clean_multiline(note)
    document.finish_note = note
    document.reply_document = reply
    if document.finished_at is None:
        deadlines.finish(document)
    document.save()
    _record(
        "documents.incoming.finish",
        document,
        actor=acting_user,
        from_state=before,
        note=note,
        reply=reply.code if reply is not None else "",
    )
    return document


def _document_assignment(document: IncomingDocument, assignment: Assignment) -> Assignment:
    """``assignment`` locked, once checked to belong to ``document`` (404 otherwise)."""
    found = (
        document_assignments(document).select_for_update().filter(pk=assignment.pk).first()
        if assignment is not None and assignment.pk
        else None
    )
    if found is None:
        raise DomainError(
            "assignment_not_found",
            _("Không tìm thấy phân công này của văn bản."),
            status=404,
        )
    return found


def _require_open_document(document: IncomingDocument) -> None:
    """Handlers act while the document is being handled: directed (in progress) or back with
    the leader after a returned lead (presented; the other assignments go on)."""
    if document.state not in (IncomingState.PRESENTED, IncomingState.IN_PROGRESS):
        raise DomainError(
            "not_in_progress",
            _("Văn bản không còn đang giải quyết (%(state)s).")
            % {"state": IncomingState(document.state).label},
            status=409,
        )


@transaction.atomic
def incoming_assignment_return(
    *, acting_user: Official, document: IncomingDocument, assignment: Assignment, reason: str
) -> Assignment:
    """Trả lại (NĐ 30, Điều 24): a handler sends their assignment back with a reason, through
    the kernel (``assignment.return`` on the document's trail). When the lead (chủ trì) of the
    leader's direction is returned and no other lead is open, the document goes back to the
    leader who directed it (state "presented", in their queue) to be directed again."""
    document = _lock(document)
    _require_open_document(document)
    assignment = _document_assignment(document, assignment)
    returned = assignment_services.assignment_return(
        acting_user=acting_user, assignment=assignment, reason=reason
    )
    if (
        returned.role == AssignmentRole.CHU_TRI
        and returned.parent_id is None
        and not document_assignments(document)
        .filter(role=AssignmentRole.CHU_TRI, parent__isnull=True)
        .filter(state=AssignmentState.DANG_XU_LY)
        .exists()
    ):
        before = _transition(document, IncomingState.PRESENTED)
        document.presented_to = document.directed_by or document.presented_to
        document.presented_at = clock.now()
        document.save(update_fields=["state", "presented_to", "presented_at"])
        _record(
            "documents.incoming.returned_to_leader",
            document,
            actor=acting_user,
            from_state=before,
            reason=returned.result,
            leader=document.presented_to.get_full_name() if document.presented_to else "",
        )
    return returned


@transaction.atomic
def incoming_assignment_finish(
    *, acting_user: Official, document: IncomingDocument, assignment: Assignment, result: str = ""
) -> Assignment:
    """Hoàn thành phân công: the handler reports their part done (kernel ``assignment_finish``;
    the deadline status is fixed). The document itself is closed by :func:`incoming_finish`."""
    document = _lock(document)
    _require_open_document(document)
    assignment = _document_assignment(document, assignment)
    return assignment_services.assignment_finish(
        acting_user=acting_user, assignment=assignment, result=clean_multiline(result)
    )


def may_report_progress(user: Official, document: IncomingDocument) -> bool:
    """Any handler: who may act on an open assignment of the document, or the leader who
    directed it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if document.directed_by_id == user.pk:
        return True
    return any(
        assignment_services.can_act_on(user, a)
        for a in document_assignments(document)
        .filter(state=AssignmentState.DANG_XU_LY)
        .select_related("assignee_unit", "assignee_agency")
    )


#: Files one progress note may carry.
MAX_NOTE_FILES = 5


@transaction.atomic
def incoming_progress_add(
    *, acting_user: Official, document: IncomingDocument, text: str, files: Iterable[Any] = ()
) -> IncomingNote:
    """Ghi nhận tiến độ: a handler's note with up to ``MAX_NOTE_FILES`` files (attachments
    kernel, linked to the document); it appears in the trail (``documents.incoming.progress``).
    A confidential document takes notes but no file."""
    document = _lock(document)
    _require_open_document(document)
    _require(
        may_report_progress(acting_user, document),
        _("Chỉ người đang xử lý văn bản mới được ghi nhận tiến độ."),
    )
    text = clean_multiline(text)
    files = [f for f in files if f is not None]
    if not text:
        msg = _("Nhập nội dung tiến độ.")
        raise DomainError("invalid_input", msg, fields={"text": [msg]})
    if len(text) > 5000:
        msg = _("Nội dung tiến độ dài quá 5.000 ký tự.")
        raise DomainError("invalid_input", msg, fields={"text": [msg]})
    if len(files) > MAX_NOTE_FILES:
        msg = _("Mỗi lần ghi nhận tiến độ kèm tối đa %(n)s tệp.") % {"n": MAX_NOTE_FILES}
        raise DomainError("invalid_input", msg, fields={"files": [msg]})
    if files and document.is_confidential:
        raise _confidential_file_error()
    note = IncomingNote.objects.create(
        document=document, author=acting_user, created_at=clock.now(), text=text
    )
    stored = [
        attachment_store(
            acting_user=acting_user,
            file=f,
            kinds=ATTACHMENT_FILE_KINDS,
            agency=document.agency,
            case=document,
        )
        for f in files
    ]
    note.files.set(stored)
    _record(
        "documents.incoming.progress",
        document,
        actor=acting_user,
        from_state=document.state,
        note=note.pk,
        text=text,
        files=[a.original_name for a in stored],
    )
    return note


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


# =================================================================================================
# Outgoing documents (văn bản đi, NĐ 30/2020 Điều 10–19)
# =================================================================================================

#: File kinds accepted as a draft version, the issued file and attachments.
OUTGOING_FILE_KINDS = ("pdf", "docx")
ATTACHMENT_FILE_KINDS = ("pdf", "docx", "xlsx", "doc", "xls", "png", "jpeg")
#: The review chain used when the agency has configured none.
DEFAULT_REVIEW_CHAIN = (ReviewRole.UNIT_LEADER, ReviewRole.OFFICE_LEADER, ReviewRole.SIGNER)
#: Who may recall an issued document of the agency.
RECALL_ROLES = frozenset({Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})


@dataclass(frozen=True)
class External:
    """A recipient agency outside the platform, by its electronic identifier (QĐ 20/2020)."""

    name: str
    identifier: str = ""


def _confidential_file_error() -> DomainError:
    msg = _(
        "Văn bản mật không được soạn thảo, lưu trữ trên hệ thống nối mạng (Luật Bảo vệ bí mật "
        "nhà nước 2018, Điều 5): chỉ nhập thông tin, không tải tệp."
    )
    return DomainError("confidential_no_file", msg, fields={"file": [msg]})


def _out_lock(document: OutgoingDocument) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update().get(pk=document.pk)


def _out_record(action: str, document: OutgoingDocument, *, actor, from_state: str = "", **payload):
    eventlog.record(
        action=action,
        actor=actor,
        agency=document.agency,
        unit=document.drafting_unit,
        case=document,
        from_state=from_state,
        to_state=document.state,
        payload=payload,
    )


def _out_transition(document: OutgoingDocument, to: str) -> str:
    before = document.state
    if to not in OUTGOING_TRANSITIONS[before]:
        if before == OutgoingState.ISSUED and to == OutgoingState.ISSUED:
            raise DomainError(
                "already_issued",
                _("Văn bản đã được phát hành với %(so)s; không phát hành lại.")
                % {"so": document.so_display},
                status=409,
            )
        if to == OutgoingState.ISSUED:
            raise DomainError(
                "not_approved",
                _("Chỉ phát hành văn bản đã được người có thẩm quyền duyệt ký."),
                status=409,
            )
        raise DomainError(
            "invalid_transition",
            _("Không thể chuyển văn bản đi từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": OutgoingState(before).label, "to": OutgoingState(to).label},
            status=409,
        )
    document.state = to
    return before


def _in_agency(user, agency) -> bool:
    return bool(user and user.is_active) and agency.pk in _agency_ids(user)


def _validate_outgoing(
    *,
    agency,
    doc_type,
    trich_yeu,
    drafting_unit,
    urgency,
    confidentiality,
    noi_nhan,
    copies,
    note,
) -> dict:
    errors: dict[str, list[str]] = {}
    required = _("Trường này là bắt buộc.")
    data = {
        "trich_yeu": clean_multiline(trich_yeu),
        "noi_nhan": clean_multiline(noi_nhan),
        "note": clean_multiline(note),
        "doc_type": doc_type,
        "drafting_unit": drafting_unit,
        "copies": copies,
    }
    if not data["trich_yeu"]:
        errors["trich_yeu"] = [required]
    elif len(data["trich_yeu"]) > 500:
        errors["trich_yeu"] = [_("Trích yếu tối đa 500 ký tự.")]
    if len(data["noi_nhan"]) > 1000:
        errors["noi_nhan"] = [_("Nơi nhận tối đa 1.000 ký tự.")]
    if doc_type is None:
        errors["doc_type"] = [required]
    elif not doc_type.is_active:
        errors["doc_type"] = [_("Loại văn bản này không còn sử dụng.")]
    if drafting_unit is not None and drafting_unit.agency_id != agency.pk:
        errors["drafting_unit"] = [_("Đơn vị soạn thảo phải thuộc cơ quan ban hành.")]
    if copies is not None and (
        isinstance(copies, bool) or not isinstance(copies, int) or not 0 < copies < 1000
    ):
        errors["copies"] = [_("Số lượng bản phải là số nguyên dương.")]
    data["urgency"] = _choice(urgency, Urgency, "urgency", errors)
    data["confidentiality"] = _choice(confidentiality, Confidentiality, "confidentiality", errors)
    if errors:
        raise DomainError(
            "invalid_input", _("Thông tin văn bản đi chưa hợp lệ; xem các trường."), fields=errors
        )
    return data


def _recipient_rows(document: OutgoingDocument, recipients: Iterable[Any]) -> list:
    """Recipient rows for ``recipients``: Unit (internal), Agency (on the platform),
    :class:`External` or a dict ``{"name", "identifier"}`` (outside the platform)."""
    rows, seen, errors = [], set(), []
    for item in recipients or ():
        if isinstance(item, dict):
            item = External(name=item.get("name", ""), identifier=item.get("identifier", ""))
        if isinstance(item, Unit):
            if item.agency_id != document.agency_id or not item.is_active:
                errors.append(_("Đơn vị nhận %(name)s không thuộc cơ quan.") % {"name": item})
                continue
            key = ("unit", item.pk)
            row = OutgoingRecipient(document=document, kind=RecipientKind.UNIT, unit=item)
        elif isinstance(item, Agency):
            if item.pk == document.agency_id or not item.is_active:
                errors.append(
                    _("Không gửi văn bản cho chính cơ quan ban hành (%(name)s); chọn đơn vị.")
                    % {"name": item}
                )
                continue
            key = ("agency", item.pk)
            row = OutgoingRecipient(document=document, kind=RecipientKind.AGENCY, agency=item)
        elif isinstance(item, External):
            name = clean_text(item.name)
            ident = clean_text(item.identifier).upper()
            if not name or len(name) > 200:
                errors.append(_("Nhập tên cơ quan nhận ngoài hệ thống (tối đa 200 ký tự)."))
                continue
            if ident and not ISSUER_IDENTIFIER_RE.match(ident):
                errors.append(
                    _("Mã định danh %(ident)s không hợp lệ (QĐ 20/2020/QĐ-TTg).") % {"ident": ident}
                )
                continue
            platform = Agency.objects.filter(identifier=ident, is_active=True).first()
            if ident and platform is not None and platform.pk != document.agency_id:
                key = ("agency", platform.pk)
                row = OutgoingRecipient(
                    document=document, kind=RecipientKind.AGENCY, agency=platform
                )
            else:
                key = ("external", ident or name.casefold())
                row = OutgoingRecipient(
                    document=document,
                    kind=RecipientKind.EXTERNAL,
                    external_identifier=ident,
                    external_name=name,
                )
        else:
            errors.append(_("Nơi nhận không hợp lệ."))
            continue
        if key not in seen:
            seen.add(key)
            rows.append(row)
    if errors:
        raise DomainError(
            "invalid_recipients", errors[0], fields={"recipients": [str(e) for e in errors]}
        )
    return rows


def _add_version(actor, document: OutgoingDocument, file, note: str = "") -> OutgoingVersion:
    if document.is_confidential:
        raise _confidential_file_error()
    stored = attachment_store(
        acting_user=actor,
        file=file,
        kinds=OUTGOING_FILE_KINDS,
        agency=document.agency,
        case=document,
    )
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = OutgoingVersion.objects.create(
        document=document,
        number=last + 1,
        file=stored,
        author=actor,
        created_at=clock.now(),
        note=clean_multiline(note)[:1000],
    )
    document.file_text = textlayer.text_of(stored)  # search reads the latest version
    document.save(update_fields=["file_text"])
    return version


@transaction.atomic
def outgoing_draft_create(
    actor: Official,
    *,
    agency: Agency,
    doc_type: DocumentType | None,
    trich_yeu: str,
    recipients: Iterable[Any] = (),
    file: Any = None,
    source: Any = None,
    drafting_unit: Unit | None = None,
    urgency: str = Urgency.THUONG,
    confidentiality: str = Confidentiality.THUONG,
    noi_nhan: str = "",
    copies: int | None = None,
    note: str = "",
    attachments: Iterable[Any] = (),
) -> OutgoingDocument:
    """Create a draft outgoing document (dự thảo) by ``actor``, an official of ``agency``.

    ``recipients``: Unit (internal), Agency (on the platform) or :class:`External`/dict
    ``{"name", "identifier"}``; ``noi_nhan``: the free "Nơi nhận" text printed on the document;
    ``file``: the first version (.docx or PDF); ``source``: the saved record that asked for the
    document (a meeting, a report), kept as a generic link. ``drafting_unit`` defaults to the
    actor's primary unit in the agency. Raises DomainError (``forbidden`` 403, ``invalid_input``,
    ``invalid_recipients``, ``confidential_no_file``, file errors)."""
    _require(
        agency is not None and _in_agency(actor, agency),
        _("Chỉ cán bộ của cơ quan được soạn văn bản đi của cơ quan."),
    )
    if drafting_unit is None:
        drafting_unit = org.units_of(actor, agency).first()
    data = _validate_outgoing(
        agency=agency,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        drafting_unit=drafting_unit,
        urgency=urgency,
        confidentiality=confidentiality,
        noi_nhan=noi_nhan,
        copies=copies,
        note=note,
    )
    if data["confidentiality"] != Confidentiality.THUONG and (file is not None or attachments):
        raise _confidential_file_error()
    if source is not None and getattr(source, "pk", None) is None:
        raise DomainError("invalid_source", _("Bản ghi nguồn phải được lưu trước."))
    now = clock.now()
    document = OutgoingDocument(
        agency=agency,
        author=actor,
        created_at=now,
        updated_at=now,
        **data,
    )
    if source is not None:
        document.source_type = ContentType.objects.get_for_model(source)
        document.source_id = source.pk
    document.save()
    OutgoingRecipient.objects.bulk_create(_recipient_rows(document, recipients))
    _out_record(
        "documents.outgoing.draft",
        document,
        actor=actor,
        doc_type=document.doc_type.name,
        source=f"{document.source_type_id}:{document.source_id}" if source is not None else "",
    )
    if file is not None:
        _add_version(actor, document, file)
    for item in attachments:
        _add_attachment(actor, document, item)
    return document


def _require_editable(actor, document: OutgoingDocument) -> None:
    if document.state not in (OutgoingState.DRAFT, OutgoingState.RETURNED):
        raise DomainError(
            "not_editable",
            _("Chỉ sửa dự thảo chưa trình hoặc đã bị trả lại."),
            status=409,
        )
    _require(document.author_id == actor.pk, _("Chỉ người soạn thảo được sửa dự thảo."))


@transaction.atomic
def outgoing_update(
    actor: Official,
    document: OutgoingDocument,
    *,
    doc_type: DocumentType | None,
    trich_yeu: str,
    recipients: Iterable[Any] = (),
    urgency: str = Urgency.THUONG,
    confidentiality: str = Confidentiality.THUONG,
    noi_nhan: str = "",
    copies: int | None = None,
    note: str = "",
) -> OutgoingDocument:
    """The author edits a draft (not yet submitted, or returned); recipients are replaced."""
    document = _out_lock(document)
    _require_editable(actor, document)
    data = _validate_outgoing(
        agency=document.agency,
        doc_type=doc_type,
        trich_yeu=trich_yeu,
        drafting_unit=document.drafting_unit,
        urgency=urgency,
        confidentiality=confidentiality,
        noi_nhan=noi_nhan,
        copies=copies,
        note=note,
    )
    if data["confidentiality"] != Confidentiality.THUONG and (
        document.versions.exists() or document.attachments.exists()
    ):
        raise _confidential_file_error()
    rows = _recipient_rows(document, recipients)
    for name, value in data.items():
        setattr(document, name, value)
    document.updated_at = clock.now()
    document.save()
    document.recipients.all().delete()
    OutgoingRecipient.objects.bulk_create(rows)
    _out_record("documents.outgoing.update", document, actor=actor, from_state=document.state)
    return document


@transaction.atomic
def outgoing_revise(
    actor: Official,
    document: OutgoingDocument,
    *,
    file: Any = None,
    version_note: str = "",
    attachments: Iterable[Any] = (),
    **fields: Any,
) -> OutgoingDocument:
    """The edit-draft screen in one transaction: the metadata (:func:`outgoing_update`), then
    a new version of the draft file when one is given (earlier versions kept) and added
    attachments. Any refusal leaves the draft, its versions and the stored files unchanged."""
    document = outgoing_update(actor, document, **fields)
    if file is not None:
        outgoing_version_add(actor, document, file=file, note=version_note)
    for item in attachments:
        outgoing_attachment_add(actor, document, file=item)
    document.refresh_from_db()
    return document


def _add_attachment(actor, document: OutgoingDocument, item) -> OutgoingAttachment:
    if document.is_confidential:
        raise _confidential_file_error()
    file, description = item if isinstance(item, tuple) else (item, "")
    stored = attachment_store(
        acting_user=actor,
        file=file,
        kinds=ATTACHMENT_FILE_KINDS,
        agency=document.agency,
        case=document,
    )
    return OutgoingAttachment.objects.create(
        document=document,
        file=stored,
        description=clean_text(description)[:250],
        added_by=actor,
        added_at=clock.now(),
    )


def may_revise(actor, document: OutgoingDocument) -> bool:
    """May ``actor`` add a version: the author of a draft/returned one, or the reviewer at the
    current step (who may correct the draft himself)."""
    if document.state in (OutgoingState.DRAFT, OutgoingState.RETURNED):
        return document.author_id == actor.pk
    return may_review(actor, document)


@transaction.atomic
def outgoing_version_add(
    actor: Official, document: OutgoingDocument, *, file: Any, note: str = ""
) -> OutgoingVersion:
    """A new version of the draft file (.docx or PDF); earlier versions are kept."""
    document = _out_lock(document)
    _require(may_revise(actor, document), _("Bạn không được cập nhật dự thảo này."))
    if file is None:
        raise DomainError(
            "file_required", _("Chọn tệp dự thảo."), fields={"file": [_("Chọn tệp dự thảo.")]}
        )
    version = _add_version(actor, document, file, note)
    document.updated_at = clock.now()
    document.save(update_fields=["updated_at"])
    _out_record(
        "documents.outgoing.version",
        document,
        actor=actor,
        from_state=document.state,
        version=version.number,
        note=version.note,
    )
    return version


@transaction.atomic
def outgoing_attachment_add(
    actor: Official, document: OutgoingDocument, *, file: Any, description: str = ""
) -> OutgoingAttachment:
    document = _out_lock(document)
    _require(may_revise(actor, document), _("Bạn không được cập nhật dự thảo này."))
    attachment = _add_attachment(actor, document, (file, description))
    _out_record(
        "documents.outgoing.attachment",
        document,
        actor=actor,
        from_state=document.state,
        attachment=attachment.pk,
    )
    return attachment


def review_chain_for(agency: Agency, doc_type: DocumentType, drafting_unit=None) -> list[str]:
    """The review chain of ``doc_type`` in ``agency``: its own steps, else the agency's default
    steps, else unit leader → office leader → signer. Without a drafting unit the unit leader's
    step is skipped. The last step is the signer's."""
    steps = list(
        ReviewStep.objects.filter(agency=agency, doc_type=doc_type)
        .order_by("order")
        .values_list("role", flat=True)
    ) or list(
        ReviewStep.objects.filter(agency=agency, doc_type__isnull=True)
        .order_by("order")
        .values_list("role", flat=True)
    )
    chain = steps or [str(r) for r in DEFAULT_REVIEW_CHAIN]
    if drafting_unit is None:
        chain = [r for r in chain if r != ReviewRole.UNIT_LEADER] or [ReviewRole.SIGNER.value]
    return chain


def may_act_as(user, document: OutgoingDocument, role: str) -> bool:
    if not (user and user.is_active):
        return False
    if role == ReviewRole.UNIT_LEADER:
        from vanphong.documents.selectors import leads_unit

        unit = document.drafting_unit
        return unit is not None and leads_unit(user, unit)
    roles = _roles(user, document.agency)
    if role == ReviewRole.OFFICE_LEADER:
        return Role.LANH_DAO_VAN_PHONG in roles
    if role == ReviewRole.SIGNER:
        return Role.LANH_DAO_UBND in roles
    return False


def may_review(user, document: OutgoingDocument) -> bool:
    """May ``user`` act at the document's current review step?"""
    role = document.current_review_role
    return bool(role) and may_act_as(user, document, role)


def _latest_version(document: OutgoingDocument) -> OutgoingVersion | None:
    return document.versions.order_by("-number").first()


def _review(document, actor, action, comment="", step=None, role="") -> OutgoingReview:
    return OutgoingReview.objects.create(
        document=document,
        version=_latest_version(document),
        action=action,
        step=step,
        role=role,
        reviewer=actor,
        comment=comment,
        created_at=clock.now(),
    )


@transaction.atomic
def outgoing_submit(actor: Official, document: OutgoingDocument, *, comment: str = ""):
    """The author submits the draft (trình duyệt). The first submission fixes the review chain
    of the document type; after a return the document goes back to the step that returned it."""
    document = _out_lock(document)
    _require(document.author_id == actor.pk, _("Chỉ người soạn thảo được trình dự thảo."))
    if not document.is_confidential and not document.versions.exists():
        raise DomainError(
            "version_required",
            _("Tải lên tệp dự thảo (.docx hoặc PDF) trước khi trình."),
            fields={"file": [_("Chọn tệp dự thảo.")]},
        )
    before = _out_transition(document, OutgoingState.IN_REVIEW)
    now = clock.now()
    if not document.review_chain:
        document.review_chain = review_chain_for(
            document.agency, document.doc_type, document.drafting_unit
        )
    if document.review_step is None:
        document.review_step = 0
    document.submitted_at = now
    document.updated_at = now
    document.save()
    _review(document, actor, ReviewAction.SUBMIT, clean_multiline(comment)[:4000])
    _out_record(
        "documents.outgoing.submit",
        document,
        actor=actor,
        from_state=before,
        step=document.review_step,
        role=document.current_review_role,
    )
    return document


def _require_reviewer(actor, document: OutgoingDocument) -> None:
    if document.state != OutgoingState.IN_REVIEW:
        raise DomainError(
            "not_in_review",
            _("Văn bản không ở bước trình duyệt (trạng thái: %(state)s).")
            % {"state": OutgoingState(document.state).label},
            status=409,
        )
    _require(
        may_review(actor, document),
        _("Văn bản đang chờ %(role)s duyệt; bạn không ở bước này.")
        % {"role": ReviewRole(document.current_review_role).label},
    )


def _comment_required(comment: str, code: str, message: str) -> str:
    comment = clean_multiline(comment)
    if not comment:
        raise DomainError(code, message, fields={"comment": [_("Trường này là bắt buộc.")]})
    if len(comment) > 4000:
        raise DomainError(
            "comment_too_long",
            _("Ý kiến tối đa 4.000 ký tự."),
            fields={"comment": [_("Ý kiến tối đa 4.000 ký tự.")]},
        )
    return comment


@transaction.atomic
def outgoing_comment(actor: Official, document: OutgoingDocument, *, comment: str):
    """A reviewer's comment at the current step (the document stays where it is)."""
    document = _out_lock(document)
    _require_reviewer(actor, document)
    comment = _comment_required(comment, "comment_required", _("Nhập ý kiến góp ý."))
    review = _review(
        document,
        actor,
        ReviewAction.COMMENT,
        comment,
        document.review_step,
        document.current_review_role,
    )
    _out_record(
        "documents.outgoing.comment",
        document,
        actor=actor,
        from_state=document.state,
        comment=comment,
    )
    return review


@transaction.atomic
def outgoing_return(actor: Official, document: OutgoingDocument, *, comment: str):
    """Trả lại để sửa: a reviewer at the current step (or the agency's clerk, for an approved
    document whose form is wrong) returns it to the author with a reason; the author uploads a
    new version and submits again."""
    document = _out_lock(document)
    if document.state == OutgoingState.APPROVED:
        _require(
            is_clerk(actor, document.agency),
            _("Chỉ văn thư được trả lại văn bản đã duyệt để sửa thể thức."),
        )
        role, step = "", document.review_step
    else:
        _require_reviewer(actor, document)
        role, step = document.current_review_role, document.review_step
    comment = _comment_required(comment, "reason_required", _("Nêu lý do trả lại."))
    before = _out_transition(document, OutgoingState.RETURNED)
    if before == OutgoingState.APPROVED:
        # The signer must approve the corrected version again.
        document.review_step = len(document.review_chain) - 1
        document.approved_at = None
        document.signatures.filter(kind=SignatureKind.APPROVAL).delete()
    document.updated_at = clock.now()
    document.save()
    _review(document, actor, ReviewAction.RETURN, comment, step, role)
    _out_record(
        "documents.outgoing.return", document, actor=actor, from_state=before, reason=comment
    )
    return document


@transaction.atomic
def outgoing_approve(
    actor: Official,
    document: OutgoingDocument,
    *,
    comment: str = "",
    authority_mark: str = "",
    authority_title: str = "",
    signer_position: str = "",
):
    """Approve at the current step. At the last step the actor signs: the authority mark
    (TM., KT., TL., TUQ., Q., or none when the head signs), the title after it and the signer's
    position are recorded with his name, and a :class:`Signature` is added."""
    document = _out_lock(document)
    _require_reviewer(actor, document)
    comment = clean_multiline(comment)[:4000]
    step, role = document.review_step, document.current_review_role
    now = clock.now()
    if document.is_signing_step:
        errors: dict[str, list[str]] = {}
        mark = authority_mark or ""
        if mark not in AuthorityMark.values:
            errors["authority_mark"] = [_("Thẩm quyền ký không hợp lệ.")]
        title = clean_text(authority_title).upper()
        position = clean_text(signer_position)
        if mark and not title:
            errors["authority_title"] = [
                _("Nhập chức danh sau thẩm quyền ký, ví dụ CHỦ TỊCH, ỦY BAN NHÂN DÂN.")
            ]
        if not position:
            errors["signer_position"] = [_("Nhập chức vụ của người ký.")]
        if len(title) > 100 or len(position) > 100:
            errors["signer_position"] = [_("Tối đa 100 ký tự.")]
        if errors:
            raise DomainError(
                "signer_info_required",
                _("Ghi thẩm quyền ký và chức vụ người ký trước khi duyệt ký."),
                fields=errors,
            )
        before = _out_transition(document, OutgoingState.APPROVED)
        document.authority_mark = mark
        document.authority_title = title
        document.signer = actor
        document.signer_name = actor.full_name or actor.get_full_name()
        document.signer_position = position
        document.approved_at = now
        Signature.objects.create(
            document=document,
            kind=SignatureKind.APPROVAL,
            signer=actor,
            signer_name=document.signer_name,
            signer_position=position,
            authority_mark=mark,
            signed_at=now,
            version=_latest_version(document),
        )
    else:
        before = _out_transition(document, OutgoingState.IN_REVIEW)
        document.review_step = step + 1
    document.updated_at = now
    document.save()
    _review(document, actor, ReviewAction.APPROVE, comment, step, role)
    _out_record(
        "documents.outgoing.approve",
        document,
        actor=actor,
        from_state=before,
        step=step,
        role=role,
        competence=document.competence,
        signer=document.signer_name,
    )
    return document


# --- issue: number and code ----------------------------------------------------------------------


def outgoing_settings(agency: Agency) -> OutgoingSettings:
    found = OutgoingSettings.objects.filter(agency=agency).first()
    return found or OutgoingSettings(agency=agency)


def legal_normative_rule(on: dt.date):
    """The version of the rule listing the legal-normative types in force on ``on``."""
    from vanphong.core.refdata.selectors import RuleNotInForce, rule_in_force

    try:
        return rule_in_force(LEGAL_NORMATIVE_TYPES, on)
    except RuleNotInForce as exc:
        raise DomainError("rule_not_in_force", exc.messages[0], status=409) from None


def is_legal_normative(doc_type: DocumentType, rule) -> bool:
    return doc_type.name in set((rule.value or {}).get("types", []))


@dataclass(frozen=True)
class NumberingPlan:
    """Where the number of a document comes from at issue."""

    register: Register
    sequence: str
    legal_normative: bool
    rule: Any


def numbering_plan(document: OutgoingDocument, on: dt.date) -> NumberingPlan:
    """The sequence a document takes its number from (NĐ 30, Điều 15): confidential documents
    their own register; each legal-normative type its own sequence; administrative documents
    one shared sequence or one per type, as the agency configures."""
    rule = legal_normative_rule(on)
    legal = is_legal_normative(document.doc_type, rule)
    register = register_for(document.agency, RegisterKind.OUTGOING, document.is_confidential)
    base = register.sequence_key
    if document.is_confidential:
        sequence = base
    elif legal:
        sequence = f"{base}:qppl:{document.doc_type_id}"
    elif outgoing_settings(document.agency).admin_numbering == AdminNumbering.PER_TYPE:
        sequence = f"{base}:type:{document.doc_type_id}"
    else:
        sequence = base
    return NumberingPlan(register=register, sequence=sequence, legal_normative=legal, rule=rule)


def _code_part(value: str) -> str:
    return "".join(nfc(value).split())


def render_code(
    *,
    number: int,
    year: int,
    type_abbreviation: str,
    agency_abbreviation: str,
    unit_abbreviation: str = "",
    legal_normative: bool = False,
) -> str:
    """Số, ký hiệu (NĐ 30, Phụ lục I, II.3), without the "Số: " prefix:

    * ``05/QĐ-UBND`` — type abbreviation, then the issuer's;
    * ``12/UBND-KT`` — công văn (no type abbreviation): the issuer, then the drafting unit;
    * ``12/2026/QĐ-UBND`` — legal-normative: the year between number and notation.

    Numbers below 10 get a leading zero; no spaces; abbreviations as written (QĐ, QyĐ, TTr)."""
    padded = f"{number:02d}"
    type_abbr = _code_part(type_abbreviation)
    agency_abbr = _code_part(agency_abbreviation)
    unit_abbr = _code_part(unit_abbreviation)
    if not type_abbr:
        notation = "-".join(p for p in (agency_abbr, unit_abbr) if p)
    else:
        notation = f"{type_abbr}-{agency_abbr}"
    if legal_normative:
        return f"{padded}/{year}/{notation}"
    return f"{padded}/{notation}"


def _code_for(document: OutgoingDocument, number: int, year: int, legal: bool) -> str:
    return render_code(
        number=number,
        year=year,
        type_abbreviation=document.doc_type.abbreviation,
        agency_abbreviation=document.agency.short_name,
        unit_abbreviation=document.drafting_unit.abbreviation if document.drafting_unit else "",
        legal_normative=legal,
    )


def issue_preview(document: OutgoingDocument) -> dict:
    """The number and code the document would take if issued now (nothing is reserved)."""
    from vanphong.core.numbering.models import Sequence
    from vanphong.core.numbering.services import period_key

    now = clock.now()
    plan = numbering_plan(document, clock.local(now).date())
    last = (
        Sequence.objects.filter(
            agency=document.agency, register=plan.sequence, period_key=period_key("year", now)
        )
        .values_list("last_value", flat=True)
        .first()
        or 0
    )
    year = clock.local(now).year
    code = _code_for(document, last + 1, year, plan.legal_normative)
    return {"number": last + 1, "code": code, "so": f"Số: {code}", "plan": plan}


@transaction.atomic
def outgoing_issue(
    actor: Official, document: OutgoingDocument, *, file: Any = None
) -> OutgoingDocument:
    """Phát hành (NĐ 30, Điều 15–16): the clerk gives the approved document its number from
    the right sequence, its code and its issue date, stores the issued file as uploaded (or the
    signed version), and delivers it: units of the agency see it, agencies on the platform
    receive it at once in their incoming register, external agencies get a package.
    Issuing twice is refused (``already_issued``, 409) and changes nothing."""
    document = _out_lock(document)
    _require(is_clerk(actor, document.agency), _("Chỉ văn thư của cơ quan được phát hành văn bản."))
    before = _out_transition(document, OutgoingState.ISSUED)
    if file is not None and document.is_confidential:
        raise _confidential_file_error()
    now = clock.now()
    today = clock.local(now).date()
    plan = numbering_plan(document, today)
    if file is not None:
        document.issued_file = attachment_store(
            acting_user=actor,
            file=file,
            kinds=OUTGOING_FILE_KINDS,
            agency=document.agency,
            case=document,
        )
        document.file_text = textlayer.text_of(document.issued_file)
    elif not document.is_confidential:
        latest = _latest_version(document)
        document.issued_file = latest.file if latest else None
    # The number is taken last: the counter row stays locked for the shortest time.
    taken = next_number(
        agency=document.agency, register=plan.sequence, period="year", at=now, case=document
    )
    document.register = plan.register
    document.sequence = plan.sequence
    document.number = taken.value
    document.year = today.year
    document.code = _code_for(document, taken.value, today.year, plan.legal_normative)
    document.code_norm = normalize_identifier(document.code)
    document.issue_date = today
    document.issued_at = now
    document.issued_by = actor
    document.legal_normative_rule = plan.rule
    document.updated_at = now
    document.save()
    _out_record(
        "documents.outgoing.issue",
        document,
        actor=actor,
        from_state=before,
        number=document.number,
        code=document.code,
        sequence=document.sequence,
        legal_normative=plan.legal_normative,
        rule_version=plan.rule.pk,
    )
    _deliver(actor, document)
    transaction.on_commit(lambda: outgoing_issued.send(sender=OutgoingDocument, document=document))
    return document


def _deliver(actor, document: OutgoingDocument) -> None:
    """Delivery at issue: internal units (visible at once), agencies on the platform (their own
    incoming register, số đến, link both ways), external agencies (package to download)."""
    now = clock.now()
    for recipient in document.recipients.select_related("agency", "unit").order_by("id"):
        if recipient.kind == RecipientKind.AGENCY:
            incoming = _incoming_create(
                registered_by=None,
                agency=recipient.agency,
                channel=Channel.DIEN_TU,
                issuer_name=document.agency.name[:200],
                issuer_identifier=document.agency.identifier,
                so_ky_hieu=document.code,
                issue_date=document.issue_date,
                doc_type=document.doc_type,
                trich_yeu=document.trich_yeu,
                signer=document.signer_name,
                urgency=document.urgency,
                confidentiality=document.confidentiality,
                stored_file=document.issued_file,
                confirm_duplicate=True,
                event_payload={"from_outgoing": document.pk, "from_agency": document.agency_id},
            )
            recipient.incoming = incoming
            recipient.status = ExchangeStatus.RECEIVED
        elif recipient.kind == RecipientKind.UNIT:
            recipient.status = ExchangeStatus.ARRIVED
        else:
            recipient.status = ExchangeStatus.PENDING
        recipient.delivered_at = now
        recipient.save(update_fields=["incoming", "status", "delivered_at"])
    _out_record(
        "documents.outgoing.deliver",
        document,
        actor=actor,
        from_state=document.state,
        recipients=document.recipients.count(),
    )


# --- recall (thu hồi) ----------------------------------------------------------------------------


def may_recall(user, document: OutgoingDocument) -> bool:
    return bool(user and user.is_active) and bool(_roles(user, document.agency) & RECALL_ROLES)


@transaction.atomic
def outgoing_recall(actor: Official, document: OutgoingDocument, *, reason: str):
    """Thu hồi (NĐ 30, Điều 18; Phụ lục VI): the sender's copy is frozen with the reason;
    internal units lose it at once; each agency on the platform receives a recall request
    (exchange status 13) that its clerk accepts (15) or refuses (16)."""
    document = _out_lock(document)
    _require(
        may_recall(actor, document),
        _("Chỉ văn thư hoặc lãnh đạo cơ quan ban hành được thu hồi văn bản."),
    )
    reason = _comment_required(reason, "reason_required", _("Nêu lý do thu hồi."))
    if document.state == OutgoingState.RECALLED:
        raise DomainError("already_recalled", _("Văn bản đã được thu hồi."), status=409)
    if document.state != OutgoingState.ISSUED:
        raise DomainError("not_issued", _("Chỉ thu hồi văn bản đã phát hành."), status=409)
    before = _out_transition(document, OutgoingState.RECALLED)
    now = clock.now()
    document.recalled_at = now
    document.recalled_by = actor
    document.recall_reason = reason
    document.updated_at = now
    document.save()
    requested = document.recipients.filter(kind=RecipientKind.AGENCY, incoming__isnull=False)
    count = requested.update(status=ExchangeStatus.RECALL_REQUESTED, recall_requested_at=now)
    _out_record(
        "documents.outgoing.recall",
        document,
        actor=actor,
        from_state=before,
        reason=reason,
        requests=count,
    )
    return document


def _lock_recipient(recipient: OutgoingRecipient) -> OutgoingRecipient:
    return (
        OutgoingRecipient.objects.select_for_update(of=("self",))
        .select_related("document", "document__agency", "incoming", "agency")
        .get(pk=recipient.pk)
    )


def _require_recall_pending(actor, recipient: OutgoingRecipient) -> None:
    _require(
        recipient.kind == RecipientKind.AGENCY and is_clerk(actor, recipient.agency),
        _("Chỉ văn thư của cơ quan nhận được trả lời yêu cầu thu hồi."),
    )
    if recipient.status != ExchangeStatus.RECALL_REQUESTED:
        raise DomainError(
            "recall_not_pending",
            _("Không có yêu cầu thu hồi đang chờ trả lời (trạng thái: %(status)s).")
            % {"status": ExchangeStatus(recipient.status).label},
            status=409,
        )


@transaction.atomic
def recall_accept(actor: Official, recipient: OutgoingRecipient, *, answer: str = ""):
    """The receiving clerk accepts a recall (status 15): the incoming copy is withdrawn (kept
    in the register with its số đến and the reason; its open assignments end)."""
    recipient = _lock_recipient(recipient)
    _require_recall_pending(actor, recipient)
    now = clock.now()
    recipient.status = ExchangeStatus.RECALL_ACCEPTED
    recipient.recall_decided_at = now
    recipient.recall_decided_by = actor
    recipient.recall_answer = clean_multiline(answer)[:4000]
    recipient.save()
    incoming = _lock(recipient.incoming)
    before = incoming.state
    reason = recipient.document.recall_reason
    incoming.state = IncomingState.WITHDRAWN
    incoming.withdrawn_at = now
    incoming.withdrawn_reason = reason
    incoming.save(update_fields=["state", "withdrawn_at", "withdrawn_reason"])
    # The case is recalled by its sender: its assignments end with it (the kernel's
    # revocation of a whole case, whoever gave them).
    assignment_services.revoke_for_case(
        acting_user=actor,
        case=incoming,
        reason=_("Văn bản bị thu hồi: %(r)s") % {"r": reason},
    )
    _record(
        "documents.incoming.withdraw",
        incoming,
        actor=actor,
        from_state=before,
        reason=reason,
        outgoing=recipient.document_id,
    )
    eventlog.record(
        action="documents.outgoing.recall_accepted",
        actor=actor,
        agency=recipient.document.agency,
        case=recipient.document,
        payload={"recipient": recipient.pk, "agency": recipient.agency_id, "status": "15"},
    )
    return recipient


@transaction.atomic
def recall_refuse(actor: Official, recipient: OutgoingRecipient, *, answer: str):
    """The receiving clerk refuses a recall (status 16), with a reason; its copy stays."""
    recipient = _lock_recipient(recipient)
    _require_recall_pending(actor, recipient)
    answer = _comment_required(answer, "reason_required", _("Nêu lý do từ chối thu hồi."))
    recipient.status = ExchangeStatus.RECALL_REFUSED
    recipient.recall_decided_at = clock.now()
    recipient.recall_decided_by = actor
    recipient.recall_answer = answer
    recipient.save()
    eventlog.record(
        action="documents.outgoing.recall_refused",
        actor=actor,
        agency=recipient.document.agency,
        case=recipient.document,
        payload={"recipient": recipient.pk, "agency": recipient.agency_id, "status": "16"},
    )
    _record(
        "documents.incoming.recall_refused",
        recipient.incoming,
        actor=actor,
        from_state=recipient.incoming.state,
        reason=answer,
    )
    return recipient
