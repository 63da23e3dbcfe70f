"""Demo dossiers: a few hundred one-stop dossiers of the demo province over the last weeks,
received at the communes' and the province's desks (and from the national portal), processed
through the procedures' steps with realistic timing — most early or on time, some late (one
with an apology), some returned for supplement, refused or stopped, some still open — all
through the services, with the kernel clock moved to each moment.

DEMO DATA: names and identity numbers are invented (Faker, vi_VN).

The demo catalogue's versions take effect when the catalogue is seeded; so that the demo
history can pin a version, versions published by the system (no author) that took effect
after the start of the demo window are dated back to it (demo only: a real catalogue carries
the date its procedures took effect)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from vanphong.core import clock
from vanphong.core.calendar import workdays
from vanphong.core.demo import SeedContext, seed_step
from vanphong.core.errors import DomainError

WINDOW_DAYS = 45
PER_DAY = (6, 11)
PROVINCE_DESK = ("vp_ubnd", "TTPVHCC")
COMMUNES = ("px_pho_hien", "xa_vu_thu")
PROVINCE_UNITS = {"so_tai_chinh": ("DN", "BGD"), "so_noi_vu": ("XDCQ", "BGD")}
COMMUNE_UNITS = ("VP", "LD")


def _head(unit):
    from vanphong.org.models import Membership

    m = (
        Membership.objects.filter(unit=unit, is_head=True)
        .select_related("official")
        .order_by("pk")
        .first()
    )
    return m.official if m else None


def _desk_of(agency):
    from vanphong.org.models import Official, Role

    return (
        Official.objects.filter(
            role_grants__agency=agency, role_grants__role=Role.CAN_BO_MOT_CUA, is_active=True
        )
        .order_by("pk")
        .first()
    )


def _person(rng: random.Random, n: int) -> dict:
    from faker import Faker

    from vanphong.org.demo import vietnamese_name

    fake = Faker("vi_VN")
    fake.seed_instance(f"onestop-{n}")
    return {
        "name": vietnamese_name(f"onestop-{n}"),
        "identity_number": f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(40, 99):02d}"
        f"{rng.randint(0, 999999):06d}",
        "address": f"Số {rng.randint(1, 200)}, thôn {rng.randint(1, 12)}",
        "phone": f"09{rng.randint(10000000, 99999999)}",
        "email": f"nguoidan{n}@example.vn" if rng.random() < 0.4 else "",
    }


class _Setup:
    def __init__(self, ctx: SeedContext, start: dt.datetime):
        from vanphong.procedures.models import ProcedureVersion
        from vanphong.procedures.selectors import public_procedures

        self.routes = []  # (procedure, competent agency, receiving agency, desk, units)
        # Only procedures with a version in force at the window's start (the demo catalogue is
        # published from 01/07/2025: procedures.demo.PUBLISHED_FROM); nothing is backdated.
        in_force = ProcedureVersion.objects.filter(valid_from__lte=start).values("procedure_id")
        procs = list(
            public_procedures()
            .filter(pk__in=in_force)
            .select_related("competent_agency")
            .order_by("code")
        )
        self.procedures = procs
        for proc in procs:
            if proc.competent_agency_id:
                key = next(
                    (k for k, a in ctx.agencies.items() if a.pk == proc.competent_agency_id), None
                )
                if key not in PROVINCE_UNITS:
                    continue
                units = [ctx.units.get((key, abbr)) for abbr in PROVINCE_UNITS[key]]
                receiving = ctx.agencies[PROVINCE_DESK[0]]
                self.routes.append((proc, proc.competent_agency, receiving, units))
            elif proc.level in ("cap_xa", "lien_thong"):
                for key in COMMUNES:
                    agency = ctx.agencies.get(key)
                    units = [ctx.units.get((key, abbr)) for abbr in COMMUNE_UNITS]
                    if agency is not None:
                        self.routes.append((proc, agency, agency, units))
        self.routes = [r for r in self.routes if all(r[3]) and _desk_of(r[2])]


def _at(moment: dt.datetime):
    return clock.frozen_at(moment)


def _simulate(n: int, rng: random.Random, route, received: dt.datetime, end: dt.datetime) -> str:
    """One dossier's life up to ``end``; returns its fate (for the log)."""
    from vanphong.onestop import services

    proc, competent, receiving, units = route
    desk = _desk_of(receiving)
    online = rng.random() < 0.25 and proc.online_level != "truc_tiep"
    with _at(received):
        from vanphong.procedures.selectors import version_in_force

        snapshot = version_in_force(proc, received).snapshot
        version_components = [c["name"] for c in snapshot["components"]]
        dossier = services.dossier_receive(
            acting_user=None if online else desk,
            procedure=proc,
            applicant=_person(rng, n),
            receiving_agency=receiving,
            competent_agency=competent,
            support_point=receiving,
            channel="truc_tuyen"
            if online
            else ("buu_chinh" if rng.random() < 0.05 else "truc_tiep"),
            components=version_components,
            return_method=rng.choice(["tai_quay", "tai_quay", "buu_chinh", "dien_tu"]),
            portal_code=f"G22.H31-{received:%y%m%d}-{n:06d}" if online else "",
        )
        pin = dossier.pin
    fate = rng.random()
    t = received
    steps = dossier.steps
    late = fate > 0.90
    speed = Decimal(str(rng.uniform(1.15, 1.6) if late else rng.uniform(0.25, 0.85)))

    def later(hours) -> dt.datetime:
        return workdays.add_working_hours(
            workdays.counting_start(t), max(Decimal("0.25"), Decimal(hours))
        )

    if fate < 0.04:  # refused at the desk
        t = later(Decimal("0.5"))
        if t < end:
            with _at(t):
                services.dossier_refuse(
                    acting_user=desk,
                    dossier=dossier,
                    reason="Hồ sơ không thuộc thẩm quyền giải quyết",
                )
            return "refused"
        return "open"
    assignees = [None, units[0], units[1], desk]
    actors = [desk, _head(units[0]) or desk, _head(units[1]) or desk, desk]
    supplement_at = 2 if 0.04 <= fate < 0.14 else None
    apologised = False
    for index in range(1, len(steps) + 1):
        budget = Decimal(str(steps[index - 1].get("budget_hours") or 1))
        t = later(budget * speed)
        if t >= end:
            return "open"
        actor = actors[min(index - 1, 3)]
        if index == supplement_at:
            with _at(t):
                services.dossier_request_supplement(
                    acting_user=actor,
                    dossier=dossier,
                    items=["Bản sao giấy tờ tùy thân có chứng thực", "Tờ khai ký chưa đúng mẫu"],
                    reason="Thành phần hồ sơ chưa hợp lệ",
                )
            t = workdays.add_working_hours(t, Decimal(rng.choice([8, 12, 16, 24])))
            if t >= end:
                return "waiting"
            if rng.random() < 0.2:
                with _at(t):
                    services.dossier_stop(
                        acting_user=desk, dossier=dossier, reason="Người nộp xin rút hồ sơ"
                    )
                return "stopped"
            with _at(t):
                services.dossier_supplement(acting_user=desk, dossier=dossier)
            t = later(budget * speed)
            if t >= end:
                return "open"
        dossier.refresh_from_db()
        if late and not apologised and index == 2 and dossier.due_at and rng.random() < 0.5:
            moment = workdays.subtract_working_hours(dossier.due_at, dt.timedelta(hours=12))
            if t <= moment < end:
                with _at(moment):
                    services.dossier_apologise(
                        acting_user=actor,
                        dossier=dossier,
                        reason="Cần xác minh thêm thông tin tại cơ quan liên quan",
                        new_due_at=workdays.add_working_hours(dossier.due_at, Decimal(16)),
                    )
                apologised = True
        with _at(max(t, clock.local(dossier.received_at))):
            if index < len(steps):
                nxt = assignees[min(index, 3)]
                kwargs = {"to_user": nxt} if index + 1 == len(steps) else {"to_unit": nxt}
                services.dossier_handover(acting_user=actor, dossier=dossier, **kwargs)
            else:
                fees = snapshot.get("fees") or []
                fee = int(fees[0]["amount"]) if fees else 0
                approve = rng.random() < 0.96
                services.dossier_record_result(
                    acting_user=actor,
                    dossier=dossier,
                    outcome="chap_thuan" if approve else "khong_chap_thuan",
                    note="" if approve else "Không đủ điều kiện theo quy định",
                    fee_amount=fee,
                    fee_receipt_number=f"BL{received:%y}-{n:05d}" if fee else "",
                    fee_paid_online=online,
                )
    dossier.refresh_from_db()
    t = later(Decimal(rng.choice([1, 2, 4, 8])))
    if t < end:
        with _at(t):
            dossier = services.dossier_return_result(acting_user=desk, dossier=dossier)
        if rng.random() < 0.45:
            rating = rng.choices(["rat_hai_long", "hai_long", "khong_hai_long"], weights=[6, 3, 1])
            with _at(min(end, t + dt.timedelta(hours=3))):
                services.dossier_rate(code=dossier.code, pin=pin, rating=rating[0])
    return "late" if late else "settled"


