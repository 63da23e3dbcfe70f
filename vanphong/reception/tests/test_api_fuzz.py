"""Schemathesis on the reception operations (petitions, the reception register, the reception
days) with a reception official's token, so writes are exercised: never a 5xx, every 4xx in
the error shape and documented."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
)

from vanphong.core import clock
from vanphong.reception.tests.builders import at, office


@pytest.fixture(autouse=True)
def _keep_connection(db):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers(db):
    from vanphong.org.testing import api_headers

    clock.travel_to(at(2026, 7, 6, 10))
    _agency, _unit, staff = office()
    return {"Authorization": api_headers(staff)["HTTP_AUTHORIZATION"]}


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(
    path_regex="^/api/v1/reception/"
)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_reception_operations_never_5xx(case, headers):
    response = case.call_and_validate(
        headers=headers,
        excluded_checks=[
            negative_data_rejection,
            missing_required_header,
            positive_data_acceptance,
        ],
    )
    assert response.status_code < 500
    if 400 <= response.status_code < 500:
        assert set(response.json()) == {"code", "message", "fields"}
