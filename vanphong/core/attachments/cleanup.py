"""Finding and deleting stored files that no attachment row refers to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import Storage

from vanphong.core import clock
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.services import ROOT, storage

DEFAULT_GRACE = dt.timedelta(hours=1)


def walk(store: Storage, folder: str = ROOT) -> Iterator[str]:
    """Every file path under ``folder`` in ``store``."""
    try:
        dirs, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for name in dirs:
        yield from walk(store, f"{folder}/{name}")


def find_orphans(*, grace: dt.timedelta = DEFAULT_GRACE, batch: int = 500) -> list[str]:
    """Files under ``attachments/`` with no Attachment row, older than ``grace`` (a file younger
    than that may belong to a transaction still running)."""
    store = storage()
    cutoff = clock.now() - grace
    orphans: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        known = set(
            Attachment.objects.filter(storage_path__in=pending).values_list(
                "storage_path", flat=True
            )
        )
        for path in pending:
            if path not in known and store.get_modified_time(path) < cutoff:
                orphans.append(path)
        pending.clear()

    for path in walk(store):
        pending.append(path)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return orphans


def cleanup_orphans(*, grace: dt.timedelta = DEFAULT_GRACE, dry_run: bool = False) -> list[str]:
    """Delete (unless ``dry_run``) and return the orphan files found by :func:`find_orphans`."""
    orphans = find_orphans(grace=grace)
    if not dry_run:
        store = storage()
        for path in orphans:
            store.delete(path)
    return orphans
