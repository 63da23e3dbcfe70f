"""Admin of petitions: read-only, masked. A denouncer's identity is never shown here (it is
sealed, and only the logged detail page opens it for the people handling the case)."""

from django.contrib import admin

from vanphong.reception.models import Petition, ReceptionCitizen, ReceptionDay, ReceptionEntry


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


class ReceptionCitizenInline(admin.TabularInline):
    """Citizens of an entry, masked: the identity number as 0012******89, the address reduced
    to the commune; a denouncer only as the protection label."""

    model = ReceptionCitizen
    fields = ["order", "masked_name", "masked_identity_number", "masked_address", "protected"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReceptionEntry)
class ReceptionEntryAdmin(admin.ModelAdmin):
    list_display = [
        "number_label",
        "agency",
        "received_at",
        "classification",
        "action",
        "citizen_summary",
        "due_at",
    ]
    list_filter = ["classification", "action"]
    search_fields = ["content", "citizen_summary"]
    fields = [
        "agency",
        "year",
        "number",
        "received_at",
        "received_by",
        "leader",
        "content",
        "classification",
        "group_size",
        "citizen_summary",
        "action",
        "action_target",
        "receipt_number",
        "petition",
        "refusal_reason",
        "refusal_notice",
        "reply_kind",
        "reply_at",
        "due_at",
    ]
    readonly_fields = fields
    inlines = [ReceptionCitizenInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReceptionDay)
class ReceptionDayAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "leader_title", "agency", "is_online", "published", "cancelled"]
    list_filter = ["level", "is_online", "published", "cancelled"]
    readonly_fields = ["noticed_at", "test_at", "connect_at", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # scheduled through the page, which checks the notice period

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
