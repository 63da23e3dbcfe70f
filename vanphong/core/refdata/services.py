"""Writes of versioned reference data: add a rule version (closing the previous one), correct
one, pin the version in force to a case. Every change is written to the event log."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from vanphong.core.refdata.models import RulePin, RuleVersion
from vanphong.core.refdata.selectors import as_date, rule_in_force

_LOCK_NAMESPACE = 0x52564552  # "RVER": advisory locks of rule keys (PostgreSQL)

EDITABLE_FIELDS = ("value", "unit", "legal_basis", "valid_from", "valid_to", "note")


def _check_permission(acting_user, perm: str) -> None:
    """``acting_user=None`` is the system (fixtures, management commands)."""
    if acting_user is not None and not acting_user.has_perm(perm):
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới được sửa dữ liệu quy định."))


def _lock_key(key: str) -> None:
    """Serialise writers of one key. SQLite: already serialised by BEGIN IMMEDIATE."""
    if connection.vendor == "postgresql":
        objid = zlib.crc32(key.encode()) - 2**31  # signed int4
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, objid])


def _snapshot(version: RuleVersion) -> dict[str, Any]:
    return {
        "key": version.key,
        "value": version.value,
        "unit": version.unit,
        "legal_basis": version.legal_basis,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "note": version.note,
    }


def _log(action: str, acting_user, version: RuleVersion, payload: dict) -> None:
    from vanphong.core import eventlog

    eventlog.record(
        action=action,
        actor=acting_user,
        agency=None,
        unit=None,
        case=version,
        from_state="",
        to_state="",
        due_at=None,
        payload=payload,
    )


@transaction.atomic
def rule_version_create(
    *,
    acting_user,
    key: str,
    value: Any,
    legal_basis: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    unit: str = "",
    note: str = "",
) -> RuleVersion:
    """Add a version of rule ``key`` in force from ``valid_from``. The open-ended version that
    started earlier, if any, is closed the day before ``valid_from``. A period that overlaps
    another version is refused (ValidationError code ``overlap``)."""
    _check_permission(acting_user, "refdata.add_ruleversion")
    if not (legal_basis or "").strip():
        raise ValidationError(
            {
                "legal_basis": ValidationError(
                    _("Phải ghi căn cứ pháp lý."), code="legal_basis_required"
                )
            }
        )
    version = RuleVersion(
        key=key,
        value=value,
        unit=unit,
        legal_basis=legal_basis.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    version.clean_fields()
    _lock_key(key)
    previous = (
        RuleVersion.objects.select_for_update()
        .filter(key=key, valid_to__isnull=True, valid_from__lt=valid_from)
        .first()
    )
    if previous is not None:
        previous.valid_to = valid_from - dt.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
        _log(
            "refdata.rule_version.close",
            acting_user,
            previous,
            {"key": key, "valid_to": previous.valid_to.isoformat()},
        )
    version.full_clean()
    version.save()
    _log("refdata.rule_version.create", acting_user, version, _snapshot(version))
    return version


@transaction.atomic
def rule_version_update(*, acting_user, version: RuleVersion, **changes: Any) -> RuleVersion:
    """Correct a version (administrator). Once in force, only the legal basis, the end date and
    the note may change (ValidationError code ``version_in_force``); add a new version instead."""
    _check_permission(acting_user, "refdata.change_ruleversion")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"rule_version_update: unknown fields {sorted(unknown)}")
    _lock_key(version.key)
    locked = RuleVersion.objects.select_for_update().get(pk=version.pk)
    before = _snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    after = _snapshot(locked)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changed:
        locked.save()
        _log("refdata.rule_version.update", acting_user, locked, {"changed": changed})
    for name in EDITABLE_FIELDS:
        setattr(version, name, getattr(locked, name))
    return locked


@transaction.atomic
def pin_rule(
    case: models.Model, key: str, *, on: dt.date | dt.datetime | None = None
) -> RuleVersion:
    """Bind ``case`` to the version of ``key`` in force on ``on`` (the reception date; default
    today) and return it. Idempotent: a case already pinned keeps its first version, whatever
    was added since. Call it inside the reception service, whose event records the reception."""
    if case.pk is None:
        raise ValidationError(_("Hồ sơ phải được lưu trước khi gắn quy định."), code="unsaved_case")
    case_type = ContentType.objects.get_for_model(case)
    existing = (
        RulePin.objects.select_related("version")
        .filter(case_type=case_type, case_id=str(case.pk), key=key)
        .first()
    )
    if existing is not None:
        return existing.version
    version = rule_in_force(key, as_date(on))
    RulePin.objects.create(case_type=case_type, case_id=str(case.pk), key=key, version=version)
    return version


@transaction.atomic
def rule_versions_load(*, acting_user, entries: list[dict[str, Any]]) -> dict[str, int]:
    """Load rule versions from data (a fixture file, a seed step), idempotently: an entry equal
    to the stored version with the same key and start date is skipped, a new one is added with
    :func:`rule_version_create`, a different one is refused (code ``conflict``): a stored rule
    is never changed silently. Entries: ``key, value, legal_basis, valid_from`` (ISO date),
    optional ``valid_to, unit, note``. Returns ``{"created": n, "unchanged": m}``."""
    created = unchanged = 0
    for entry in sorted(entries, key=lambda e: (e.get("key", ""), str(e.get("valid_from", "")))):
        try:
            fields = {
                "key": entry["key"],
                "value": entry["value"],
                "legal_basis": entry["legal_basis"],
                "valid_from": _date(entry["valid_from"]),
                "valid_to": _date(entry.get("valid_to")),
                "unit": entry.get("unit", ""),
                "note": entry.get("note", ""),
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                _("Dòng dữ liệu quy định không hợp lệ: %(entry)s (%(error)s)."),
                code="invalid_entry",
                params={"entry": entry, "error": exc},
            ) from None
        stored = RuleVersion.objects.filter(
            key=fields["key"], valid_from=fields["valid_from"]
        ).first()
        if stored is None:
            rule_version_create(acting_user=acting_user, **fields)
            created += 1
            continue
        differs = [
            name
            for name in ("value", "unit", "legal_basis", "note")
            if getattr(stored, name) != fields[name]
        ]
        # A stored open version may have been closed by a later one since: not a conflict.
        if fields["valid_to"] is not None and stored.valid_to != fields["valid_to"]:
            differs.append("valid_to")
        if differs:
            raise ValidationError(
                _("Phiên bản %(key)s từ %(date)s đã có với nội dung khác (%(fields)s)."),
                code="conflict",
                params={
                    "key": fields["key"],
                    "date": fields["valid_from"].strftime("%d/%m/%Y"),
                    "fields": ", ".join(differs),
                },
            )
        unchanged += 1
    return {"created": created, "unchanged": unchanged}


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
