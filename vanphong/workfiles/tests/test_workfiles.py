from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.documents import services as documents
from vanphong.documents.tests.factories import make_office, register, row_counts
from vanphong.workfiles import selectors, services
from vanphong.workfiles.models import Catalog, FiledDocument, Workfile, WorkfileState, roman

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


@pytest.fixture
def catalog(office):
    cat = services.catalog_create(acting_user=office.clerk, agency=office.agency, year=2026)
    th = services.heading_create(
        acting_user=office.clerk, catalog=cat, title="Phòng Tổng hợp", code="TH", unit=office.th
    )
    kt = services.heading_create(
        acting_user=office.clerk, catalog=cat, title="Phòng Kinh tế", code="KT", unit=office.kt
    )
    return cat, th, kt


def _file(office, heading, title="Hồ sơ kế hoạch năm 2026", creator=None, retention="20 năm"):
    return services.workfile_create(
        acting_user=office.clerk,
        heading=heading,
        title=title,
        retention=retention,
        creator=creator or office.kt_specialist,
    )


@pytest.mark.rule("ND30-WORKFILE-CATALOG")
def test_catalog_numbers_files_across_the_list_with_heading_codes(office, catalog):
    cat, th, kt = catalog
    a = _file(office, th, "Báo cáo tháng")
    b = _file(office, kt, "Kế hoạch đầu tư công")
    c = _file(office, th, "Thông báo kết luận")
    assert [a.notation, b.notation, c.notation] == ["01.TH", "02.KT", "03.TH"]
    assert (th.numeral, kt.numeral, roman(14), roman(2026)) == ("I", "II", "XIV", "MMXXVI")
    headings = selectors.catalog_headings(office.clerk, cat)
    assert [[w.notation for w in h.files] for h in headings] == [["01.TH", "03.TH"], ["02.KT"]]


def test_only_the_office_keeps_the_catalog(office, catalog):
    cat, th, _ = catalog
    before = row_counts()
    for user in (office.kt_specialist, office.kt_head, office.outsider):
        with pytest.raises(DomainError) as exc:
            services.workfile_create(
                acting_user=user, heading=th, title="X", retention="5 năm", creator=None
            )
        assert exc.value.status == 403
        with pytest.raises(DomainError):
            services.catalog_create(acting_user=user, agency=office.agency, year=2027)
    assert row_counts() == before


def test_catalog_once_a_year_and_bad_input(office, catalog):
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.catalog_create(acting_user=office.clerk, agency=office.agency, year=2026)
    assert exc.value.code == "catalog_exists" and exc.value.status == 409
    with pytest.raises(DomainError) as exc:
        services.heading_create(acting_user=office.clerk, catalog=catalog[0], title="", code="a b")
    assert set(exc.value.fields) == {"title", "code"}
    with pytest.raises(DomainError) as exc:
        services.workfile_create(
            acting_user=office.clerk,
            heading=catalog[1],
            title="",
            retention="x" * 31,
            creator=office.outsider,
        )
    assert set(exc.value.fields) == {"title", "retention", "creator"}
    assert row_counts() == before


@pytest.mark.rule("ND30-WORKFILE-CATALOG")
def test_copy_from_previous_year(office, catalog):
    cat, th, kt = catalog
    _file(office, th, "Báo cáo tháng", creator=office.th_specialist)
    wf = _file(office, kt, "Kế hoạch đầu tư công")
    services.workfile_open(acting_user=office.kt_specialist, workfile=wf)
    with pytest.raises(DomainError) as exc:
        services.catalog_create(
            acting_user=office.clerk, agency=office.agency, year=2028, copy_previous=True
        )
    assert exc.value.code == "no_previous"
    new = services.catalog_create(
        acting_user=office.leader, agency=office.agency, year=2027, copy_previous=True
    )
    assert new.title == "Danh mục hồ sơ năm 2027"
    copied = list(new.workfiles.order_by("ordinal"))
    assert [(w.notation, w.title, w.creator, w.state) for w in copied] == [
        ("01.TH", "Báo cáo tháng", office.th_specialist, WorkfileState.PLANNED),
        ("02.KT", "Kế hoạch đầu tư công", office.kt_specialist, WorkfileState.PLANNED),
    ]
    assert [h.unit for h in new.headings.order_by("order")] == [office.th, office.kt]
    assert cat.workfiles.count() == 2  # the old list is untouched
    event = eventlog.trail(new).get()
    assert event.payload["copied_files"] == 2