@seed_step("onestop", order=60, after=("org", "procedures"))
def seed_onestop(ctx: SeedContext) -> None:
    from vanphong.onestop.models import Dossier

    if Dossier.objects.exists():
        ctx.log("onestop: hồ sơ mẫu đã có, bỏ qua")
        return
    end = dt.datetime.combine(ctx.today, dt.time(16, 0), tzinfo=clock.VN_TZ)
    start = dt.datetime.combine(
        ctx.today - dt.timedelta(days=WINDOW_DAYS), dt.time(7, 0), tzinfo=clock.VN_TZ
    )
    setup = _Setup(ctx, start)
    if not setup.routes:
        ctx.log("onestop: không có thủ tục mẫu phù hợp, bỏ qua")
        return
    rng = random.Random(20260309)
    fates: dict[str, int] = {}
    n = 0
    day = start.date()
    while day <= ctx.today:
        if workdays.is_working_day(day):
            for _i in range(rng.randint(*PER_DAY)):
                n += 1
                minute = rng.randint(7 * 60 + 40, 16 * 60 + 45)
                received = dt.datetime.combine(
                    day, dt.time(minute // 60, minute % 60), tzinfo=clock.VN_TZ
                )
                if received >= end:
                    continue
                route = setup.routes[rng.randrange(len(setup.routes))]
                try:
                    fate = _simulate(n, rng, route, received, end)
                except DomainError as exc:  # a demo path the rules refuse: keep going
                    fate = f"refused by rule: {exc.code}"
                fates[fate] = fates.get(fate, 0) + 1
        day += dt.timedelta(days=1)
    ctx.log(f"onestop: {Dossier.objects.count()} hồ sơ mẫu ({fates})")
