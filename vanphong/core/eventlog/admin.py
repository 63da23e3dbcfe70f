"""Read-only admin for the event log: nobody adds, changes or deletes entries."""

from __future__ import annotations

from django.contrib import admin

from vanphong.core.eventlog.models import Event, StreamHead


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "action", "actor_name", "case_type", "case_id", "stream", "seq")
    list_filter = ("action", "case_type")
    search_fields = ("stream", "case_id", "action", "actor_name")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-id")
    list_select_related = ()
    show_full_result_count = False


@admin.register(StreamHead)
class StreamHeadAdmin(ReadOnlyAdmin):
    list_display = ("stream", "last_seq", "last_hash")
    search_fields = ("stream",)
