"""Who sees which task: the list, the single-object check and the API read one rule."""

from __future__ import annotations

import pytest

from vanphong.core import permissions
from vanphong.tasks import selectors
from vanphong.tasks.models import Task
from vanphong.tasks.tests.builders import create, province

pytestmark = pytest.mark.django_db


def test_visibility_matrix():
    p = province()
    economy = create(p, coordinating_agencies=[p.department])
    commune = create(p, lead_agency=p.commune, lead_unit=None)
    by_office = create(p, actor=p.office_leader, agency=p.office, assigned_by=p.office_leader)

    def seen(user):
        return set(permissions.visible(user, selectors.KIND, Task.objects.all()))

    everything = {economy, commune, by_office}
    assert seen(p.leader) == {economy, commune}  # what he assigned (the committee's tasks)
    assert seen(p.office_leader) == everything  # the Office follows its committee's tasks
    assert seen(p.economy_staff) == {economy, by_office}  # the unit's tasks
    assert seen(p.culture_head) == set()
    assert seen(p.department_staff) == {economy}  # coordinating agency
    assert seen(p.commune_staff) == {commune}  # lead agency
    assert seen(p.outsider) == set()  # another agency: nothing
    for user in (p.leader, p.culture_head, p.department_staff, p.outsider):
        for task in everything:
            assert permissions.can_view(user, selectors.KIND, task) == (task in seen(user))


def test_only_the_lead_side_acts_and_coordinators_report_progress():
    from vanphong.core.errors import DomainError
    from vanphong.tasks import services

    p = province()
    task = create(p, coordinating_agencies=[p.department])
    report = services.task_report_progress(p.department_staff, task, text="Sở đã gửi số liệu")
    assert report.agency_id == p.department.pk and report.unit is None
    with pytest.raises(DomainError) as e:
        services.task_propose_completion(p.department_staff, task, result="Xong")
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        services.task_report_progress(p.outsider, task, text="x")
    assert e.value.status == 403
