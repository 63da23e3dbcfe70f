"""REST API of the workfiles module (mounted at /api/v1/workfiles/ by vanphong/api.py): the
danh mục of the caller's agency, a file with the documents the caller may see, filing and
unfiling, opening and closing — through the same services as the screens."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import ID_MAX, IdPath
from vanphong.core.errors import DomainError
from vanphong.workfiles import selectors, services
from vanphong.workfiles.models import FiledDocument, Workfile

router = Router(tags=["Hồ sơ công việc"])
WITH_CONFLICT = {**ERROR_RESPONSES, 409: ErrorOut}


class WorkfileOut(Schema):
    id: int
    notation: str = Field(..., description="Số và ký hiệu hồ sơ (FileNotation)")
    title: str
    retention: str = Field(..., description="Thời hạn bảo quản (Maintenance)")
    creator_id: int | None
    creator_name: str
    note: str
    state: str
    year: int
    heading: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_creator_name(obj: Workfile) -> str:
        return obj.creator.full_name if obj.creator_id else ""

    @staticmethod
    def resolve_year(obj: Workfile) -> int:
        return obj.catalog.year

    @staticmethod
    def resolve_heading(obj: Workfile) -> str:
        return str(obj.heading)


class HeadingOut(Schema):
    numeral: str
    title: str
    code: str
    unit_id: int | None
    files: list[WorkfileOut]


class CatalogOut(Schema):
    id: int
    year: int
    title: str
    headings: list[HeadingOut]


class FiledOut(Schema):
    id: int
    document_type: str = Field(..., description="app_label.model, ví dụ documents.incomingdocument")
    document_id: int
    label: str
    filed_at: dt.datetime
    filed_by: str

    @staticmethod
    def resolve_document_type(obj: FiledDocument) -> str:
        return f"{obj.case_type.app_label}.{obj.case_type.model}"

    @staticmethod
    def resolve_document_id(obj: FiledDocument) -> int:
        return obj.case_id

    @staticmethod
    def resolve_label(obj: FiledDocument) -> str:
        return getattr(obj, "code", "") or ""

    @staticmethod
    def resolve_filed_by(obj: FiledDocument) -> str:
        return obj.filed_by.full_name


class WorkfileDetailOut(WorkfileOut):
    documents: list[FiledOut]
    hidden_documents: int = Field(..., description="Văn bản trong hồ sơ mà bạn không được xem")


class FileIn(Schema):
    document_type: str = Field(..., max_length=100, description="documents.incomingdocument, …")
    document_id: int = Field(..., ge=1, le=ID_MAX)


def _file(request, file_id: int) -> Workfile:
    return get_object_or_404(
        selectors.visible_workfiles(request.auth).select_related("catalog", "heading", "creator"),
        pk=file_id,
    )


def _detail(request, wf: Workfile) -> Workfile:
    wf.documents, wf.hidden_documents = selectors.documents_in(request.auth, wf)
    return wf


@router.get(
    "/catalogs/{year}",
    response={200: CatalogOut, **ERROR_RESPONSES},
    summary="Danh mục hồ sơ của cơ quan trong một năm",
)
def catalog_get(request, year: int = Path(..., ge=2000, le=2100)):
    catalog = selectors.catalog_for(request.auth, year)
    if catalog is None:
        raise DomainError("not_found", _("Cơ quan chưa có danh mục hồ sơ năm này."), status=404)
    headings = selectors.catalog_headings(request.auth, catalog)
    return {
        "id": catalog.pk,
        "year": catalog.year,
        "title": catalog.title,
        "headings": [
            {
                "numeral": h.numeral,
                "title": h.title,
                "code": h.code,
                "unit_id": h.unit_id,
                "files": h.files,
            }
            for h in headings
        ],
    }


@router.get(
    "/files/{file_id}",
    response={200: WorkfileDetailOut, **ERROR_RESPONSES},
    summary="Một hồ sơ và các văn bản trong hồ sơ",
)
def workfile_get(request, file_id: int = IdPath()):
    return _detail(request, _file(request, file_id))


@router.post(
    "/files/{file_id}/documents",
    response={201: WorkfileDetailOut, **WITH_CONFLICT},
    summary="Lập hồ sơ: đưa một văn bản vào hồ sơ",
)
def workfile_file(request, payload: FileIn, file_id: int = IdPath()):
    wf = _file(request, file_id)
    label, _dot, model_name = payload.document_type.partition(".")
    try:
        model = apps.get_model(label, model_name)
    except (LookupError, ValueError):
        model = None
    if model is None or services.visibility_kind(model) is None:
        msg = _("Loại văn bản không hợp lệ.")
        raise DomainError("invalid_input", msg, fields={"document_type": [msg]})
    case = model._default_manager.filter(pk=payload.document_id).first()
    if case is None:
        raise DomainError("not_found", _("Không tìm thấy văn bản."), status=404)
    services.file_document(acting_user=request.auth, workfile=wf, case=case)
    return Status(201, _detail(request, wf))


@router.delete(
    "/files/{file_id}/documents/{filed_id}",
    response={204: None, **WITH_CONFLICT},
    summary="Rút văn bản khỏi hồ sơ",
)
def workfile_unfile(request, file_id: int = IdPath(), filed_id: int = IdPath()):
    wf = _file(request, file_id)
    filed = get_object_or_404(
        FiledDocument.objects.select_related("case_type"), pk=filed_id, workfile=wf
    )
    services.unfile_document(acting_user=request.auth, filed=filed)
    return Status(204, None)


@router.post(
    "/files/{file_id}/open", response={200: WorkfileOut, **WITH_CONFLICT}, summary="Mở hồ sơ"
)
def workfile_open(request, file_id: int = IdPath()):
    return services.workfile_open(acting_user=request.auth, workfile=_file(request, file_id))


@router.post(
    "/files/{file_id}/close",
    response={200: WorkfileOut, **WITH_CONFLICT},
    summary="Kết thúc hồ sơ",
)
def workfile_close(request, file_id: int = IdPath()):
    return services.workfile_close(acting_user=request.auth, workfile=_file(request, file_id))
