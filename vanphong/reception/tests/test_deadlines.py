"""Legal deadlines of petitions: each rule at its boundary, in working or calendar days, and
the version pinned at receipt."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock, deadlines, refdata
from vanphong.core.calendar import workdays
from vanphong.core.deadlines import DeadlineStatus
from vanphong.core.errors import DomainError
from vanphong.reception import legal_rules as R
from vanphong.reception import services
from vanphong.reception.tests.builders import at, office, receive

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


def closing(y, m, d):
    return at(y, m, d, 17, 30)


def assert_boundary(petition, due):
    assert petition.due_at == due
    assert deadlines.status_of(petition, due) == DeadlineStatus.SAP_DEN_HAN
    assert deadlines.status_of(petition, due + SECOND) == DeadlineStatus.QUA_HAN


@pytest.mark.rule("RECEPTION-KN-THULY")
@pytest.mark.rule("RECEPTION-HIEULUC-THEO-NGAYNHAN")
def test_complaint_received_30_06_2026_keeps_10_days_and_01_07_gets_7_working_days():
    agency, _, staff = office()
    clock.travel_to(at(2026, 7, 1, 10))
    old = receive(staff, agency, received_at=at(2026, 6, 30), classification="khieu_nai")
    new = receive(staff, agency, received_at=at(2026, 7, 1), classification="khieu_nai")
    old_rule = refdata.pinned_rule(old, R.COMPLAINT_ACCEPTANCE)
    new_rule = refdata.pinned_rule(new, R.COMPLAINT_ACCEPTANCE)
    assert (old_rule.value, old_rule.unit) == (10, "calendar_days")
    assert (new_rule.value, new_rule.unit) == (7, "working_days")
    assert_boundary(old, closing(2026, 7, 10))  # 30/6 + 10 days
    assert_boundary(new, closing(2026, 7, 10))  # Wed 1/7 + 7 working days
    assert old.limit_working_days is None and new.limit_working_days == 7
    # A case received on a Friday shows the difference: 10 days vs 7 working days.
    clock.travel_to(at(2026, 7, 3, 10))
    friday = receive(staff, agency, received_at=at(2026, 7, 3), classification="khieu_nai")
    assert_boundary(friday, closing(2026, 7, 14))
    # A version added later (an amendment) does not move pinned cases.
    refdata.rule_version_create(
        acting_user=None,
        key=R.COMPLAINT_ACCEPTANCE,
        value=5,
        unit="working_days",
        legal_basis="Văn bản giả định",
        valid_from=dt.date(2026, 7, 4),
    )
    services.petition_classify(acting_user=staff, petition=new, classification="khieu_nai")
    new.refresh_from_db()
    assert new.due_at == closing(2026, 7, 10)


@pytest.mark.rule("RECEPTION-KN-THULY")
def test_complaint_calendar_deadline_ending_on_a_saturday_moves_to_monday():
    agency, _, staff = office()
    clock.travel_to(at(2026, 6, 17, 10))
    p = receive(staff, agency, received_at=at(2026, 6, 17), classification="khieu_nai")
    assert dt.date(2026, 6, 27).weekday() == 5
    assert_boundary(p, closing(2026, 6, 29))


@pytest.mark.rule("RECEPTION-TC-XULYBANDAU")
def test_denunciation_initial_processing_7_working_days_or_10_when_several_places():
    agency, _, staff = office()
    clock.travel_to(at(2026, 7, 6, 10))
    p = receive(staff, agency, received_at=at(2026, 7, 6), classification="to_cao")
    assert_boundary(p, closing(2026, 7, 15))
    q = receive(
        staff, agency, received_at=at(2026, 7, 6), classification="to_cao", multi_site_check=True
    )
    assert_boundary(q, closing(2026, 7, 20))


@pytest.mark.rule("RECEPTION-TC-CHUYEN")
def test_denunciation_not_competent_forwarded_within_5_working_days():
    agency, _, staff = office()
    clock.travel_to(at(2026, 7, 6, 10))
    p = receive(staff, agency, received_at=at(2026, 7, 6), classification="to_cao", competent=False)
    assert_boundary(p, closing(2026, 7, 13))
    assert p.processing_due_at == closing(2026, 7, 13)


@pytest.mark.rule("RECEPTION-KNPA-TRALOI")
@pytest.mark.parametrize("klass", ["kien_nghi", "phan_anh"])
def test_kien_nghi_phan_anh_reply_10_working_days(klass):
    agency, _, staff = office()
    clock.travel_to(at(2026, 7, 6, 10))
    p = receive(staff, agency, received_at=at(2026, 7, 6), classification=klass)
    assert_boundary(p, closing(2026, 7, 20))


def _accepted(staff, agency, received, decided, **kw):
    clock.travel_to(decided)
    p = receive(
        staff,
        agency,
        received_at=received,
        classification=kw.pop("classification", "khieu_nai"),
        eligible=True,
        competent=True,
        **kw,
    )
    return services.petition_decide(acting_user=staff, petition=p, outcome="thu_ly")


@pytest.mark.rule("RECEPTION-KN-GIAIQUYET")
@pytest.mark.parametrize(
    ("instance", "complex_", "remote", "due"),
    [
        ("lan_dau", False, False, (2026, 8, 12)),
        ("lan_dau", True, False, (2026, 8, 27)),
        ("lan_dau", False, True, (2026, 8, 27)),
        ("lan_dau", True, True, (2026, 9, 11)),
        ("lan_hai", False, False, (2026, 8, 27)),
        ("lan_hai", True, False, (2026, 9, 11)),
        ("lan_hai", True, True, (2026, 9, 21)),
    ],
)
def test_complaint_resolution_limits_from_acceptance(instance, complex_, remote, due):
    agency, _, staff = office()
    p = _accepted(
        staff,
        agency,
        at(2026, 7, 6),
        at(2026, 7, 13, 10),
        complaint_instance=instance,
        is_complex=complex_,
        is_remote=remote,
    )
    assert p.status == "dang_giai_quyet"
    assert_boundary(p, closing(*due))
    assert p.processing_due_at == closing(2026, 7, 15)  # acceptance deadline kept


@pytest.mark.rule("RECEPTION-TC-GIAIQUYET")
def test_denunciation_resolution_30_days_from_acceptance():
    agency, _, staff = office()
    p = _accepted(staff, agency, at(2026, 7, 6), at(2026, 7, 13, 10), classification="to_cao")
    assert_boundary(p, closing(2026, 8, 12))
    assert p.resolution_limit_days == 30


@pytest.mark.rule("RECEPTION-KN-TAMDINHCHI")
def test_suspension_restarts_the_full_limit_from_01_07_2026_and_resumes_before():
    agency, _, staff = office()
    new = _accepted(staff, agency, at(2026, 7, 1), at(2026, 7, 13, 10))
    old = _accepted(staff, agency, at(2026, 6, 30), at(2026, 7, 13, 10))
    clock.travel_to(at(2026, 7, 20, 9))
    for p in (new, old):
        services.petition_suspend(acting_user=staff, petition=p, reason="Chờ kết quả giám định")
    old.refresh_from_db()
    remaining = old.remaining_at_suspension
    assert old.status == "tam_dinh_chi"
    # While suspended, the status is frozen.
    clock.travel_to(at(2026, 8, 10, 9))
    new.refresh_from_db()
    assert deadlines.status_of(new) == DeadlineStatus.CHUA_DEN_HAN
    new = services.petition_resume(acting_user=staff, petition=new)
    old = services.petition_resume(acting_user=staff, petition=old)
    assert new.status == "dang_giai_quyet"
    assert_boundary(new, closing(2026, 9, 9))  # 10/8 + 30 days: the full limit again
    assert old.due_at == workdays.add_working_hours(at(2026, 8, 10, 9), remaining)
    assert old.due_at < new.due_at


@pytest.mark.rule("RECEPTION-KN-TAMDINHCHI")
def test_only_an_accepted_complaint_is_suspended():
    agency, _, staff = office()
    clock.travel_to(at(2026, 7, 6, 10))
    p = receive(staff, agency, classification="khieu_nai")
    with pytest.raises(DomainError) as exc:
        services.petition_suspend(acting_user=staff, petition=p, reason="x")
    assert exc.value.code == "suspend_not_allowed"
    with pytest.raises(DomainError) as exc:
        services.petition_resume(acting_user=staff, petition=p)
    assert exc.value.code == "resume_not_allowed"
