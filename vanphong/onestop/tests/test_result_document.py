"""A result that is a document (a decision, a licence) is drafted from the dossier's last step
as an outgoing document of the competent agency, reviewed, signed and issued in the documents
module; its issue (signal ``outgoing_issued``) records the dossier's result."""

from __future__ import annotations

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.documents import services as documents
from vanphong.documents.models import DocumentType, OutgoingDocument, ReviewStep
from vanphong.documents.tests.factories import docx_file
from vanphong.onestop import receivers, services
from vanphong.onestop.models import Dossier, Status, Timeliness
from vanphong.onestop.testing import at, office, procedure_for, process_to_last_step, receive
from vanphong.org.models import Role
from vanphong.org.testing import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    clock.travel_to(at(2026, 3, 2, 8))
    o = office()
    ReviewStep.objects.create(agency=o.agency, doc_type=None, order=1, role="signer")
    signer = make_official(o.agency, roles=(Role.LANH_DAO_UBND,), full_name="Chủ Tịch Xã")
    clerk = make_official(o.agency, roles=(Role.VAN_THU,), full_name="Văn Thư Xã")
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    d = process_to_last_step(o, receive(o, proc))
    return o, signer, clerk, d


def _decision() -> DocumentType:
    return DocumentType.objects.filter(abbreviation="QĐ").order_by("pk").first()


def _sign_and_issue(o, signer, clerk, doc: OutgoingDocument, capture) -> OutgoingDocument:
    documents.outgoing_submit(doc.author, doc)
    documents.outgoing_approve(
        signer, doc, authority_mark="TM.", authority_title="ỦY BAN NHÂN DÂN",
        signer_position="Chủ tịch",
    )  # fmt: skip
    with capture(execute=True):
        return documents.outgoing_issue(clerk, doc)


@pytest.mark.rule("ND118-DUNG-HAN")
def test_result_document_drafted_at_the_last_step_and_its_issue_settles_the_dossier(
    world, django_capture_on_commit_callbacks
):
    o, signer, clerk, d = world
    clock.travel_to(at(2026, 3, 11, 9))
    doc = services.dossier_result_draft(
        acting_user=o.leader_b,
        dossier=d,
        doc_type=_decision(),
        trich_yeu="Về việc cấp giấy phép cho hồ sơ " + d.code,
        file=docx_file(),
        fee_amount=50000,
        fee_receipt_number="BL-0012",
    )
    assert doc.source == d and doc.agency == o.agency and doc.state == "draft"
    d.refresh_from_db()
    assert d.status == Status.DANG_XU_LY and d.fee_amount == 50000
    # a second draft while one is in progress: refused
    with pytest.raises(DomainError) as exc:
        services.dossier_result_draft(
            acting_user=o.leader_b, dossier=d, doc_type=_decision(), trich_yeu="Lần hai"
        )
    assert exc.value.code == "result_draft_exists" and exc.value.status == 409
    assert OutgoingDocument.objects.count() == 1

    clock.travel_to(at(2026, 3, 11, 15))
    issued = _sign_and_issue(o, signer, clerk, doc, django_capture_on_commit_callbacks)
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.CO_KET_QUA and d.outcome == "chap_thuan"
    assert d.result_document_id == issued.pk
    assert issued.code in d.result_note and "11/03/2026" in d.result_note
    assert clock.local(d.fact_settled_at) == at(2026, 3, 11, 15)
    assert d.fact_timeliness == Timeliness.TRUOC_HAN  # due Thu 12/03 09:00
    assert (d.fee_amount, d.fee_receipt_number) == (50000, "BL-0012")
    event = Event.objects.get(action="onestop.result", case_id=str(d.pk))
    assert event.payload["document"] == issued.pk
    # the signal replayed: nothing changes
    receivers.on_outgoing_issued(sender=OutgoingDocument, document=issued)
    assert Event.objects.filter(action="onestop.result", case_id=str(d.pk)).count() == 1


def test_result_draft_refused_before_the_last_step_or_by_an_outsider(world):
    o, _signer, _clerk, d = world
    proc = procedure_for(o)
    first_step = receive(o, proc)
    with pytest.raises(DomainError) as exc:
        services.dossier_result_draft(
            acting_user=o.desk, dossier=first_step, doc_type=_decision(), trich_yeu="Quyết định"
        )
    assert exc.value.code == "not_last_step"
    outsider = make_official(roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(DomainError) as exc:
        services.dossier_result_draft(
            acting_user=outsider, dossier=d, doc_type=_decision(), trich_yeu="Quyết định"
        )
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.dossier_result_draft(
            acting_user=o.leader_b, dossier=d, doc_type=_decision(), trich_yeu=""
        )
    assert exc.value.code == "invalid_input"
    assert not OutgoingDocument.objects.exists()
    assert not Event.objects.filter(action="onestop.result_draft").exists()


def test_a_document_issued_for_a_dossier_already_settled_is_only_linked(
    world, django_capture_on_commit_callbacks
):
    o, signer, clerk, d = world
    doc = services.dossier_result_draft(
        acting_user=o.leader_b, dossier=d, doc_type=_decision(), trich_yeu="Quyết định",
        file=docx_file(),
    )  # fmt: skip
    d = services.dossier_record_result(acting_user=o.leader_b, dossier=d, outcome="chap_thuan")
    settled_at = d.fact_settled_at
    issued = _sign_and_issue(o, signer, clerk, doc, django_capture_on_commit_callbacks)
    d = Dossier.objects.get(pk=d.pk)
    assert d.result_document_id == issued.pk and d.fact_settled_at == settled_at
    assert Event.objects.filter(action="onestop.result_document", case_id=str(d.pk)).exists()


def test_detail_page_drafts_the_result_document(world, client):
    o, _signer, _clerk, d = world
    client.force_login(o.leader_b)
    body = client.get(f"/mot-cua/ho-so/{d.pk}/").content.decode()
    assert 'data-testid="form-result-draft"' in body
    response = client.post(
        f"/mot-cua/ho-so/{d.pk}/du-thao-ket-qua/",
        {"doc_type": _decision().pk, "trich_yeu": "Về việc cấp phép", "fee_amount": ""},
        follow=True,
    )
    assert response.status_code == 200
    doc = OutgoingDocument.objects.get()
    assert doc.source == d and doc.author == o.leader_b
    assert doc.get_absolute_url() in response.content.decode()
