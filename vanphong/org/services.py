"""Writes about agencies, units, officials, roles and delegation (ủy quyền).

Every function is keyword-only, atomic, checks that ``acting_user`` may act (``None`` means the
system itself: seed and management commands) and writes the event log. Bad input raises Django's
``ValidationError`` (per field, Vietnamese, with a code) or :class:`DomainError`; a forbidden act
raises ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.org import selectors
from vanphong.org.models import (
    Agency,
    ApiToken,
    Delegation,
    Membership,
    Official,
    Position,
    Role,
    RoleGrant,
    Unit,
)

AGENCY_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "kind",
        "identifier",
        "legacy_identifier",
        "parent",
        "province_code",
        "ward_code",
        "address",
        "phone",
        "email",
        "is_active",
    }
)
TOKEN_PREFIX = "vp_"
UNIT_FIELDS = frozenset({"name", "abbreviation", "kind", "order", "is_active"})


def _record(action: str, *, actor, agency=None, unit=None, case=None, payload=None) -> None:
    from vanphong.core import eventlog

    eventlog.record(
        action=action,
        actor=actor,
        agency=agency,
        unit=unit,
        case=case,
        payload=payload or {},
    )


def _require_platform_admin(acting_user) -> None:
    if acting_user is not None and not selectors.is_platform_admin(acting_user):
        raise PermissionDenied(_("Chỉ quản trị viên hệ thống được thực hiện thao tác này."))


def _require_agency_admin(acting_user, agency: Agency) -> None:
    """The system, a platform administrator, or an official with role quản trị in ``agency``."""
    if acting_user is None or selectors.is_platform_admin(acting_user):
        return
    if Role.QUAN_TRI in selectors.own_roles(acting_user, agency):
        return
    raise PermissionDenied(_("Bạn không có quyền quản trị cơ quan này."))


def _reject_unknown(changes: dict, allowed: frozenset[str]) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise DomainError(
            "unknown_field",
            _("Không được sửa các trường: %(fields)s.") % {"fields": ", ".join(unknown)},
            fields={name: [_("Trường này không sửa được.")] for name in unknown},
        )


# --- Agencies -------------------------------------------------------------------------------


def _check_agency_parent(agency: Agency) -> None:
    node, seen = agency.parent, set()
    while node is not None and node.pk not in seen:
        if agency.pk is not None and node.pk == agency.pk:
            raise ValidationError(
                {"parent": _("Cơ quan cấp trên không được là chính nó hoặc cơ quan cấp dưới.")},
                code="agency_cycle",
            )
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def agency_create(
    *,
    acting_user: Official | None,
    name: str,
    short_name: str,
    kind: str,
    identifier: str,
    legacy_identifier: str = "",
    parent: Agency | None = None,
    province_code: int | None = None,
    ward_code: int | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Agency:
    """Create an agency; its identifier follows QĐ 20/2020 (``full_clean``, Vietnamese errors)."""
    _require_platform_admin(acting_user)
    agency = Agency(
        name=name,
        short_name=short_name,
        kind=kind,
        identifier=(identifier or "").strip(),
        legacy_identifier=(legacy_identifier or "").strip(),
        parent=parent,
        province_code=province_code,
        ward_code=ward_code,
        address=address,
        phone=phone,
        email=email,
    )
    agency.full_clean()
    agency.save()
    _record(
        "org.agency_create",
        actor=acting_user,
        agency=agency,
        case=agency,
        payload={"identifier": agency.identifier, "name": agency.name},
    )
    return agency


@transaction.atomic
def agency_update(*, acting_user: Official | None, agency: Agency, **changes) -> Agency:
    """Change an agency's fields (``AGENCY_FIELDS``). Its administrators may change everything
    but the identifiers, the parent and the active flag, which the platform administrator keeps."""
    _reject_unknown(changes, AGENCY_FIELDS)
    if {"identifier", "legacy_identifier", "parent", "is_active"} & set(changes):
        _require_platform_admin(acting_user)
    else:
        _require_agency_admin(acting_user, agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {name: str(getattr(agency, name)) for name in changes}
    for name, value in changes.items():
        if name in ("identifier", "legacy_identifier") and isinstance(value, str):
            value = value.strip()
        setattr(agency, name, value)
    _check_agency_parent(agency)
    agency.full_clean()
    agency.save()
    _record(
        "org.agency_update",
        actor=acting_user,
        agency=agency,
        case=agency,
        payload={
            "changes": {n: [before[n], str(getattr(agency, n))] for n in sorted(changes)},
        },
    )
    return agency


# --- Units ----------------------------------------------------------------------------------


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.agency_id != unit.agency_id:
        raise ValidationError(
            {"parent": _("Đơn vị cấp trên phải thuộc cùng cơ quan.")}, code="unit_other_agency"
        )
    node, seen = parent, set()
    while node is not None and node.pk not in seen:
        if unit.pk is not None and node.pk == unit.pk:
            raise ValidationError(
                {"parent": _("Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới.")},
                code="unit_cycle",
            )
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def unit_create(
    *,
    acting_user: Official | None,
    agency: Agency,
    name: str,
    abbreviation: str,
    kind: str = "phong",
    parent: Unit | None = None,
    order: int = 0,
) -> Unit:
    _require_agency_admin(acting_user, agency)
    unit = Unit(
        agency=agency,
        name=name,
        abbreviation=(abbreviation or "").strip(),
        kind=kind,
        parent=parent,
        order=order,
    )
    _check_unit_parent(unit, parent)
    unit.full_clean()
    unit.save()
    _record(
        "org.unit_create",
        actor=acting_user,
        agency=agency,
        unit=unit,
        case=unit,
        payload={"name": unit.name, "parent": parent.pk if parent else None},
    )
    return unit


@transaction.atomic
def unit_update(*, acting_user: Official | None, unit: Unit, **changes) -> Unit:
    """Change a unit's ``UNIT_FIELDS`` (to change its parent use :func:`unit_move`)."""
    _reject_unknown(changes, UNIT_FIELDS)
    _require_agency_admin(acting_user, unit.agency)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = {name: str(getattr(unit, name)) for name in changes}
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    _record(
        "org.unit_update",
        actor=acting_user,
        agency=unit.agency,
        unit=unit,
        case=unit,
        payload={"changes": {n: [before[n], str(getattr(unit, n))] for n in sorted(changes)}},
    )
    return unit