@pytest.mark.rule("ND30-WORKFILE-LINK")
def test_filing_one_document_in_two_files_without_copies(office, catalog):
    _, th, kt = catalog
    doc = register(office, trich_yeu="Kế hoạch phòng chống thiên tai")
    documents.incoming_direct(
        acting_user=office.leader, document=doc, direction="Giao", lead=office.kt_specialist
    )
    first = _file(office, kt, "Hồ sơ phòng chống thiên tai")
    second = _file(office, th, "Hồ sơ tổng hợp báo cáo")
    for wf in (first, second):
        services.workfile_open(acting_user=office.kt_specialist, workfile=wf)
        services.file_document(acting_user=office.kt_specialist, workfile=wf, case=doc)
    links = FiledDocument.objects.filter(case_id=doc.pk)
    assert links.count() == 2
    assert {f.workfile_id for f in links} == {first.pk, second.pk}
    assert {f.case_type.model for f in links} == {"incomingdocument"}
    rows, hidden = selectors.documents_in(office.kt_specialist, first)
    assert [r.document for r in rows] == [doc] and hidden == 0
    with pytest.raises(DomainError) as exc:
        services.file_document(acting_user=office.kt_specialist, workfile=first, case=doc)
    assert exc.value.code == "already_filed"
    assert [f.workfile for f in selectors.files_of_case(office.kt_specialist, doc)] == [
        first,
        second,
    ]
    actions = [e.action for e in eventlog.trail(first)]
    assert actions == [
        "workfiles.workfile.create",
        "workfiles.workfile.open",
        "workfiles.file",
    ]


def test_filing_needs_an_open_file_kept_by_me_and_a_visible_document(office, catalog):
    _, th, kt = catalog
    mine = _file(office, kt, creator=office.kt_specialist)
    doc = register(office)  # not assigned: the specialist does not see it
    with pytest.raises(DomainError) as exc:
        services.file_document(acting_user=office.kt_specialist, workfile=mine, case=doc)
    assert exc.value.code == "not_open"
    services.workfile_open(acting_user=office.kt_specialist, workfile=mine)
    with pytest.raises(DomainError) as exc:
        services.file_document(acting_user=office.kt_specialist, workfile=mine, case=doc)
    assert exc.value.code == "not_found"
    with pytest.raises(DomainError) as exc:
        services.file_document(acting_user=office.th_specialist, workfile=mine, case=doc)
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.workfile_open(acting_user=office.th_specialist, workfile=_file(office, th))
    assert exc.value.status == 403
    other = register(office, acting_user=office.outsider, agency=office.outsider.agency)
    with pytest.raises(DomainError) as exc:
        services.file_document(acting_user=office.clerk, workfile=mine, case=other)
    assert exc.value.code == "not_found"
    assert FiledDocument.objects.count() == 0


@pytest.mark.rule("ND30-WORKFILE-LINK")
def test_unfiling_is_logged_and_a_closed_file_is_frozen(office, catalog):
    _, _, kt = catalog
    doc = register(office)
    wf = _file(office, kt, creator=office.clerk)
    services.workfile_open(acting_user=office.clerk, workfile=wf)
    filed = services.file_document(acting_user=office.clerk, workfile=wf, case=doc)
    services.unfile_document(acting_user=office.clerk, filed=filed)
    assert FiledDocument.objects.count() == 0
    event = eventlog.trail(wf).filter(action="workfiles.unfile").get()
    assert event.payload == {"document_type": "incomingdocument", "document_id": doc.pk}
    filed = services.file_document(acting_user=office.clerk, workfile=wf, case=doc)
    services.workfile_close(acting_user=office.clerk, workfile=wf)
    wf.refresh_from_db()
    assert wf.state == WorkfileState.CLOSED and wf.closed_at is not None
    with pytest.raises(DomainError) as exc:
        services.unfile_document(acting_user=office.clerk, filed=filed)
    assert exc.value.code == "workfile_closed"
    with pytest.raises(DomainError):
        services.file_document(acting_user=office.clerk, workfile=wf, case=register(office))
    with pytest.raises(DomainError):
        services.workfile_update(
            acting_user=office.clerk, workfile=wf, title="Mới", retention="5 năm", creator=None
        )
    assert FiledDocument.objects.count() == 1


