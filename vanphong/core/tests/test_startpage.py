"""Start-page counters registered by modules (vanphong.core.startpage)."""

import pytest

from vanphong.core import startpage
from vanphong.org.testing import login_verified, make_agency, make_official


@pytest.fixture
def counters():
    keys = []

    def add(counter):
        keys.append(counter.key)
        return startpage.register(counter)

    yield add
    for key in keys:
        startpage.unregister(key)


@pytest.mark.django_db
def test_counters_are_shown_by_role_with_their_value(client, counters):
    agency = make_agency()
    clerk = make_official(agency=agency, roles=["van_thu"])
    counters(
        startpage.Counter(key="t.clerk", label="Chờ vào sổ", count=lambda u: 7, roles={"van_thu"})
    )
    counters(
        startpage.Counter(
            key="t.leader", label="Chờ chỉ đạo", count=lambda u: 3, roles={"lanh_dao_ubnd"}
        )
    )
    login_verified(client, clerk)
    html = client.get("/").content.decode()
    assert 'data-testid="counter-t.clerk"' in html and "Chờ vào sổ" in html
    assert "Chờ chỉ đạo" not in html
    assert ">7<" in html.replace(" ", "")


@pytest.mark.django_db
def test_counters_at_zero_are_not_shown(client, counters):
    agency = make_agency()
    clerk = make_official(agency=agency, roles=["van_thu"])
    counters(startpage.Counter(key="t.none", label="Không có gì", count=lambda u: 0))
    login_verified(client, clerk)
    assert "Không có gì" not in client.get("/").content.decode()