@transaction.atomic
def unit_move(*, acting_user: Official | None, unit: Unit, parent: Unit | None) -> Unit:
    """Put ``unit`` under ``parent`` (same agency, no cycle) or at the top (``None``)."""
    _require_agency_admin(acting_user, unit.agency)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    old_parent = unit.parent_id
    _check_unit_parent(unit, parent)
    unit.parent = parent
    unit.full_clean()
    unit.save(update_fields=["parent"])
    _record(
        "org.unit_move",
        actor=acting_user,
        agency=unit.agency,
        unit=unit,
        case=unit,
        payload={"from": old_parent, "to": parent.pk if parent else None},
    )
    return unit


# --- Officials and roles --------------------------------------------------------------------


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(
            {"role": _("Vai trò không hợp lệ: %(role)s.") % {"role": role}}, code="invalid_role"
        ) from None


@transaction.atomic
def official_create(
    *,
    acting_user: Official | None,
    agency: Agency,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    phone: str = "",
    unit: Unit | None = None,
    position: Position | str | None = None,
    is_head: bool = False,
    roles: Iterable[str] = (),
    require_second_factor: bool = False,
) -> Official:
    """Create an official of ``agency``, optionally in ``unit`` (primary membership) with a
    position (a ``Position`` or its name, created if new), and grant ``roles`` (unit-limited for
    chuyên viên and lãnh đạo phòng when a unit is given). ``password=None`` leaves it unusable."""
    _require_agency_admin(acting_user, agency)
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError(
            {"unit": _("Đơn vị phải thuộc cơ quan của cán bộ.")}, code="unit_other_agency"
        )
    roles = [_check_role(r) for r in roles]
    if Role.QUAN_TRI in roles:
        _require_platform_admin(acting_user)
    official = Official(
        agency=agency,
        username=(username or "").strip(),
        full_name=(full_name or "").strip(),
        email=(email or "").strip(),
        phone=phone,
        require_second_factor=require_second_factor,
    )
    if password is None:
        official.set_unusable_password()
    else:
        try:
            validate_password(password, official)
        except ValidationError as exc:
            raise ValidationError({"password": exc.error_list}) from None
        official.set_password(password)
    official.full_clean()
    official.save()
    if unit is not None:
        if isinstance(position, str):
            position = Position.objects.get_or_create(agency=agency, name=position.strip())[0]
        elif position is not None and position.agency_id != agency.pk:
            raise ValidationError(
                {"position": _("Chức vụ phải thuộc cơ quan của cán bộ.")},
                code="position_other_agency",
            )
        Membership.objects.create(
            official=official, unit=unit, position=position, is_primary=True, is_head=is_head
        )
    for role in roles:
        RoleGrant.objects.create(
            official=official,
            agency=agency,
            role=role,
            unit=unit if role in (Role.LANH_DAO_PHONG, Role.CHUYEN_VIEN) else None,
        )
    _record(
        "org.official_create",
        actor=acting_user,
        agency=agency,
        unit=unit,
        case=official,
        payload={"username": official.username, "roles": sorted(r.value for r in roles)},
    )
    return official


