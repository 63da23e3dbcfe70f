"""Admin: fields are edited here; procedures are read-only (they change through the services —
the Excel import or the staff pages — so that every change of a published procedure is
versioned and logged)."""

from django.contrib import admin

from vanphong.procedures.models import (
    Field,
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ComponentInline(_ReadOnlyInline):
    model = ProcedureComponent
    fields = ("order", "name", "originals", "copies", "mandatory", "template")


class FeeInline(_ReadOnlyInline):
    model = ProcedureFee
    fields = ("order", "name", "amount", "note")


class StepInline(_ReadOnlyInline):
    model = ProcedureStep
    fields = ("order", "unit_name", "role", "description", "budget_hours")


class VersionInline(_ReadOnlyInline):
    model = ProcedureVersion
    fields = ("number", "valid_from", "created_by")


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "field",
        "level",
        "online_level",
        "is_active",
        "current_version",
    )
    list_filter = ("level", "online_level", "is_active", "field")
    search_fields = ("code", "name")
    list_select_related = ("field",)
    inlines = [ComponentInline, FeeInline, StepInline, VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
