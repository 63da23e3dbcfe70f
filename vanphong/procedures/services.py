"""Writes to the procedure catalogue. Every function is atomic and writes the event log.

A procedure is described by a :class:`ProcedureInput` (also built by the Excel import), checked
as a whole by :func:`validate_input` (every problem at once, Vietnamese messages), then written.
A published procedure that changes gets a new :class:`ProcedureVersion`; an unchanged input
writes nothing (so re-importing the same catalogue is a no-op).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.core.text import clean_text, nfc
from vanphong.org.models import Agency, Official, Role, Unit
from vanphong.procedures.models import (
    DEFAULT_CUTOFF,
    HOURS_PER_DAY,
    MAX_SUPPLEMENT_REQUESTS,
    Field,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
    SupplementClock,
    normalize_code,
    validate_code,
)

MANAGER_ROLES = frozenset({Role.CAN_BO_MOT_CUA, Role.QUAN_TRI, Role.LANH_DAO_VAN_PHONG})
HALF = Decimal("0.5")
MAX_DAYS = Decimal(999)
MAX_AMOUNT = 10**12  # đồng


@dataclass
class FeeInput:
    name: str
    amount: int = 0
    note: str = ""


@dataclass
class ComponentInput:
    name: str
    originals: int = 1
    copies: int = 0
    mandatory: bool = True
    note: str = ""
    template_id: int | None = None


@dataclass
class StepInput:
    description: str
    budget_hours: Decimal
    unit_name: str = ""
    unit: Unit | None = None
    role: str = ""


@dataclass
class ProcedureInput:
    code: str
    name: str
    field_code: str
    field_name: str
    level: str
    competent_agency_name: str = ""
    competent_agency: Agency | None = None
    implementing_agency_name: str = ""
    implementing_agency: Agency | None = None
    applicants: str = ""
    submission_place: str = ""
    time_limit_days: Decimal = Decimal(0)
    same_day: bool = False
    cutoff_time: dt.time = DEFAULT_CUTOFF
    result: str = ""
    legal_basis: list[str] = field(default_factory=list)
    online_level: str = OnlineLevel.TRUC_TIEP
    five_on_the_spot: bool = False
    max_supplement_requests: int = 1
    supplement_clock: str = SupplementClock.RESUME
    internal_note: str = ""
    fees: list[FeeInput] = field(default_factory=list)
    components: list[ComponentInput] = field(default_factory=list)
    steps: list[StepInput] = field(default_factory=list)


# --- permissions ----------------------------------------------------------------------------


def can_manage(user) -> bool:
    """Cán bộ một cửa, quản trị or lãnh đạo văn phòng (in any agency), or a superuser."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from vanphong.org.selectors import effective_roles

    return bool(effective_roles(user) & MANAGER_ROLES)


def _check_actor(acting_user: Official | None) -> None:
    """``None`` is the system (demo data, commands); a person must hold a manager role."""
    if acting_user is not None and not can_manage(acting_user):
        raise DomainError(
            "procedure_forbidden",
            _("Bạn không có quyền quản lý danh mục thủ tục hành chính."),
            status=403,
        )


# --- validation -----------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    try:
        d = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _hours(d: Decimal) -> str:
    return f"{d.normalize():f}"


