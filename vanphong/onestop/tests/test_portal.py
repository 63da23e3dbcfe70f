"""Portal sync adapter with the file-based fake transport."""

from __future__ import annotations

import json

import pytest

from vanphong.core import clock
from vanphong.onestop import portal, services
from vanphong.onestop.models import Dossier, PortalLink
from vanphong.onestop.testing import at, office, procedure_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tmp_path):
    clock.travel_to(at(2026, 1, 5, 8))
    o = office()
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    tr = portal.FileTransport(tmp_path / "portal")
    return o, proc, tr


def _record(proc, o, code="G22.H31-260309-000101", **extra):
    return {
        "portal_code": code,
        "procedure_code": proc.code,
        "competent_agency": o.agency.identifier,
        "receiving_agency": o.agency.identifier,
        "submitted_at": "2026-03-09T08:30:00+07:00",
        "applicant": {"name": "Đỗ Thị Mai", "identity_number": "034190004321"},
        "components": ["Tờ khai theo mẫu"],
        **extra,
    }


@pytest.mark.rule("ND118-DONG-BO-CONG")
def test_same_portal_dossier_twice_gives_one_dossier(setup):
    o, proc, tr = setup
    tr.submit(_record(proc, o))
    first = portal.pull(tr)
    assert (first.created, first.duplicates, first.failed) == (1, 0, 0)
    d = Dossier.objects.get()
    assert d.portal_code == "G22.H31-260309-000101" and d.channel == "truc_tuyen"
    assert clock.local(d.received_at) == at(2026, 3, 9, 8, 30)
    # The portal sends it again (replay): no second dossier.
    tr.submit(_record(proc, o))
    again = portal.pull(tr)
    assert (again.created, again.duplicates) == (0, 1)
    assert Dossier.objects.count() == 1
    assert list((tr.dir / "inbox").glob("*.json")) == []


@pytest.mark.rule("ND118-DONG-BO-CONG")
def test_status_changes_are_pushed_back_and_failures_monitored(setup):
    o, proc, tr = setup
    tr.submit(_record(proc, o))
    portal.pull(tr)
    d = Dossier.objects.get()
    (tr.dir / "outbox" / "FAIL").write_text("")
    assert portal.push_pending(tr) == 0
    failed = list(portal.failures())
    assert len(failed) == 1 and "không phản hồi" in failed[0].last_error
    (tr.dir / "outbox" / "FAIL").unlink()
    assert portal.push_pending(tr) == 1
    services.dossier_handover(acting_user=o.desk, dossier=d, to_unit=o.unit_a)
    d.refresh_from_db()
    assert portal.push_pending(tr) == 1
    files = sorted((tr.dir / "outbox").glob("*.json"))
    events = [json.loads(f.read_text())["event"] for f in files]
    assert events == ["receive", "handover"]
    assert json.loads(files[0].read_text())["dossier_code"] == d.code
    assert not portal.failures().exists()


def test_a_bad_portal_file_stays_in_the_inbox_and_is_retried(setup):
    o, proc, tr = setup
    tr.submit(_record(proc, o, procedure_code="9.999999"))
    result = portal.pull(tr)
    assert result.failed == 1 and Dossier.objects.count() == 0
    link = PortalLink.objects.get(direction="in")
    assert "không có trong danh mục" in link.last_error
    assert "applicant" not in link.payload  # no personal data in the monitor
    portal.pull(tr)
    link.refresh_from_db()
    assert link.attempts == 2
    tr.submit(_record(proc, o))  # corrected by the portal
    portal.pull(tr)
    link.refresh_from_db()
    assert link.state == "sent" and Dossier.objects.count() == 1
