"""The personal start page ("Việc cần làm")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock

# The deadline vocabulary of the kernel for open work (architecture §2), in display order.
OPEN_STATUSES = [
    ("not_due", _("Chưa đến hạn"), "green"),
    ("due_soon", _("Sắp đến hạn"), "orange"),
    ("overdue", _("Quá hạn"), "red"),
]


def _open_assignments(user) -> list:
    """The work assigned to ``user``, from the assignment kernel when it is installed."""
    try:
        from vanphong.core.assignments.selectors import open_assignments_for
    except ImportError:  # the assignment kernel is not there yet: nothing can be assigned
        return []
    return list(open_assignments_for(user))


def _memberships(user) -> list:
    return list(
        user.memberships.select_related("unit", "position", "unit__agency").order_by(
            "-is_primary", "unit__order", "unit__name"
        )
    )


@login_required
def home(request):
    user = request.user
    now = clock.now()
    items = _open_assignments(user)
    counts = {code: 0 for code, _label, _colour in OPEN_STATUSES}
    labels = {code: (label, colour) for code, label, colour in OPEN_STATUSES}
    rows = []
    for item in items:
        status = str(getattr(item, "deadline_status", "") or "")
        if status in counts:
            counts[status] += 1
        label, colour = labels.get(status, ("", "secondary"))
        rows.append({"item": item, "status": status, "status_label": label, "colour": colour})
    cards = [
        {"code": code, "label": label, "colour": colour, "count": counts[code]}
        for code, label, colour in OPEN_STATUSES
    ]
    if now.hour < 11:
        greeting = _("Chào buổi sáng")
    elif now.hour < 14:
        greeting = _("Chào buổi trưa")
    elif now.hour < 18:
        greeting = _("Chào buổi chiều")
    else:
        greeting = _("Chào buổi tối")
    return render(
        request,
        "core/home.html",
        {
            "greeting": greeting,
            "today": now.date(),
            "memberships": _memberships(user),
            "rows": rows,
            "cards": cards,
        },
    )