def validate_input(data: ProcedureInput) -> list[tuple[str, str, str]]:
    """Every problem of ``data`` as ``(field, code, message)``; empty when it can be written.
    Normalises ``data`` in place (code upper-cased, texts NFC and trimmed, names filled from
    the linked agency/unit)."""
    errors: list[tuple[str, str, str]] = []

    def err(name: str, code: str, message: str) -> None:
        errors.append((name, code, str(message)))

    data.code = normalize_code(data.code)
    try:
        validate_code(data.code)
    except ValidationError as exc:
        err("code", "procedure_code_invalid", exc.messages[0])
    data.name = clean_text(data.name)
    if not data.name:
        err("name", "procedure_name_required", _("Chưa nhập tên thủ tục."))
    data.field_code = clean_text(data.field_code)
    data.field_name = clean_text(data.field_name)
    if not data.field_code or not data.field_name:
        err("field", "procedure_field_required", _("Chưa nhập mã và tên lĩnh vực."))
    elif len(data.field_code) > 30:
        err("field", "procedure_field_invalid", _("Mã lĩnh vực dài quá 30 ký tự."))
    if data.level not in Level.values:
        err("level", "procedure_level_invalid", _("Cấp thực hiện không hợp lệ."))
    if data.online_level not in OnlineLevel.values:
        err(
            "online_level",
            "procedure_online_level_invalid",
            _("Mức dịch vụ công trực tuyến không hợp lệ."),
        )
    if data.competent_agency is not None and not data.competent_agency_name:
        data.competent_agency_name = data.competent_agency.name
    if data.implementing_agency is not None and not data.implementing_agency_name:
        data.implementing_agency_name = data.implementing_agency.name
    data.competent_agency_name = clean_text(data.competent_agency_name)
    data.implementing_agency_name = clean_text(data.implementing_agency_name)
    if not data.competent_agency_name:
        err(
            "competent_agency",
            "procedure_agency_required",
            _("Chưa nhập cơ quan có thẩm quyền giải quyết."),
        )
    for attr in ("applicants", "submission_place", "result", "internal_note"):
        setattr(data, attr, nfc(getattr(data, attr) or "").strip())
    data.legal_basis = [clean_text(x) for x in data.legal_basis if clean_text(x)]

    days = _decimal(data.time_limit_days)
    limit_ok = True
    if days is None or days < 0 or days > MAX_DAYS or days % HALF:
        err(
            "time_limit_days",
            "procedure_time_limit_invalid",
            _("Thời hạn giải quyết phải là số ngày làm việc, bội số của 0,5 (từ 0 đến 999)."),
        )
        limit_ok = False
    elif data.same_day and days != 0:
        err(
            "time_limit_days",
            "procedure_time_limit_invalid",
            _("Thủ tục giải quyết trong ngày có thời hạn 0 ngày làm việc."),
        )
        limit_ok = False
    elif not data.same_day and days == 0:
        err(
            "time_limit_days",
            "procedure_time_limit_invalid",
            _("Chưa nhập thời hạn giải quyết (hoặc đánh dấu giải quyết trong ngày)."),
        )
        limit_ok = False
    else:
        data.time_limit_days = days.quantize(Decimal("0.1"))
    if not isinstance(data.cutoff_time, dt.time):
        err("cutoff_time", "procedure_cutoff_invalid", _("Giờ tiếp nhận cuối ngày không hợp lệ."))
    n = data.max_supplement_requests
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_SUPPLEMENT_REQUESTS:
        err(
            "max_supplement_requests",
            "supplement_rule_invalid",
            _("Số lần yêu cầu bổ sung hồ sơ tối đa phải từ 1 đến %(n)s.")
            % {"n": MAX_SUPPLEMENT_REQUESTS},
        )
    if data.supplement_clock not in SupplementClock.values:
        err(
            "supplement_clock",
            "supplement_rule_invalid",
            _("Chọn cách tính thời hạn sau khi bổ sung hồ sơ."),
        )

    for i, fee in enumerate(data.fees, start=1):
        fee.name = clean_text(fee.name)
        fee.note = nfc(fee.note or "").strip()
        if not fee.name:
            err("fees", "fee_name_required", _("Phí, lệ phí %(n)s: chưa nhập tên.") % {"n": i})
        if not isinstance(fee.amount, int) or isinstance(fee.amount, bool) or fee.amount < 0:
            err(
                "fees",
                "fee_amount_invalid",
                _("Phí, lệ phí %(n)s: mức thu phải là số đồng không âm.") % {"n": i},
            )
    for i, comp in enumerate(data.components, start=1):
        comp.name = nfc(comp.name or "").strip()
        comp.note = nfc(comp.note or "").strip()
        if not comp.name:
            err(
                "components",
                "component_name_required",
                _("Thành phần hồ sơ %(n)s: chưa nhập tên giấy tờ.") % {"n": i},
            )
        counts_ok = all(
            isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 99
            for x in (comp.originals, comp.copies)
        )
        if not counts_ok or comp.originals + comp.copies < 1:
            err(
                "components",
                "component_count_invalid",
                _("Thành phần hồ sơ %(n)s: số bản chính, bản sao không hợp lệ.") % {"n": i},
            )
    total = Decimal(0)
    steps_ok = True
    for i, step in enumerate(data.steps, start=1):
        if step.unit is not None and not step.unit_name:
            step.unit_name = step.unit.name
        step.unit_name = clean_text(step.unit_name)
        step.description = nfc(step.description or "").strip()
        if not step.unit_name or not step.description:
            err(
                "steps",
                "step_incomplete",
                _("Bước %(n)s: chưa nhập đơn vị thực hiện hoặc nội dung công việc.") % {"n": i},
            )
        if step.role and step.role not in Role.values:
            err("steps", "step_role_invalid", _("Bước %(n)s: vai trò không hợp lệ.") % {"n": i})
        hours = _decimal(step.budget_hours)
        if hours is None or hours <= 0 or hours > MAX_DAYS * HOURS_PER_DAY or hours % HALF:
            err(
                "steps",
                "step_hours_invalid",
                _("Bước %(n)s: thời gian phải là số giờ làm việc dương, bội số của 0,5.")
                % {"n": i},
            )
            steps_ok = False
        else:
            step.budget_hours = hours.quantize(Decimal("0.1"))
            total += hours
    if limit_ok and steps_ok:
        limit = HOURS_PER_DAY if data.same_day else Decimal(data.time_limit_days) * HOURS_PER_DAY
        if total > limit:  # rule ND118-STEPS-WITHIN-LIMIT
            err(
                "steps",
                "steps_exceed_limit",
                _(
                    "Tổng thời gian các bước (%(total)s giờ) vượt thời hạn giải quyết theo quy "
                    "định (%(limit)s giờ làm việc)."
                )
                % {"total": _hours(total), "limit": _hours(limit)},
            )
    _check_lengths(data, err)
    return errors


