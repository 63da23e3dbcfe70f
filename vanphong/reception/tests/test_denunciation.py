"""Denunciations: notices to the denouncer within 05 working days, extensions of the
resolution for complex cases, anonymous denunciations kept as information, collaborators."""

from __future__ import annotations

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.org.models import Role
from vanphong.org.testing import make_official, make_unit
from vanphong.reception import selectors, services
from vanphong.reception.tests.builders import DENOUNCER, at, office, receive

pytestmark = pytest.mark.django_db


def accepted(staff, agency):
    petition = receive(
        staff,
        agency,
        classification="to_cao",
        content="Tố cáo cán bộ nhận tiền",
        petitioners=[DENOUNCER],
        eligible=True,
        competent=True,
    )
    return services.petition_decide(acting_user=staff, petition=petition, outcome="thu_ly")


@pytest.mark.rule("RECEPTION-TC-THONGBAO")
def test_acceptance_and_non_acceptance_notices_within_5_working_days():
    clock.travel_to(at(2026, 7, 6, 10))
    agency, _unit, staff = office()
    petition = accepted(staff, agency)
    assert petition.notice_kind == "thu_ly"
    assert petition.notice_due_at == at(2026, 7, 13, 17, 30)  # Mon 6/7 + 5 working days
    with pytest.raises(DomainError) as exc:
        services.petition_notify_denouncer(acting_user=staff, petition=petition, document=" ")
    assert exc.value.code == "document_required"
    clock.travel_to(at(2026, 7, 13, 17, 0))
    services.petition_notify_denouncer(acting_user=staff, petition=petition, document="7/TB-TC")
    petition.refresh_from_db()
    assert petition.notice_sent_at <= petition.notice_due_at
    with pytest.raises(DomainError) as exc:
        services.petition_notify_denouncer(acting_user=staff, petition=petition, document="8")
    assert exc.value.code == "notice_not_due"
    refused = receive(
        staff,
        agency,
        classification="to_cao",
        petitioners=[DENOUNCER],
        eligible=False,
        ineligible_reason="Không có căn cứ xác định người vi phạm",
        competent=True,
    )
    refused = services.petition_decide(acting_user=staff, petition=refused, outcome="luu_don")
    assert refused.notice_kind == "khong_thu_ly"
    assert refused.notice_due_at == at(2026, 7, 20, 17, 30)
    forwarded = receive(staff, agency, classification="to_cao", competent=False)
    forwarded = services.petition_decide(
        acting_user=staff, petition=forwarded, outcome="chuyen_don", target="Thanh tra tỉnh"
    )
    assert forwarded.notice_kind == "" and forwarded.notice_due_at is None


@pytest.mark.rule("RECEPTION-TC-NACDANH")
def test_an_anonymous_denunciation_is_kept_as_information_with_nobody_to_notify():
    clock.travel_to(at(2026, 7, 6, 10))
    agency, _unit, staff = office()
    letter = receive(staff, agency, classification="to_cao", is_anonymous=True, competent=True)
    with pytest.raises(DomainError) as exc:
        services.petition_decide(acting_user=staff, petition=letter, outcome="thu_ly")
    assert exc.value.code == "anonymous_denunciation"
    kept = services.petition_decide(
        acting_user=staff, petition=letter, outcome="luu_don", note="Lưu làm thông tin"
    )
    assert kept.status == "da_xu_ly" and kept.notice_kind == ""
    assert kept.petitioner_summary == "Nặc danh"


@pytest.mark.rule("RECEPTION-TC-GIAHAN")
def test_a_complex_case_is_extended_once_an_especially_complex_one_twice_30_days_each():
    clock.travel_to(at(2026, 7, 6, 10))
    agency, _unit, staff = office()
    petition = accepted(staff, agency)
    assert petition.due_at == at(2026, 8, 5, 17, 30)  # 30 days from acceptance
    kw = {"acting_user": staff, "petition": petition, "document": "12/QĐ-GH"}
    with pytest.raises(DomainError) as exc:
        services.petition_extend(level="complex", days=31, **kw)
    assert exc.value.code == "extension_too_long"
    with pytest.raises(DomainError) as exc:
        services.petition_extend(level="complex", document="", petition=petition, acting_user=staff)
    assert exc.value.code == "document_required"
    petition = services.petition_extend(level="complex", **kw)
    assert petition.due_at == at(2026, 9, 4, 17, 30) and petition.extension_count == 1
    assert petition.original_due_at == at(2026, 8, 5, 17, 30)
    kw["petition"] = petition
    with pytest.raises(DomainError) as exc:
        services.petition_extend(level="complex", **kw)
    assert exc.value.code == "extension_limit" and "một lần" in exc.value.message
    # Found especially complex: one more extension, then no more.
    petition = services.petition_extend(level="especially_complex", days=20, **kw)
    assert petition.due_at == at(2026, 9, 24, 17, 30) and petition.extension_count == 2
    kw["petition"] = petition
    with pytest.raises(DomainError) as exc:
        services.petition_extend(level="especially_complex", **kw)
    assert exc.value.code == "extension_limit"
    complaint = receive(staff, agency, classification="khieu_nai", eligible=True, competent=True)
    complaint = services.petition_decide(acting_user=staff, petition=complaint, outcome="thu_ly")
    with pytest.raises(DomainError) as exc:
        services.petition_extend(
            acting_user=staff, petition=complaint, level="complex", document="1"
        )
    assert exc.value.code == "extend_not_allowed"


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_a_collaborator_of_another_unit_sees_the_case_but_never_the_denouncer(client):
    clock.travel_to(at(2026, 7, 6, 10))
    agency, _unit, staff = office()
    petition = accepted(staff, agency)
    specialist = make_official(
        agency, unit=make_unit(agency, name="Phòng Nội chính"), roles=(Role.CHUYEN_VIEN,)
    )
    detail = f"/tiep-cong-dan/don/{petition.pk}/"
    client.force_login(specialist)
    assert client.get(detail).status_code == 404
    client.force_login(staff)
    client.post(detail + "phoi-hop/", {"official": specialist.pk})
    assert list(petition.collaborators.all()) == [specialist]
    with pytest.raises(DomainError) as exc:
        services.petition_add_collaborator(
            acting_user=staff, petition=petition, official=specialist
        )
    assert exc.value.code == "already_collaborator"
    client.force_login(specialist)
    page = client.get(detail).content.decode()
    assert "Người tố cáo (được bảo vệ)" in page and DENOUNCER["full_name"] not in page
    assert 'data-testid="reveal"' not in page
    assert not selectors.can_see_identity(specialist, petition)
    assert not selectors.can_handle(specialist, petition)
    person = petition.petitioners.get()
    assert client.get(f"{detail}nguoi-to-cao/{person.pk}/").status_code == 403
    assert client.post(detail + "thong-bao/", {"document": "1"}).status_code == 403
