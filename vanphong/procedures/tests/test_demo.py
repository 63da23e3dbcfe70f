"""The demo catalogue: a few dozen procedures across fields, valid, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.procedures import selectors
from vanphong.procedures.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_demo_catalogue_spans_fields_and_reseeds_without_new_versions(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--only", "org", "--only", "procedures", stdout=io.StringIO())
    public = selectors.public_procedures()
    assert public.count() >= 40
    fields = set(public.values_list("field__name", flat=True))
    for name in ("Hộ tịch", "Đất đai", "Hoạt động xây dựng", "Việc làm", "Lao động",
                 "Giáo dục và Đào tạo", "An toàn thực phẩm", "Công chứng"):  # fmt: skip
        assert name in fields, name
    for p in Procedure.objects.prefetch_related("steps"):
        assert sum(s.budget_hours for s in p.steps.all()) <= p.limit_hours, p.code
    same_day = Procedure.objects.get(code="1.012786")  # xóa thế chấp: trong ngày, cut-off 15:00
    assert same_day.same_day and same_day.cutoff_time.hour == 15
    # version 1 is in force from the publication date (01/07/2025), not from the seeding
    from vanphong.core import clock
    from vanphong.procedures.demo import PUBLISHED_FROM

    firsts = ProcedureVersion.objects.filter(number=1)
    assert {clock.local(v.valid_from) for v in firsts} == {PUBLISHED_FROM}
    versions = ProcedureVersion.objects.count()
    call_command("seed_demo", "--only", "org", "--only", "procedures", stdout=io.StringIO())
    assert ProcedureVersion.objects.count() == versions