# column sizes of the models: longer texts are refused with a message, never a database error
_LENGTHS = (
    ("name", "name", 500, gettext_lazy("Tên thủ tục")),
    ("field", "field_name", 255, gettext_lazy("Tên lĩnh vực")),
    ("competent_agency", "competent_agency_name", 255, gettext_lazy("Tên cơ quan có thẩm quyền")),
    ("implementing_agency", "implementing_agency_name", 255, gettext_lazy("Tên cơ quan thực hiện")),
)


def _check_lengths(data: ProcedureInput, err) -> None:
    too_long = _("%(what)s dài quá %(n)s ký tự.")
    for name, attr, size, what in _LENGTHS:
        if len(getattr(data, attr) or "") > size:
            err(name, "text_too_long", too_long % {"what": what, "n": size})
    for i, fee in enumerate(data.fees, start=1):
        if len(fee.name) > 255:
            err(
                "fees",
                "text_too_long",
                too_long % {"what": _("Phí, lệ phí %(n)s") % {"n": i}, "n": 255},
            )
        if isinstance(fee.amount, int) and fee.amount > MAX_AMOUNT:
            err("fees", "fee_amount_invalid", _("Phí, lệ phí %(n)s: mức thu quá lớn.") % {"n": i})
    for i, step in enumerate(data.steps, start=1):
        if len(step.unit_name) > 255:
            err("steps", "text_too_long", too_long % {"what": _("Bước %(n)s") % {"n": i}, "n": 255})
    if len(data.legal_basis) > 100 or any(len(x) > 1000 for x in data.legal_basis):
        err(
            "legal_basis",
            "text_too_long",
            _("Căn cứ pháp lý: tối đa 100 văn bản, mỗi dòng 1.000 ký tự."),
        )


