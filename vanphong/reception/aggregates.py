"""Dashboard figures of the reception module: petitions (đơn thư) by class, handled in time or
overdue (registered in :mod:`vanphong.reports.figures`).

A petition split into several (``da_tach``) is counted through its parts, never twice. A
petition belongs to a unit through its named handlers' primary unit.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from vanphong.org.models import Membership
from vanphong.reception.models import Petition, PetitionClass, PetitionStatus
from vanphong.reports.figures import (
    Scope,
    agency_ids,
    count_figure,
    finished_in,
    in_period,
    open_at,
    overdue_at,
    with_status_at,
)

GROUP = "reception"


def _petitions(scope: Scope):
    qs = Petition.objects.filter(agency_id__in=agency_ids(scope)).exclude(
        status=PetitionStatus.DA_TACH
    )
    if scope.unit is not None:
        handler_in_unit = Petition.handlers.through.objects.filter(
            petition_id=OuterRef("pk"),
            official__in=Membership.objects.filter(unit=scope.unit).values("official"),
        )
        qs = qs.filter(Exists(handler_in_unit))
    return with_status_at(qs, scope)


def received(scope: Scope, classification: str | None = None):
    qs = _petitions(scope).filter(in_period("received_at", scope))
    if classification:
        qs = qs.filter(classification=classification)
    return qs


def _received_of(classification: str):
    return lambda scope: received(scope, classification)


def done_in_time(scope: Scope):
    return _petitions(scope).filter(finished_in(scope, on_time=True))


def done_late(scope: Scope):
    return _petitions(scope).filter(finished_in(scope, on_time=False))


def overdue(scope: Scope):
    return _petitions(scope).filter(open_at(scope, "received_at")).filter(overdue_at(scope))


count_figure(
    "reception.received",
    _("Đơn thư tiếp nhận"),
    GROUP,
    received,
    formula=_("Đơn nhận trong kỳ (theo ngày nhận đơn); đơn đã tách tính theo các đơn tách."),
    order=10,
)
for _order, (_code, _label) in enumerate(
    (
        (PetitionClass.KHIEU_NAI, _("Đơn khiếu nại")),
        (PetitionClass.TO_CAO, _("Đơn tố cáo")),
        (PetitionClass.KIEN_NGHI, _("Đơn kiến nghị")),
        (PetitionClass.PHAN_ANH, _("Đơn phản ánh")),
    ),
    start=1,
):
    count_figure(
        f"reception.received_{_code}",
        _label,
        GROUP,
        _received_of(_code.value),
        formula=_("Đơn nhận trong kỳ theo phân loại đơn."),
        order=10 + _order,
    )
count_figure(
    "reception.done_in_time",
    _("Đơn xử lý, giải quyết đúng hạn"),
    GROUP,
    done_in_time,
    formula=_("Đơn hoàn thành trong kỳ, trước hoặc đúng thời hạn luật định."),
    order=30,
)
count_figure(
    "reception.done_late",
    _("Đơn xử lý, giải quyết quá hạn"),
    GROUP,
    done_late,
    formula=_("Đơn hoàn thành trong kỳ, sau thời hạn luật định."),
    order=40,
)
count_figure(
    "reception.overdue",
    _("Đơn quá hạn chưa giải quyết xong"),
    GROUP,
    overdue,
    formula=_("Đơn chưa hoàn thành tại cuối kỳ (hoặc lúc xem) mà đã quá thời hạn."),
    order=50,
)
