"""Invitation and conclusion notice drafted as outgoing documents of the documents module and
issued there; the issue (signal ``outgoing_issued``) is recorded on the meeting, then the
conclusions become tasks."""

from __future__ import annotations

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.documents import services as documents
from vanphong.documents.models import OutgoingDocument
from vanphong.documents.tests.factories import docx_file
from vanphong.meetings import services
from vanphong.meetings.models import DocumentPurpose, MeetingDocument
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.org.models import Role
from vanphong.org.testing import make_official
from vanphong.tasks.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.rule("MEETINGS-KETLUAN-NHIEMVU")]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(at(2026, 7, 6, 10))


def _issue(w, signer, clerk, record: MeetingDocument) -> OutgoingDocument:
    doc = OutgoingDocument.objects.get(pk=record.document_id)
    documents.outgoing_version_add(w.clerk, doc, file=docx_file())
    documents.outgoing_submit(w.clerk, doc)
    documents.outgoing_approve(w.head_kt, doc)
    documents.outgoing_approve(w.chief, doc)
    documents.outgoing_approve(
        signer,
        doc,
        authority_mark="TL.",
        authority_title="CHỦ TỊCH",
        signer_position="Chánh Văn phòng",
    )
    return documents.outgoing_issue(clerk, doc)


def test_invitation_and_notice_issued_through_documents_then_tasks():
    w = world()
    signer = make_official(w.office, roles=(Role.LANH_DAO_UBND,), full_name="Người Ký Thay")
    clerk = make_official(w.office, roles=(Role.VAN_THU,), full_name="Văn Thư VP")
    m = meeting(w, people=[w.chief], units=[w.economy], schedule=True)
    invitation = services.invitation_draft(w.clerk, m)
    doc = OutgoingDocument.objects.get(pk=invitation.document_id)
    assert doc.source == m and doc.doc_type.abbreviation == "GM"
    assert "Mời dự cuộc họp" in doc.trich_yeu
    issued = _issue(w, signer, clerk, invitation)
    invitation.refresh_from_db()
    assert invitation.issued_at is not None and invitation.number == issued.code
    assert "/GM-" in invitation.number

    clock.travel_to(at(2026, 7, 8, 11))
    services.minutes_save(w.clerk, m, text="Biên bản")
    services.conclusion_add(
        w.clerk,
        m,
        content="Phòng Kinh tế tổng hợp",
        lead_unit=w.economy,
        due_date=at(2026, 7, 20).date(),
    )
    services.conclusion_add(
        w.clerk,
        m,
        content="UBND tỉnh bố trí vốn",
        lead_agency=w.committee,
        due_date=at(2026, 7, 31).date(),
    )
    notice = services.conclusion_notice_draft(w.clerk, m)
    assert notice.purpose == DocumentPurpose.CONCLUSION
    with pytest.raises(DomainError) as excinfo:
        services.conclusions_to_tasks(w.clerk, m)  # not issued yet
    assert excinfo.value.code == "notice_not_issued"
    issued = _issue(w, signer, clerk, notice)
    notice.refresh_from_db()
    assert notice.number == issued.code and "/TB-" in issued.code
    tasks = services.conclusions_to_tasks(w.clerk, m)
    assert len(tasks) == 2 and Task.objects.count() == 2
    assert all(issued.code in t.source_label for t in tasks)