def _raise_invalid(errors: list[tuple[str, str, str]]) -> None:
    fields: dict[str, list[str]] = {}
    for name, _code, message in errors:
        fields.setdefault(name, []).append(message)
    raise DomainError(errors[0][1], errors[0][2], fields=fields)


# --- snapshots ------------------------------------------------------------------------------


def _agency_ref(agency: Agency | None) -> str | None:
    return agency.identifier if agency is not None else None


def _unit_ref(unit: Unit | None) -> str | None:
    return f"{unit.agency.identifier}/{unit.abbreviation}" if unit is not None else None


def input_snapshot(data: ProcedureInput) -> dict:
    """The canonical content of a (validated) input, comparable with :func:`snapshot`."""
    return {
        "code": data.code,
        "name": data.name,
        "field": {"code": data.field_code, "name": data.field_name},
        "level": str(data.level),
        "competent_agency": _agency_ref(data.competent_agency),
        "competent_agency_name": data.competent_agency_name,
        "implementing_agency": _agency_ref(data.implementing_agency),
        "implementing_agency_name": data.implementing_agency_name,
        "applicants": data.applicants,
        "submission_place": data.submission_place,
        "time_limit_days": str(Decimal(data.time_limit_days).quantize(Decimal("0.1"))),
        "same_day": bool(data.same_day),
        "cutoff_time": data.cutoff_time.strftime("%H:%M"),
        "result": data.result,
        "legal_basis": list(data.legal_basis),
        "online_level": str(data.online_level),
        "five_on_the_spot": bool(data.five_on_the_spot),
        "max_supplement_requests": data.max_supplement_requests,
        "supplement_clock": str(data.supplement_clock),
        "internal_note": data.internal_note,
        "fees": [{"name": f.name, "amount": f.amount, "note": f.note} for f in data.fees],
        "components": [
            {
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "mandatory": bool(c.mandatory),
                "note": c.note,
                "template_id": c.template_id,
            }
            for c in data.components
        ],
        "steps": [
            {
                "order": i,
                "unit": _unit_ref(s.unit),
                "unit_name": s.unit_name,
                "role": s.role,
                "description": s.description,
                "budget_hours": str(Decimal(s.budget_hours).quantize(Decimal("0.1"))),
            }
            for i, s in enumerate(data.steps, start=1)
        ],
    }


def as_input(procedure: Procedure) -> ProcedureInput:
    """The stored procedure as an input (to edit it, or to compare)."""
    return ProcedureInput(
        code=procedure.code,
        name=procedure.name,
        field_code=procedure.field.code,
        field_name=procedure.field.name,
        level=procedure.level,
        competent_agency_name=procedure.competent_agency_name,
        competent_agency=procedure.competent_agency,
        implementing_agency_name=procedure.implementing_agency_name,
        implementing_agency=procedure.implementing_agency,
        applicants=procedure.applicants,
        submission_place=procedure.submission_place,
        time_limit_days=procedure.time_limit_days,
        same_day=procedure.same_day,
        cutoff_time=procedure.cutoff_time,
        result=procedure.result,
        legal_basis=list(procedure.legal_basis),
        online_level=procedure.online_level,
        five_on_the_spot=procedure.five_on_the_spot,
        max_supplement_requests=procedure.max_supplement_requests,
        supplement_clock=procedure.supplement_clock,
        internal_note=procedure.internal_note,
        fees=[FeeInput(f.name, f.amount, f.note) for f in procedure.fees.all()],
        components=[
            ComponentInput(c.name, c.originals, c.copies, c.mandatory, c.note, c.template_id)
            for c in procedure.components.all()
        ],
        steps=[
            StepInput(s.description, s.budget_hours, s.unit_name, s.unit, s.role)
            for s in procedure.steps.select_related("unit__agency")
        ],
    )


