from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock, eventlog, permissions
from vanphong.core.assignments.models import AssignmentRole, AssignmentState
from vanphong.core.assignments.services import assignment_finish
from vanphong.core.errors import DomainError
from vanphong.documents import selectors, services
from vanphong.documents.models import IncomingDocument, IncomingState, Register
from vanphong.documents.tests.factories import (
    doc_type,
    fake_pdf,
    make_office,
    pdf_file,
    register,
    row_counts,
    stored_files,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


# --- ND30-INCOMING-NUMBER ------------------------------------------------------------------------


@pytest.mark.rule("ND30-INCOMING-NUMBER")
def test_nd30_incoming_number_gapless_shared_by_paper_and_electronic(office):
    a = register(office, channel="dien_tu")
    b = register(office, channel="giay")
    c = register(office, channel="dien_tu")
    assert [a.number, b.number, c.number] == [1, 2, 3]
    assert a.register == b.register == c.register
    assert a.number_display == "01"


@pytest.mark.rule("ND30-INCOMING-NUMBER")
def test_nd30_incoming_number_refused_registration_leaves_no_gap(office):
    register(office)
    with pytest.raises(DomainError):
        register(office, so_ky_hieu="không hợp lệ")
    assert register(office).number == 2


@pytest.mark.rule("ND30-INCOMING-NUMBER")
def test_nd30_incoming_number_restarts_at_1_on_1_january_vietnam_time(office):
    clock.travel_to(dt.datetime(2026, 12, 31, 23, 59))  # Vietnam time
    last = register(office, issue_date=dt.date(2026, 12, 30))
    register(office, issue_date=dt.date(2026, 12, 30))
    clock.travel_to(dt.datetime(2027, 1, 1, 0, 1))
    first = register(office, issue_date=dt.date(2026, 12, 31))
    assert (last.year, last.number) == (2026, 1)
    assert (first.year, first.number) == (2027, 1)


# --- ND30-CONFIDENTIAL-SEPARATE ------------------------------------------------------------------


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
def test_nd30_confidential_separate_register_and_sequence(office):
    register(office)
    register(office)
    secret = register(office, confidentiality="mat")
    other = register(office)
    assert secret.number == 1
    assert other.number == 3
    assert secret.register.confidential and not other.register.confidential
    assert secret.register != other.register
    assert Register.objects.filter(agency=office.agency).count() == 2


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
def test_nd30_confidential_metadata_only_file_refused(office, settings):
    before, files = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        register(office, confidentiality="toi_mat", file=pdf_file())
    assert exc.value.code == "confidential_no_file"
    assert "bí mật nhà nước" in exc.value.message
    assert row_counts() == before and stored_files(settings) == files


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
def test_nd30_confidential_visible_only_to_named_people_and_views_logged(office):
    secret = register(office, confidentiality="tuyet_mat")
    other_clerk = services.register_for  # noqa: F841  (kept for readability)
    from vanphong.org.models import Role
    from vanphong.org.testing import make_official

    clerk2 = make_official(office.agency, roles=(Role.VAN_THU,))
    kind = "documents.incoming"
    assert permissions.can_view(office.clerk, kind, secret)
    assert permissions.can_view(office.leader, kind, secret)
    assert not permissions.can_view(clerk2, kind, secret)
    assert not permissions.can_view(office.kt_head, kind, secret)
    services.incoming_direct(
        acting_user=office.leader,
        document=secret,
        direction="Giao cá nhân xử lý",
        lead=office.kt_specialist,
    )
    assert permissions.can_view(office.kt_specialist, kind, secret)
    assert not permissions.can_view(office.th_specialist, kind, secret)
    services.incoming_view_logged(acting_user=office.leader, document=secret)
    views = [e for e in eventlog.trail(secret) if e.action == eventlog.VIEW_ACTION]
    assert len(views) == 1 and views[0].actor == office.leader


# --- ND30-URGENCY-ORDER --------------------------------------------------------------------------


@pytest.mark.rule("ND30-URGENCY-ORDER")
def test_nd30_urgency_order_in_list(office):
    normal_old = register(office, urgency="thuong")
    clock.advance(dt.timedelta(minutes=5))
    khan = register(office, urgency="khan")
    clock.advance(dt.timedelta(minutes=5))
    hoa_toc = register(office, urgency="hoa_toc")
    clock.advance(dt.timedelta(minutes=5))
    thuong_khan = register(office, urgency="thuong_khan")
    clock.advance(dt.timedelta(minutes=5))
    normal_new = register(office, urgency="thuong")
    ids = list(selectors.incoming_list(office.clerk).values_list("pk", flat=True))
    assert ids == [hoa_toc.pk, thuong_khan.pk, khan.pk, normal_new.pk, normal_old.pk]


# --- ND30-DUPLICATE-WARNING ----------------------------------------------------------------------


@pytest.mark.rule("ND30-DUPLICATE-WARNING")
def test_nd30_duplicate_warning_names_earlier_and_confirm_links(office):
    first = register(office, so_ky_hieu="Số: 15/QĐ-UBND", issuer_name="UBND tỉnh Hưng Yên")
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        register(office, so_ky_hieu="15 / qđ – ubnd", issuer_name="ubnd  tỉnh HƯNG YÊN")
    assert exc.value.code == "probable_duplicate" and exc.value.status == 409
    assert "01" in exc.value.message and exc.value.fields["duplicate_of"] == [str(first.pk)]
    assert row_counts() == before
    second = register(
        office, so_ky_hieu="15/QĐ-UBND", issuer_name="UBND tỉnh Hưng Yên", confirm_duplicate=True
    )
    assert second.duplicate_of == first and second.number == 2


@pytest.mark.rule("ND30-DUPLICATE-WARNING")
def test_nd30_duplicate_warning_not_for_other_issuer_or_year(office):
    register(office, so_ky_hieu="15/QĐ-UBND", issuer_name="UBND tỉnh Hưng Yên")
    register(office, so_ky_hieu="15/QĐ-UBND", issuer_name="UBND tỉnh Thái Bình")
    register(
        office,
        so_ky_hieu="15/QĐ-UBND",
        issuer_name="UBND tỉnh Hưng Yên",
        issue_date=dt.date(2025, 3, 2),
    )
    assert IncomingDocument.objects.filter(duplicate_of__isnull=False).count() == 0


# --- ND30-PAPER-ORIGINAL-LINK --------------------------------------------------------------------


@pytest.mark.rule("ND30-PAPER-ORIGINAL-LINK")
def test_nd30_paper_original_link_no_new_number(office):
    doc = register(office, channel="dien_tu")
    clock.advance(dt.timedelta(days=2))
    services.incoming_link_paper_original(acting_user=office.clerk, document=doc)
    doc.refresh_from_db()
    assert doc.paper_original_received_at == clock.now()
    assert IncomingDocument.objects.count() == 1
    assert register(office).number == 2
    with pytest.raises(DomainError) as exc:
        services.incoming_link_paper_original(acting_user=office.clerk, document=doc)
    assert exc.value.code == "paper_already_linked"


@pytest.mark.rule("ND30-PAPER-ORIGINAL-LINK")
def test_nd30_paper_original_link_refused_for_paper_channel(office):
    doc = register(office, channel="giay")
    with pytest.raises(DomainError) as exc:
        services.incoming_link_paper_original(acting_user=office.clerk, document=doc)
    assert exc.value.code == "not_electronic" and exc.value.status == 409


# --- flow ----------------------------------------------------------------------------------------


def test_present_direct_assign_and_finish_flow(office):
    doc = register(office, file=pdf_file(), urgency="khan")
    assert doc.file is not None and doc.file.kind == "pdf"
    services.incoming_present(acting_user=office.clerk, document=doc, leader=office.leader)
    assert list(selectors.awaiting_direction(office.leader)) == [doc]
    services.incoming_direct(
        acting_user=office.leader,
        document=doc,
        direction="Phòng Kinh tế chủ trì tham mưu",
        lead=services.Assign(office.kt, due_in_working_days=5),
        coordinating=[services.Assign(office.th, due_in_working_days=3)],
        informed=[office.kt_specialist],
    )
    doc.refresh_from_db()
    assert doc.state == IncomingState.IN_PROGRESS and doc.due_at is not None
    roles = sorted(services.document_assignments(doc).values_list("role", flat=True))
    assert roles == sorted(
        [AssignmentRole.CHU_TRI, AssignmentRole.PHOI_HOP, AssignmentRole.DE_BIET]
    )
    # The unit sees it; its specialist too; another unit's specialist only as coordinator.
    assert [a.document for a in selectors.assigned_to_me(office.kt_head)] == [doc]
    assert permissions.can_view(office.th_specialist, "documents.incoming", doc)
    assert not permissions.can_view(office.outsider, "documents.incoming", doc)
    lead = services.document_assignments(doc).get(role=AssignmentRole.CHU_TRI)
    with pytest.raises(DomainError) as exc:
        services.incoming_finish(acting_user=office.kt_head, document=doc, note="Xong")
    assert exc.value.code == "lead_open"
    assignment_finish(acting_user=office.kt_head, assignment=lead, result="Đã tham mưu")
    with pytest.raises(DomainError) as exc:  # Phòng Tổng hợp still coordinating
        services.incoming_finish(acting_user=office.kt_head, document=doc, note="Xong")
    assert exc.value.code == "assignments_open"
    services.incoming_finish(acting_user=office.leader, document=doc, note="Đã trả lời")
    doc.refresh_from_db()
    assert doc.state == IncomingState.FINISHED and doc.finished_at is not None
    assert not services.document_assignments(doc).filter(state=AssignmentState.DANG_XU_LY).exists()
    actions = [e.action for e in eventlog.trail(doc)]
    assert actions[0] == "documents.incoming.register"
    assert "documents.incoming.direct" in actions and actions[-1] == "documents.incoming.finish"


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, code, field",
    [
        ({"trich_yeu": "  "}, "invalid_input", "trich_yeu"),
        ({"doc_type": None}, "invalid_input", "doc_type"),
        ({"so_ky_hieu": "QĐ-UBND"}, "invalid_input", "so_ky_hieu"),
        ({"so_ky_hieu": "/QĐ-UBND"}, "invalid_input", "so_ky_hieu"),
        ({"so_ky_hieu": "05/"}, "invalid_input", "so_ky_hieu"),
        ({"file": None, "issuer_identifier": "h31 sai"}, "invalid_input", "issuer_identifier"),
    ],
)
def test_bad_input_refused_nothing_written(office, settings, overrides, code, field):
    register(office)
    before, files = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        register(office, **overrides)
    assert exc.value.code == code and field in exc.value.fields
    assert exc.value.message
    assert row_counts() == before and stored_files(settings) == files


