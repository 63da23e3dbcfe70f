"""Storing and reading attachments.

* The bytes are checked (size limit ``settings.UPLOAD_MAX_BYTES``, not empty, content matches
  the kind the name claims and the kind is allowed for this use), hashed (SHA-256) and written
  through Django's storage API (``storages["default"]``: local disk or S3-compatible).
* Every upload gets its own storage path, ``attachments/<agency>/<yyyy>/<mm>/<uuid>/original.<ext>``;
  derived files go in the same folder. Identical bytes uploaded twice are two rows and two files
  (no deduplication: a row owns its file, so deleting or rolling back one never touches another;
  ``sha256`` is indexed for finding duplicates).
* No orphan file when the write does not commit: the file is written first (so a committed row
  always has its file), and a guard is registered with ``transaction.on_commit``. Django drops
  pending on-commit callbacks when the transaction or savepoint rolls back; the guard's
  finalizer then deletes the file at once. Anything that escapes this (a killed process) is
  removed by ``manage.py cleanup_orphans``.
* :func:`attachment_open` re-hashes the bytes before handing them out and refuses a changed or
  missing file (``integrity_error``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
import weakref
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vanphong.core import clock, eventlog
from vanphong.core.attachments.content import KINDS, FileKind, kind_for_name, matches
from vanphong.core.attachments.models import Attachment, DerivedKind
from vanphong.core.errors import DomainError
from vanphong.core.text import clean_text

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
ROOT = "attachments"
DERIVED_KINDS_DEFAULT = {
    DerivedKind.OCR_TEXT: ("txt",),
    DerivedKind.PDFA: ("pdf",),
    DerivedKind.PREVIEW: ("png", "jpeg"),
}


def storage() -> Storage:
    return storages["default"]


# --- checks --------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = clean_text(os.path.basename(str(name).replace("\\", "/")))
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 254 - len(ext)] + dot + ext if dot and len(ext) < 20 else name[:255]
    return name


def _allowed_label(kinds: tuple[str, ...]) -> str:
    return ", ".join(KINDS[k].label for k in kinds)


def _resolve_kind(name: str, kinds: tuple[str, ...]) -> FileKind:
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"attachments: unknown kinds {unknown or kinds!r}")
    if not name:
        raise DomainError(
            "file_name_missing", _("Tệp không có tên."), fields={"file": [_("Chọn lại tệp.")]}
        )
    kind = kind_for_name(name)
    if kind is None or kind.code not in kinds:
        msg = _("Chỉ nhận tệp %(kinds)s.") % {"kinds": _allowed_label(kinds)}
        raise DomainError("file_type_not_allowed", msg, fields={"file": [msg]})
    return kind


def _hash_and_measure(file: IO[bytes], limit: int) -> tuple[str, int]:
    """SHA-256 and size of ``file``, reading at most ``limit + 1`` bytes."""
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            _too_large(limit)
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def _too_large(limit: int):
    msg = _("Tệp vượt quá dung lượng cho phép (tối đa %(limit)s).") % {
        "limit": filesizeformat(limit)
    }
    raise DomainError("file_too_large", msg, fields={"file": [msg]}, status=413)


def _validated(
    file: Any, kinds: tuple[str, ...], name: str | None
) -> tuple[File, FileKind, str, str, int]:
    if not isinstance(file, File):
        file = File(file, name=getattr(file, "name", None))
    original_name = _clean_name(name if name is not None else (file.name or ""))
    kind = _resolve_kind(original_name, tuple(kinds))
    limit = settings.UPLOAD_MAX_BYTES
    declared = getattr(file, "size", None)
    if isinstance(declared, int) and declared > limit:
        _too_large(limit)  # early, before reading anything
    sha256, size = _hash_and_measure(file, limit)
    if size == 0:
        msg = _("Tệp rỗng (0 byte).")
        raise DomainError("file_empty", msg, fields={"file": [msg]})
    if not matches(kind, file, size):
        msg = _("Nội dung tệp không phải là %(kind)s như tên tệp cho biết.") % {"kind": kind.label}
        raise DomainError("file_type_mismatch", msg, fields={"file": [msg]})
    return file, kind, original_name, sha256, size


# --- writing with rollback cleanup ---------------------------------------------------------------


def _delete_quietly(store: Storage, path: str) -> None:
    try:
        store.delete(path)
    except Exception:  # never raise from a finalizer; cleanup_orphans catches what is left
        logger.exception("attachments: could not delete uncommitted file %s", path)


class _DeleteUnlessCommitted:
    """Registered with ``transaction.on_commit`` and referenced by nothing else.

    On commit Django calls it: the file stays. On rollback (of the transaction or of any
    savepoint it was registered in) Django drops the callback; the object is collected and its
    finalizer deletes the file.
    """

    def __init__(self, store: Storage, path: str):
        self._finalizer = weakref.finalize(self, _delete_quietly, store, path)

    def __call__(self) -> None:
        self._finalizer.detach()


def _write(file: File, path: str, using: str | None = None) -> str:
    store = storage()
    file.seek(0)
    stored = store.save(path, file)
    transaction.on_commit(_DeleteUnlessCommitted(store, stored), using=using)
    if stored != path:  # the storage chose another name: refuse rather than guess
        raise RuntimeError(f"attachments: storage wrote {stored!r} instead of {path!r}")
    return stored


def _folder(agency_id: int) -> str:
    now = clock.now()
    return f"{ROOT}/{agency_id}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"


def _case_fields(case: models.Model | None) -> dict:
    if case is None:
        return {"case_type": None, "case_id": None}
    if case.pk is None:
        raise ValueError("attachments: the case must be saved first")
    return {"case_type": ContentType.objects.get_for_model(case), "case_id": case.pk}


def _pk(obj: Any) -> Any:
    return obj.pk if isinstance(obj, models.Model) else obj


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def attachment_store(
    *,
    acting_user: Any,
    file: Any,
    kinds: tuple[str, ...] | list[str],
    agency: Any,
    case: models.Model | None = None,
    name: str | None = None,
) -> Attachment:
    """Store an original file for ``agency`` (an Agency or its id), optionally attached to
    ``case`` (any saved model instance).

    ``file``: a Django ``File``/``UploadedFile`` (or a binary file object with a ``name``);
    ``name`` overrides the file's name. ``kinds``: the kinds allowed for this use, e.g.
    ``("pdf", "docx")`` (see ``content.KINDS``). Raises :class:`DomainError` with code
    ``file_type_not_allowed``, ``file_type_mismatch``, ``file_too_large`` (status 413),
    ``file_empty`` or ``file_name_missing``.
    """
    agency_id = _pk(agency)
    case_agency = getattr(case, "agency_id", None)
    if case_agency is not None and case_agency != agency_id:
        raise ValueError("attachments: the case belongs to another agency")
    file, kind, original_name, sha256, size = _validated(file, tuple(kinds), name)
    path = _write(file, f"{_folder(agency_id)}/original{kind.extensions[0]}")
    att = Attachment.objects.create(
        agency_id=agency_id,
        original_name=original_name,
        content_type=kind.mime,
        size=size,
        sha256=sha256,
        storage_path=path,
        kind=kind.code,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        created_at=clock.now(),
        **_case_fields(case),
    )
    eventlog.record(
        action="attachments.store",
        actor=acting_user,
        agency=agency_id,
        case=case if case is not None else att,
        payload={"attachment_id": att.pk, "name": original_name, "sha256": sha256, "size": size},
    )
    return att


@transaction.atomic
def attachment_store_derived(
    *,
    acting_user: Any,
    original: Attachment,
    file: Any,
    derived_kind: str,
    kinds: tuple[str, ...] | list[str] | None = None,
    name: str | None = None,
) -> Attachment:
    """Store a file derived from ``original`` (OCR text, PDF/A, preview) beside it: same
    agency and case, same storage folder, ``derived_from=original``. The original is untouched.
    ``kinds`` defaults by ``derived_kind`` (ocr_text: txt; pdfa: pdf; preview: png/jpeg)."""
    derived_kind = DerivedKind(derived_kind)
    if not original.is_original:
        raise DomainError("attachment_not_original", _("Chỉ tạo tệp dẫn xuất từ tệp gốc."))
    kinds = tuple(kinds) if kinds else DERIVED_KINDS_DEFAULT[derived_kind]
    if name is None:
        stem = original.original_name.rpartition(".")[0] or original.original_name
        claimed = kind_for_name(getattr(file, "name", "") or "")
        ext = claimed.extensions[0] if claimed else KINDS[kinds[0]].extensions[0]
        name = f"{stem}.{derived_kind.value}{ext}"
    file, kind, original_name, sha256, size = _validated(file, kinds, name)
    folder = original.storage_path.rpartition("/")[0]
    path = _write(
        file, f"{folder}/{derived_kind.value}-{uuid.uuid4().hex[:12]}{kind.extensions[0]}"
    )
    att = Attachment.objects.create(
        agency_id=original.agency_id,
        original_name=original_name,
        content_type=kind.mime,
        size=size,
        sha256=sha256,
        storage_path=path,
        kind=kind.code,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        created_at=clock.now(),
        case_type_id=original.case_type_id,
        case_id=original.case_id,
        derived_from=original,
        derived_kind=derived_kind.value,
    )
    eventlog.record(
        action="attachments.store_derived",
        actor=acting_user,
        agency=original.agency_id,
        case=(f"{original.case_type.app_label}.{original.case_type.model}", original.case_id)
        if original.case_type_id
        else original,
        payload={
            "attachment_id": att.pk,
            "derived_from": original.pk,
            "derived_kind": derived_kind.value,
            "sha256": sha256,
            "size": size,
        },
    )
    return att


@transaction.atomic
def attachment_link_case(
    *, acting_user: Any, attachment: Attachment, case: models.Model
) -> Attachment:
    """Attach an uploaded file (and its derived files) to ``case`` once the case exists. A file
    already attached to another case is refused (``attachment_already_linked``)."""
    fields = _case_fields(case)
    if attachment.case_type_id is not None and (
        attachment.case_type_id != fields["case_type"].pk or attachment.case_id != case.pk
    ):
        raise DomainError("attachment_already_linked", _("Tệp đã được đính kèm vào hồ sơ khác."))
    Attachment.objects.filter(
        models.Q(pk=attachment.pk) | models.Q(derived_from=attachment.pk)
    ).update(case_type=fields["case_type"], case_id=fields["case_id"])
    attachment.refresh_from_db()
    eventlog.record(
        action="attachments.link",
        actor=acting_user,
        agency=attachment.agency_id,
        case=case,
        payload={"attachment_id": attachment.pk},
    )
    return attachment


# --- reading -------------------------------------------------------------------------------------


def _integrity_error(att: Attachment, reason: str) -> DomainError:
    logger.error("attachments: integrity failure on %s (%s): %s", att.pk, att.storage_path, reason)
    return DomainError(
        "integrity_error",
        _("Tệp “%(name)s” không còn nguyên vẹn so với bản đã lưu; đã báo quản trị viên.")
        % {"name": att.original_name},
        status=500,
    )


def attachment_open(att: Attachment) -> File:
    """The stored bytes of ``att`` as an open binary ``File`` positioned at 0, after checking
    that their size and SHA-256 are those recorded. Raises ``DomainError("integrity_error")``
    when the file is missing or changed. The caller closes the file (or uses ``with``)."""
    store = storage()
    try:
        f = store.open(att.storage_path, "rb")
    except OSError as exc:
        raise _integrity_error(att, f"cannot open: {exc}") from None
    try:
        digest = hashlib.sha256()
        size = 0
        while chunk := f.read(CHUNK):
            size += len(chunk)
            digest.update(chunk)
        if size != att.size or digest.hexdigest() != att.sha256:
            raise _integrity_error(att, f"size {size}, sha256 {digest.hexdigest()}")
        f.seek(0)
    except BaseException:
        f.close()
        raise
    return f


def attachment_read(att: Attachment) -> bytes:
    """All verified bytes of ``att`` (small files; stream :func:`attachment_open` otherwise)."""
    with attachment_open(att) as f:
        return f.read()
