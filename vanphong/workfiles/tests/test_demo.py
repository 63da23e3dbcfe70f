from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core import clock
from vanphong.workfiles.models import Catalog, FiledDocument, Workfile, WorkfileState

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_offices_catalog_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    catalog = Catalog.objects.get(year=clock.today().year)
    assert catalog.agency.name.startswith("Văn phòng")
    files = Workfile.objects.filter(catalog=catalog)
    assert 18 <= files.count() <= 24
    assert catalog.headings.count() == 6
    assert files.filter(state=WorkfileState.OPEN).count() >= 3
    assert FiledDocument.objects.count() >= 5
    # one document in two files
    assert (
        FiledDocument.objects.values("case_id").distinct().count() < FiledDocument.objects.count()
    )
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Workfile.objects.count() == files.count()
    assert "Hồ sơ công việc: dữ liệu mẫu đã có" in out.getvalue()