def test_fake_pdf_refused_nothing_written(office, settings):
    register(office)
    before, files = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        register(office, file=fake_pdf())
    assert exc.value.code == "file_type_mismatch"
    assert row_counts() == before and stored_files(settings) == files
    assert register(office).number == 2


def test_assigning_a_finished_document_refused(office):
    doc = register(office)
    services.incoming_finish(acting_user=office.clerk, document=doc, note="Lưu")
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.incoming_direct(
            acting_user=office.leader, document=doc, direction="Giao", lead=office.kt
        )
    assert exc.value.code == "document_finished" and exc.value.status == 409
    assert row_counts() == before


def test_only_clerk_registers(office):
    with pytest.raises(DomainError) as exc:
        register(office, acting_user=office.kt_specialist)
    assert exc.value.status == 403
    with pytest.raises(DomainError):
        register(office, acting_user=office.outsider)


def test_search_accent_insensitive_and_identifier_prefix(office):
    a = register(office, trich_yeu="Về việc phòng chống bão số 3", so_ky_hieu="123/UBND-KT")
    b = register(office, trich_yeu="Báo cáo kinh tế quý I", so_ky_hieu="124/BC-STC")
    assert list(selectors.incoming_list(office.clerk, q="phong chong bao")) == [a]
    assert list(selectors.incoming_list(office.clerk, q="123/ubnd")) == [a]
    assert list(selectors.incoming_list(office.clerk, q="124/BC-STC")) == [b]
    assert list(selectors.incoming_list(office.kt_specialist, q="bao")) == []


def test_document_types_loaded():
    assert doc_type("QyĐ").name == "Quy định"
    assert doc_type("TTr").name == "Tờ trình"
    assert doc_type("CTr").name == "Chương trình"
    from vanphong.documents.models import DocumentType

    assert DocumentType.objects.get(name="Công văn").abbreviation == ""
    assert DocumentType.objects.count() == 31
    assert not any(f.name == "is_legal_normative" for f in DocumentType._meta.get_fields())
