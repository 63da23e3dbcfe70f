"""The leaders' dashboard on a seeded dataset with hand-computed figures.

The period is the NĐ 09/2019 month "tháng 11/2026" (15/10/2026–14/11/2026), seen on 20/11/2026
(the period has ended: "open" and "overdue" are taken at 15/11/2026 00:00). Tasks of the
provincial People's Committee, units A and B:

====  ====  ==========  ==========  ==========  =========================================
task  unit  assigned    due         finished    counted as
====  ====  ==========  ==========  ==========  =========================================
T1    A     20/10       30/10       28/10       assigned, done on time
T2    A     21/10       25/10       05/11       assigned, done late
T3    B     22/10       01/11       —           assigned, overdue
T4    B     01/11       30/11       —           assigned, in progress
T5    B     10/10       20/10       12/11       done late (assigned in the previous period)
T6    A     16/10       10/11       18/11       assigned, overdue at the period's end
T7    A     20/11       30/11       —           nothing (after the period)
T8    —     20/10       25/10       —           nothing (another agency)
====  ====  ==========  ==========  ==========  =========================================

Hotline feedback (unit A): F1 received 20/10, due 27/10, answered 25/10 (in time); F2 received
22/10, due 29/10, answered 03/11 (late); F3 received 01/11, due 08/11, open (overdue); F4
received 02/11 but merged into another (never counted).

Petitions: P1 khiếu nại received 16/10, due 30/10, finished 28/10 (in time); P2 tố cáo
received 18/10, due 25/10, open (overdue); P3 kiến nghị received 10/10 (previous period), due
30/11, open (nothing); P4 phản ánh received 05/11 but split into others (never counted).

Meetings: M1 held 25/10 with three conclusions — C1 became T1 (finished), C2 became T3 (open),
C3 has no task yet (open); M2 scheduled 05/11, not held (nothing).

Incoming documents: D1 (unit A) received 20/10, due 30/10, finished 28/10 (on time); D2 (unit
B) received 25/10, due 05/11, open (overdue); D3 (unit A) received 01/11, due 30/11, open (in
progress); D4 received 02/11 but withdrawn (never counted). Outgoing: O1 (unit A) issued 03/11;
O2 still a draft.

One-stop dossiers: S1 (unit A, a "5 tại chỗ" procedure) received 20/10, settled early at the desk
on 24/10, rated "hài lòng" 25/10; S2 (unit B) received 22/10, settled late 05/11, rated "không
hài lòng" 06/11; S3 (unit A) received 01/11, due 10/11, open (overdue); S4 (unit B) received
03/11, due 20/11, open (in time).

Ranking (on time / finished + overdue, documents + tasks + dossiers): unit A 3 / (4 + 2) = 50.0 %,
unit B 0 / (2 + 2) = 0.0 %.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from vanphong.core import clock, deadlines
from vanphong.core.assignments.models import Assignment, AssignmentRole
from vanphong.documents.models import (
    DocumentType,
    IncomingDocument,
    IncomingState,
    OutgoingDocument,
    OutgoingState,
    Register,
    RegisterKind,
)
from vanphong.feedback.models import Category, Feedback
from vanphong.feedback.models import Status as FeedbackStatus
from vanphong.meetings.models import ConclusionItem, Meeting, MeetingState
from vanphong.onestop.models import Dossier
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.procedures.testing import make_procedure
from vanphong.reception.models import Petition, PetitionStatus
from vanphong.reports import figures, selectors, summary
from vanphong.reports.figures import Scope
from vanphong.tasks.models import SourceKind, Task, TaskState

pytestmark = pytest.mark.django_db

VN = clock.VN_TZ
START, END = dt.date(2026, 10, 15), dt.date(2026, 11, 14)

#: Every registered figure with its hand-computed value on the dataset above.
EXPECTED: dict[str, object] = {
    "tasks.assigned": 5,
    "tasks.done": 3,
    "tasks.done_on_time": 1,
    "tasks.done_late": 2,
    "tasks.in_progress": 1,
    "tasks.overdue": 2,
    "tasks.outcome_known": 5,
    "tasks.on_time_rate": Decimal("20.0"),
    "documents.incoming_received": 3,
    "documents.outgoing_issued": 1,
    "documents.incoming_in_progress": 1,
    "documents.incoming_overdue": 1,
    "documents.incoming_done_on_time": 1,
    "documents.incoming_done_late": 0,
    "meetings.held": 1,
    "meetings.conclusions_open": 2,
    "reception.received": 2,
    "reception.received_khieu_nai": 1,
    "reception.received_to_cao": 1,
    "reception.received_kien_nghi": 0,
    "reception.received_phan_anh": 0,
    "reception.done_in_time": 1,
    "reception.done_late": 0,
    "reception.overdue": 1,
    "feedback.received": 3,
    "feedback.answered_in_time": 1,
    "feedback.answered_late": 1,
    "feedback.overdue": 1,
    "onestop.received": 4,
    "onestop.settled": 2,
    "onestop.settled_on_time": 1,
    "onestop.settled_late": 1,
    "onestop.in_progress_overdue": 1,
    "onestop.five_spot_total": 1,
    "onestop.five_spot_done": 1,
    "onestop.rated": 2,
    "onestop.rated_satisfied": 1,
    "onestop.on_time_rate": Decimal("50.0"),
    "onestop.five_spot_rate": Decimal("100.0"),
    "onestop.satisfaction_rate": Decimal("50.0"),
}


def at(day: int, month: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=VN)


@pytest.fixture
def world():
    clock.travel_to(at(20, 11, 10))
    pc = make_agency(name="UBND tỉnh thử")
    other = make_agency(name="UBND tỉnh khác")
    a = make_unit(pc, name="Phòng A")
    b = make_unit(pc, name="Phòng B")
    leader = make_official(pc, roles=(Role.LANH_DAO_UBND,))
    clerk = make_official(pc, unit=a, roles=(Role.CHUYEN_VIEN,))
    outsider = make_official(other, roles=(Role.LANH_DAO_UBND,))

    def task(name, agency, unit, assigned, due, finished=None):
        t = Task(
            agency=agency,
            content=f"Nhiệm vụ {name}",
            source_kind=SourceKind.CHI_DAO_TRUC_TIEP,
            assigned_by=leader,
            created_by=leader,
            assigned_at=assigned,
            assigned_date=assigned.date(),
            lead_unit=unit,
            lead_agency=None if unit else agency,
            state=TaskState.HOAN_THANH if finished else TaskState.DANG_THUC_HIEN,
        )
        deadlines.set_due(t, due_at=due.replace(hour=17, minute=30))
        if finished:
            t.finished_at, t.finished_date = finished, finished.date()
        t.save()
        return t

    tasks = {
        "T1": task("T1", pc, a, at(20, 10), at(30, 10), at(28, 10)),
        "T2": task("T2", pc, a, at(21, 10), at(25, 10), at(5, 11)),
        "T3": task("T3", pc, b, at(22, 10), at(1, 11)),
        "T4": task("T4", pc, b, at(1, 11), at(30, 11)),
        "T5": task("T5", pc, b, at(10, 10), at(20, 10), at(12, 11)),
        "T6": task("T6", pc, a, at(16, 10), at(10, 11), at(18, 11)),
        "T7": task("T7", pc, a, at(20, 11), at(30, 11)),
        "T8": task("T8", other, None, at(20, 10), at(25, 10)),
    }

    def deadline(obj, due, finished=None):
        deadlines.set_due(obj, due_at=due.replace(hour=17, minute=30))
        if finished:
            obj.finished_at, obj.finished_date = finished, finished.date()
        obj.save()
        return obj

    category = Category.objects.create(
        agency=pc, code="ha-tang", name="Hạ tầng", responsible_agency=pc, sla_working_days=5
    )
    for i, (received, due, finished, status) in enumerate(
        [
            (at(20, 10), at(27, 10), at(25, 10), FeedbackStatus.DA_TRA_LOI),
            (at(22, 10), at(29, 10), at(3, 11), FeedbackStatus.DA_TRA_LOI),
            (at(1, 11), at(8, 11), None, FeedbackStatus.DANG_XU_LY),
            (at(2, 11), at(9, 11), None, FeedbackStatus.DA_GOP),
        ],
        start=1,
    ):
        deadline(
            Feedback(
                agency=pc,
                year=2026,
                number=i,
                code=f"PA-{i}",
                channel="dien_thoai",
                category=category,
                description=f"Phản ánh F{i}",
                received_at=received,
                responsible_agency=pc,
                responsible_unit=a,
                status=status,
            ),
            due,
            finished,
        )
    for i, (cls, received, due, finished, status) in enumerate(
        [
            ("khieu_nai", at(16, 10), at(30, 10), at(28, 10), PetitionStatus.DA_XU_LY),
            ("to_cao", at(18, 10), at(25, 10), None, PetitionStatus.DANG_GIAI_QUYET),
            ("kien_nghi", at(10, 10), at(30, 11), None, PetitionStatus.DANG_GIAI_QUYET),
            ("phan_anh", at(5, 11), at(30, 11), None, PetitionStatus.DA_TACH),
        ],
        start=1,
    ):
        deadline(
            Petition(
                agency=pc,
                year=2026,
                number=i,
                received_at=received,
                channel="buu_chinh",
                content=f"Đơn P{i}",
                classification=cls,
                status=status,
            ),
            due,
            finished,
        )
    m1 = Meeting.objects.create(
        agency=pc,
        title="Họp M1",
        chair=leader,
        starts_at=at(25, 10, 8),
        ends_at=at(25, 10, 11),
        state=MeetingState.HELD,
        created_by=leader,
    )
    Meeting.objects.create(
        agency=pc,
        title="Họp M2",
        chair=leader,
        starts_at=at(5, 11, 8),
        ends_at=at(5, 11, 11),
        state=MeetingState.SCHEDULED,
        created_by=leader,
    )
    ConclusionItem.objects.create(
        meeting=m1, order=1, content="C1", lead_unit=a, task_id=tasks["T1"].pk
    )
    ConclusionItem.objects.create(
        meeting=m1, order=2, content="C2", lead_unit=b, task_id=tasks["T3"].pk
    )
    ConclusionItem.objects.create(meeting=m1, order=3, content="C3", lead_unit=b)
    register = Register.objects.create(
        agency=pc, kind=RegisterKind.INCOMING, name="Sổ đến", created_at=at(1, 1)
    )
    doc_type = DocumentType.objects.order_by("pk").first()
    incoming_ct = ContentType.objects.get_for_model(IncomingDocument)
    for i, (unit, received, due, finished, state) in enumerate(
        [
            (a, at(20, 10), at(30, 10), at(28, 10), IncomingState.FINISHED),
            (b, at(25, 10), at(5, 11), None, IncomingState.IN_PROGRESS),
            (a, at(1, 11), at(30, 11), None, IncomingState.IN_PROGRESS),
            (a, at(2, 11), at(30, 11), None, IncomingState.WITHDRAWN),
        ],
        start=1,
    ):
        doc = deadline(
            IncomingDocument(
                agency=pc,
                register=register,
                number=i,
                year=2026,
                received_at=received,
                channel="dien_tu",
                issuer_name="Sở Tài chính",
                so_ky_hieu=f"{i}/STC",
                issue_date=received.date(),
                doc_type=doc_type,
                trich_yeu=f"Văn bản D{i}",
                state=state,
            ),
            due,
            finished,
        )
        Assignment.objects.create(
            case_type=incoming_ct,
            case_id=doc.pk,
            agency=pc,
            assignee_unit=unit,
            role=AssignmentRole.CHU_TRI,
            assigned_by=leader,
            assigned_at=received,
        )
    for i, issued in enumerate([at(3, 11), None], start=1):
        OutgoingDocument.objects.create(
            agency=pc,
            author=leader,
            drafting_unit=a,
            doc_type=doc_type,
            trich_yeu=f"Văn bản đi O{i}",
            created_at=at(1, 11),
            updated_at=at(1, 11),
            state=OutgoingState.ISSUED if issued else OutgoingState.DRAFT,
            issued_at=issued,
        )
    procedure = make_procedure()
    version = procedure.versions.order_by("-pk").first()
    for i, (unit, received, due, settled, timeliness, spot, rating, rated) in enumerate(
        [
            (a, at(20, 10), at(27, 10), at(24, 10), "truoc_han", True, "hai_long", at(25, 10)),
            (b, at(22, 10), at(29, 10), at(5, 11), "qua_han", False, "khong_hai_long", at(6, 11)),
            (a, at(1, 11), at(10, 11), None, "", False, "", None),
            (b, at(3, 11), at(20, 11), None, "", False, "", None),
        ],
        start=1,
    ):
        Dossier.objects.create(
            code=f"HS-{i}",
            procedure=procedure,
            procedure_version=version,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            field_id=procedure.field_id,
            agency=pc,
            receiving_agency=pc,
            handling_unit=unit,
            channel="truc_tiep",
            received_at=received,
            applicant_name=f"Người nộp {i}",
            limit_hours_at_receipt=40,
            cutoff_time=dt.time(17, 0),
            five_on_the_spot=spot,
            fact_due_at=due,
            fact_settled_at=settled,
            fact_closed_at=settled,
            fact_timeliness=timeliness,
            fact_on_the_spot=spot,
            fact_rating=rating,
            fact_rated_at=rated,
        )
    yield {
        "pc": pc,
        "other": other,
        "a": a,
        "b": b,
        "leader": leader,
        "clerk": clerk,
        "outsider": outsider,
        **tasks,
    }
    clock.reset()


def test_every_registered_figure_has_an_expected_value():
    """A new figure cannot be registered without its hand-computed value here."""
    assert set(EXPECTED) == {f.key for f in figures.all_figures()}


def test_every_figure_equals_its_expected_value_and_its_drill_down(world):
    scope = Scope(START, END, world["pc"])
    values = figures.compute_all(scope)
    for key, expected in EXPECTED.items():
        f = figures.get(key)
        assert values[key].value == expected, key
        if f.kind == "count":
            assert f.drill(scope).count() == expected, key
        else:
            num, den = (figures.get(k).drill(scope).count() for k in f.parts)
            assert figures.rate(num, den) == expected, key
            assert f.drill(scope).count() == den, key


def test_drill_down_lists_the_hand_picked_tasks(world):
    scope = Scope(START, END, world["pc"])
    ids = lambda key: set(figures.get(key).drill(scope).values_list("pk", flat=True))  # noqa: E731
    assert ids("tasks.overdue") == {world["T3"].pk, world["T6"].pk}
    assert ids("tasks.done_late") == {world["T2"].pk, world["T5"].pk}
    assert ids("tasks.in_progress") == {world["T4"].pk}


def test_unit_scope_and_per_unit_tables_add_up(world):
    scope = Scope(START, END, world["pc"])
    a = figures.compute_all(scope.with_unit(world["a"]))
    assert a["tasks.overdue"].value == 1 and a["tasks.done_on_time"].value == 1
    rows = selectors.tasks_by_unit(scope, [world["a"], world["b"]])
    by_name = {r.unit.name: r for r in rows}
    assert (by_name["Phòng A"].on_time, by_name["Phòng A"].late, by_name["Phòng A"].overdue) == (
        1,
        1,
        1,
    )
    assert (
        by_name["Phòng B"].late,
        by_name["Phòng B"].in_progress,
        by_name["Phòng B"].overdue,
    ) == (
        1,
        1,
        1,
    )
    ranking = selectors.ranking(scope, [world["a"], world["b"]])
    assert [(r.unit.name, r.rank, r.rate) for r in ranking] == [
        ("Phòng A", 1, Decimal("50.0")),
        ("Phòng B", 2, Decimal("0.0")),
    ]


def _url(world, **extra):
    params = {"ky": "thang", "ngay": "01/11/2026", "co_quan": world["pc"].pk, **extra}
    return reverse("reports:dashboard") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_dashboard_shows_the_figures_with_a_constant_number_of_queries(
    world, client, django_assert_max_num_queries
):
    client.force_login(world["leader"])
    with django_assert_max_num_queries(140):
        response = client.get(_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 11/2026" in html
    assert 'data-testid="drill-tasks.overdue">2<' in html
    assert 'data-testid="drill-tasks.on_time_rate">20,0%<' in html
    assert "Phòng A" in html and "Tỷ lệ đúng hạn" in html
    # More data of the same shape does not add queries.
    with django_assert_max_num_queries(140) as first:
        client.get(_url(world))
    for i in range(5):
        Task.objects.create(
            agency=world["pc"],
            content=f"thêm {i}",
            source_kind=SourceKind.CHI_DAO_TRUC_TIEP,
            created_by=world["leader"],
            assigned_at=at(2, 11),
            assigned_date=dt.date(2026, 11, 2),
            lead_unit=make_unit(world["pc"]),
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(_url(world))


def test_drill_down_page_lists_the_records_the_leader_may_see(world, client):
    client.force_login(world["leader"])
    url = (
        reverse("reports:drill", args=["tasks.overdue"])
        + _url(world)[len(reverse("reports:dashboard")) :]
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhiệm vụ T3" in html and "Nhiệm vụ T6" in html and "Nhiệm vụ T4" not in html


def test_only_leaders_open_the_dashboard_and_only_their_agencies(world, client):
    client.force_login(world["clerk"])
    assert client.get(_url(world)).status_code == 403
    assert client.get(reverse("reports:drill", args=["tasks.overdue"])).status_code == 403
    # A leader of another agency asking for this one gets the form error and his own agency.
    client.force_login(world["outsider"])
    response = client.get(_url(world))
    assert response.status_code == 200
    assert response.context["scope"].agency == world["other"]
    drill = client.get(
        reverse("reports:drill", args=["tasks.overdue"])
        + _url(world)[len(reverse("reports:dashboard")) :]
    )
    assert "Nhiệm vụ T3" not in drill.content.decode()


def test_summary_snapshot_is_read_with_its_freshness_and_the_drill_down_uses_it(world, client):
    scope = Scope(START, END, world["pc"])
    summary.refresh_scope(scope)
    summary.refresh_scope(scope.previous())
    client.force_login(world["leader"])
    response = client.get(_url(world))
    html = response.content.decode()
    assert "Số liệu cập nhật lúc 10:00 20/11/2026" in html
    assert response.context["as_of"] == at(20, 11, 10)
    assert 'data-testid="drill-tasks.overdue">2<' in html
    assert "at=" in html
    values = summary.read(scope)
    assert {k: v.value for k, v in values.items()} == EXPECTED
    # The drill-down of the snapshot: the records as of its moment (a task finished later,
    # after the refresh, is still listed as it was counted).
    clock.travel_to(at(20, 11, 10) + dt.timedelta(minutes=5))
    t3 = world["T3"]
    t3.finished_at, t3.finished_date, t3.state = clock.now(), clock.today(), TaskState.HOAN_THANH
    t3.save()
    drill = client.get(
        reverse("reports:drill", args=["tasks.overdue"])
        + _url(world, at=at(20, 11, 10).isoformat().replace("+", "%2B"))[
            len(reverse("reports:dashboard")) :
        ]
    )
    assert "Nhiệm vụ T3" in drill.content.decode()


def test_snapshot_older_than_the_bound_is_not_used(world, settings):
    scope = Scope(START, END, world["pc"])
    summary.refresh_scope(scope)
    settings.REPORTS_SUMMARY_MAX_AGE_MINUTES = 30
    clock.travel_to(at(20, 11, 11))
    assert summary.snapshot_for(scope) is None
