"""Versioned legal rules: the version in force on a date, no overlap, pinned versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from vanphong.core import clock
from vanphong.core.refdata import selectors, services
from vanphong.core.refdata.admin import RuleVersionForm
from vanphong.core.refdata.models import RulePin, RuleUnit, RuleVersion
from vanphong.core.refdata.selectors import (
    RuleNotInForce,
    pinned_rule,
    pinned_value,
    rule_in_force,
    value_in_force,
)
from vanphong.core.refdata.services import pin_rule, rule_version_create, rule_version_update
from vanphong.org.testing import make_agency, make_official

pytestmark = pytest.mark.django_db

KEY = "complaint.acceptance_days"
UTC = dt.UTC
D = dt.date


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


@pytest.fixture
def logged(monkeypatch):
    from vanphong.core import eventlog

    calls = []
    real = eventlog.record

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(eventlog, "record", spy)
    return calls


@pytest.fixture
def admin_user():
    return make_official(is_superuser=True, is_staff=True)


@pytest.fixture
def complaint_rule(admin_user):
    """Thụ lý khiếu nại: 10 days (Luật Khiếu nại 2011) → 07 working days from 01/7/2026."""
    old = rule_version_create(
        acting_user=admin_user,
        key=KEY,
        value=10,
        unit=RuleUnit.CALENDAR_DAYS,
        legal_basis="Luật Khiếu nại 2011, Điều 27, 36",
        valid_from=D(2012, 7, 1),
    )
    new = rule_version_create(
        acting_user=admin_user,
        key=KEY,
        value=7,
        unit=RuleUnit.WORKING_DAYS,
        legal_basis="Luật 136/2025/QH15; NĐ 155/2026/NĐ-CP sửa đổi NĐ 124/2020, Điều 16",
        valid_from=D(2026, 7, 1),
    )
    old.refresh_from_db()
    return old, new


# --- version in force around the boundary ----------------------------------------------------


def test_version_in_force_before_at_and_after_the_boundary(complaint_rule):
    old, new = complaint_rule
    assert rule_in_force(KEY, D(2026, 6, 30)) == old
    assert rule_in_force(KEY, D(2026, 7, 1)) == new
    assert rule_in_force(KEY, D(2026, 7, 2)) == new
    assert value_in_force(KEY, D(2026, 6, 30)) == 10
    assert value_in_force(KEY, D(2026, 7, 1)) == 7
    assert (old.unit, new.unit) == ("calendar_days", "working_days")


def test_moment_is_taken_in_vietnam_time(complaint_rule):
    old, new = complaint_rule
    # 16:59:59 UTC on 30/06 is 23:59:59 in Hà Nội; 17:00 UTC is 00:00 on 01/07.
    assert rule_in_force(KEY, dt.datetime(2026, 6, 30, 16, 59, 59, tzinfo=UTC)) == old
    assert rule_in_force(KEY, dt.datetime(2026, 6, 30, 17, 0, tzinfo=UTC)) == new
    with clock.frozen_at(dt.datetime(2026, 6, 30, 23, 59)):
        assert value_in_force(KEY) == 10
    with clock.frozen_at(dt.datetime(2026, 7, 1, 0, 0)):
        assert value_in_force(KEY) == 7


def test_adding_a_version_closes_the_previous_one_the_day_before(complaint_rule, logged):
    old, new = complaint_rule
    assert (old.valid_from, old.valid_to) == (D(2012, 7, 1), D(2026, 6, 30))
    assert new.valid_to is None
    newer = rule_version_create(
        acting_user=None, key=KEY, value=5, legal_basis="Văn bản giả định", valid_from=D(2030, 1, 1)
    )
    new.refresh_from_db()
    assert new.valid_to == D(2029, 12, 31)
    assert [c["action"] for c in logged] == [
        "refdata.rule_version.close",
        "refdata.rule_version.create",
    ]
    assert logged[0]["case"] == new and logged[1]["case"] == newer
    assert logged[1]["payload"]["valid_from"] == "2030-01-01"


def test_no_version_in_force_is_a_clear_error(complaint_rule):
    with pytest.raises(RuleNotInForce) as exc:
        rule_in_force(KEY, D(2012, 6, 30))
    assert exc.value.code == "rule_not_in_force"
    assert "30/06/2012" in exc.value.messages[0]
    with pytest.raises(RuleNotInForce):
        value_in_force("khong.co.quy.dinh", D(2026, 1, 1))


def test_public_names_are_re_exported():
    from vanphong.core import refdata

    assert refdata.rule_in_force is selectors.rule_in_force
    assert refdata.pin_rule is services.pin_rule


# --- overlap is refused ----------------------------------------------------------------------


def test_overlapping_version_is_refused_by_the_service(complaint_rule):
    closed = rule_version_create(
        acting_user=None,
        key="onestop.supplement_max_requests",
        value=1,
        legal_basis="NĐ 61/2018/NĐ-CP",
        valid_from=D(2018, 8, 21),
        valid_to=D(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as exc:
        rule_version_create(
            acting_user=None,
            key=closed.key,
            value=2,
            legal_basis="x",
            valid_from=D(2025, 6, 30),
            valid_to=D(2025, 12, 31),
        )
    assert "overlap" in _codes(exc.value)
    # An open version starting before the current open one would cover it.
    with pytest.raises(ValidationError) as exc:
        rule_version_create(
            acting_user=None, key=KEY, value=9, legal_basis="x", valid_from=D(2026, 1, 1)
        )
    assert "overlap" in _codes(exc.value)
    # The adjacent day is fine.
    rule_version_create(
        acting_user=None,
        key=closed.key,
        value=1,
        legal_basis="NĐ 118/2025/NĐ-CP",
        valid_from=D(2025, 7, 1),
    )
    assert RuleVersion.objects.filter(key=KEY).count() == 2
    assert value_in_force(closed.key, D(2025, 6, 30)) == 1


def test_overlap_refused_in_clean(complaint_rule):
    _, new = complaint_rule
    clash = RuleVersion(
        key=KEY, value=1, legal_basis="x", valid_from=D(2027, 1, 1), valid_to=D(2027, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert "overlap" in _codes(exc.value)
    backwards = RuleVersion(
        key="a.b", value=1, legal_basis="x", valid_from=D(2027, 1, 2), valid_to=D(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        backwards.full_clean()
    assert "invalid_period" in _codes(exc.value)


def test_overlap_refused_by_the_database(complaint_rule):
    old, _ = complaint_rule
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleVersion.objects.create(
            key=KEY, value=1, legal_basis="x", valid_from=D(2020, 1, 1), valid_to=D(2020, 1, 2)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleVersion.objects.filter(pk=old.pk).update(valid_to=D(2026, 7, 1))
    # A non-overlapping row is accepted by the same checks.
    RuleVersion.objects.create(
        key=KEY, value=1, legal_basis="x", valid_from=D(2000, 1, 1), valid_to=D(2000, 12, 31)
    )


def test_bad_input_is_refused_with_codes():
    before = RuleVersion.objects.count()  # apps ship their rules in data migrations
    with pytest.raises(ValidationError) as exc:
        rule_version_create(
            acting_user=None, key="Thời Hạn", value=1, legal_basis="x", valid_from=D(2026, 1, 1)
        )
    assert "invalid_rule_key" in _codes(exc.value)
    with pytest.raises(ValidationError) as exc:
        rule_version_create(
            acting_user=None, key="a.b", value=1, legal_basis="  ", valid_from=D(2026, 1, 1)
        )
    assert "legal_basis_required" in _codes(exc.value)
    assert RuleVersion.objects.count() == before


def test_only_administrators_change_rules(complaint_rule):
    official = make_official()
    with pytest.raises(PermissionDenied):
        rule_version_create(
            acting_user=official, key="a.b", value=1, legal_basis="x", valid_from=D(2026, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        rule_version_update(acting_user=official, version=complaint_rule[1], note="x")


# --- a version in force is not edited; pinned cases keep theirs -------------------------------


def test_version_in_force_cannot_change_its_value(complaint_rule, admin_user, logged):
    _, new = complaint_rule
    with clock.frozen_at(D(2026, 8, 1)):
        with pytest.raises(ValidationError) as exc:
            rule_version_update(acting_user=admin_user, version=new, value=8)
        assert "version_in_force" in _codes(exc.value)
        rule_version_update(acting_user=admin_user, version=new, note="Đã rà soát")
    assert logged[-1]["action"] == "refdata.rule_version.update"
    assert logged[-1]["payload"]["changed"] == {"note": ["", "Đã rà soát"]}
    new.refresh_from_db()
    assert (new.value, new.note) == (7, "Đã rà soát")
    # Before it comes into force it may still be corrected.
    with clock.frozen_at(D(2026, 6, 1)):
        rule_version_update(acting_user=admin_user, version=new, value=8)
    assert value_in_force(KEY, D(2026, 7, 1)) == 8


def test_pinned_case_keeps_its_version_after_a_new_version_is_added(admin_user):
    old = rule_version_create(
        acting_user=admin_user,
        key=KEY,
        value=10,
        unit=RuleUnit.CALENDAR_DAYS,
        legal_basis="Luật Khiếu nại 2011, Điều 27",
        valid_from=D(2012, 7, 1),
    )
    received_june, received_july = make_agency(), make_agency()  # any saved model is a "case"
    with clock.frozen_at(dt.datetime(2026, 6, 20, 9, 0)):
        assert pin_rule(received_june, KEY) == old
    # The amendment is entered afterwards, with the date it takes effect.
    new = rule_version_create(
        acting_user=admin_user,
        key=KEY,
        value=7,
        unit=RuleUnit.WORKING_DAYS,
        legal_basis="NĐ 155/2026/NĐ-CP",
        valid_from=D(2026, 7, 1),
    )
    assert pin_rule(received_july, KEY, on=dt.datetime(2026, 7, 2, 8, 0)) == new
    assert pinned_rule(received_june, KEY) == old
    assert pinned_value(received_june, KEY) == 10
    assert pinned_value(received_july, KEY) == 7
    # Pinning again does not move the case to the newer version.
    with clock.frozen_at(D(2026, 9, 1)):
        assert pin_rule(received_june, KEY) == old
    assert RulePin.objects.count() == 2
    # A version a case is bound to cannot be deleted.
    with pytest.raises(ProtectedError):
        old.delete()


def test_unpinned_case_is_a_clear_error():
    with pytest.raises(RuleNotInForce) as exc:
        pinned_rule(make_agency(), KEY)
    assert exc.value.code == "rule_not_pinned"


# --- administration --------------------------------------------------------------------------


def _form_data(**over):
    data = {
        "key": KEY,
        "value": "5",
        "unit": "working_days",
        "legal_basis": "Văn bản mới",
        "valid_from": "01/01/2030",
        "valid_to": "",
        "note": "",
    }
    data.update(over)
    return data


def test_admin_adds_a_version_through_the_service(complaint_rule, admin_user, logged):
    _, new = complaint_rule
    form = RuleVersionForm(data=_form_data())
    assert form.is_valid(), form.errors
    assert RuleVersion.objects.filter(key=KEY).count() == 2  # the validation was a dry run
    model_admin = site._registry[RuleVersion]
    request = RequestFactory().post("/")
    request.user = admin_user
    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=False)
    new.refresh_from_db()
    assert new.valid_to == D(2029, 12, 31)
    assert value_in_force(KEY, D(2030, 1, 1)) == 5
    assert obj.pk == rule_in_force(KEY, D(2030, 1, 1)).pk
    assert logged[-1]["actor"] == admin_user


def test_admin_form_refuses_an_overlap(complaint_rule):
    form = RuleVersionForm(data=_form_data(valid_from="01/01/2026", valid_to="31/12/2026"))
    assert not form.is_valid()
    assert "overlap" in {e.code for e in form.errors.as_data()["__all__"]}


# --- loading from data files -----------------------------------------------------------------


def test_refdata_load_command_is_idempotent_and_never_overwrites(tmp_path, logged):
    import json

    from django.core.management import CommandError, call_command

    data = [
        {
            "key": KEY,
            "value": 7,
            "unit": "working_days",
            "legal_basis": "NĐ 155/2026/NĐ-CP",
            "valid_from": "2026-07-01",
        },
        {
            "key": KEY,
            "value": 10,
            "unit": "calendar_days",
            "legal_basis": "Luật Khiếu nại 2011, Điều 27",
            "valid_from": "2012-07-01",
        },
    ]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("refdata_load", str(path))
    assert value_in_force(KEY, D(2026, 6, 30)) == 10
    assert value_in_force(KEY, D(2026, 7, 1)) == 7
    events = len(logged)
    call_command("refdata_load", str(path))  # again: nothing changes
    assert RuleVersion.objects.filter(key=KEY).count() == 2 and len(logged) == events

    data[0]["value"] = 8
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="value"):
        call_command("refdata_load", str(path))
    assert value_in_force(KEY, D(2026, 7, 1)) == 7

    path.write_text(json.dumps([{"key": KEY}]), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("refdata_load", str(path))
