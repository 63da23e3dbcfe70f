"""Django admin for agencies, units, positions, officials, roles, delegations and API tokens.

The admin requires a staff account AND a verified second factor (django-otp's ``OTPAdminSite``;
``AdminSecondFactorMiddleware`` sends unverified staff to the TOTP page first).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from vanphong.org.models import (
    Agency,
    ApiToken,
    Delegation,
    Membership,
    Official,
    Position,
    RoleGrant,
    Unit,
)

# Documented django-otp pattern: the default site only admits OTP-verified staff.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = _("Quản trị VănPhòng")
admin.site.site_title = _("Quản trị VănPhòng")
admin.site.index_title = _("Quản trị hệ thống")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "identifier", "legacy_identifier", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "identifier", "legacy_identifier")
    raw_id_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "agency", "parent", "kind", "order", "is_active")
    list_filter = ("kind", "is_active", "agency")
    search_fields = ("name", "abbreviation")
    raw_id_fields = ("agency", "parent")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "rank")
    list_filter = ("agency",)
    search_fields = ("name",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("unit", "position")


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    raw_id_fields = ("agency", "unit")


@admin.register(Official)
class OfficialAdmin(UserAdmin):
    list_display = ("username", "full_name", "agency", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "require_second_factor", "agency")
    search_fields = ("username", "full_name", "email")
    ordering = ("full_name",)
    raw_id_fields = ("agency",)
    inlines = (MembershipInline, RoleGrantInline)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cán bộ"), {"fields": ("full_name", "email", "phone", "agency")}),
        (
            _("Quyền"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "require_second_factor",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "agency", "password1", "password2"),
            },
        ),
    )


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("grantor", "grantee", "agency", "starts_at", "ends_at", "revoked_at")
    list_filter = ("agency",)
    raw_id_fields = ("agency", "grantor", "grantee", "created_by")
    readonly_fields = ("created_at",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("official", "name", "created_at", "last_used_at", "expires_at", "revoked_at")
    search_fields = ("official__username", "name")
    raw_id_fields = ("official",)
    readonly_fields = ("token_hash", "created_at", "last_used_at")
    fields = (
        "official",
        "name",
        "token_hash",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )

    def has_add_permission(self, request):  # tokens are issued through the API only
        return False
