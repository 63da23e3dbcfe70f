"""Permission matrix: role × unit × assigned or not × confidentiality over the list, the
detail page, search and the API — every output agrees with the one visibility rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vanphong.core import clock
from vanphong.documents import services
from vanphong.documents.tests.factories import make_office, register
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db

# who → (sees the ordinary unassigned doc, ordinary doc assigned to KT, secret doc assigned
#        to the KT head in person, secret doc not assigned)
EXPECTED = {
    "clerk": (True, True, True, True),  # registered them all
    "leader": (True, True, True, True),  # agency leader
    "kt_head": (False, True, True, False),
    "kt_specialist": (False, True, False, False),
    "th_specialist": (False, False, False, False),
    "outsider": (False, False, False, False),
}


@pytest.fixture
def world():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    office = make_office()
    plain = register(office, trich_yeu="Kế hoạch chung toàn cơ quan")
    kt_doc = register(office, trich_yeu="Kế hoạch giao phòng kinh tế")
    services.incoming_direct(
        acting_user=office.leader, document=kt_doc, direction="Giao", lead=office.kt
    )
    secret_assigned = register(office, confidentiality="mat", trich_yeu="Kế hoạch mật giao")
    services.incoming_direct(
        acting_user=office.leader,
        document=secret_assigned,
        direction="Giao",
        lead=office.kt_head,
    )
    secret = register(office, confidentiality="toi_mat", trich_yeu="Kế hoạch tối mật")
    return office, (plain, kt_doc, secret_assigned, secret)


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_matrix_list_detail_search_api(client, world, who):
    office, docs = world
    user = getattr(office, who)
    expected = EXPECTED[who]
    headers = api_headers(user)
    client.force_login(user)
    list_html = client.get(reverse("documents:incoming_list")).content.decode()
    search_html = client.get(reverse("documents:incoming_list"), {"q": "ke hoach"}).content.decode()
    api_ids = {d["id"] for d in client.get("/api/v1/documents/incoming", **headers).json()["items"]}
    api_search = {
        d["id"]
        for d in client.get("/api/v1/documents/incoming", {"q": "ke hoach"}, **headers).json()[
            "items"
        ]
    }
    for doc, visible in zip(docs, expected, strict=True):
        assert (doc.trich_yeu in list_html) is visible, (who, doc.trich_yeu, "list")
        assert (doc.trich_yeu in search_html) is visible, (who, doc.trich_yeu, "search")
        assert (doc.pk in api_ids) is visible and (doc.pk in api_search) is visible
        status = client.get(doc.get_absolute_url()).status_code
        assert status == (200 if visible else 404), (who, doc.trich_yeu, "detail")
        api_status = client.get(f"/api/v1/documents/incoming/{doc.pk}", **headers).status_code
        assert api_status == (200 if visible else 404)


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
def test_admin_lists_no_incoming_document_and_no_confidential_outgoing_one(settings):
    """The admin is the last output of the matrix: incoming documents are not in it at all, and
    the read-only outgoing admin never lists, finds or opens a confidential document."""
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from vanphong.documents.models import IncomingDocument, OutgoingDocument
    from vanphong.documents.tests.factories import draft, make_world
    from vanphong.org.testing import make_official

    assert IncomingDocument not in site._registry
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    world = make_world()
    plain = draft(world, trich_yeu="Kế hoạch thường")
    secret = draft(world, trich_yeu="Kế hoạch mật", confidentiality="mat")
    request = RequestFactory().get("/admin/documents/outgoingdocument/", {"q": "Kế hoạch"})
    request.user = make_official(is_staff=True, is_superuser=True)
    model_admin = site._registry[OutgoingDocument]
    listed = model_admin.get_queryset(request)
    found, _ = model_admin.get_search_results(request, listed, "Kế hoạch")
    assert plain in listed and secret not in listed
    assert plain in found and secret not in found
    assert model_admin.get_object(request, str(secret.pk)) is None
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, plain)