def test_file_page_hides_documents_the_reader_may_not_see(client, office, catalog):
    _, _, kt = catalog
    wf = _file(office, kt, creator=office.clerk)
    services.workfile_open(acting_user=office.clerk, workfile=wf)
    plain = register(office, trich_yeu="Văn bản thường trong hồ sơ")
    secret = register(office, confidentiality="mat", trich_yeu="Văn bản mật trong hồ sơ")
    for doc in (plain, secret):
        services.file_document(acting_user=office.clerk, workfile=wf, case=doc)
    client.force_login(office.clerk)
    body = client.get(wf.get_absolute_url()).content.decode()
    assert plain.trich_yeu in body and secret.trich_yeu in body
    assert "Đưa văn bản vào hồ sơ: " + secret.so_ky_hieu in body
    client.force_login(office.th_specialist)  # same agency: sees the file, not the documents
    body = client.get(wf.get_absolute_url()).content.decode()
    assert plain.trich_yeu not in body and secret.trich_yeu not in body
    assert secret.so_ky_hieu not in body and plain.so_ky_hieu not in body  # trail included
    assert 'data-testid="hidden-count"' in body
    client.force_login(office.outsider)
    assert client.get(wf.get_absolute_url()).status_code == 404


def test_catalog_page_constant_queries(client, office, catalog):
    cat, th, kt = catalog
    client.force_login(office.clerk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("workfiles:catalog"), {"nam": 2026})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _file(office, th)
    small = count()
    for i in range(8):
        wf = _file(office, kt if i % 2 else th, title=f"Hồ sơ {i}", creator=office.th_specialist)
        if i % 3 == 0:
            services.workfile_open(acting_user=office.th_specialist, workfile=wf)
            services.file_document(acting_user=office.clerk, workfile=wf, case=register(office))
    services.heading_create(acting_user=office.clerk, catalog=cat, title="Lãnh đạo", code="LD")
    assert count() == small
    body = client.get(reverse("workfiles:catalog"), {"nam": 2026}).content.decode()
    assert "III. LÃNH ĐẠO" in body and "09.KT" in body


