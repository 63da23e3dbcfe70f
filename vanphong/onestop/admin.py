"""Admin of one-stop dossiers: read-only, identity numbers masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from vanphong.onestop.models import Dossier, DossierNotice, PortalLink


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = [
        "code",
        "procedure_code",
        "agency",
        "channel",
        "received_at",
        "status",
        "due_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["code", "portal_code"]
    fields = [
        "code",
        "portal_code",
        "procedure_code",
        "procedure_name",
        "agency",
        "receiving_agency",
        "channel",
        "received_at",
        "applicant_name",
        "identity_masked",
        "status",
        "due_at",
        "finished_at",
        "fact_timeliness",
    ]
    readonly_fields = fields

    @admin.display(description=_("số định danh (đã che)"))
    def identity_masked(self, obj):
        return obj.masked_identity


@admin.register(DossierNotice)
class DossierNoticeAdmin(ReadOnly):
    list_display = ["dossier", "kind", "number", "issued_at"]
    list_filter = ["kind"]


@admin.register(PortalLink)
class PortalLinkAdmin(ReadOnly):
    list_display = ["portal_code", "direction", "state", "attempts", "updated_at"]
    list_filter = ["state", "direction"]
