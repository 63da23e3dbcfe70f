"""Every change to danh mục hồ sơ and work files: atomic, checked, written to the event log.

Rights:
* the office — the agency's văn thư and leaders (:data:`OFFICE_ROLES`) — creates the yearly
  danh mục (or copies the previous year's), its headings and files, edits and closes any file;
* the person a file is assigned to (người lập hồ sơ) opens it, files documents into it, unfiles
  them and closes it;
* filing needs the document to be visible to the actor (its module's visibility rule) and to
  belong to the file's agency; a closed file takes no change.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from vanphong.core import clock, eventlog, permissions
from vanphong.core.errors import DomainError
from vanphong.core.text import clean_text
from vanphong.org import selectors as org
from vanphong.org.models import Official, Role, Unit
from vanphong.workfiles.models import Catalog, FiledDocument, Heading, Workfile, WorkfileState

OFFICE_ROLES = frozenset({Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
CODE_RE = re.compile(r"^[A-ZĐ0-9]{1,10}$")
#: Suggested retention periods (TT 10/2022/TT-BNV); the field accepts any text up to 30 chars.
RETENTION_SUGGESTIONS = ("Vĩnh viễn", "70 năm", "50 năm", "20 năm", "10 năm", "5 năm")


def is_office(user, agency) -> bool:
    return bool(org.effective_roles(user, agency) & OFFICE_ROLES)


def _forbid(message: str):
    raise DomainError("forbidden", message, status=403)


def _require_office(user, agency) -> None:
    if not is_office(user, agency):
        _forbid(_("Chỉ văn thư và lãnh đạo cơ quan được sửa danh mục hồ sơ."))


def _record(action: str, *, actor, case: Model, agency_id: int, from_state="", to_state="", **p):
    eventlog.record(
        action=action,
        actor=actor,
        agency=agency_id,
        case=case,
        from_state=from_state,
        to_state=to_state,
        payload=p,
    )


def _invalid(errors: dict[str, list[str]]):
    raise DomainError(
        "invalid_input", _("Thông tin hồ sơ chưa hợp lệ; xem các trường."), fields=errors
    )


def _text(value: Any, field: str, max_length: int, errors: dict, *, required: bool = True) -> str:
    text = clean_text(value or "")
    if required and not text:
        errors[field] = [_("Trường này là bắt buộc.")]
    elif len(text) > max_length:
        errors[field] = [_("Tối đa %(n)s ký tự.") % {"n": max_length}]
    return text


# --- danh mục --------------------------------------------------------------------------------------


@transaction.atomic
def catalog_create(
    *, acting_user: Official, agency, year: int, title: str = "", copy_previous: bool = False
) -> Catalog:
    """Lập danh mục hồ sơ for ``year``; with ``copy_previous`` the previous year's headings and
    files are copied (new files: not opened, same numbers, titles, retention and people)."""
    _require_office(acting_user, agency)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        msg = _("Năm không hợp lệ.")
        raise DomainError("invalid_input", msg, fields={"year": [msg]})
    agency_id = getattr(agency, "pk", agency)
    if Catalog.objects.filter(agency_id=agency_id, year=year).exists():
        msg = _("Cơ quan đã có danh mục hồ sơ năm %(year)s.") % {"year": year}
        raise DomainError("catalog_exists", msg, fields={"year": [msg]}, status=409)
    previous = None
    if copy_previous:
        previous = Catalog.objects.filter(agency_id=agency_id, year=year - 1).first()
        if previous is None:
            msg = _("Chưa có danh mục hồ sơ năm %(year)s để sao chép.") % {"year": year - 1}
            raise DomainError("no_previous", msg, fields={"copy_previous": [msg]}, status=409)
    errors: dict = {}
    title = _text(title, "title", 300, errors, required=False) or _(
        "Danh mục hồ sơ năm %(year)s"
    ) % {"year": year}
    if errors:
        _invalid(errors)
    catalog = Catalog.objects.create(
        agency_id=agency_id,
        year=year,
        title=title,
        created_by=acting_user,
        created_at=clock.now(),
    )
    copied = 0
    if previous is not None:
        for heading in previous.headings.all():
            new_heading = Heading.objects.create(
                catalog=catalog,
                order=heading.order,
                title=heading.title,
                code=heading.code,
                unit=heading.unit,
            )
            for wf in heading.workfiles.select_related("creator").order_by("ordinal", "id"):
                creator = wf.creator if wf.creator and wf.creator.is_active else None
                Workfile.objects.create(
                    catalog=catalog,
                    heading=new_heading,
                    agency_id=agency_id,
                    ordinal=wf.ordinal,
                    notation=wf.notation,
                    title=wf.title,
                    retention=wf.retention,
                    creator=creator,
                    note=wf.note,
                )
                copied += 1
    _record(
        "workfiles.catalog.create",
        actor=acting_user,
        case=catalog,
        agency_id=agency_id,
        year=year,
        copied_from=previous.pk if previous else None,
        copied_files=copied,
    )
    return catalog


@transaction.atomic
def heading_create(
    *, acting_user: Official, catalog: Catalog, title: str, code: str, unit: Unit | None = None
) -> Heading:
    _require_office(acting_user, catalog.agency_id)
    errors: dict = {}
    title = _text(title, "title", 300, errors)
    code = clean_text(code or "").upper()
    if not CODE_RE.match(code):
        errors["code"] = [_("Ký hiệu gồm chữ in hoa và số, tối đa 10 ký tự, ví dụ TCCB.")]
    if unit is not None and unit.agency_id != catalog.agency_id:
        errors["unit"] = [_("Đơn vị không thuộc cơ quan này.")]
    if errors:
        _invalid(errors)
    order = (catalog.headings.aggregate(m=Max("order"))["m"] or 0) + 1
    heading = Heading.objects.create(
        catalog=catalog, order=order, title=title, code=code, unit=unit
    )
    _record(
        "workfiles.heading.create",
        actor=acting_user,
        case=catalog,
        agency_id=catalog.agency_id,
        heading=heading.pk,
        title=title,
        code=code,
    )
    return heading


def _validate_file(data: dict, agency_id: int) -> dict:
    errors: dict = {}
    clean = {
        "title": _text(data.get("title"), "title", 500, errors),
        "retention": _text(data.get("retention"), "retention", 30, errors),
        "note": _text(data.get("note"), "note", 500, errors, required=False),
    }
    creator = data.get("creator")
    if creator is not None and (
        not creator.is_active or not org.agencies_of(creator).filter(pk=agency_id).exists()
    ):
        errors["creator"] = [_("Người lập hồ sơ phải là cán bộ của cơ quan.")]
    clean["creator"] = creator
    if errors:
        _invalid(errors)
    return clean


@transaction.atomic
def workfile_create(
    *,
    acting_user: Official,
    heading: Heading,
    title: str,
    retention: str,
    creator: Official | None = None,
    note: str = "",
) -> Workfile:
    """Add a file under ``heading``; numbered across the whole danh mục from 01
    (số và ký hiệu = số thứ tự + ký hiệu đề mục, e.g. ``01.TCCB``)."""
    catalog = heading.catalog
    _require_office(acting_user, catalog.agency_id)
    data = _validate_file(
        {"title": title, "retention": retention, "creator": creator, "note": note},
        catalog.agency_id,
    )
    Catalog.objects.select_for_update().filter(pk=catalog.pk).first()  # serialise numbering
    ordinal = (catalog.workfiles.aggregate(m=Max("ordinal"))["m"] or 0) + 1
    workfile = Workfile.objects.create(
        catalog=catalog,
        heading=heading,
        agency_id=catalog.agency_id,
        ordinal=ordinal,
        notation=f"{ordinal:02d}.{heading.code}",
        **data,
    )
    _record(
        "workfiles.workfile.create",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        to_state=workfile.state,
        notation=workfile.notation,
        title=workfile.title,
        creator=creator.pk if creator else None,
    )
    return workfile


def _lock(workfile: Workfile) -> Workfile:
    return Workfile.objects.select_for_update().select_related("catalog").get(pk=workfile.pk)


def _may_keep(user, workfile: Workfile) -> bool:
    return workfile.creator_id == user.pk or is_office(user, workfile.agency_id)


def _require_not_closed(workfile: Workfile) -> None:
    if workfile.state == WorkfileState.CLOSED:
        raise DomainError("workfile_closed", _("Hồ sơ đã kết thúc, không sửa được."), status=409)


@transaction.atomic
def workfile_update(
    *,
    acting_user: Official,
    workfile: Workfile,
    title: str,
    retention: str,
    creator: Official | None,
    note: str = "",
) -> Workfile:
    workfile = _lock(workfile)
    _require_office(acting_user, workfile.agency_id)
    _require_not_closed(workfile)
    data = _validate_file(
        {"title": title, "retention": retention, "creator": creator, "note": note},
        workfile.agency_id,
    )
    changed = {
        k: [str(getattr(workfile, k) or ""), str(v or "")]
        for k, v in data.items()
        if getattr(workfile, k) != v
    }
    for k, v in data.items():
        setattr(workfile, k, v)
    workfile.save()
    _record(
        "workfiles.workfile.update",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        changes={k: v for k, v in changed.items()},
    )
    return workfile


@transaction.atomic
def workfile_open(*, acting_user: Official, workfile: Workfile) -> Workfile:
    """Mở hồ sơ: by the person it is assigned to (or the office)."""
    workfile = _lock(workfile)
    if not _may_keep(acting_user, workfile):
        _forbid(_("Chỉ người lập hồ sơ hoặc văn thư được mở hồ sơ này."))
    if workfile.state != WorkfileState.PLANNED:
        raise DomainError("not_planned", _("Hồ sơ đã được mở."), status=409)
    workfile.state = WorkfileState.OPEN
    workfile.opened_at = clock.now()
    if workfile.creator_id is None:
        workfile.creator = acting_user
    workfile.save()
    _record(
        "workfiles.workfile.open",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        from_state=WorkfileState.PLANNED,
        to_state=WorkfileState.OPEN,
    )
    return workfile


@transaction.atomic
def workfile_close(*, acting_user: Official, workfile: Workfile) -> Workfile:
    """Kết thúc hồ sơ (NĐ 30, Điều 29: when the work ends)."""
    workfile = _lock(workfile)
    if not _may_keep(acting_user, workfile):
        _forbid(_("Chỉ người lập hồ sơ hoặc văn thư được kết thúc hồ sơ này."))
    if workfile.state != WorkfileState.OPEN:
        raise DomainError("not_open", _("Chỉ kết thúc được hồ sơ đang lập."), status=409)
    workfile.state = WorkfileState.CLOSED
    workfile.closed_at = clock.now()
    workfile.save()
    _record(
        "workfiles.workfile.close",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        from_state=WorkfileState.OPEN,
        to_state=WorkfileState.CLOSED,
        documents=workfile.filed.count(),
    )
    return workfile


# --- filing ------------------------------------------------------------------------------------


def visibility_kind(model: type[Model]) -> str | None:
    """The visibility rule of ``model`` (a document kind), or None: only such models are filed."""
    label = model._meta.label
    for rule in permissions.REGISTRY.values():
        if rule.model == label:
            return rule.kind
    return None


def may_see_case(user, case: Model) -> bool:
    kind = visibility_kind(type(case))
    return kind is not None and permissions.can_view(user, kind, case)


@transaction.atomic
def file_document(*, acting_user: Official, workfile: Workfile, case: Model) -> FiledDocument:
    """Lập hồ sơ: put ``case`` (a document the actor may see) into ``workfile`` (open, kept by
    the actor). The same document may be in several files: each is a link."""
    workfile = _lock(workfile)
    if not _may_keep(acting_user, workfile):
        _forbid(_("Chỉ người lập hồ sơ hoặc văn thư được đưa văn bản vào hồ sơ này."))
    if workfile.state != WorkfileState.OPEN:
        raise DomainError(
            "not_open", _("Hồ sơ chưa mở hoặc đã kết thúc; không đưa văn bản vào được."), status=409
        )
    if not may_see_case(acting_user, case):
        raise DomainError("not_found", _("Không tìm thấy văn bản."), status=404)
    if getattr(case, "agency_id", None) != workfile.agency_id:
        msg = _("Văn bản không thuộc cơ quan của hồ sơ.")
        raise DomainError("other_agency", msg, status=409)
    ct = ContentType.objects.get_for_model(case)
    if FiledDocument.objects.filter(workfile=workfile, case_type=ct, case_id=case.pk).exists():
        raise DomainError(
            "already_filed",
            _("Văn bản đã có trong hồ sơ %(n)s.") % {"n": workfile.notation},
            status=409,
        )
    try:
        with transaction.atomic():
            filed = FiledDocument.objects.create(
                workfile=workfile,
                case_type=ct,
                case_id=case.pk,
                agency_id=workfile.agency_id,
                filed_by=acting_user,
                filed_at=clock.now(),
            )
    except IntegrityError:
        raise DomainError(
            "already_filed",
            _("Văn bản đã có trong hồ sơ %(n)s.") % {"n": workfile.notation},
            status=409,
        ) from None
    _record(
        "workfiles.file",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        document_type=ct.model,
        document_id=case.pk,
    )
    return filed


@transaction.atomic
def unfile_document(*, acting_user: Official, filed: FiledDocument) -> None:
    """Take a document out of a file (the link is deleted; the event log keeps it)."""
    workfile = _lock(filed.workfile)
    if not _may_keep(acting_user, workfile):
        _forbid(_("Chỉ người lập hồ sơ hoặc văn thư được rút văn bản khỏi hồ sơ này."))
    _require_not_closed(workfile)
    ct = filed.case_type
    payload = {"document_type": ct.model, "document_id": filed.case_id}
    filed.delete()
    _record(
        "workfiles.unfile",
        actor=acting_user,
        case=workfile,
        agency_id=workfile.agency_id,
        **payload,
    )
