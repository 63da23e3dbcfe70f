"""Pagination for big lists: an exact count only up to a cap, never a full COUNT(*).

Django's ``Paginator`` counts every matching row to number the pages: on a frequent search
term over a million documents that COUNT costs up to a second (bench/documents.py). A list
page does not need it: ``CappedPaginator`` counts at most ``cap + 1`` rows (``SELECT COUNT(*)
FROM (SELECT … LIMIT cap + 1)``), so the page shows "1.000+ kết quả" beyond the cap, and the
last reachable page is the one holding row ``cap``; filters narrow further.

    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    page.paginator.count          # exact when not page.paginator.capped
    page.paginator.capped         # True when more than `cap` rows match
    {{ page.paginator.count_display }}   # "37", "1.000+"
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

DEFAULT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = DEFAULT_CAP, **kwargs):
        self.cap = cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _capped_count(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "query"):  # a queryset: count a LIMITed subquery
            return object_list.order_by()[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._capped_count > self.cap

    @property
    def count_display(self) -> str:
        from django.contrib.humanize.templatetags.humanize import intcomma

        shown = intcomma(self.count)
        return _("%(count)s+") % {"count": shown} if self.capped else shown
