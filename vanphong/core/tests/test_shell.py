"""The shell (top bar, role menu, language) and the start page "Việc cần làm"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from vanphong.core import clock, navigation
from vanphong.core.navigation import NavEntry
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office():
    return make_agency(name="Văn phòng UBND tỉnh Thử", short_name="VP", kind="province_office")


@pytest.fixture
def clerk(office):
    unit = make_unit(office, name="Phòng Hành chính - Tổ chức", abbreviation="HCTC")
    return make_official(
        office,
        unit=unit,
        roles=(Role.VAN_THU,),
        username="vanthu1",
        full_name="Nguyễn Thị Lan",
        position="Văn thư",
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_start_page_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_start_page_shows_user_agency_unit_roles_and_today(client, clerk):
    client.force_login(clerk)
    # 00:30 on 2 March in Vietnam is still 1 March in UTC: the page shows Vietnam's date.
    with clock.frozen_at(dt.datetime(2026, 3, 2, 0, 30)):
        response = client.get("/")
    text = _text(response)
    assert response.status_code == 200
    assert "02/03/2026" in text
    assert "Nguyễn Thị Lan" in text
    assert "Văn phòng UBND tỉnh Thử" in text
    assert "Phòng Hành chính - Tổ chức" in text
    assert 'data-testid="user-roles">Văn thư<' in text
    assert "Việc cần làm" in text
    assert '<html lang="vi">' in text


def test_greeting_follows_the_kernel_clock(client, clerk):
    client.force_login(clerk)
    with clock.frozen_at(dt.datetime(2026, 3, 2, 8, 0)):
        assert "Chào buổi sáng, Nguyễn Thị Lan" in _text(client.get("/"))
    with clock.frozen_at(dt.datetime(2026, 3, 2, 20, 0)):
        assert "Chào buổi tối, Nguyễn Thị Lan" in _text(client.get("/"))


def test_empty_state_without_assignments(client, clerk):
    client.force_login(clerk)
    text = _text(client.get("/"))
    assert "Chưa có việc nào được giao" in text
    assert 'data-testid="worklist"' not in text
    for code in ("chua_den_han", "sap_den_han", "qua_han"):
        assert re.search(rf'data-testid="count-{code}">.*?<div class="h1 mb-0">0</div>', text)


def test_assigned_work_with_deadline_status_and_counts(client, office, clerk):
    from vanphong.core.assignments.services import assignment_create

    leader = make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Trần Văn Hùng")
    cases = [make_unit(office, name=f"Hồ sơ thử {n}") for n in range(3)]
    start = dt.datetime(2026, 3, 2, 8, 0)  # a Monday
    with clock.frozen_at(start):
        assignment_create(
            acting_user=leader,
            case=cases[0],
            agency=office,
            assignee=clerk,
            role="chu_tri",
            due_at=clock.local(start) + dt.timedelta(days=1),
            instruction="Trình lãnh đạo",
        )
        assignment_create(
            acting_user=leader,
            case=cases[1],
            agency=office,
            assignee=clerk,
            role="chu_tri",
            due_at=clock.local(start) + dt.timedelta(days=20),
        )
        assignment_create(
            acting_user=leader,
            case=cases[2],
            agency=office,
            assignee=clerk,
            role="chu_tri",
            due_at=clock.local(start) + dt.timedelta(days=22),
        )
    client.force_login(clerk)
    # Three days later: the first is overdue, the others are not due yet.
    with clock.frozen_at(start + dt.timedelta(days=3)):
        text = _text(client.get("/"))
    assert "Chưa có việc nào được giao" not in text
    assert "Hồ sơ thử 0" in text and "Hồ sơ thử 1" in text and "Hồ sơ thử 2" in text
    assert "Trình lãnh đạo" in text
    assert "03/03/2026 08:00" in text  # the due moment, in Vietnam time, dd/mm/yyyy
    assert re.search(r'data-testid="count-qua_han">.*?<div class="h1 mb-0">1</div>', text)
    assert re.search(r'data-testid="count-chua_den_han">.*?<div class="h1 mb-0">2</div>', text)
    assert re.search(r'data-testid="count-sap_den_han">.*?<div class="h1 mb-0">0</div>', text)
    assert text.count('data-status="qua_han"') == 1
    assert "Quá hạn" in text


def test_others_work_is_not_shown(client, office, clerk):
    from vanphong.core.assignments.services import assignment_create

    other = make_official(office, roles=(Role.CHUYEN_VIEN,))
    leader = make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,))
    with clock.frozen_at(dt.datetime(2026, 3, 2, 8, 0)):
        assignment_create(
            acting_user=leader,
            case=make_unit(office, name="Việc của người khác"),
            agency=office,
            assignee=other,
            role="chu_tri",
            due_in_working_days=5,
        )
    client.force_login(clerk)
    text = _text(client.get("/"))
    assert "Việc của người khác" not in text
    assert "Chưa có việc nào được giao" in text


def test_menu_by_role_admin_link_only_for_administrators(client, office, clerk):
    admin = make_official(office, roles=(Role.QUAN_TRI,), is_staff=True)
    client.force_login(clerk)
    text = _text(client.get("/"))
    assert 'data-menu-key="core.home"' in text
    assert 'data-menu-key="core.admin"' not in text
    assert 'href="/admin/"' not in text
    # Administrators see "Quản trị" (after the second factor).
    items = navigation.menu_for({Role.QUAN_TRI}, current_path="/")
    keys = [i.key for i in items]
    assert keys[0] == "core.home" and keys[-1] == "core.admin"  # other apps' entries between
    assert items[-1].url == "/admin/"
    assert str(items[-1].label) == "Quản trị"
    assert "core.admin" not in [i.key for i in navigation.menu_for({Role.VAN_THU})]
    assert admin.pk


def test_menu_hides_modules_not_built_and_roles_not_held():
    navigation.register(
        NavEntry(
            key="test.unbuilt",
            label="Văn bản đến",
            url_name="documents:khong_co",
            roles={Role.VAN_THU},
        )
    )
    navigation.register(
        NavEntry(
            key="test.leaders", label="Chỉ lãnh đạo", url_name="home", roles={Role.LANH_DAO_UBND}
        )
    )
    try:
        clerk_keys = [i.key for i in navigation.menu_for({Role.VAN_THU})]
        leader_keys = [i.key for i in navigation.menu_for({Role.LANH_DAO_UBND})]
    finally:
        navigation.unregister("test.unbuilt")
        navigation.unregister("test.leaders")
    assert "test.unbuilt" not in clerk_keys  # its URL does not resolve: no dead link
    assert "test.leaders" not in clerk_keys
    assert "test.leaders" in leader_keys


def test_menu_marks_the_current_page():
    items = {i.key: i for i in navigation.menu_for(set(), current_path="/")}
    assert items["core.home"].active
    items = {i.key: i for i in navigation.menu_for(set(), current_path="/khac/")}
    assert not items["core.home"].active


def test_delegated_roles_appear_in_the_shell(client, office, clerk):
    from vanphong.org.services import delegation_grant

    leader = make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,))
    with clock.frozen_at(dt.datetime(2026, 3, 2, 8, 0)):
        delegation_grant(
            acting_user=leader,
            grantor=leader,
            grantee=clerk,
            roles=[Role.LANH_DAO_VAN_PHONG],
            starts_at=clock.now(),
            ends_at=clock.now() + dt.timedelta(days=2),
        )
        client.force_login(clerk)
        text = _text(client.get("/"))
    assert "Văn thư, Lãnh đạo văn phòng" in text


def test_logout_is_a_post_form_and_htmx_sends_csrf(client, clerk):
    client.force_login(clerk)
    text = _text(client.get("/"))
    assert re.search(r'<form action="/dang-xuat/" method="post"', text)
    assert 'hx-headers=\'{"X-CSRFToken": "' in text
    assert "vendor/tabler/tabler.min.css" in text
    assert "vendor/tabler-icons/tabler-icons.min.css" in text
    assert "vendor/htmx/htmx.min.js" in text


def test_vietnamese_first_whatever_the_browser_says(client, clerk):
    client.force_login(clerk)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in _text(response)


def test_language_switch_posts_to_set_language(client, clerk):
    client.force_login(clerk)
    text = _text(client.get("/"))
    assert '<form action="/i18n/setlang/" method="post"' in text
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in _text(client.get("/"))


def test_administrator_sees_the_admin_link_after_the_second_factor(client, office):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = make_official(office, roles=(Role.QUAN_TRI,), full_name="Phạm Minh Quân", is_staff=True)
    key = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.create(user=admin, name="thử", key=key, confirmed=True)
    client.force_login(admin)
    assert client.get("/").status_code == 302  # to the second factor first
    token = f"{TOTP(bytes.fromhex(key)).token():06d}"
    client.post(reverse("otp_verify"), {"otp_token": token, "next": "/"})
    text = _text(client.get("/"))
    assert 'data-menu-key="core.admin"' in text
    assert re.search(r'<a class="nav-link" href="/admin/"[^>]*>.*?Quản trị', text)
    assert 'data-testid="user-roles">Quản trị<' in text


def test_start_page_queries_do_not_grow_with_the_work_list(client, office, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vanphong.core.assignments.services import assignment_create

    leader = make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,))
    client.force_login(clerk)

    def give(n: int) -> None:
        with clock.frozen_at(dt.datetime(2026, 3, 2, 8, 0)):
            for _i in range(n):
                assignment_create(
                    acting_user=leader,
                    case=make_unit(office),
                    agency=office,
                    assignee=clerk,
                    role="chu_tri",
                    due_in_working_days=3,
                )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    give(1)
    one = count()
    give(6)
    assert count() == one


def test_deadline_badge_covers_every_status():
    from django.template import Context, Template

    from vanphong.core.deadlines import DeadlineStatus

    template = Template("{% load vanphong %}{{ s|deadline_badge }}")
    colours = set()
    for status in DeadlineStatus:
        html = template.render(Context({"s": status.value}))
        assert f'data-deadline-status="{status.value}"' in html
        assert str(status.label) in html
        colours.add(re.search(r"bg-(\w+)-lt", html).group(1))
    assert len(colours) == len(DeadlineStatus)  # every status has its own colour
    assert template.render(Context({"s": "khong_co"})) == ""
    assert template.render(Context({"s": None})) == ""


def test_menu_entries_are_grouped_by_module():
    from vanphong.core.navigation import MenuGroup, MenuItem, grouped

    items = [
        MenuItem("core.home", "Việc cần làm", "/", "checklist", False),
        MenuItem("documents.incoming", "Văn bản đến", "/van-ban-den/", "inbox", True),
        MenuItem("tasks.list", "Nhiệm vụ", "/nhiem-vu/", "list", False),
        MenuItem("workfiles.catalog", "Hồ sơ", "/ho-so/", "folder", False),
    ]
    top = grouped(items)
    assert [getattr(x, "key", None) for x in top] == ["core.home", "van_ban", "nhiem_vu"]
    documents = top[1]
    assert isinstance(documents, MenuGroup) and documents.active
    assert [i.key for i in documents.items] == ["documents.incoming", "workfiles.catalog"]
    assert top[2].single.key == "tasks.list"  # a group of one is shown as a plain link
