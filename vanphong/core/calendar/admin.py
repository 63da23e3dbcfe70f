from django.contrib import admin

from vanphong.core.calendar.models import CalendarOverride, OfficeHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "legal_source"]
    list_filter = ["kind"]
    search_fields = ["name", "legal_source", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_default",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
    ]
    list_filter = ["is_default"]
