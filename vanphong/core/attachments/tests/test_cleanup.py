"""manage.py cleanup_orphans: stored files with no row are deleted after a grace period."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from vanphong.core import clock
from vanphong.core.attachments.services import attachment_store, storage
from vanphong.core.attachments.tests.samples import PDF
from vanphong.org.testing import make_agency

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("cleanup_orphans", *args, stdout=out)
    return out.getvalue()


def test_orphans_older_than_the_grace_period_are_deleted():
    agency = make_agency()
    att = attachment_store(
        acting_user=None, file=ContentFile(PDF, name="a.pdf"), kinds=("pdf",), agency=agency
    )
    store = storage()
    orphan = store.save("attachments/9/2026/01/dead/original.pdf", ContentFile(b"%PDF-x"))
    outside = store.save("other/keep.txt", ContentFile(b"not ours"))

    # Young orphans may belong to a transaction still running: kept.
    assert "0 tệp" in run()
    assert store.exists(orphan)

    clock.advance(dt.timedelta(minutes=61))
    out = run("--dry-run")
    assert orphan in out and "Sẽ xóa 1 tệp" in out
    assert store.exists(orphan)

    out = run()
    assert orphan in out and "Đã xóa 1 tệp" in out
    assert not store.exists(orphan)
    assert store.exists(att.storage_path)  # referenced by a row
    assert store.exists(outside)  # outside attachments/


def test_nothing_stored_yet():
    assert "0 tệp" in run("--grace-minutes", "0")
