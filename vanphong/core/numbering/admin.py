from django.contrib import admin

from vanphong.core.numbering.models import IssuedNumber, Sequence


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    """Counters are read-only: numbers are taken and voided only through the services."""

    list_display = ["agency", "register", "period_key", "last_value", "updated_at"]
    list_filter = ["register"]
    search_fields = ["register", "agency__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedNumber)
class IssuedNumberAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "register",
        "period_key",
        "agency",
        "case_label",
        "created_at",
        "voided_at",
    ]
    list_filter = ["register", "period_key"]
    search_fields = ["register", "case_label", "agency__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
