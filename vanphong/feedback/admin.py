"""Admin of the hotline: categories, routing rules, answer templates and Open311 clients are
reference data edited here; feedback items are read-only with the citizen's contact masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from vanphong.feedback.models import (
    AnswerTemplate,
    Category,
    Feedback,
    Open311Client,
    RoutingRule,
)


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0
    autocomplete_fields = []


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "sla_working_days", "responsible_agency", "active"]
    list_filter = ["active", "group"]
    search_fields = ["code", "name"]
    inlines = [RoutingRuleInline]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "category", "active"]
    list_filter = ["active"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Keys are created with ``manage.py open311_key NAME`` (shown once); here they are
    listed and can be deactivated."""

    list_display = ["name", "key_prefix", "active", "created_at"]
    fields = ["name", "key_prefix", "active", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "received_at",
        "channel",
        "category",
        "status",
        "masked_contact",
        "due_at",
    ]
    list_filter = ["status", "channel", "category"]
    search_fields = ["code"]
    fields = [
        "code",
        "agency",
        "received_at",
        "channel",
        "category",
        "commune_code",
        "location_text",
        "public_question",
        "masked_contact",
        "consent_publish",
        "status",
        "responsible_agency",
        "responsible_unit",
        "due_at",
        "answer_text",
        "published_at",
        "reopen_count",
        "merged_into",
        "petition",
    ]
    readonly_fields = fields

    @admin.display(description=_("Liên hệ (đã che)"))
    def masked_contact(self, obj: Feedback) -> str:
        return " · ".join(p for p in (obj.masked_name, obj.masked_phone, obj.masked_email) if p)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
