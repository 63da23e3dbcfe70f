"""Reads on danh mục hồ sơ and work files, through the visibility rule ``workfiles.workfile``
(the officials of the file's agency see the danh mục and the files); documents inside a file
are shown only where their own visibility rule lets the reader see them."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Prefetch, QuerySet

from vanphong.core import permissions
from vanphong.org import selectors as org
from vanphong.workfiles import services
from vanphong.workfiles.models import Catalog, FiledDocument, Heading, Workfile, WorkfileState

KIND = "workfiles.workfile"


@permissions.visibility(KIND, model="workfiles.Workfile", perm="workfiles.view_workfile")
def workfile_visible(user, qs: QuerySet[Workfile]) -> QuerySet[Workfile]:
    """The officials of an agency see its danh mục and files (the list is an issued document);
    what a file holds is filtered per document by :func:`documents_in`."""
    if user.is_superuser:
        return qs
    return qs.filter(agency__in=org.agencies_of(user))


def visible_workfiles(user) -> QuerySet[Workfile]:
    return permissions.visible(user, KIND)


def _with_counts(qs: QuerySet[Workfile]) -> QuerySet[Workfile]:
    return qs.select_related("creator", "heading", "catalog").annotate(doc_count=Count("filed"))


def catalog_for(user, year: int) -> Catalog | None:
    """The danh mục of the user's own agency for ``year``."""
    if not getattr(user, "agency_id", None):
        return None
    return Catalog.objects.filter(agency_id=user.agency_id, year=year).first()


def catalog_years(user) -> list[int]:
    if not getattr(user, "agency_id", None):
        return []
    return list(Catalog.objects.filter(agency_id=user.agency_id).values_list("year", flat=True))


def catalog_headings(user, catalog: Catalog) -> list[Heading]:
    """Headings with their (visible) files, each with ``doc_count``: three queries."""
    files = _with_counts(visible_workfiles(user).filter(catalog=catalog)).order_by("ordinal", "id")
    return list(
        catalog.headings.select_related("unit")
        .prefetch_related(Prefetch("workfiles", queryset=files, to_attr="files"))
        .order_by("order", "id")
    )


def my_workfiles(user) -> QuerySet[Workfile]:
    """Files assigned to ``user`` (người lập hồ sơ) that are not closed, newest year first."""
    return (
        _with_counts(visible_workfiles(user).filter(creator=user))
        .exclude(state=WorkfileState.CLOSED)
        .order_by("-catalog__year", "ordinal")
    )


def fileable_workfiles(user, agency_id: int) -> QuerySet[Workfile]:
    """Open files of ``agency_id`` the user may file into: theirs, or all when office."""
    qs = visible_workfiles(user).filter(agency_id=agency_id, state=WorkfileState.OPEN)
    if not services.is_office(user, agency_id):
        qs = qs.filter(creator=user)
    return qs.select_related("catalog").order_by("-catalog__year", "ordinal")


def documents_in(user, workfile: Workfile) -> tuple[list[FiledDocument], int]:
    """The filed documents the reader may see (each with ``.document``), in filing order, and
    the number of the others. One query per kind of document, whatever their number."""
    rows = list(workfile.filed.select_related("case_type", "filed_by").order_by("filed_at", "id"))
    by_type: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_type[row.case_type_id].append(row.case_id)
    found: dict[tuple[int, int], Model] = {}
    for ct_id, ids in by_type.items():
        ct = ContentType.objects.get_for_id(ct_id)
        model = ct.model_class()
        kind = services.visibility_kind(model) if model else None
        if kind is None:
            continue
        related = [
            f.name for f in model._meta.get_fields() if f.name == "doc_type" and f.is_relation
        ]
        qs = permissions.visible(user, kind, model._default_manager.filter(pk__in=ids))
        for obj in qs.select_related(*related):
            found[(ct_id, obj.pk)] = obj
    shown = []
    for row in rows:
        row.document = found.get((row.case_type_id, row.case_id))
        if row.document is not None:
            doc = row.document
            row.code = getattr(doc, "so_ky_hieu", "") or getattr(doc, "code", "") or str(doc)
            shown.append(row)
    return shown, len(rows) - len(shown)


def files_of_case(user, case: Model) -> QuerySet[FiledDocument]:
    """Where ``case`` is filed, among the files the user sees."""
    ct = ContentType.objects.get_for_model(case)
    return (
        FiledDocument.objects.filter(
            case_type=ct, case_id=case.pk, workfile__in=visible_workfiles(user)
        )
        .select_related("workfile", "workfile__catalog")
        .order_by("workfile__catalog__year", "workfile__ordinal")
    )


def open_count(user) -> int:
    """Start-page counter: my files being kept (one query)."""
    return Workfile.objects.filter(creator=user, state=WorkfileState.OPEN).count()
