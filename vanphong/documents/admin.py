from django.contrib import admin

from vanphong.documents.models import DocumentType, Register


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "is_legal_normative", "order", "is_active")
    list_editable = ("is_legal_normative", "is_active")
    search_fields = ("name", "abbreviation")


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "kind", "confidential", "is_default")
    list_filter = ("kind", "confidential")
    readonly_fields = ("agency", "kind", "confidential", "is_default", "created_at")
