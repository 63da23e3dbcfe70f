"""Petition intake, classification, decisions, duplicates and bad input."""

from __future__ import annotations

import pytest
from django.apps import apps

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.org.models import Role
from vanphong.org.testing import make_official
from vanphong.reception import selectors, services
from vanphong.reception.models import Petition, Petitioner
from vanphong.reception.tests.builders import CCCD, DENOUNCER, at, office, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))


def _codes(excinfo):
    return excinfo.value.code


def test_receive_numbers_per_agency_and_year_and_logs_without_identity():
    agency, _, staff = office()
    a = receive(staff, agency, received_at=at(2026, 7, 6, 8))
    b = receive(staff, agency)
    other_agency, _, other_staff = office()
    c = receive(other_staff, other_agency)
    assert (a.number, b.number, c.number) == (1, 2, 1)
    assert a.number_label == "001/2026"
    ev = eventlog.trail(a).get()
    assert ev.action == "reception.petition_receive"
    assert "Nguyễn Văn An" not in str(ev.payload) and CCCD not in str(ev.payload)
    assert a.handlers.filter(pk=staff.pk).exists()


def _row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"content": "   \n "}, "petition_content_required"),
        ({"channel": "bo_cau"}, "invalid_channel"),
        ({"channel": "co_quan_chuyen"}, "forwarded_by_required"),
        ({"classification": "khac"}, "invalid_choice"),
        ({"petitioners": []}, "petitioner_required"),
        ({"petitioners": [{"full_name": "A", "commune_code": 999999}]}, "invalid_commune"),
        ({"received_at": at(2026, 7, 7, 10)}, "moment_in_future"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(kwargs, code):
    agency, _, staff = office()
    before = _row_counts()
    with pytest.raises(DomainError) as exc:
        receive(staff, agency, **kwargs)
    assert _codes(exc) == code
    assert exc.value.message and exc.value.status == 400
    assert _row_counts() == before


def test_a_specialist_without_reception_role_cannot_receive():
    agency, unit, _ = office()
    outsider = make_official(agency, unit=unit, roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(DomainError) as exc:
        receive(outsider, agency)
    assert exc.value.status == 403


@pytest.mark.rule("RECEPTION-TC-NACDANH")
def test_anonymous_denunciation_is_not_handled_as_denunciation_but_stored():
    agency, _, staff = office()
    p = receive(
        staff,
        agency,
        classification="to_cao",
        is_anonymous=True,
        competent=True,
        eligible=True,
        content="Tố cáo cán bộ địa chính nhận tiền",
    )
    assert p.petitioner_summary == "Nặc danh"
    assert not Petitioner.objects.filter(petition=p).exists()
    with pytest.raises(DomainError) as exc:
        services.petition_decide(acting_user=staff, petition=p, outcome="thu_ly")
    assert _codes(exc) == "anonymous_denunciation"
    p = services.petition_decide(
        acting_user=staff, petition=p, outcome="luu_don", note="Lưu làm thông tin tham khảo"
    )
    assert (p.outcome, p.status) == ("luu_don", "da_xu_ly")
    assert p.finished_at is not None


def test_accepting_an_out_of_competence_case_is_refused_and_nothing_changes():
    agency, _, staff = office()
    p = receive(staff, agency, classification="khieu_nai", competent=False, eligible=True)
    events = eventlog.trail(p).count()
    with pytest.raises(DomainError) as exc:
        services.petition_decide(acting_user=staff, petition=p, outcome="thu_ly")
    assert _codes(exc) == "not_competent"
    p.refresh_from_db()
    assert (p.outcome, p.status) == ("", "cho_xu_ly")
    assert eventlog.trail(p).count() == events


def test_a_petition_is_decided_once():
    agency, _, staff = office()
    p = receive(staff, agency, classification="kien_nghi")
    services.petition_decide(acting_user=staff, petition=p, outcome="luu_don")
    with pytest.raises(DomainError) as exc:
        services.petition_decide(acting_user=staff, petition=p, outcome="huong_dan")
    assert _codes(exc) == "petition_already_decided"


@pytest.mark.rule("RECEPTION-TC-CHUYEN")
@pytest.mark.rule("RECEPTION-DON-TRUNG")
def test_a_denunciation_is_forwarded_only_once():
    agency, _, staff = office()
    first = receive(
        staff, agency, classification="to_cao", competent=False, petitioners=[DENOUNCER]
    )
    services.petition_decide(
        acting_user=staff,
        petition=first,
        outcome="chuyen_don",
        target="Thanh tra tỉnh",
        document="01/PC-BTCD",
    )
    again = receive(
        staff, agency, classification="to_cao", competent=False, petitioners=[DENOUNCER]
    )
    suggested = [p for p, _score in selectors.duplicate_suggestions(again)]
    assert suggested == [first]
    services.petition_link_duplicate(acting_user=staff, petition=again, earlier=first)
    with pytest.raises(DomainError) as exc:
        services.petition_decide(
            acting_user=staff, petition=again, outcome="chuyen_don", target="Thanh tra tỉnh"
        )
    assert _codes(exc) == "denunciation_already_forwarded"
    services.petition_decide(acting_user=staff, petition=again, outcome="luu_don")


@pytest.mark.rule("RECEPTION-HUONGDAN-MOTLAN")
def test_guidance_is_given_once_for_the_same_matter():
    agency, _, staff = office()
    first = receive(staff, agency, classification="khieu_nai", competent=False)
    services.petition_decide(
        acting_user=staff, petition=first, outcome="huong_dan", target="UBND xã Hoàn Kiếm"
    )
    again = receive(staff, agency, classification="khieu_nai", competent=False)
    services.petition_link_duplicate(acting_user=staff, petition=again, earlier=first)
    with pytest.raises(DomainError) as exc:
        services.petition_decide(acting_user=staff, petition=again, outcome="huong_dan")
    assert _codes(exc) == "already_guided"


@pytest.mark.rule("RECEPTION-DON-TRUNG")
def test_duplicates_are_suggested_by_identity_and_content_confirmed_and_counted_once():
    agency, _, staff = office()
    first = receive(staff, agency, content="Khiếu nại quyết định thu hồi đất của UBND xã Đông")
    same = receive(staff, agency, content="khieu nai quyet dinh thu hoi dat cua UBND xa Dong")
    other_matter = receive(staff, agency, content="Đề nghị sửa đường liên thôn bị sạt lở")
    other_person = receive(
        staff,
        agency,
        content="Khiếu nại quyết định thu hồi đất của UBND xã Đông",
        petitioners=[{"full_name": "Lê Văn Bình", "identity_number": "079090001111"}],
    )
    assert [p for p, _s in selectors.duplicate_suggestions(same)] == [first]
    assert selectors.duplicate_suggestions(other_matter) == []
    assert selectors.duplicate_suggestions(other_person) == []
    assert selectors.register_count(agency, 2026) == 4
    services.petition_link_duplicate(acting_user=staff, petition=same, earlier=first)
    assert selectors.register_count(agency, 2026) == 3
    with pytest.raises(DomainError) as exc:
        services.petition_link_duplicate(acting_user=staff, petition=other_person, earlier=first)
    assert _codes(exc) == "duplicate_other_person"
    with pytest.raises(DomainError) as exc:
        services.petition_link_duplicate(acting_user=staff, petition=same, earlier=first)
    assert _codes(exc) == "already_linked"


@pytest.mark.rule("RECEPTION-DON-TACH")
def test_mixed_content_is_split_into_linked_petitions_keeping_the_receipt_date():
    agency, _, staff = office()
    p = receive(staff, agency, received_at=at(2026, 6, 30), content="Khiếu nại và tố cáo")
    children = services.petition_split(
        acting_user=staff,
        petition=p,
        parts=[
            {"classification": "khieu_nai", "content": "Khiếu nại quyết định thu hồi đất"},
            {"classification": "to_cao", "content": "Tố cáo cán bộ địa chính nhận tiền"},
        ],
    )
    p.refresh_from_db()
    assert p.status == "da_tach" and p.finished_at is not None
    complaint, denunciation = children
    assert {c.parent_id for c in children} == {p.pk}
    assert complaint.received_at == p.received_at
    assert complaint.limit_working_days is None  # the 10-day rule of 30/06/2026
    assert complaint.petitioners.get().full_name == "Nguyễn Văn An"
    sealed = denunciation.petitioners.get()
    assert sealed.protected and sealed.full_name == "" and sealed.identity_number == ""
    assert denunciation.petitioner_summary == "Người tố cáo (được bảo vệ)"
    assert selectors.register_count(agency, 2026) == 2
    with pytest.raises(DomainError) as exc:
        services.petition_split(
            acting_user=staff, petition=complaint, parts=[{"classification": "to_cao"}]
        )
    assert _codes(exc) == "split_part_invalid"


def test_classifying_as_denunciation_seals_identities_in_clear():
    agency, _, staff = office()
    p = receive(staff, agency, content="Phản ánh cán bộ xã có hành vi sai phạm")
    assert p.petitioners.get().full_name == "Nguyễn Văn An"
    p = services.petition_classify(acting_user=staff, petition=p, classification="to_cao")
    person = p.petitioners.get()
    assert person.protected and person.full_name == "" and "Nguyễn" not in person.sealed
    assert Petition.objects.filter(search_folded__contains="nguyen van an").count() == 0


def test_a_decision_cannot_be_dated_before_receipt():
    agency, _, staff = office()
    p = receive(staff, agency, received_at=at(2026, 7, 6, 9), classification="phan_anh")
    with pytest.raises(DomainError) as exc:
        services.petition_decide(
            acting_user=staff, petition=p, outcome="luu_don", at=at(2026, 7, 6, 8)
        )
    assert _codes(exc) == "decided_before_received"


def test_a_petition_received_before_any_rule_version_is_refused_cleanly():
    agency, _, staff = office()
    with pytest.raises(DomainError) as exc:
        receive(staff, agency, received_at=at(2010, 1, 4), classification="khieu_nai")
    assert _codes(exc) == "rule_not_in_force"
    assert not Petition.objects.exists()
