"""The legal deadlines are reference data: loaded by the migration, each with its unit and
legal basis, the 2026 amendments as new versions from 01/7/2026."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import refdata
from vanphong.core.refdata.services import rule_versions_load
from vanphong.reception import legal_rules as R

pytestmark = pytest.mark.django_db
BEFORE, AFTER = dt.date(2026, 6, 30), dt.date(2026, 7, 1)


@pytest.mark.rule("RECEPTION-HIEULUC-THEO-NGAYNHAN")
def test_every_key_is_in_force_either_side_of_01_07_2026_with_unit_and_basis():
    for key in R.ALL_KEYS:
        for day in (BEFORE, AFTER):
            version = refdata.rule_in_force(key, day)
            assert version.legal_basis
            assert version.unit in ("working_days", "calendar_days", "")
    assert refdata.value_in_force(R.COMPLAINT_ACCEPTANCE, BEFORE) == 10
    assert refdata.value_in_force(R.COMPLAINT_ACCEPTANCE, AFTER) == 7
    assert refdata.value_in_force(R.COMPLAINT_RESUME_MODE, BEFORE) == "resume"
    assert refdata.value_in_force(R.COMPLAINT_RESUME_MODE, AFTER) == "restart"
    assert refdata.rule_in_force(R.DENUNCIATION_FORWARD, AFTER).unit == "working_days"
    assert refdata.rule_in_force(R.COMPLAINT_RESOLUTION_FIRST, AFTER).unit == "calendar_days"


def test_loading_the_rules_again_changes_nothing():
    assert rule_versions_load(acting_user=None, entries=R.ENTRIES) == {
        "created": 0,
        "unchanged": len(R.ENTRIES),
    }
