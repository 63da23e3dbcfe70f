"""Agencies on the province platform, their units and positions, officials, roles, delegation.

Every table that belongs to one agency carries ``agency`` from the first migration: a province
platform hosts many agencies, each with its own văn thư, registers, sequences and cases.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# QĐ 20/2020/QĐ-TTg: electronic identifier of an agency, up to 35 characters of A-Z, 0-9 and ".".
IDENTIFIER_RE = re.compile(r"^[A-Z0-9.]{1,35}$")
# The legacy 13-character form used on the national exchange axis, e.g. 000.00.00.H41.
LEGACY_IDENTIFIER_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_identifier(value: str) -> None:
    if not IDENTIFIER_RE.match(value or ""):
        raise ValidationError(
            _("Mã định danh chỉ gồm chữ in hoa A-Z, chữ số 0-9 và dấu chấm, tối đa 35 ký tự."),
            code="invalid_identifier",
        )


def validate_legacy_identifier(value: str) -> None:
    if value and not LEGACY_IDENTIFIER_RE.match(value):
        raise ValidationError(
            _("Mã định danh cũ phải có dạng 000.00.00.H41 (13 ký tự)."),
            code="invalid_legacy_identifier",
        )


class AgencyKind(models.TextChoices):
    PROVINCE_PC = "province_pc", _("UBND tỉnh")
    PROVINCE_OFFICE = "province_office", _("Văn phòng UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE_PC = "commune_pc", _("UBND xã, phường")
    OTHER = "other", _("Cơ quan khác")


class Agency(models.Model):
    """An agency on the platform (cơ quan, tổ chức) with its electronic identifier."""

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=30,
        help_text=_("Dùng trong ký hiệu văn bản, ví dụ UBND, SNV."),
    )
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=AgencyKind.choices)
    identifier = models.CharField(
        _("mã định danh"), max_length=35, unique=True, validators=[validate_identifier]
    )
    legacy_identifier = models.CharField(
        _("mã định danh cũ"), max_length=13, blank=True, validators=[validate_legacy_identifier]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province_code = models.PositiveIntegerField(_("mã tỉnh"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("mã xã, phường"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_identifier"],
                condition=~Q(legacy_identifier=""),
                name="org_agency_legacy_identifier_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    PHONG = "phong", _("Phòng")
    BAN = "ban", _("Ban")
    TRUNG_TAM = "trung_tam", _("Trung tâm")
    TO = "to", _("Tổ")
    KHAC = "khac", _("Khác")


class Unit(models.Model):
    """A unit inside an agency (phòng, ban, trung tâm), as a tree."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    abbreviation = models.CharField(
        _("viết tắt"), max_length=20, help_text=_("Dùng trong ký hiệu công văn, ví dụ KT, TH.")
    )
    kind = models.CharField(
        _("loại đơn vị"), max_length=20, choices=UnitKind.choices, default=UnitKind.PHONG
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["agency", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "abbreviation"], name="org_unit_abbreviation_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cùng cơ quan.")})


class Position(models.Model):
    """A position (chức vụ) such as Chánh Văn phòng, Trưởng phòng, Chuyên viên."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="positions"
    )
    name = models.CharField(_("tên chức vụ"), max_length=120)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=100, help_text=_("Số nhỏ hơn là cấp cao hơn.")
    )

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["agency", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="org_position_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VAN_THU = "van_thu", _("Văn thư")
    CHUYEN_VIEN = "chuyen_vien", _("Chuyên viên")
    LANH_DAO_PHONG = "lanh_dao_phong", _("Lãnh đạo phòng")
    LANH_DAO_VAN_PHONG = "lanh_dao_van_phong", _("Lãnh đạo văn phòng")
    LANH_DAO_UBND = "lanh_dao_ubnd", _("Lãnh đạo UBND")
    CAN_BO_MOT_CUA = "can_bo_mot_cua", _("Cán bộ một cửa")
    CAN_BO_TIEP_CONG_DAN = "can_bo_tiep_cong_dan", _("Cán bộ tiếp công dân")
    QUAN_TRI = "quan_tri", _("Quản trị")


LEADER_ROLES = frozenset({Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})


class OfficialManager(UserManager):
    pass


class Official(AbstractUser):
    """An official (cán bộ, công chức) who signs in. The custom user model of VănPhòng."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    require_second_factor = models.BooleanField(
        _("bắt buộc xác thực hai bước"),
        default=False,
        help_text=_("Luôn bắt buộc với quản trị viên."),
    )

    objects = OfficialManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """An official's place in a unit, with a position; one is primary."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("chức vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_primary = models.BooleanField(_("đơn vị chính"), default=True)
    is_head = models.BooleanField(_("phụ trách đơn vị"), default=False)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["official", "unit"], name="org_membership_unique"),
            models.UniqueConstraint(
                fields=["official"], condition=Q(is_primary=True), name="org_membership_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.unit}"


class RoleGrant(models.Model):
    """A role held by an official in an agency (optionally limited to one unit)."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="role_grants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="role_grants"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_grants",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["official", "agency", "unit", "role"], name="org_rolegrant_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official}: {self.get_role_display()}"


class Delegation(models.Model):
    """Ủy quyền: an official acts with another's roles in an agency for a period."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="delegations"
    )
    grantor = models.ForeignKey(
        Official,
        verbose_name=_("người ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    grantee = models.ForeignKey(
        Official,
        verbose_name=_("người được ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    roles = models.JSONField(_("vai trò được ủy quyền"), default=list)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("từ"))
    ends_at = models.DateTimeField(_("đến"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        Official, verbose_name=_("người tạo"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="org_delegation_period"
            ),
            models.CheckConstraint(
                condition=~Q(grantor=models.F("grantee")), name="org_delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.grantee}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SHA-256 hash of the token is stored."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100, blank=True)
    token_hash = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="org_apitoken_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.name or self.token_hash[:8]}"