#: Keys added to the snapshot after versions were first frozen: their value in an older
#: version (which was the behaviour in force for it).
SNAPSHOT_DEFAULTS = {"max_supplement_requests": 1, "supplement_clock": SupplementClock.RESUME}


def supplement_rule(snap: dict) -> tuple[int, str]:
    """``(supplement requests allowed per agency, clock after a supplement)`` of a frozen
    version's snapshot (the one-stop module reads them from the dossier's pinned version)."""
    n = snap.get("max_supplement_requests", SNAPSHOT_DEFAULTS["max_supplement_requests"])
    mode = snap.get("supplement_clock", SNAPSHOT_DEFAULTS["supplement_clock"])
    return int(n), str(mode)


def snapshot(procedure: Procedure) -> dict:
    """The canonical content of a stored procedure (what a version freezes)."""
    return input_snapshot(as_input(procedure))


# --- writes ---------------------------------------------------------------------------------


def _field_for(code: str, name: str) -> Field:
    obj, created = Field.objects.get_or_create(code=code, defaults={"name": name})
    if not created and obj.name != name:
        obj.name = name
        obj.save(update_fields=["name"])
        from vanphong.core import search

        search.reindex(Procedure.objects.filter(field=obj))  # the field name is searchable
    return obj


def _write(procedure: Procedure, data: ProcedureInput) -> None:
    procedure.code = data.code
    procedure.name = data.name
    procedure.field = _field_for(data.field_code, data.field_name)
    for attr in (
        "level",
        "competent_agency",
        "competent_agency_name",
        "implementing_agency",
        "implementing_agency_name",
        "applicants",
        "submission_place",
        "time_limit_days",
        "same_day",
        "cutoff_time",
        "result",
        "legal_basis",
        "online_level",
        "five_on_the_spot",
        "max_supplement_requests",
        "supplement_clock",
        "internal_note",
    ):
        setattr(procedure, attr, getattr(data, attr))
    procedure.updated_at = clock.now()
    procedure.save()
    procedure.fees.all().delete()
    procedure.components.all().delete()
    procedure.steps.all().delete()
    ProcedureFee.objects.bulk_create(
        ProcedureFee(procedure=procedure, order=i, name=f.name, amount=f.amount, note=f.note)
        for i, f in enumerate(data.fees, start=1)
    )
    ProcedureComponent.objects.bulk_create(
        ProcedureComponent(
            procedure=procedure,
            order=i,
            name=c.name,
            originals=c.originals,
            copies=c.copies,
            mandatory=c.mandatory,
            note=c.note,
            template_id=c.template_id,
        )
        for i, c in enumerate(data.components, start=1)
    )
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            procedure=procedure,
            order=i,
            unit=s.unit,
            unit_name=s.unit_name,
            role=s.role,
            description=s.description,
            budget_hours=s.budget_hours,
        )
        for i, s in enumerate(data.steps, start=1)
    )


def _new_version(
    procedure: Procedure, *, acting_user: Official | None, valid_from: dt.datetime | None
) -> ProcedureVersion:
    valid_from = valid_from or clock.now()
    last = procedure.versions.order_by("-number").first()
    if last is not None and valid_from < last.valid_from:
        raise DomainError(
            "procedure_valid_from_invalid",
            _("Ngày áp dụng không được trước ngày áp dụng của phiên bản trước."),
            fields={
                "valid_from": [
                    _("Chọn ngày từ %(d)s trở đi.")
                    % {"d": f"{clock.local(last.valid_from):%d/%m/%Y %H:%M}"}
                ]
            },
        )
    procedure.current_version = (last.number if last else 0) + 1
    procedure.save(update_fields=["current_version"])
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=procedure.current_version,
        valid_from=valid_from,
        snapshot=snapshot(procedure),
        created_by=acting_user,
    )


