"""Taking and voiding numbers in gapless sequences (Nghị định 30/2020/NĐ-CP, Điều 15, 22).

``next_number`` runs inside the caller's transaction: the counter row is incremented by one
atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement, which on PostgreSQL holds the
row lock until the caller commits or rolls back (a concurrent caller waits, then sees the
committed value), and on SQLite runs inside the ``BEGIN IMMEDIATE`` transaction configured in
``vanphong/env.py`` (one writer at a time). A rollback takes the increment with it, so the number
returns to the sequence; the numbers that survive are exactly 1..n.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.numbering.models import IssuedNumber, Period, Sequence

PeriodKind = Literal["year", "day"]

# Roles that may void a number of their agency (the văn thư keeps the registers).
VOID_ROLES = frozenset({"van_thu", "quan_tri", "lanh_dao_van_phong"})


@dataclass(frozen=True)
class TakenNumber:
    """A number taken from a sequence, with the row that records it."""

    value: int
    period: str
    period_key: str
    register: str
    agency_id: int
    issued: IssuedNumber

    def padded(self, width: int = 2) -> str:
        """The number with leading zeros: ``05`` (NĐ 30, Phụ lục I) or ``0012`` (one-stop)."""
        return f"{self.value:0{width}d}"

    def __str__(self) -> str:
        return self.padded()

    def __int__(self) -> int:
        return self.value


def period_key(period: PeriodKind, at: dt.datetime | dt.date | None = None) -> str:
    """The key of the period containing ``at`` (default: the kernel clock), in Vietnam time:
    ``"2026"`` for a yearly sequence, ``"2026-03-09"`` for a daily one."""
    if at is None:
        moment = clock.now()
    elif isinstance(at, dt.datetime):
        moment = clock.local(at)
    else:  # a date: that day in Vietnam
        moment = dt.datetime.combine(at, dt.time(12, 0), tzinfo=clock.VN_TZ)
    if period == Period.YEAR:
        return f"{moment.year:04d}"
    if period == Period.DAY:
        return moment.date().isoformat()
    raise ValidationError(
        _("Kỳ đánh số không hợp lệ: %(period)s (chỉ nhận 'year' hoặc 'day')."),
        code="invalid_period",
        params={"period": period},
    )


def _check_register(register: str) -> str:
    register = (register or "").strip()
    if not register or len(register) > 100:
        raise ValidationError(
            _("Tên sổ / dãy số phải có từ 1 đến 100 ký tự."), code="invalid_register"
        )
    return register


def _agency_id(agency) -> int:
    return agency if isinstance(agency, int) else agency.pk


def _upsert_sql() -> str:
    """One atomic statement, the same on PostgreSQL and SQLite (3.35+): create the counter at 1
    or add one to it, and return the new value."""
    qn = connection.ops.quote_name
    table = qn(Sequence._meta.db_table)
    return (
        f"INSERT INTO {table} "
        f"({qn('agency_id')}, {qn('register')}, {qn('period_key')}, {qn('last_value')}, "
        f"{qn('created_at')}, {qn('updated_at')}) "
        f"VALUES (%s, %s, %s, 1, %s, %s) "
        f"ON CONFLICT ({qn('agency_id')}, {qn('register')}, {qn('period_key')}) "
        f"DO UPDATE SET {qn('last_value')} = {table}.{qn('last_value')} + 1, "
        f"{qn('updated_at')} = EXCLUDED.{qn('updated_at')} "
        f"RETURNING {qn('last_value')}"
    )


def next_number(
    *,
    agency,
    register: str,
    period: PeriodKind,
    at: dt.datetime | dt.date | None = None,
    case: models.Model | str | None = None,
) -> TakenNumber:
    """Take the next number of the sequence (agency, register, period containing ``at``).

    Runs in the caller's transaction (a savepoint inside it): if the caller rolls back, the
    number returns to the sequence. ``case`` is the model instance (saved) or a label that the
    number is issued for; it is recorded on the :class:`IssuedNumber`.

    Take the number late in the transaction: the counter row stays locked until the caller
    commits (PostgreSQL), so other takers of the same sequence wait; when one transaction takes
    numbers from several sequences, take them in a fixed order to avoid deadlocks.
    """
    register = _check_register(register)
    key = period_key(period, at)
    agency_id = _agency_id(agency)
    now = clock.now()
    stamp = Sequence._meta.get_field("updated_at").get_db_prep_value(now, connection)
    case_type, case_id, case_label = _case_reference(case)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(), [agency_id, register, key, stamp, stamp])
            (value,) = cursor.fetchone()
        issued = IssuedNumber.objects.create(
            agency_id=agency_id,
            register=register,
            period_key=key,
            number=value,
            case_type=case_type,
            case_id=case_id,
            case_label=case_label,
            created_at=now,
        )
    return TakenNumber(
        value=value,
        period=str(period),
        period_key=key,
        register=register,
        agency_id=agency_id,
        issued=issued,
    )


def peek_next(*, agency, register: str, period: PeriodKind, at: dt.datetime | None = None) -> int:
    """The number the next call would take now, for display only (no side effect; another
    user may take it first)."""
    register = _check_register(register)
    last = (
        Sequence.objects.filter(
            agency_id=_agency_id(agency), register=register, period_key=period_key(period, at)
        )
        .values_list("last_value", flat=True)
        .first()
    )
    return (last or 0) + 1


def _case_reference(case) -> tuple[ContentType | None, str, str]:
    if case is None:
        return None, "", ""
    if isinstance(case, str):
        return None, "", case[:255]
    if case.pk is None:
        raise ValidationError(
            _("Đối tượng được cấp số phải được lưu trước khi cấp số."), code="unsaved_case"
        )
    return ContentType.objects.get_for_model(case), str(case.pk), str(case)[:255]


@transaction.atomic
def link_case(*, issued: IssuedNumber, case: models.Model) -> IssuedNumber:
    """Attach the record a number was taken for, when the number was taken before the record
    was saved (e.g. a dossier code printed on the receipt). Refused if already linked."""
    locked = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
    case_type, case_id, label = _case_reference(case)
    if locked.case_type_id and (locked.case_type_id, locked.case_id) != (case_type.pk, case_id):
        raise ValidationError(_("Số này đã gắn với một đối tượng khác."), code="already_linked")
    locked.case_type, locked.case_id = case_type, case_id
    locked.case_label = locked.case_label or label
    locked.save(update_fields=["case_type", "case_id", "case_label"])
    return locked


def _may_void(user, agency_id: int) -> bool:
    """A platform administrator, or the văn thư / quản trị / office leader of the agency (own
    role or delegated, by the kernel clock)."""
    from vanphong.org import selectors as org

    if org.is_platform_admin(user):
        return True
    return bool({str(r) for r in org.effective_roles(user, agency_id)} & VOID_ROLES)


@transaction.atomic
def void_number(*, acting_user, issued: IssuedNumber, reason: str) -> IssuedNumber:
    """Void an issued number, with a reason, logged. The number stays taken: it is never
    handed out again (the sequence counter does not move back)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Phải ghi lý do hủy số."), code="void_reason_required")}
        )
    locked = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
    if not _may_void(acting_user, locked.agency_id):
        raise PermissionDenied(_("Chỉ văn thư hoặc quản trị của cơ quan mới được hủy số."))
    if locked.voided_at is not None:
        raise ValidationError(_("Số này đã bị hủy trước đó."), code="already_voided")
    locked.voided_at = clock.now()
    locked.void_reason = reason
    locked.voided_by = acting_user
    locked.save(update_fields=["voided_at", "void_reason", "voided_by"])

    from vanphong.core import eventlog

    eventlog.record(
        action="numbering.void",
        actor=acting_user,
        agency=locked.agency,
        unit=None,
        case=locked,
        from_state="issued",
        to_state="voided",
        due_at=None,
        payload={
            "register": locked.register,
            "period_key": locked.period_key,
            "number": locked.number,
            "reason": reason,
            "case_type": (
                f"{locked.case_type.app_label}.{locked.case_type.model}"
                if locked.case_type_id
                else ""
            ),
            "case_id": locked.case_id,
            "case_label": locked.case_label,
        },
    )
    issued.refresh_from_db()
    return locked
