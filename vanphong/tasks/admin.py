from django.contrib import admin

from vanphong.tasks.models import Coordinator, ExtensionRequest, Reminder, Task, TaskReport


class ReadMostly(admin.ModelAdmin):
    """Tasks change only through the services (event log); the admin reads."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    can_delete = False
    readonly_fields = ("unit", "agency")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadMostly):
    list_display = ("id", "content", "agency", "lead_unit", "lead_agency", "due_date", "state")
    list_filter = ("state", "source_kind", "recurrence")
    search_fields = ("content", "source_label")
    list_select_related = ("agency", "lead_unit", "lead_agency")
    inlines = [CoordinatorInline]


@admin.register(TaskReport)
class TaskReportAdmin(ReadMostly):
    list_display = ("task", "kind", "author", "created_at")
    list_select_related = ("task", "author")


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadMostly):
    list_display = ("task", "requested_due_date", "state", "requested_at", "decided_at")
    list_filter = ("state",)
    list_select_related = ("task",)


@admin.register(Reminder)
class ReminderAdmin(ReadMostly):
    list_display = ("task", "kind", "due_at", "sent_at")
    list_filter = ("kind",)
    list_select_related = ("task",)
