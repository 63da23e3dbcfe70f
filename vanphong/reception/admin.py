"""Admin of petitions: read-only, masked. A denouncer's identity is never shown here (it is
sealed, and only the logged detail page opens it for the people handling the case)."""

from django.contrib import admin

from vanphong.reception.models import Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = [
        "number_label",
        "agency",
        "received_at",
        "classification",
        "outcome",
        "status",
        "petitioner_summary",
    ]
    list_filter = ["classification", "outcome", "status"]
    search_fields = ["content", "petitioner_summary"]
    fields = [
        "agency",
        "year",
        "number",
        "received_at",
        "channel",
        "classification",
        "content",
        "petitioner_summary",
        "petitioner_count",
        "eligible",
        "competent",
        "outcome",
        "outcome_target",
        "status",
        "due_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
