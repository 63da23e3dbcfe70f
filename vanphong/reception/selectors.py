"""Reads of petitions: who sees which petition, who may see a denouncer's identity, the
register list, duplicate suggestions."""

from __future__ import annotations

import datetime as dt
import difflib

from django.db.models import Prefetch, Q, QuerySet

from vanphong.core import clock, deadlines, permissions
from vanphong.core.text import fold
from vanphong.org.models import Role, RoleGrant
from vanphong.org.selectors import agencies_of, effective_roles
from vanphong.reception.models import Petition, PetitionClass, Petitioner

KIND = "reception.petition"
#: Roles that work the petition register of their agency.
STAFF_ROLES = frozenset({Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Leaders of the agency who, with the named handlers, may see a denouncer's identity.
IDENTITY_LEADER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
_ONE_DAY = dt.timedelta(days=1)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.VN_TZ)


#: Folded-content similarity from which an earlier petition of the same person is suggested.
DUPLICATE_SIMILARITY = 0.5


def _agency_ids_with(user, roles: frozenset) -> list[int]:
    direct = set(
        RoleGrant.objects.filter(official=user, role__in=list(roles)).values_list(
            "agency_id", flat=True
        )
    )
    for agency in agencies_of(user):  # delegated roles too
        if agency.pk not in direct and effective_roles(user, agency) & roles:
            direct.add(agency.pk)
    return sorted(direct)


@permissions.visibility(KIND, model="reception.Petition", perm="reception.view_petition")
def petition_visible(user, qs: QuerySet) -> QuerySet:
    """The reception staff and agency leaders see their agency's register; a named handler
    sees the petitions handed to them, a collaborator those they were asked to help verify."""
    return qs.filter(
        Q(agency_id__in=_agency_ids_with(user, STAFF_ROLES))
        | Q(handlers=user)
        | Q(collaborators=user)
    ).distinct()


def can_handle(user, petition: Petition) -> bool:
    """May ``user`` take decisions on ``petition`` (staff of its agency or a named handler)?"""
    if not permissions.is_active_user(user):
        return False
    if effective_roles(user, petition.agency_id) & STAFF_ROLES:
        return True
    return petition.handlers.filter(pk=user.pk).exists()


def can_see_identity(user, petition: Petition) -> bool:
    """The denouncer's identity: only the named handlers and the agency's leaders (Luật Tố cáo
    2018 Đ8, Đ47). Not a superuser as such, not other reception staff."""
    if not permissions.is_active_user(user):
        return False
    if petition.handlers.filter(pk=user.pk).exists():
        return True
    return bool(effective_roles(user, petition.agency_id) & IDENTITY_LEADER_ROLES)


def can_receive(user, agency) -> bool:
    return bool(effective_roles(user, agency) & STAFF_ROLES)


def petitions_for_list(
    user,
    *,
    classification: str = "",
    outcome: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Petition]:
    """The petition register as ``user`` may see it, with the deadline status in SQL (one query
    for the page, whatever the number of rows). Outcome ``none`` means not decided yet."""
    from vanphong.core import search

    qs = permissions.visible(user, KIND, Petition.objects.all())
    if classification:
        qs = qs.filter(classification=classification)
    if outcome == "none":
        qs = qs.filter(outcome="")
    elif outcome:
        qs = qs.filter(outcome=outcome)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("agency", "related_to").annotate(
        deadline_status=deadlines.status_expression()
    )
    if query:
        qs = search.filter(qs, query)
    return qs.order_by("-received_at", "-number")


def register_count(agency, year: int) -> int:
    """Petitions of the year's register, a confirmed duplicate not counted twice and a split
    petition counted as its parts."""
    return (
        Petition.objects.filter(agency=agency, year=year, related_to__isnull=True)
        .exclude(status="da_tach")
        .count()
    )


def similarity(a: str, b: str) -> float:
    """Similarity of two contents after Vietnamese folding (0..1)."""
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def duplicate_suggestions(petition: Petition, *, limit: int = 5) -> list[tuple[Petition, float]]:
    """Earlier petitions of the same agency from a person with the same identity number (by
    keyed digest) whose folded content is similar: suggestions for staff to confirm."""
    if petition.related_to_id is not None:
        return []
    digests = [
        d
        for d in Petitioner.objects.filter(petition=petition).values_list(
            "identity_digest", flat=True
        )
        if d
    ]
    if not digests:
        return []
    candidates = (
        Petition.objects.filter(
            agency_id=petition.agency_id,
            received_at__lte=petition.received_at,
            petitioners__identity_digest__in=digests,
        )
        .exclude(pk=petition.pk)
        .exclude(status="da_tach")
        .distinct()
        .order_by("-received_at")[:50]
    )
    scored = [(c, similarity(petition.content, c.content)) for c in candidates]
    scored = [(c, s) for c, s in scored if s >= DUPLICATE_SIMILARITY]
    scored.sort(key=lambda cs: -cs[1])
    return scored[:limit]


def duplicate_chain(petition: Petition) -> QuerySet[Petition]:
    """The petition, the earlier one it duplicates and every other duplicate of that one."""
    root_id = petition.related_to_id or petition.pk
    return Petition.objects.filter(Q(pk=root_id) | Q(related_to_id=root_id))


__all__ = [
    "KIND",
    "PetitionClass",
    "can_handle",
    "can_receive",
    "can_see_identity",
    "duplicate_chain",
    "duplicate_suggestions",
    "petitions_for_list",
    "register_count",
]


# --------------------------------------------------------------------------------------------
# The reception register (sổ tiếp công dân) and the leaders' reception days

ENTRY_KIND = "reception.entry"
#: Roles whose work needs the citizens' full identity numbers and addresses (the reception
#: officials keep the paper register and call the citizens back); everyone else gets them
#: masked, in pages and exports alike. A denouncer's identity is never in the register outputs.
PERSONAL_DATA_ROLES = frozenset({Role.CAN_BO_TIEP_CONG_DAN})


@permissions.visibility(ENTRY_KIND, model="reception.ReceptionEntry")
def entry_visible(user, qs: QuerySet) -> QuerySet:
    """The register of an agency is seen by its reception staff and leaders."""
    return qs.filter(agency_id__in=_agency_ids_with(user, STAFF_ROLES))


def can_see_personal_data(user, agency_id: int) -> bool:
    if not permissions.is_active_user(user):
        return False
    return bool(effective_roles(user, agency_id) & PERSONAL_DATA_ROLES)


def entries_for_list(
    user,
    *,
    action: str = "",
    classification: str = "",
    reply: str = "",
    date_from=None,
    date_to=None,
    query: str = "",
):
    """The reception register as ``user`` may see it, with the reply's deadline status in SQL.
    ``reply``: ``cho`` (awaiting reply), ``qua_han`` (reply overdue), ``xong`` (replied)."""
    from vanphong.core import search
    from vanphong.reception.models import ReceptionCitizen, ReceptionEntry

    qs = permissions.visible(user, ENTRY_KIND, ReceptionEntry.objects.all())
    if action:
        qs = qs.filter(action=action)
    if classification:
        qs = qs.filter(classification=classification)
    if date_from:
        qs = qs.filter(received_at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(received_at__lt=_day_start(date_to) + _ONE_DAY)
    qs = qs.annotate(deadline_status=deadlines.status_expression())
    if reply == "cho":
        qs = qs.filter(due_at__isnull=False, finished_at__isnull=True)
    elif reply == "qua_han":
        qs = qs.filter(deadline_status=deadlines.DeadlineStatus.QUA_HAN)
    elif reply == "xong":
        qs = qs.filter(finished_at__isnull=False)
    qs = qs.select_related("agency", "received_by", "leader", "petition").prefetch_related(
        Prefetch("citizens", queryset=ReceptionCitizen.objects.order_by("order"))
    )
    if query:
        qs = search.filter(qs, query)
    return qs.order_by("-received_at", "-number")


def entries_awaiting_reply(user) -> QuerySet:
    from vanphong.reception.models import ReceptionEntry

    return permissions.visible(user, ENTRY_KIND, ReceptionEntry.objects.all()).filter(
        due_at__isnull=False, finished_at__isnull=True
    )


def petitions_handled_by(user, status: str) -> QuerySet:
    """Open petitions handed to ``user`` whose deadline status (in SQL) is ``status``."""
    return (
        Petition.objects.filter(handlers=user, finished_at__isnull=True)
        .annotate(deadline_status=deadlines.status_expression())
        .filter(deadline_status=status)
    )


def public_reception_days(*, agency_id: int | None = None) -> QuerySet:
    """Published, not cancelled reception days from today on (the public page)."""
    from vanphong.reception.models import ReceptionDay

    qs = ReceptionDay.objects.filter(
        published=True, cancelled=False, ends_at__gte=_day_start(clock.today())
    )
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.select_related("agency").order_by("starts_at")


def reception_days_for(user) -> QuerySet:
    from vanphong.reception.models import ReceptionDay

    return (
        ReceptionDay.objects.filter(agency_id__in=_agency_ids_with(user, STAFF_ROLES))
        .select_related("agency", "leader")
        .order_by("-starts_at")
    )


def frequency_report(*, agency, leader, level: str, start, end, on=None) -> list[dict]:
    """Each period (month or ISO week, by the rule in force on ``on``) between the dates
    ``start`` and ``end`` with the leader's reception days held or scheduled in it and
    whether the law's minimum is met (Luật Tiếp công dân 2013 Đ12, Đ15, Đ18)."""
    from vanphong.core import refdata
    from vanphong.reception import legal_rules as R
    from vanphong.reception.models import ReceptionDay

    rule = refdata.value_in_force(R.LEADER_FREQUENCY, on or start)[level]
    days = [
        clock.local(moment).date()
        for moment in ReceptionDay.objects.filter(
            agency=agency,
            leader=leader,
            cancelled=False,
            starts_at__gte=_day_start(start),
            starts_at__lt=_day_start(end) + _ONE_DAY,
        ).values_list("starts_at", flat=True)
    ]
    periods = []
    cursor = start
    while cursor <= end:
        if rule["period"] == "week":
            first = cursor - dt.timedelta(days=cursor.weekday())
            last = first + dt.timedelta(days=6)
            label = f"{first:%d/%m}–{last:%d/%m/%Y}"
        else:
            first = cursor.replace(day=1)
            nxt = (first + dt.timedelta(days=32)).replace(day=1)
            last = nxt - dt.timedelta(days=1)
            label = f"{first:%m/%Y}"
        count = len({d for d in days if first <= d <= last})
        periods.append(
            {
                "label": label,
                "first": first,
                "last": last,
                "count": count,
                "required": int(rule["min_days"]),
                "ok": count >= int(rule["min_days"]),
            }
        )
        cursor = last + dt.timedelta(days=1)
    return periods
