"""Outgoing documents (văn bản đi): review, issue, numbering, delivery, recall, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.core.refdata.models import RuleVersion
from vanphong.documents import selectors, services
from vanphong.documents.models import (
    AdminNumbering,
    DocumentType,
    ExchangeStatus,
    IncomingState,
    OutgoingDocument,
    OutgoingSettings,
    OutgoingState,
    ReviewRole,
    ReviewStep,
    Signature,
)
from vanphong.documents.signals import outgoing_issued
from vanphong.documents.tests.factories import (
    approve_all,
    doc_type,
    docx_file,
    draft,
    fake_pdf,
    issued,
    make_world,
    pdf_file,
    row_counts,
    stored_files,
)
from vanphong.org.models import Role
from vanphong.org.testing import make_official, make_unit

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_world()


# --- ND30-OUTGOING-CODE --------------------------------------------------------------------------


@pytest.mark.rule("ND30-OUTGOING-CODE")
def test_nd30_outgoing_code_three_shapes_and_padding():
    render = services.render_code
    assert render(number=5, year=2026, type_abbreviation="QĐ", agency_abbreviation="UBND") == (
        "05/QĐ-UBND"
    )
    assert (
        render(
            number=12,
            year=2026,
            type_abbreviation="",
            agency_abbreviation="UBND",
            unit_abbreviation="KT",
        )
        == "12/UBND-KT"
    )
    assert (
        render(
            number=12,
            year=2026,
            type_abbreviation="QĐ",
            agency_abbreviation="UBND",
            legal_normative=True,
        )
        == "12/2026/QĐ-UBND"
    )
    assert render(number=9, year=2026, type_abbreviation="QyĐ", agency_abbreviation="UBND") == (
        "09/QyĐ-UBND"
    )
    assert render(number=10, year=2026, type_abbreviation="TTr", agency_abbreviation="UBND") == (
        "10/TTr-UBND"
    )
    assert render(number=123, year=2026, type_abbreviation="TB", agency_abbreviation=" UB ND ") == (
        "123/TB-UBND"
    )


@pytest.mark.rule("ND30-OUTGOING-CODE")
def test_nd30_outgoing_code_issued_documents(world):
    decision = issued(world, abbreviation="QĐ")
    letter = issued(world, name="Công văn")
    legal = issued(world, name="Quyết định (quy phạm pháp luật)")
    rule = issued(world, abbreviation="QyĐ")
    assert decision.so_display == "Số: 01/QĐ-UBND"
    assert letter.so_display == "Số: 02/UBND-KT"
    assert legal.so_display == "Số: 01/2026/QĐ-UBND"
    assert rule.so_display == "Số: 03/QyĐ-UBND"
    assert decision.issue_date == dt.date(2026, 3, 10)
    assert " " not in decision.code


# --- ND30-OUTGOING-SEQUENCES ---------------------------------------------------------------------


@pytest.mark.rule("ND30-OUTGOING-SEQUENCES")
def test_nd30_outgoing_sequences_shared_by_default(world):
    codes = [issued(world, abbreviation=a).code for a in ("QĐ", "TB", "QĐ")]
    assert codes == ["01/QĐ-UBND", "02/TB-UBND", "03/QĐ-UBND"]


@pytest.mark.rule("ND30-OUTGOING-SEQUENCES")
def test_nd30_outgoing_sequences_per_type_when_configured(world):
    OutgoingSettings.objects.create(
        agency=world.office.agency, admin_numbering=AdminNumbering.PER_TYPE
    )
    codes = [issued(world, abbreviation=a).code for a in ("QĐ", "TB", "QĐ", "TB")]
    assert codes == ["01/QĐ-UBND", "01/TB-UBND", "02/QĐ-UBND", "02/TB-UBND"]


@pytest.mark.rule("ND30-OUTGOING-SEQUENCES")
def test_nd30_outgoing_sequences_legal_normative_per_type_and_year(world):
    qd = "Quyết định (quy phạm pháp luật)"
    nq = "Nghị quyết (quy phạm pháp luật)"
    issued(world, abbreviation="QĐ")  # administrative: not in the legal sequences
    a = issued(world, name=qd)
    b = issued(world, name=nq)
    c = issued(world, name=qd)
    assert [a.code, b.code, c.code] == ["01/2026/QĐ-UBND", "01/2026/NQ-UBND", "02/2026/QĐ-UBND"]
    assert a.legal_normative_rule.key == "documents.legal_normative_types"
    clock.travel_to(dt.datetime(2027, 1, 1, 0, 5))  # Vietnam time: a new year
    d = issued(world, name=qd)
    e = issued(world, abbreviation="QĐ")
    assert d.code == "01/2027/QĐ-UBND"
    assert e.code == "01/QĐ-UBND" and e.year == 2027


@pytest.mark.rule("ND30-OUTGOING-SEQUENCES")
def test_nd30_outgoing_sequences_legal_normative_list_is_versioned_data(world):
    """A new version of the rule (from 1/6/2026) makes Quy định legal-normative: documents
    issued from then on follow it, those issued before keep their version."""
    before = issued(world, abbreviation="QyĐ")
    current = RuleVersion.objects.get(key="documents.legal_normative_types", valid_to=None)
    current.valid_to = dt.date(2026, 5, 31)
    current.save()
    RuleVersion.objects.create(
        key="documents.legal_normative_types",
        value={"types": [*current.value["types"], "Quy định"]},
        legal_basis="Thử nghiệm",
        valid_from=dt.date(2026, 6, 1),
    )
    clock.travel_to(dt.datetime(2026, 6, 2, 9, 0))
    after = issued(world, abbreviation="QyĐ")
    assert before.code == "01/QyĐ-UBND"
    assert after.code == "01/2026/QyĐ-UBND"
    assert before.legal_normative_rule_id == current.pk != after.legal_normative_rule_id


@pytest.mark.rule("ND30-OUTGOING-SEQUENCES")
def test_nd30_outgoing_sequences_confidential_own(world):
    issued(world, abbreviation="QĐ")
    secret = issued(world, abbreviation="QĐ", confidentiality="mat")
    other = issued(world, abbreviation="QĐ")
    assert secret.number == 1 and secret.register.confidential
    assert other.number == 2 and not other.register.confidential
    assert secret.issued_file is None


# --- ND30-ISSUE-ONCE -----------------------------------------------------------------------------


@pytest.mark.rule("ND30-ISSUE-ONCE")
def test_nd30_issue_once_issuing_twice_409_nothing_changes(world, settings):
    document = issued(world)
    before, files = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        services.outgoing_issue(world.office.clerk, document, file=pdf_file())
    assert exc.value.code == "already_issued" and exc.value.status == 409
    assert row_counts() == before and stored_files(settings) == files
    document.refresh_from_db()
    assert document.number == 1


@pytest.mark.rule("ND30-ISSUE-ONCE")
def test_nd30_issue_once_unapproved_draft_refused(world):
    document = draft(world)
    services.outgoing_submit(world.office.kt_specialist, document)
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.outgoing_issue(world.office.clerk, document)
    assert exc.value.code == "not_approved" and exc.value.status == 409
    assert row_counts() == before
    document.refresh_from_db()
    assert document.number is None and document.code == "" and document.issue_date is None


@pytest.mark.rule("ND30-ISSUE-ONCE")
def test_nd30_issue_once_only_the_clerk_and_number_returns_on_rollback(world):
    document = draft(world)
    approve_all(world, document)
    with pytest.raises(DomainError) as exc:
        services.outgoing_issue(world.office.kt_specialist, document)
    assert exc.value.status == 403
    # A failing issue (fake PDF) takes no number: the next issue still gets 01.
    with pytest.raises(DomainError):
        services.outgoing_issue(world.office.clerk, document, file=fake_pdf())
    assert services.outgoing_issue(world.office.clerk, document).number == 1


def test_issue_stores_the_uploaded_file_as_is(world):
    document = draft(world)
    approve_all(world, document)
    services.outgoing_issue(world.office.clerk, document, file=pdf_file("ky-so.pdf"))
    document.refresh_from_db()
    assert document.issued_file.original_name == "ky-so.pdf"
    assert (
        document.issued_file.sha256 == __import__("hashlib").sha256(pdf_file().read()).hexdigest()
    )


def test_signal_sent_after_commit(world, django_capture_on_commit_callbacks):
    document = draft(world)
    approve_all(world, document)
    received = []

    def listener(sender, document, **kwargs):
        received.append(document.code)

    outgoing_issued.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.outgoing_issue(world.office.clerk, document)
    finally:
        outgoing_issued.disconnect(listener)
    assert received == ["01/QĐ-UBND"]


# --- ND30-REVIEW-SIGN ----------------------------------------------------------------------------


@pytest.mark.rule("ND30-REVIEW-SIGN")
def test_nd30_review_sign_default_chain_return_new_version_and_authority_mark(world):
    office = world.office
    document = draft(world)
    services.outgoing_submit(office.kt_specialist, document)
    document.refresh_from_db()
    assert document.review_chain == ["unit_leader", "office_leader", "signer"]
    assert document.review_role == ReviewRole.UNIT_LEADER
    assert list(selectors.review_queue(office.kt_head)) == [document]
    assert list(selectors.review_queue(office.leader)) == []
    # Not at his step: the office leader cannot approve yet.
    with pytest.raises(DomainError) as exc:
        services.outgoing_approve(office.leader, document)
    assert exc.value.status == 403
    services.outgoing_approve(office.kt_head, document, comment="Đồng ý")
    services.outgoing_comment(office.leader, document, comment="Xem lại căn cứ")
    services.outgoing_return(office.leader, document, comment="Bổ sung căn cứ pháp lý")
    document.refresh_from_db()
    assert document.state == OutgoingState.RETURNED and document.review_role == ""
    services.outgoing_version_add(office.kt_specialist, document, file=docx_file(), note="Sửa")
    assert document.versions.count() == 2
    services.outgoing_submit(office.kt_specialist, document)
    document.refresh_from_db()
    assert document.review_role == ReviewRole.OFFICE_LEADER  # back where it was returned
    services.outgoing_approve(office.leader, document)
    with pytest.raises(DomainError) as exc:
        services.outgoing_approve(world.signer, document)  # no position, no mark
    assert exc.value.code == "signer_info_required"
    services.outgoing_approve(
        world.signer,
        document,
        authority_mark="KT.",
        authority_title="chủ tịch",
        signer_position="Phó Chủ tịch",
    )
    document.refresh_from_db()
    assert document.state == OutgoingState.APPROVED
    assert document.competence == "KT. CHỦ TỊCH"
    assert (document.signer_name, document.signer_position) == ("Nguyễn Văn Ký", "Phó Chủ tịch")
    signature = Signature.objects.get(document=document)
    assert signature.authority_mark == "KT." and signature.version.number == 2
    actions = [r.action for r in document.reviews.order_by("id")]
    assert actions == ["submit", "approve", "comment", "return", "submit", "approve", "approve"]
    assert list(selectors.to_issue(office.clerk)) == [document]


@pytest.mark.rule("ND30-REVIEW-SIGN")
def test_nd30_review_sign_chain_configured_per_type(world):
    office = world.office
    tb = doc_type("TB")
    ReviewStep.objects.create(agency=office.agency, doc_type=tb, order=1, role="unit_leader")
    ReviewStep.objects.create(agency=office.agency, doc_type=tb, order=2, role="office_leader")
    document = draft(world, abbreviation="TB")
    services.outgoing_submit(office.kt_specialist, document)
    services.outgoing_approve(office.kt_head, document)
    services.outgoing_approve(
        office.leader,
        document,
        authority_mark="TL.",
        authority_title="Chủ tịch",
        signer_position="Chánh Văn phòng",
    )
    document.refresh_from_db()
    assert document.state == OutgoingState.APPROVED
    assert document.competence == "TL. CHỦ TỊCH"


# --- ND30-PLATFORM-DELIVERY ----------------------------------------------------------------------


@pytest.mark.rule("ND30-PLATFORM-DELIVERY")
def test_nd30_platform_delivery_incoming_with_own_number(world):
    office = world.office
    # The department has already registered 4 documents this year.
    for n in range(4):
        services.incoming_register(
            acting_user=world.dept_clerk,
            agency=world.department,
            channel="giay",
            issuer_name="Bộ Nội vụ",
            so_ky_hieu=f"{n + 1:02d}/BNV-VP",
            issue_date=dt.date(2026, 3, 1),
            doc_type=doc_type(),
            trich_yeu="Văn bản trước",
        )
    document = issued(
        world,
        recipients=[world.department, office.th, {"name": "Bộ Tài chính", "identifier": "G12"}],
        noi_nhan="- Như trên;\n- Lưu: VT, KT.",
    )
    incoming = document.recipients.get(kind="agency").incoming
    assert incoming.agency == world.department
    assert incoming.number == 5 and incoming.so_ky_hieu == "01/QĐ-UBND"
    assert incoming.issuer_name == office.agency.name and incoming.channel == "dien_tu"
    assert incoming.file_id == document.issued_file_id
    assert incoming.delivery.document == document  # the link both ways
    assert list(selectors.incoming_list(world.dept_clerk))[0] == incoming
    # Sender sees each recipient's processing status.
    statuses = {r.kind: r.processing_status for r in selectors.outgoing_recipients(document)}
    assert statuses == {"agency": "03", "unit": "01", "external": ""}
    services.incoming_present(
        acting_user=world.dept_clerk, document=incoming, leader=world.dept_leader
    )
    services.incoming_direct(
        acting_user=world.dept_leader,
        document=incoming,
        direction="Giao xử lý",
        lead=world.dept_clerk,
    )
    row = document.recipients.get(kind="agency")
    assert row.processing_status == ExchangeStatus.ASSIGNED
    # The internal unit sees it; another unit's specialist does not.
    assert document in selectors.visible_outgoing(office.th_specialist)
    assert document not in selectors.visible_outgoing(world.dept_clerk)


@pytest.mark.rule("ND30-PLATFORM-DELIVERY")
def test_nd30_platform_delivery_external_package(world):
    import json
    import zipfile
    from io import BytesIO

    from vanphong.documents.package import outgoing_package

    document = issued(world, recipients=[{"name": "Bộ Tài chính", "identifier": "G12"}])
    name, content = outgoing_package(document)
    archive = zipfile.ZipFile(BytesIO(content))
    meta = json.loads(archive.read("metadata.json"))
    assert meta["CodeNumber"] == "01" and meta["CodeNotation"] == "QĐ-UBND"
    assert meta["IssuedDate"] == "2026-03-10" and meta["SignerInfo"]["FullName"] == "Nguyễn Văn Ký"
    assert meta["To"] == [{"OrganId": "G12", "OrganName": "Bộ Tài chính"}]
    assert any(n.endswith(".docx") for n in archive.namelist())


# --- ND30-RECALL ---------------------------------------------------------------------------------


@pytest.mark.rule("ND30-RECALL")
def test_nd30_recall_accepted(world):
    office = world.office
    document = issued(world, recipients=[world.department, office.th])
    incoming = document.recipients.get(kind="agency").incoming
    assert document in selectors.visible_outgoing(office.th_specialist)
    services.outgoing_recall(office.clerk, document, reason="Sai căn cứ pháp lý")
    document.refresh_from_db()
    assert document.state == OutgoingState.RECALLED and document.recall_reason
    assert document not in selectors.visible_outgoing(office.th_specialist)  # at once
    row = document.recipients.get(kind="agency")
    assert row.status == ExchangeStatus.RECALL_REQUESTED == "13"
    assert list(selectors.recall_requests(world.dept_clerk)) == [row]
    services.recall_accept(world.dept_clerk, row)
    row.refresh_from_db()
    incoming.refresh_from_db()
    assert row.status == "15"
    assert incoming.state == IncomingState.WITHDRAWN
    assert incoming.withdrawn_reason == "Sai căn cứ pháp lý"
    with pytest.raises(DomainError) as exc:
        services.recall_refuse(world.dept_clerk, row, answer="muộn")
    assert exc.value.code == "recall_not_pending"
    # The sender's copy is frozen.
    with pytest.raises(DomainError):
        services.outgoing_recall(office.clerk, document, reason="lại")


@pytest.mark.rule("ND30-RECALL")
def test_nd30_recall_refused(world):
    office = world.office
    document = issued(world, recipients=[world.department])
    services.outgoing_recall(office.clerk, document, reason="Nhầm nơi nhận")
    row = document.recipients.get()
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.recall_refuse(world.dept_clerk, row, answer="")
    assert exc.value.code == "reason_required" and row_counts() == before
    with pytest.raises(DomainError) as exc:
        services.recall_accept(office.clerk, row)  # not the receiving clerk
    assert exc.value.status == 403
    services.recall_refuse(world.dept_clerk, row, answer="Đã triển khai thực hiện")
    row.refresh_from_db()
    assert row.status == "16" and row.recall_answer == "Đã triển khai thực hiện"
    assert row.incoming.state == IncomingState.REGISTERED
    assert row.processing_status == "16"
    actions = set(eventlog.trail(document).values_list("action", flat=True))
    assert {"documents.outgoing.recall", "documents.outgoing.recall_refused"} <= actions


# --- permissions and bad input -------------------------------------------------------------------


def test_draft_seen_only_by_author_and_unit_leaders(world):
    office = world.office
    document = draft(world)
    other_unit_leader = make_official(unit=office.th, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    other_agency = make_official(world.department, roles=(Role.LANH_DAO_UBND,))
    assert document in selectors.visible_outgoing(office.kt_specialist)
    assert document in selectors.visible_outgoing(office.kt_head)
    for user in (office.th_specialist, other_unit_leader, other_agency, world.dept_clerk):
        assert document not in selectors.visible_outgoing(user)
    # Unsubmitted drafts are not the clerk's or the office leader's business.
    assert document not in selectors.visible_outgoing(office.clerk)
    services.outgoing_submit(office.kt_specialist, document)
    assert document in selectors.visible_outgoing(office.leader)
    for user in (office.th_specialist, other_unit_leader, other_agency, world.dept_clerk):
        assert document not in selectors.visible_outgoing(user)
    assert not selectors.review_queue(other_agency).exists()


def test_confidential_draft_refuses_files_and_stays_named(world):
    office = world.office
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.outgoing_draft_create(
            office.kt_specialist,
            agency=office.agency,
            doc_type=doc_type("QĐ"),
            trich_yeu="Mật",
            confidentiality="mat",
            file=pdf_file(),
        )
    assert exc.value.code == "confidential_no_file" and row_counts() == before


def test_bad_input_missing_trich_yeu_and_fake_pdf(world, settings):
    office = world.office
    before, files = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        services.outgoing_draft_create(
            office.kt_specialist, agency=office.agency, doc_type=doc_type("QĐ"), trich_yeu="  "
        )
    assert exc.value.code == "invalid_input" and "trich_yeu" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        services.outgoing_draft_create(
            office.kt_specialist,
            agency=office.agency,
            doc_type=doc_type("QĐ"),
            trich_yeu="Có trích yếu",
            file=fake_pdf(),
        )
    assert exc.value.code == "file_type_mismatch"
    with pytest.raises(DomainError) as exc:
        services.outgoing_draft_create(
            world.dept_clerk, agency=office.agency, doc_type=doc_type("QĐ"), trich_yeu="Khác"
        )
    assert exc.value.status == 403
    assert row_counts() == before and stored_files(settings) == files


def test_submit_requires_a_version_and_the_author(world):
    office = world.office
    document = draft(world, file=None)
    with pytest.raises(DomainError) as exc:
        services.outgoing_submit(office.kt_specialist, document)
    assert exc.value.code == "version_required"
    services.outgoing_version_add(office.kt_specialist, document, file=pdf_file())
    with pytest.raises(DomainError) as exc:
        services.outgoing_submit(office.kt_head, document)
    assert exc.value.status == 403


def test_source_link_for_other_modules(world):
    source = make_unit(world.office.agency)  # any saved record
    document = draft(world, source=source)
    assert document.source == source
    assert OutgoingDocument.objects.filter(source_id=source.pk).count() == 1


def test_document_type_names_in_rule_exist():
    rule = RuleVersion.objects.get(key="documents.legal_normative_types", valid_to=None)
    names = set(DocumentType.objects.values_list("name", flat=True))
    assert set(rule.value["types"]) <= names
