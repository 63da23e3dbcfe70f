"""Admin of meetings: read-mostly (writes go through the services and the event log)."""

from django.contrib import admin

from vanphong.meetings.models import (
    ConclusionItem,
    Meeting,
    MeetingDocument,
    Participant,
    Room,
    ScheduleEntry,
    ScheduleWeek,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "capacity", "location", "is_active"]
    list_filter = ["is_active", "agency"]
    search_fields = ["name", "location"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "official", "unit", "attendee", "substitute", "note"]


class ConclusionInline(admin.TabularInline):
    model = ConclusionItem
    extra = 0
    can_delete = False
    readonly_fields = ["order", "content", "lead_unit", "lead_agency", "due_date", "task_id"]


@admin.register(Meeting)
class MeetingAdmin(_ReadOnly):
    list_display = ["title", "agency", "chair", "starts_at", "room", "state", "sequence"]
    list_filter = ["state", "online"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    # The video-conference room name is a secret of the participants: not shown here.
    exclude = ["online_room"]
    inlines = [ParticipantInline, ConclusionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "online_room"]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(_ReadOnly):
    list_display = ["meeting", "purpose", "document_id", "number", "issued_at"]


class EntryInline(admin.TabularInline):
    model = ScheduleEntry
    extra = 0
    can_delete = False
    readonly_fields = [
        "leader",
        "starts_at",
        "content",
        "location",
        "meeting",
        "cancelled",
        "changed_after_publish",
    ]
    fields = readonly_fields


@admin.register(ScheduleWeek)
class ScheduleWeekAdmin(_ReadOnly):
    list_display = ["agency", "week_start", "state", "published_at"]
    list_filter = ["state"]
    inlines = [EntryInline]