@transaction.atomic
def procedure_create(
    *,
    acting_user: Official | None,
    data: ProcedureInput,
    publish: bool = False,
    valid_from: dt.datetime | None = None,
) -> Procedure:
    """Add a procedure (a draft unless ``publish``; version 1 in force from ``valid_from``,
    default now — the publication decision's date when it is loaded afterwards)."""
    _check_actor(acting_user)
    errors = validate_input(data)
    if (
        not any(e[0] == "code" for e in errors)
        and Procedure.objects.filter(code=data.code).exists()
    ):
        errors.insert(
            0,
            (
                "code",
                "procedure_code_taken",
                _("Mã thủ tục %(code)s đã có trong danh mục.") % {"code": data.code},
            ),
        )
    if errors:
        _raise_invalid(errors)
    procedure = Procedure()
    _write(procedure, data)
    eventlog.record(
        action="procedures.create",
        actor=acting_user,
        agency=procedure.competent_agency_id,
        case=procedure,
        to_state="draft",
        payload={"code": procedure.code},
    )
    if publish:
        procedure_publish(acting_user=acting_user, procedure=procedure, valid_from=valid_from)
    return procedure


@transaction.atomic
def procedure_update(
    *,
    acting_user: Official | None,
    procedure: Procedure,
    data: ProcedureInput,
    valid_from: dt.datetime | None = None,
) -> ProcedureVersion | None:
    """Replace the content of ``procedure`` by ``data``. Nothing is written when the content is
    unchanged. A published procedure gets a new version (valid from ``valid_from``, default now)
    and it is returned; older versions stay as they were."""
    _check_actor(acting_user)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    errors = validate_input(data)
    if data.code != procedure.code:
        errors.insert(
            0, ("code", "procedure_code_fixed", _("Không được đổi mã của thủ tục đã có."))
        )
    if errors:
        _raise_invalid(errors)
    before = snapshot(procedure)
    if input_snapshot(data) == before:
        return None
    _write(procedure, data)
    version = None
    if procedure.is_published:
        version = _new_version(procedure, acting_user=acting_user, valid_from=valid_from)
    eventlog.record(
        action="procedures.update",
        actor=acting_user,
        agency=procedure.competent_agency_id,
        case=procedure,
        payload={"code": procedure.code, "version": version.number if version else None},
    )
    return version


@transaction.atomic
def procedure_publish(
    *,
    acting_user: Official | None,
    procedure: Procedure,
    valid_from: dt.datetime | None = None,
) -> ProcedureVersion:
    """Publish a draft: version 1 of its content, shown to citizens."""
    _check_actor(acting_user)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.is_published:
        raise DomainError("procedure_already_published", _("Thủ tục này đã được công bố trước đó."))
    procedure.published_at = clock.now()
    procedure.save(update_fields=["published_at"])
    version = _new_version(procedure, acting_user=acting_user, valid_from=valid_from)
    eventlog.record(
        action="procedures.publish",
        actor=acting_user,
        agency=procedure.competent_agency_id,
        case=procedure,
        from_state="draft",
        to_state="published",
        payload={"code": procedure.code, "version": version.number},
    )
    return version


@transaction.atomic
def procedure_deactivate(
    *, acting_user: Official | None, procedure: Procedure, reason: str = ""
) -> Procedure:
    """Stop applying a procedure (it leaves the public catalogue; its versions stay)."""
    _check_actor(acting_user)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if not procedure.is_active:
        raise DomainError("procedure_inactive", _("Thủ tục này đã ngừng áp dụng."))
    procedure.is_active = False
    procedure.updated_at = clock.now()
    procedure.save(update_fields=["is_active", "updated_at"])
    eventlog.record(
        action="procedures.deactivate",
        actor=acting_user,
        agency=procedure.competent_agency_id,
        case=procedure,
        from_state="active",
        to_state="inactive",
        payload={"code": procedure.code, "reason": clean_text(reason)},
    )
    return procedure


TEMPLATE_KINDS = ("pdf", "docx", "doc")