def test_catalog_screens_create_copy_and_add(client, office, catalog):
    cat, th, _ = catalog
    client.force_login(office.clerk)
    page = client.get(reverse("workfiles:catalog"), {"nam": 2027}).content.decode()
    assert 'data-testid="catalog-create"' in page
    response = client.post(
        reverse("workfiles:catalog_create"), {"year": 2027, "copy_previous": "on"}
    )
    assert response.status_code == 302
    assert Catalog.objects.filter(year=2027).exists()
    response = client.post(
        reverse("workfiles:workfile_create", args=[cat.pk]),
        {"heading": th.pk, "title": "", "retention": "", "creator": ""},
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    response = client.post(
        reverse("workfiles:workfile_create", args=[cat.pk]),
        {
            "heading": th.pk,
            "title": "Hồ sơ họp giao ban",
            "retention": "10 năm",
            "creator": office.th_specialist.pk,
        },
    )
    assert response.status_code == 302
    wf = Workfile.objects.get(title="Hồ sơ họp giao ban")
    assert wf.notation == "01.TH" and wf.creator == office.th_specialist
    client.force_login(office.th_specialist)
    mine = client.get(reverse("workfiles:mine")).content.decode()
    assert "Hồ sơ họp giao ban" in mine
    assert client.post(reverse("workfiles:open", args=[wf.pk])).status_code == 302
    wf.refresh_from_db()
    assert wf.state == WorkfileState.OPEN
    response = client.post(
        reverse("workfiles:workfile_create", args=[cat.pk]),
        {"heading": th.pk, "title": "X", "retention": "5 năm"},
    )
    assert response.status_code == 404  # a specialist does not add to the list


def test_panel_files_a_document_with_htmx(client, office, catalog):
    _, _, kt = catalog
    doc = register(office, trich_yeu="Văn bản lập hồ sơ")
    documents.incoming_direct(
        acting_user=office.leader, document=doc, direction="Giao", lead=office.kt_specialist
    )
    wf = _file(office, kt, "Hồ sơ đầu tư công", creator=office.kt_specialist)
    client.force_login(office.kt_specialist)
    ct = ContentType.objects.get_for_model(doc)
    url = reverse("workfiles:panel", args=[ct.pk, doc.pk])
    assert "Hồ sơ đầu tư công" not in client.get(url).content.decode()  # not opened yet
    services.workfile_open(acting_user=office.kt_specialist, workfile=wf)
    body = client.get(url).content.decode()
    assert 'data-testid="file-into"' in body and "Lập hồ sơ" in body
    response = client.post(url, {"workfile": wf.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="workfile-filed"' in body and "01.KT" in body
    assert FiledDocument.objects.filter(workfile=wf, case_id=doc.pk).exists()
    response = client.post(url, {"workfile": "abc"})
    assert response.status_code == 400 and "Chọn một hồ sơ đang lập." in response.content.decode()
    filed = FiledDocument.objects.get()
    response = client.post(reverse("workfiles:unfile", args=[filed.pk]), {"from": "panel"})
    assert response.status_code == 200 and FiledDocument.objects.count() == 0
    client.force_login(office.th_specialist)  # may not see the document
    assert client.get(url).status_code == 404
    assert client.post(url, {"workfile": wf.pk}).status_code == 404


def test_document_detail_page_shows_the_panel(client, office, catalog):
    doc = register(office)
    client.force_login(office.clerk)
    body = client.get(doc.get_absolute_url()).content.decode()
    ct = ContentType.objects.get_for_model(doc)
    assert reverse("workfiles:panel", args=[ct.pk, doc.pk]) in body


def test_api_catalog_file_and_unfile(client, office, catalog):
    from vanphong.org.testing import api_headers

    cat, _, kt = catalog
    doc = register(office, trich_yeu="Văn bản qua API")
    wf = _file(office, kt, "Hồ sơ qua API", creator=office.clerk)
    headers = api_headers(office.clerk)
    body = client.get("/api/v1/workfiles/catalogs/2026", **headers).json()
    assert [h["numeral"] for h in body["headings"]] == ["I", "II"]
    assert body["headings"][1]["files"][0]["notation"] == "01.KT"
    assert client.get("/api/v1/workfiles/catalogs/2030", **headers).status_code == 404
    url = f"/api/v1/workfiles/files/{wf.pk}/documents"
    payload = {"document_type": "documents.incomingdocument", "document_id": doc.pk}
    response = client.post(url, payload, content_type="application/json", **headers)
    assert response.status_code == 409 and response.json()["code"] == "not_open"
    assert client.post(f"/api/v1/workfiles/files/{wf.pk}/open", **headers).status_code == 200
    response = client.post(url, payload, content_type="application/json", **headers)
    assert response.status_code == 201
    (filed,) = response.json()["documents"]
    assert filed["document_id"] == doc.pk and filed["label"] == doc.so_ky_hieu
    response = client.post(url, payload, content_type="application/json", **headers)
    assert response.status_code == 409 and response.json()["code"] == "already_filed"
    bad = {"document_type": "org.nothing", "document_id": 1}
    response = client.post(url, bad, content_type="application/json", **headers)
    assert response.status_code == 400 and "document_type" in response.json()["fields"]
    outsider = api_headers(office.outsider)
    assert client.get(f"/api/v1/workfiles/files/{wf.pk}", **outsider).status_code == 404
    specialist = api_headers(office.th_specialist)
    detail = client.get(f"/api/v1/workfiles/files/{wf.pk}", **specialist).json()
    assert detail["documents"] == [] and detail["hidden_documents"] == 1
    response = client.delete(f"{url}/{filed['id']}", **specialist)
    assert response.status_code == 403
    assert client.delete(f"{url}/{filed['id']}", **headers).status_code == 204
    assert FiledDocument.objects.count() == 0


def test_outgoing_document_filed_from_its_page(client, settings):
    from vanphong.documents.tests.factories import issued, make_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    world = make_world()
    office = world.office
    doc = issued(world)
    incoming = register(office)
    cat = services.catalog_create(acting_user=office.clerk, agency=office.agency, year=2026)
    heading = services.heading_create(acting_user=office.clerk, catalog=cat, title="KT", code="KT")
    wf = _file(office, heading, creator=office.clerk)
    services.workfile_open(acting_user=office.clerk, workfile=wf)
    client.force_login(office.clerk)
    body = client.get(doc.get_absolute_url()).content.decode()
    ct = ContentType.objects.get_for_model(doc)
    url = reverse("workfiles:panel", args=[ct.pk, doc.pk])
    assert url in body
    assert client.post(url, {"workfile": wf.pk}).status_code == 200
    services.file_document(acting_user=office.clerk, workfile=wf, case=incoming)
    rows, hidden = selectors.documents_in(office.clerk, wf)
    assert [r.document for r in rows] == [doc, incoming] and hidden == 0
    assert rows[0].code == doc.code
