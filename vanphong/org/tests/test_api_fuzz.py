"""Schemathesis fuzzes every operation of the REST API: no 5xx, every 4xx in the error shape."""

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


@pytest.fixture(autouse=True)
def _keep_connection(db):
    """In-process WSGI calls share the test's connection: keep Django from closing it after each
    request, as its own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers(db):
    agency = make_agency()
    make_unit(agency)
    make_agency(is_active=False)
    official = make_official(agency, unit=make_unit(agency), roles=(Role.VAN_THU,))
    return {"Authorization": api_headers(official)["HTTP_AUTHORIZATION"]}


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_operations_never_5xx_and_errors_keep_the_shape(case, headers):
    # Every other check of schemathesis runs (server errors, status codes and bodies conform to
    # the schema, content types...). Not "negative data rejection": unknown query parameters
    # are ignored, as most APIs do, and the bearer header is always sent by this test. Not
    # "positive data acceptance" either: text the databases cannot store (NUL, lone surrogates)
    # is schema-valid JSON yet refused on purpose (400 malformed_body).
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
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        assert body["message"]