@transaction.atomic
def component_set_template(
    *, acting_user: Official | None, component: ProcedureComponent, file
) -> ProcedureComponent:
    """Attach a form template (mẫu đơn, tờ khai: PDF or Word) to a component, stored through
    the kernel's attachments. It is part of the procedure's content: a published procedure gets
    a new version. Returns the component as it is now (components are re-created on change)."""
    from vanphong.core.attachments.services import attachment_store

    _check_actor(acting_user)
    procedure = component.procedure
    agency = procedure.competent_agency_id or getattr(acting_user, "agency_id", None)
    if agency is None:
        raise DomainError(
            "procedure_template_no_agency",
            _("Chưa xác định được cơ quan lưu mẫu đơn, tờ khai."),
        )
    position = list(procedure.components.values_list("pk", flat=True)).index(component.pk)
    att = attachment_store(
        acting_user=acting_user, file=file, kinds=TEMPLATE_KINDS, agency=agency, case=None
    )
    data = as_input(procedure)
    data.components[position].template_id = att.pk
    procedure_update(acting_user=acting_user, procedure=procedure, data=data)
    return procedure.components.all()[position]


@transaction.atomic
def procedure_reactivate(
    *, acting_user: Official | None, procedure: Procedure, reason: str = ""
) -> Procedure:
    """Apply a deactivated procedure again (back in the public catalogue when published)."""
    _check_actor(acting_user)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.is_active:
        raise DomainError("procedure_active", _("Thủ tục này đang áp dụng."))
    procedure.is_active = True
    procedure.updated_at = clock.now()
    procedure.save(update_fields=["is_active", "updated_at"])
    eventlog.record(
        action="procedures.reactivate",
        actor=acting_user,
        agency=procedure.competent_agency_id,
        case=procedure,
        from_state="inactive",
        to_state="active",
        payload={"code": procedure.code, "reason": clean_text(reason)},
    )
    return procedure


@transaction.atomic
def procedure_save(
    *,
    acting_user: Official | None,
    data: ProcedureInput,
    procedure: Procedure | None = None,
    valid_from: dt.datetime | None = None,
    templates: dict | None = None,
    publish: bool = False,
) -> tuple[Procedure, ProcedureVersion | None]:
    """What the staff form does: create ``data`` (a draft, or published when ``publish``) or
    replace the content of ``procedure`` (a new version when published, valid from
    ``valid_from``). ``templates`` maps a component's position in ``data.components`` to an
    uploaded template file (PDF/Word), stored through the kernel's attachments only once the
    whole input is valid. Returns the procedure and the version written (or None)."""
    _check_actor(acting_user)
    errors = validate_input(data)
    if errors:
        _raise_invalid(errors)
    if templates:
        from vanphong.core.attachments.services import attachment_store

        agency = (
            (procedure.competent_agency_id if procedure is not None else None)
            or (data.competent_agency.pk if data.competent_agency is not None else None)
            or getattr(acting_user, "agency_id", None)
        )
        if agency is None:
            raise DomainError(
                "procedure_template_no_agency",
                _("Chưa xác định được cơ quan lưu mẫu đơn, tờ khai."),
                fields={"components": [_("Chưa xác định được cơ quan lưu mẫu đơn, tờ khai.")]},
            )
        for position, file in sorted(templates.items()):
            try:
                att = attachment_store(
                    acting_user=acting_user, file=file, kinds=TEMPLATE_KINDS, agency=agency
                )
            except DomainError as exc:
                message = _("Thành phần hồ sơ %(n)s: %(m)s") % {"n": position + 1, "m": exc.message}
                raise DomainError(exc.code, message, fields={"components": [message]}) from exc
            data.components[position].template_id = att.pk
    if procedure is None:
        procedure = procedure_create(acting_user=acting_user, data=data, publish=publish)
        procedure.refresh_from_db()
        return procedure, procedure.versions.first() if publish else None
    version = procedure_update(
        acting_user=acting_user, procedure=procedure, data=data, valid_from=valid_from
    )
    procedure.refresh_from_db()
    return procedure, version
