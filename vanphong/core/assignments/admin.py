from django.contrib import admin

from vanphong.core.assignments.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "case_type",
        "case_id",
        "role",
        "assignee",
        "state",
        "due_at",
        "assigned_at",
    )
    list_filter = ("role", "state", "agency")
    list_select_related = ("case_type", "assignee_user", "assignee_unit", "assignee_agency")
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False  # assignments are made through the services, which write the event log

    def has_delete_permission(self, request, obj=None):
        return False