@transaction.atomic
def role_grant(
    *,
    acting_user: Official | None,
    official: Official,
    role: str,
    agency: Agency | None = None,
    unit: Unit | None = None,
) -> RoleGrant:
    """Grant ``role`` in ``agency`` (default: the official's), optionally limited to ``unit``.
    Granting a role already held returns the existing grant."""
    role = _check_role(role)
    agency = agency or (unit.agency if unit is not None else official.agency)
    if agency is None:
        raise ValidationError({"agency": _("Cần chọn cơ quan.")}, code="required")
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError(
            {"unit": _("Đơn vị phải thuộc cơ quan được chọn.")}, code="unit_other_agency"
        )
    _require_agency_admin(acting_user, agency)
    if role == Role.QUAN_TRI:
        _require_platform_admin(acting_user)
    grant, created = RoleGrant.objects.get_or_create(
        official=official, agency=agency, unit=unit, role=role
    )
    if created:
        _record(
            "org.role_grant",
            actor=acting_user,
            agency=agency,
            unit=unit,
            case=official,
            payload={"role": role.value},
        )
    return grant


@transaction.atomic
def role_revoke(
    *,
    acting_user: Official | None,
    official: Official,
    role: str,
    agency: Agency | None = None,
    unit: Unit | None = None,
) -> int:
    """Revoke ``role`` (in ``agency``, limited to ``unit`` or not). Returns how many grants went."""
    role = _check_role(role)
    agency = agency or (unit.agency if unit is not None else official.agency)
    if agency is None:
        raise ValidationError({"agency": _("Cần chọn cơ quan.")}, code="required")
    _require_agency_admin(acting_user, agency)
    deleted, _details = RoleGrant.objects.filter(
        official=official, agency=agency, unit=unit, role=role
    ).delete()
    if deleted:
        _record(
            "org.role_revoke",
            actor=acting_user,
            agency=agency,
            unit=unit,
            case=official,
            payload={"role": role.value},
        )
    return deleted


# --- Delegation (ủy quyền) ------------------------------------------------------------------


