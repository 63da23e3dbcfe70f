"""Rating with the PIN, once only (service level; the public pages are in test_public.py)."""

from __future__ import annotations

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.onestop import services
from vanphong.onestop.testing import at, office, procedure_for, receive, settle

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled():
    clock.travel_to(at(2026, 1, 5, 8))
    o = office()
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    d = receive(o, proc)
    pin = d.pin
    clock.travel_to(at(2026, 3, 10, 9))
    d = settle(o, d)
    return o, d, pin


@pytest.mark.rule("ND118-DANH-GIA")
def test_rating_needs_the_pin_and_happens_once(settled):
    _o, d, pin = settled
    wrong = "123456" if pin != "123456" else "654321"
    with pytest.raises(DomainError) as bad_pin:
        services.dossier_rate(code=d.code, pin=wrong, rating="hai_long")
    with pytest.raises(DomainError) as unknown:
        services.dossier_rate(code="H31.45.10-260309-9999", pin=pin, rating="hai_long")
    assert bad_pin.value.as_dict() == unknown.value.as_dict()  # no information leak
    assert bad_pin.value.status == unknown.value.status == 404
    d = services.dossier_rate(
        code=d.code.lower(),
        pin=pin,
        rating="rat_hai_long",
        criteria={"thoi_gian": "rat_hai_long", "thai_do": "hai_long"},
        comment="Cán bộ hướng dẫn tận tình",
    )
    assert d.rating == "rat_hai_long" and d.fact_rating == "rat_hai_long"
    with pytest.raises(DomainError) as twice:
        services.dossier_rate(code=d.code, pin=pin, rating="khong_hai_long")
    assert twice.value.code == "already_rated"
    assert "chỉ được đánh giá một lần" in twice.value.message
    d.refresh_from_db()
    assert d.rating == "rat_hai_long"


def test_rating_before_a_result_is_refused(settled):
    o, _d, _pin = settled
    proc = procedure_for(o)
    fresh = receive(o, proc)
    with pytest.raises(DomainError) as exc:
        services.dossier_rate(code=fresh.code, pin=fresh.pin, rating="hai_long")
    assert exc.value.code == "not_settled"
    with pytest.raises(DomainError) as exc:
        services.dossier_rate(code=fresh.code, pin=fresh.pin, rating="tuyet_voi")
    assert exc.value.code == "rating_invalid"
