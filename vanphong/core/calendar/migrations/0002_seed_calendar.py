"""Seed data: the default office hours and the known overrides with their legal sources.

The ``holidays`` package (pinned) already knows several of these days; they are stored anyway
so that a fresh database is right on its own and an administrator sees the legal source.
"""

import datetime as dt

from django.db import migrations

TB_BNV_2026 = "Thông báo 9441/TB-BNV"

OVERRIDES = [
    # (date, kind, name, legal source, note)
    (dt.date(2026, 2, 16), "nghi", "Nghỉ Tết Âm lịch (29 Tết)", TB_BNV_2026, ""),
    (dt.date(2026, 2, 17), "nghi", "Nghỉ Tết Âm lịch (mùng 1)", TB_BNV_2026, ""),
    (dt.date(2026, 2, 18), "nghi", "Nghỉ Tết Âm lịch (mùng 2)", TB_BNV_2026, ""),
    (dt.date(2026, 2, 19), "nghi", "Nghỉ Tết Âm lịch (mùng 3)", TB_BNV_2026, ""),
    (dt.date(2026, 2, 20), "nghi", "Nghỉ Tết Âm lịch (mùng 4)", TB_BNV_2026, ""),
    (
        dt.date(2026, 8, 22),
        "lam_viec",
        "Làm việc bù cho ngày 31/8/2026",
        TB_BNV_2026,
        "Thứ Bảy làm việc, hoán đổi với Thứ Hai 31/8/2026.",
    ),
    (
        dt.date(2026, 8, 31),
        "nghi",
        "Nghỉ hoán đổi dịp Quốc khánh",
        TB_BNV_2026,
        "Hoán đổi với Thứ Bảy 22/8/2026 (làm việc).",
    ),
]


def seed(apps, schema_editor):
    OfficeHours = apps.get_model("workcal", "OfficeHours")
    CalendarOverride = apps.get_model("workcal", "CalendarOverride")
    if not OfficeHours.objects.filter(is_default=True).exists():
        OfficeHours.objects.create(
            name="Giờ hành chính",
            is_default=True,
            morning_start=dt.time(7, 30),
            morning_end=dt.time(11, 30),
            afternoon_start=dt.time(13, 30),
            afternoon_end=dt.time(17, 30),
            note="8 giờ làm việc mỗi ngày (sáng 07:30–11:30, chiều 13:30–17:30).",
        )
    for day, kind, name, source, note in OVERRIDES:
        CalendarOverride.objects.update_or_create(
            date=day,
            defaults={"kind": kind, "name": name, "legal_source": source, "note": note},
        )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("workcal", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[row[0] for row in OVERRIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
