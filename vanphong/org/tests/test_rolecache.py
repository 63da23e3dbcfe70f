"""Roles read once per request (org.rolecache), and never stale after a change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.org import rolecache, selectors
from vanphong.org.models import Role, RoleGrant
from vanphong.org.testing import make_agency, make_official

pytestmark = pytest.mark.django_db


def _in_request(fn):
    return rolecache.RoleCacheMiddleware(lambda request: fn())(None)


def test_roles_are_read_once_per_request():
    agency = make_agency()
    official = make_official(agency, roles=(Role.VAN_THU,))

    def page():
        with CaptureQueriesContext(connection) as queries:
            first = selectors.effective_roles(official, agency)
            again = [selectors.effective_roles(official, agency) for _ in range(5)]
        return first, again, len(queries)

    first, again, count = _in_request(page)
    assert first == {Role.VAN_THU} and all(r == first for r in again)
    with CaptureQueriesContext(connection) as one_call:
        selectors.effective_roles(official, agency)
    assert count == len(one_call) > 0  # five more calls cost nothing inside the request


def test_a_grant_during_the_request_is_seen_at_once():
    agency = make_agency()
    official = make_official(agency, roles=(Role.CHUYEN_VIEN,))

    def page():
        before = selectors.effective_roles(official, agency)
        RoleGrant.objects.create(official=official, agency=agency, role=Role.VAN_THU)
        after = selectors.effective_roles(official, agency)
        RoleGrant.objects.filter(official=official, role=Role.VAN_THU).get().delete()
        return before, after, selectors.effective_roles(official, agency)

    before, after, removed = _in_request(page)
    assert before == {Role.CHUYEN_VIEN}
    assert after == {Role.CHUYEN_VIEN, Role.VAN_THU}
    assert removed == {Role.CHUYEN_VIEN}


def test_nothing_is_cached_outside_a_request():
    agency = make_agency()
    official = make_official(agency, roles=(Role.CHUYEN_VIEN,))
    assert selectors.effective_roles(official, agency) == {Role.CHUYEN_VIEN}
    RoleGrant.objects.filter(official=official).update(role=Role.VAN_THU)  # no signal
    assert selectors.effective_roles(official, agency) == {Role.VAN_THU}


def test_a_caller_changing_the_answer_does_not_change_the_cache():
    agency = make_agency()
    official = make_official(agency, roles=(Role.CHUYEN_VIEN,))

    def page():
        selectors.effective_roles(official, agency).add(Role.QUAN_TRI)
        return selectors.effective_roles(official, agency)

    assert _in_request(page) == {Role.CHUYEN_VIEN}
