"""The personal start page ("Việc cần làm")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.deadlines import DeadlineStatus
from vanphong.core.templatetags.vanphong import deadline_colour

# Open statuses as cards, in display order.
OPEN_STATUSES = [DeadlineStatus.CHUA_DEN_HAN, DeadlineStatus.SAP_DEN_HAN, DeadlineStatus.QUA_HAN]


def _open_assignments(user) -> list:
    """The work assigned to ``user`` (assignment kernel), with its case prefetched."""
    from vanphong.core.assignments.selectors import open_assignments_for

    return list(open_assignments_for(user).prefetch_related("case"))


def _memberships(user) -> list:
    return list(
        user.memberships.select_related("unit", "position").order_by(
            "-is_primary", "unit__order", "unit__name"
        )
    )


def _greeting(hour: int) -> str:
    if hour < 11:
        return _("Chào buổi sáng")
    if hour < 14:
        return _("Chào buổi trưa")
    if hour < 18:
        return _("Chào buổi chiều")
    return _("Chào buổi tối")


@login_required
def home(request):
    user = request.user
    now = clock.now()
    counts = {status.value: 0 for status in OPEN_STATUSES}
    rows = []
    for item in _open_assignments(user):
        status = str(item.deadline_status or "")
        if status in counts:
            counts[status] += 1
        case = item.case
        url = case.get_absolute_url() if hasattr(case, "get_absolute_url") else ""
        rows.append({"item": item, "case": case, "url": url, "status": status})
    from vanphong.core.context_processors import user_roles
    from vanphong.core.startpage import counters_for

    counters = counters_for(user, user_roles(user))
    cards = [
        {"code": s.value, "label": s.label, "colour": deadline_colour(s), "count": counts[s.value]}
        for s in OPEN_STATUSES
    ]
    return render(
        request,
        "core/home.html",
        {
            "greeting": _greeting(now.hour),
            "today": now.date(),
            "memberships": _memberships(user),
            "rows": rows,
            "cards": cards,
            "counters": counters,
        },
    )