@transaction.atomic
def delegation_grant(
    *,
    acting_user: Official | None,
    grantor: Official,
    grantee: Official,
    roles: Iterable[str],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    agency: Agency | None = None,
    reason: str = "",
) -> Delegation:
    """``grantor`` lets ``grantee`` act with some of their own roles in ``agency`` (default: the
    grantor's) from ``starts_at`` to ``ends_at``. The grantor or an administrator of the agency
    acts. Roles must be a non-empty subset of the grantor's own roles there (no re-delegation)."""
    agency = agency or grantor.agency
    if agency is None:
        raise ValidationError({"agency": _("Cần chọn cơ quan.")}, code="required")
    if acting_user is not None and acting_user.pk != grantor.pk:
        _require_agency_admin(acting_user, agency)
    if grantor.pk == grantee.pk:
        raise DomainError(
            "delegation_self",
            _("Không thể tự ủy quyền cho chính mình."),
            fields={"grantee": [_("Chọn một cán bộ khác.")]},
        )
    if not grantee.is_active:
        raise DomainError(
            "delegation_grantee_inactive",
            _("Người được ủy quyền không còn hoạt động."),
            fields={"grantee": [_("Người được ủy quyền không còn hoạt động.")]},
        )
    if (
        grantee.agency_id != agency.pk
        and not RoleGrant.objects.filter(official=grantee, agency=agency).exists()
    ):
        raise DomainError(
            "delegation_grantee_other_agency",
            _("Người được ủy quyền phải là cán bộ của cơ quan."),
            fields={"grantee": [_("Người được ủy quyền phải là cán bộ của cơ quan.")]},
        )
    roles = sorted({_check_role(r).value for r in roles})
    if not roles:
        raise DomainError(
            "delegation_no_role",
            _("Cần chọn ít nhất một vai trò để ủy quyền."),
            fields={"roles": [_("Cần chọn ít nhất một vai trò.")]},
        )
    held = {r.value for r in selectors.own_roles(grantor, agency)}
    missing = [r for r in roles if r not in held]
    if missing:
        labels = ", ".join(str(Role(r).label) for r in missing)
        raise DomainError(
            "delegation_role_not_held",
            _("Người ủy quyền không giữ vai trò: %(roles)s.") % {"roles": labels},
            fields={"roles": [_("Chỉ được ủy quyền vai trò mình đang giữ.")]},
        )
    starts_at, ends_at = clock.local(starts_at), clock.local(ends_at)
    if ends_at <= starts_at:
        raise DomainError(
            "delegation_period",
            _("Thời điểm kết thúc phải sau thời điểm bắt đầu."),
            fields={"ends_at": [_("Thời điểm kết thúc phải sau thời điểm bắt đầu.")]},
        )
    if ends_at <= clock.now():
        raise DomainError(
            "delegation_past",
            _("Thời hạn ủy quyền đã qua."),
            fields={"ends_at": [_("Thời điểm kết thúc phải ở tương lai.")]},
        )
    delegation = Delegation.objects.create(
        agency=agency,
        grantor=grantor,
        grantee=grantee,
        roles=roles,
        reason=reason,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=acting_user,
    )
    _record(
        "org.delegation_grant",
        actor=acting_user,
        agency=agency,
        case=delegation,
        payload={
            "grantor": grantor.pk,
            "grantee": grantee.pk,
            "roles": roles,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, acting_user: Official | None, delegation: Delegation) -> Delegation:
    """End a delegation now (kernel clock). The grantor or an agency administrator acts."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if acting_user is not None and acting_user.pk != delegation.grantor_id:
        _require_agency_admin(acting_user, delegation.agency)
    if delegation.revoked_at is not None:
        raise DomainError("delegation_already_revoked", _("Ủy quyền này đã bị thu hồi."))
    delegation.revoked_at = clock.now()
    delegation.save(update_fields=["revoked_at"])
    _record(
        "org.delegation_revoke",
        actor=acting_user,
        agency=delegation.agency,
        case=delegation,
        payload={"grantor": delegation.grantor_id, "grantee": delegation.grantee_id},
    )
    return delegation


# --- API tokens -----------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, official: Official, name: str = "", ttl: dt.timedelta | None = None
) -> tuple[ApiToken, str]:
    """Issue a bearer token to ``official`` (who has just proved who they are). Returns the
    stored row and the raw token, which is shown once: only its SHA-256 hash is kept."""
    if not official.is_active:
        raise PermissionDenied(_("Tài khoản này đã bị khóa."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    ttl = ttl or dt.timedelta(days=getattr(settings, "API_TOKEN_TTL_DAYS", 30))
    token = ApiToken.objects.create(
        official=official,
        name=(name or "")[:100],
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + ttl,
    )
    _record(
        "org.api_token_issue",
        actor=official,
        agency=official.agency,
        case=token,
        payload={"name": token.name, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, acting_user: Official | None, token: ApiToken) -> ApiToken:
    """Revoke a token now. Its owner, or a platform administrator, acts."""
    if acting_user is not None and acting_user.pk != token.official_id:
        _require_platform_admin(acting_user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        _record(
            "org.api_token_revoke",
            actor=acting_user,
            agency=token.official.agency,
            case=token,
        )
    return token
