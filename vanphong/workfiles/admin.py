from django.contrib import admin

from vanphong.workfiles.models import Catalog, FiledDocument, Heading, Workfile


class ReadOnly(admin.ModelAdmin):
    """Changes go through the services (event log); the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Catalog)
class CatalogAdmin(ReadOnly):
    list_display = ("title", "agency", "year", "created_at")
    list_filter = ("year",)


@admin.register(Heading)
class HeadingAdmin(ReadOnly):
    list_display = ("catalog", "order", "code", "title", "unit")


@admin.register(Workfile)
class WorkfileAdmin(ReadOnly):
    list_display = ("notation", "title", "catalog", "retention", "creator", "state")
    list_filter = ("state", "catalog__year")
    search_fields = ("notation", "title")


@admin.register(FiledDocument)
class FiledDocumentAdmin(ReadOnly):
    list_display = ("workfile", "case_type", "case_id", "filed_by", "filed_at")
