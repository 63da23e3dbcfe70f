from django.contrib import admin

from vanphong.documents.models import (
    DocumentType,
    OutgoingDocument,
    OutgoingSettings,
    Register,
    ReviewStep,
)


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    """Whether a type is legal-normative is versioned reference data
    (``documents.legal_normative_types``), not a column of the type."""

    list_display = ("name", "abbreviation", "order", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "abbreviation")


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "kind", "confidential", "is_default")
    list_filter = ("kind", "confidential")
    readonly_fields = ("agency", "kind", "confidential", "is_default", "created_at")


@admin.register(ReviewStep)
class ReviewStepAdmin(admin.ModelAdmin):
    """The review chain per document type and agency (empty type: the agency's default)."""

    list_display = ("agency", "doc_type", "order", "role")
    list_filter = ("role",)
    ordering = ("agency", "doc_type", "order")


@admin.register(OutgoingSettings)
class OutgoingSettingsAdmin(admin.ModelAdmin):
    list_display = ("agency", "admin_numbering")


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(admin.ModelAdmin):
    """Read-only; confidential documents are not listed here (their named people see them in
    the application, where every access is checked)."""

    list_display = ("__str__", "agency", "doc_type", "state", "issue_date")
    list_filter = ("state",)
    search_fields = ("code", "trich_yeu")
    fields = (
        "agency",
        "drafting_unit",
        "author",
        "doc_type",
        "trich_yeu",
        "urgency",
        "state",
        "code",
        "issue_date",
        "issued_by",
        "signer_name",
        "signer_position",
        "authority_mark",
        "recall_reason",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(confidentiality="thuong")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
