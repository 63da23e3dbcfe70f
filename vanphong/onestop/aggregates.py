"""Dashboard figures of the one-stop module (registered in :mod:`vanphong.reports.figures`).

Every figure is one of the conditions of :func:`vanphong.onestop.statistics.expressions` (the
per-dossier fact columns), so the dashboard and the one-stop statistics page cannot disagree.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.utils.translation import gettext_lazy as _

from vanphong.onestop import statistics
from vanphong.onestop.models import Dossier
from vanphong.reports.figures import Scope, agency_ids, count_figure, percent_figure

GROUP = "onestop"


def _drill(*names: str):
    """The dossiers counted by the union of the statistics figures ``names``."""

    def drill(scope: Scope):
        f = statistics.Filters(
            start=scope.start_moment,
            end=scope.as_of,  # the end, or now while the period runs
            unit=scope.unit.pk if scope.unit is not None else None,
        )
        exprs = statistics.expressions(f.start, f.end)
        condition = reduce(or_, (exprs[n].filter for n in names))
        qs = Dossier.objects.filter(agency_id__in=agency_ids(scope))
        return statistics.scope(qs, f).filter(condition)

    return drill


UNIT = "handling_unit_id"

count_figure(
    "onestop.received",
    _("Hồ sơ một cửa tiếp nhận mới"),
    GROUP,
    _drill("received_new"),
    formula=_("Hồ sơ tiếp nhận trong kỳ (theo thời gian nhận hồ sơ)."),
    order=10,
    unit_field=UNIT,
)
count_figure(
    "onestop.settled",
    _("Hồ sơ đã giải quyết"),
    GROUP,
    _drill("settled_early", "settled_on_time", "settled_late"),
    formula=_("Hồ sơ có kết quả giải quyết trong kỳ (trước hạn, đúng hạn, quá hạn)."),
    order=20,
    unit_field=UNIT,
)
count_figure(
    "onestop.settled_on_time",
    _("Hồ sơ giải quyết đúng hạn"),
    GROUP,
    _drill("settled_early", "settled_on_time"),
    formula=_("Hồ sơ có kết quả trong kỳ, trước hạn hoặc đúng hạn."),
    order=30,
    unit_field=UNIT,
)
count_figure(
    "onestop.settled_late",
    _("Hồ sơ giải quyết quá hạn"),
    GROUP,
    _drill("settled_late"),
    formula=_("Hồ sơ có kết quả trong kỳ, sau thời hạn hẹn trả (kể cả có thư xin lỗi hẹn lại)."),
    order=35,
    unit_field=UNIT,
)
count_figure(
    "onestop.in_progress_overdue",
    _("Hồ sơ đang giải quyết quá hạn"),
    GROUP,
    _drill("in_progress_overdue"),
    formula=_("Hồ sơ chưa có kết quả tại cuối kỳ, không chờ bổ sung, đã quá thời hạn hẹn trả."),
    order=40,
    unit_field=UNIT,
)
count_figure(
    "onestop.five_spot_total",
    _('Hồ sơ thủ tục "5 tại chỗ" đã giải quyết'),
    GROUP,
    _drill("five_spot_total"),
    formula=_('Hồ sơ của thủ tục áp dụng "5 tại chỗ" có kết quả trong kỳ.'),
    order=50,
    unit_field=UNIT,
)
count_figure(
    "onestop.five_spot_done",
    _('Hồ sơ giải quyết "5 tại chỗ"'),
    GROUP,
    _drill("five_spot_done"),
    formula=_(
        "Hồ sơ có kết quả trong kỳ, giải quyết tại Bộ phận Một cửa ngay trong ngày tiếp nhận."
    ),
    order=60,
    unit_field=UNIT,
)
count_figure(
    "onestop.rated",
    _("Lượt đánh giá mức độ hài lòng"),
    GROUP,
    _drill("rated_very", "rated_ok", "rated_not"),
    formula=_("Hồ sơ được người dân đánh giá trong kỳ."),
    order=70,
    unit_field=UNIT,
)
count_figure(
    "onestop.rated_satisfied",
    _("Đánh giá hài lòng, rất hài lòng"),
    GROUP,
    _drill("rated_very", "rated_ok"),
    formula=_('Đánh giá trong kỳ ở mức "hài lòng" hoặc "rất hài lòng".'),
    order=80,
    unit_field=UNIT,
)
percent_figure(
    "onestop.on_time_rate",
    _("Tỷ lệ hồ sơ giải quyết đúng hạn"),
    GROUP,
    "onestop.settled_on_time",
    "onestop.settled",
    formula=_("(Trước hạn + đúng hạn) / đã giải quyết trong kỳ × 100% (QĐ 766/QĐ-TTg)."),
    order=90,
)
percent_figure(
    "onestop.five_spot_rate",
    _('Tỷ lệ "5 tại chỗ"'),
    GROUP,
    "onestop.five_spot_done",
    "onestop.five_spot_total",
    formula=_('Giải quyết tại chỗ / hồ sơ thủ tục "5 tại chỗ" đã giải quyết × 100%.'),
    order=100,
)
percent_figure(
    "onestop.satisfaction_rate",
    _("Tỷ lệ hài lòng"),
    GROUP,
    "onestop.rated_satisfied",
    "onestop.rated",
    formula=_("(Rất hài lòng + hài lòng) / số lượt đánh giá trong kỳ × 100%."),
    order=110,
)
