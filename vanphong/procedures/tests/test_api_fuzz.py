"""Schemathesis on the catalogue's operations with a manager's token (the project-wide fuzz test
signs in as a clerk, who is refused every write before the input is read)."""

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

from vanphong.org.models import Role
from vanphong.org.testing import api_headers, make_agency, make_official, make_unit
from vanphong.procedures.testing import make_procedure


@pytest.fixture(autouse=True)
def _keep_connection(db):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers(db):
    agency = make_agency()
    make_unit(agency)
    make_procedure(code="1.001193", competent_agency=agency)
    official = make_official(agency, roles=(Role.CAN_BO_MOT_CUA,))
    return {"Authorization": api_headers(official)["HTTP_AUTHORIZATION"]}


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(
    path_regex="^/api/v1/procedures/"
)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_catalogue_operations_never_5xx(case, headers):
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
