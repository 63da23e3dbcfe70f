"""Reads about officials, roles, units and agencies.

Roles are effective at a moment (the kernel clock by default): an official's own grants plus
the roles delegated to them (ủy quyền) by a delegation running at that moment, limited to the
roles the grantor still holds.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from vanphong.core import clock
from vanphong.org import rolecache
from vanphong.org.models import (
    LEADER_ROLES,
    Agency,
    Delegation,
    Membership,
    Official,
    Role,
    RoleGrant,
    Unit,
)


def _is_active_user(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def _agency_id(agency: Agency | int | None) -> int | None:
    return agency.pk if isinstance(agency, Agency) else agency


def second_factor_required(user: Official) -> bool:
    """TOTP is required for administrators: superusers, role quan_tri, or the per-user flag."""
    if user.is_superuser or user.require_second_factor:
        return True
    return user.role_grants.filter(role=Role.QUAN_TRI).exists()


def is_platform_admin(user) -> bool:
    """An administrator of the whole platform (every agency): an active superuser."""
    return _is_active_user(user) and user.is_superuser


def own_roles(user, agency: Agency | int | None = None) -> set[Role]:
    """Roles granted to ``user`` directly (no delegation), in ``agency`` or in any agency."""
    if not _is_active_user(user):
        return set()
    grants = RoleGrant.objects.filter(official=user)
    if agency is not None:
        grants = grants.filter(agency_id=_agency_id(agency))
    return {Role(r) for r in grants.values_list("role", flat=True).distinct()}


def active_delegations(
    *, grantee=None, grantor=None, agency: Agency | int | None = None, at: dt.datetime | None = None
) -> QuerySet[Delegation]:
    """Delegations running at ``at`` (kernel clock by default): started, not ended, not revoked."""
    at = at or clock.now()
    qs = Delegation.objects.filter(starts_at__lte=at, ends_at__gt=at).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
    )
    if grantee is not None:
        qs = qs.filter(grantee=grantee)
    if grantor is not None:
        qs = qs.filter(grantor=grantor)
    if agency is not None:
        qs = qs.filter(agency_id=_agency_id(agency))
    return qs.select_related("grantor", "agency")


def effective_roles(
    user, agency: Agency | int | None = None, at: dt.datetime | None = None
) -> set[Role]:
    """Own grants plus roles delegated to ``user`` by delegations running at ``at``.

    A delegated role counts only while the grantor still holds it in that agency and the grantor
    is active. Anonymous and inactive users have no role.
    """
    if not _is_active_user(user):
        return set()
    if at is None:  # "now": the same for the whole request
        return rolecache.cached(
            ("effective", user.pk, _agency_id(agency)),
            lambda: _effective_roles(user, agency, None),
        )
    return _effective_roles(user, agency, at)


def _effective_roles(user, agency, at) -> set[Role]:
    roles = own_roles(user, agency)
    for delegation in active_delegations(grantee=user, agency=agency, at=at):
        if not delegation.grantor.is_active:
            continue
        held = {
            r.value for r in own_roles(delegation.grantor, delegation.agency_id)
        }  # still held now
        roles |= {Role(r) for r in delegation.roles if r in held}
    return roles


def has_role(
    user, role: Role | str, agency: Agency | int | None = None, at: dt.datetime | None = None
) -> bool:
    return Role(role) in effective_roles(user, agency, at)


def agencies_of(user) -> QuerySet[Agency]:
    """Agencies ``user`` works in: their own, those where they hold a role or a unit membership,
    and those where a delegation to them is running."""
    if not _is_active_user(user):
        return Agency.objects.none()
    today = clock.today()
    delegated = active_delegations(grantee=user).values("agency_id")
    return Agency.objects.filter(
        Q(pk=user.agency_id)
        | Q(pk__in=RoleGrant.objects.filter(official=user).values("agency_id"))
        | Q(pk__in=_memberships(user, today).values("unit__agency_id"))
        | Q(pk__in=delegated)
    ).distinct()


def _memberships(user, today: dt.date) -> QuerySet[Membership]:
    return Membership.objects.filter(official=user).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
    )


def units_of(user, agency: Agency | int | None = None) -> QuerySet[Unit]:
    """Units where ``user`` has a membership running today (kernel clock), primary first."""
    if not _is_active_user(user):
        return Unit.objects.none()
    memberships = _memberships(user, clock.today())
    qs = Unit.objects.filter(pk__in=memberships.values("unit_id"))
    if agency is not None:
        qs = qs.filter(agency_id=_agency_id(agency))
    primary = memberships.filter(is_primary=True).values_list("unit_id", flat=True).first()
    units = qs.select_related("agency")
    if primary is None:
        return units
    return units.annotate(
        _primary=Case(
            When(pk=primary, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("_primary", "order", "name")


def primary_unit(user) -> Unit | None:
    if not _is_active_user(user):
        return None
    membership = (
        _memberships(user, clock.today()).filter(is_primary=True).select_related("unit").first()
    )
    return membership.unit if membership else None


def is_leader(
    user,
    agency: Agency | int | None = None,
    unit: Unit | None = None,
    at: dt.datetime | None = None,
) -> bool:
    """Does ``user`` lead (own role or delegated)?

    Without ``unit``: any leader role (lãnh đạo phòng / văn phòng / UBND) in ``agency`` (or
    anywhere). With ``unit``: an agency-level leader of the unit's agency, or a lãnh đạo phòng of
    that unit (a grant limited to it, or head of it by membership).
    """
    if unit is not None:
        agency = unit.agency_id
    roles = effective_roles(user, agency, at)
    if not roles & LEADER_ROLES:
        return False
    if unit is None:
        return True
    if roles & {Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}:
        return True
    if (
        RoleGrant.objects.filter(official=user, role=Role.LANH_DAO_PHONG, agency_id=unit.agency_id)
        .filter(Q(unit=unit) | Q(unit__isnull=True))
        .exists()
    ):
        return True
    if _memberships(user, clock.today()).filter(unit=unit, is_head=True).exists():
        return True
    # A lãnh đạo phòng role delegated by the head of this unit.
    for delegation in active_delegations(grantee=user, agency=unit.agency_id, at=at):
        if Role.LANH_DAO_PHONG.value in delegation.roles and (
            RoleGrant.objects.filter(
                official=delegation.grantor, role=Role.LANH_DAO_PHONG, unit=unit
            ).exists()
        ):
            return True
    return False


def officials_of(agency: Agency | int) -> QuerySet[Official]:
    return Official.objects.filter(agency_id=_agency_id(agency), is_active=True)


def api_token_lookup(raw: str):
    """The live ``ApiToken`` for a raw bearer token (not revoked, not expired by the kernel
    clock, owner active), or ``None``."""
    import hashlib

    from vanphong.org.models import ApiToken

    if not raw or len(raw) > 200:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("official", "official__agency")
        .filter(token_hash=digest, revoked_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )
    if token is None or not token.official.is_active:
        return None
    return token
