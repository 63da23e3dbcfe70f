"""Open311 GeoReport v2 server at ``/open311/v2/`` (http://wiki.open311.org/GeoReport_v2).

* ``GET discovery.{json|xml}``, ``GET services.{fmt}``, ``GET services/{service_code}.{fmt}``
  (the category's attributes), ``GET requests.{fmt}`` (filters ``service_request_id`` as a
  comma list, ``service_code``, ``start_date``, ``end_date`` — at most 90 days apart, default the
  last 90 days —, ``status`` open|closed; at most 1000 rows), ``GET requests/{id}.{fmt}``,
  ``POST requests.{fmt}`` (an ``api_key`` is required: see :class:`Open311Client` and the
  ``open311_key`` command).
* Errors are the specification's arrays: JSON ``[{"code": 400, "description": "..."}]``, XML
  ``<errors><error><code>400</code><description>...</description></error></errors>``.
* Nothing personal leaves through GET: no contact, device or account id; the description is
  the public version (contact details removed); photos only as the copy without metadata, once
  the answer is published.

Status mapping: "đang xử lý" and "chờ duyệt" are ``open``; answered, merged and converted
into a petition are ``closed``, with the Vietnamese status in ``status_notes``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.feedback import places, services
from vanphong.feedback.models import OPEN_STATUSES, Category, Feedback, Open311Client, Status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-29T00:00:00+07:00"
MAX_RANGE_DAYS = 90
MAX_ROWS = 1000
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
#: Request fields in the specification's order.
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


# --------------------------------------------------------------------------------------------
# API keys


def key_digest(key: str) -> str:
    return hashlib.sha256((key or "").encode()).hexdigest()


def create_client(name: str) -> tuple[Open311Client, str]:
    """A new client and its api_key (shown once; only the digest is stored)."""
    key = "o311_" + secrets.token_urlsafe(24)
    client = Open311Client.objects.create(name=name, key_prefix=key[:8], key_digest=key_digest(key))
    return client, key


def _key_required() -> bool:
    return bool(getattr(settings, "FEEDBACK_OPEN311_REQUIRE_KEY", True))


def _valid_key(key: str) -> bool:
    return (
        bool(key) and Open311Client.objects.filter(key_digest=key_digest(key), active=True).exists()
    )


# --------------------------------------------------------------------------------------------
# Rendering


def _xml_value(parent: ET.Element, tag: str, value) -> None:
    node = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        node.text = "true" if value else "false"
    elif isinstance(value, list):
        child_tag = {"keywords": "keyword", "formats": "format", "values": "value"}.get(tag, "item")
        for entry in value:
            if isinstance(entry, dict):
                _xml_dict(node, child_tag, entry)
            else:
                _xml_value(node, child_tag, entry)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(node, key, inner)
    elif value is not None:
        node.text = str(value)


def _xml_dict(parent: ET.Element, tag: str, data: dict) -> None:
    node = ET.SubElement(parent, tag)
    for key, value in data.items():
        _xml_value(node, key, value)


def _respond(fmt: str, payload, *, root: str = "", item: str = "", status: int = 200):
    if fmt == "xml":
        top = ET.Element(root)
        if isinstance(payload, list):
            for entry in payload:
                _xml_dict(top, item, entry)
        else:
            for key, value in payload.items():
                _xml_value(top, key, value)
        body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
    else:
        body = json.dumps(payload, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str):
    """The specification's error array."""
    rows = [{"code": status, "description": str(d)} for d in descriptions]
    return _respond(fmt, rows, root="errors", item="error", status=status)


def _iso(moment: dt.datetime | None) -> str | None:
    return clock.local(moment).isoformat(timespec="seconds") if moment else None


# --------------------------------------------------------------------------------------------
# Serialisers (GET output: never personal data)


def service_row(category: Category) -> dict:
    keywords = [k.strip() for k in (category.keywords or "").split(",") if k.strip()]
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ", ".join(keywords),
        "group": category.group,
    }


def service_definition(category: Category) -> dict:
    attributes = []
    for order, attr in enumerate(category.attributes or [], start=1):
        attributes.append(
            {
                "variable": True,
                "code": str(attr.get("code", "")),
                "datatype": str(attr.get("datatype") or "string"),
                "required": bool(attr.get("required")),
                "datatype_description": str(attr.get("datatype_description", "")),
                "order": int(attr.get("order") or order),
                "description": str(attr.get("description", "")),
                "values": [
                    {"key": str(v.get("key", "")), "name": str(v.get("name", ""))}
                    for v in attr.get("values") or []
                ],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def _status_notes(item: Feedback) -> str:
    notes = item.get_status_display()
    if item.status == Status.DA_GOP and item.merged_into_id:
        notes = _("Trùng với phản ánh %(code)s") % {"code": item.merged_into.code}
    elif item.status == Status.DA_CHUYEN_DON:
        notes = _("Đã chuyển xử lý theo quy định về đơn thư")
    return str(notes)


def request_row(request, item: Feedback, photos: dict[int, int]) -> dict:
    agency = item.responsible_agency.name
    if item.responsible_unit_id:
        agency = f"{item.responsible_unit.name} — {agency}"
    commune = places.commune_name(item.commune_code)
    address = ", ".join(p for p in (item.location_text, commune) if p)
    media = ""
    if item.published_at and item.pk in photos:
        media = request.build_absolute_uri(reverse("feedback:public_photo", args=[photos[item.pk]]))
    description = "" if item.status == Status.DA_CHUYEN_DON else item.public_question
    closed = item.status not in OPEN_STATUSES
    return {
        "service_request_id": item.code,
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(item),
        "service_name": item.category.name,
        "service_code": item.category.code,
        "description": description,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": _iso(item.received_at),
        "updated_datetime": _iso(item.updated_at),
        "expected_datetime": _iso(item.due_at),
        "address": address,
        "address_id": str(item.commune_code) if item.commune_code else "",
        "zipcode": "",
        "lat": float(item.lat) if item.lat is not None else None,
        "long": float(item.long) if item.long is not None else None,
        "media_url": media,
    }


def _first_photos(ids: list[int]) -> dict[int, int]:
    from vanphong.core.attachments.models import Attachment

    out: dict[int, int] = {}
    rows = (
        Attachment.objects.filter(
            case_type__app_label="feedback",
            case_type__model="feedback",
            case_id__in=ids,
            derived_kind="preview",
        )
        .order_by("case_id", "pk")
        .values_list("case_id", "pk")
    )
    for case_id, pk in rows:
        out.setdefault(int(case_id), pk)
    return out


def _requests_qs():
    return Feedback.objects.select_related(
        "category", "responsible_agency", "responsible_unit", "merged_into"
    )


# --------------------------------------------------------------------------------------------
# Views


@require_GET
def discovery(request, fmt: str):
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"})).rsplit(
        "/", 1
    )[0]
    payload = {
        "changeset": CHANGESET,
        "contact": str(
            getattr(settings, "FEEDBACK_OPEN311_CONTACT", "") or settings.DEFAULT_FROM_EMAIL
        ),
        "key_service": _(
            "Xin api_key cho ứng dụng gửi phản ánh (POST) tại cơ quan quản lý hệ thống."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(top, key).text = payload[key]
        endpoints = ET.SubElement(top, "endpoints")
        for endpoint in payload["endpoints"]:
            node = ET.SubElement(endpoints, "endpoint")
            for key in ("specification", "url", "changeset", "type"):
                ET.SubElement(node, key).text = endpoint[key]
            formats = ET.SubElement(node, "formats")
            for f in endpoint["formats"]:
                ET.SubElement(formats, "format").text = f
        body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
        return HttpResponse(body, content_type=CONTENT_TYPES["xml"])
    return _respond(fmt, payload)


@require_GET
def service_list(request, fmt: str):
    rows = [service_row(c) for c in Category.objects.filter(active=True).order_by("order", "name")]
    return _respond(fmt, rows, root="services", item="service")


@require_GET
def service_detail(request, code: str, fmt: str):
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        return errors(fmt, 404, _("Không có lĩnh vực (service_code) “%(c)s”.") % {"c": code[:40]})
    definition = service_definition(category)
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = definition["service_code"]
        attrs = ET.SubElement(top, "attributes")
        for attr in definition["attributes"]:
            _xml_dict(attrs, "attribute", attr)
        body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
        return HttpResponse(body, content_type=CONTENT_TYPES["xml"])
    return _respond(fmt, definition)


def _parse_moment(value: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    moment = parse_datetime(value.replace(" ", "+")) if "T" in value else None
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.VN_TZ)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.VN_TZ)
    return moment


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_list(request, fmt: str):
    if request.method == "POST":
        return _post_request(request, fmt)
    params = request.GET
    ids = [s.strip() for s in params.get("service_request_id", "").split(",") if s.strip()]
    qs = _requests_qs()
    if ids:
        qs = qs.filter(code__in=[i.upper()[:30] for i in ids[:MAX_ROWS]])
    else:
        try:
            start = _parse_moment(params.get("start_date", ""))
            end = _parse_moment(params.get("end_date", ""))
        except (ValueError, TypeError):
            return errors(fmt, 400, _("start_date, end_date phải theo định dạng W3C (ISO 8601)."))
        if end is None:
            end = clock.now() if start is None else start + dt.timedelta(days=MAX_RANGE_DAYS)
        if start is None:
            start = end - dt.timedelta(days=MAX_RANGE_DAYS)
        if end < start:
            return errors(fmt, 400, _("end_date phải sau start_date."))
        if end - start > dt.timedelta(days=MAX_RANGE_DAYS):
            return errors(
                fmt,
                400,
                _("Khoảng start_date – end_date tối đa %(n)d ngày.") % {"n": MAX_RANGE_DAYS},
            )
        qs = qs.filter(received_at__gte=start, received_at__lte=end)
        codes = [s.strip() for s in params.get("service_code", "").split(",") if s.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return errors(fmt, 400, _("status chỉ nhận open hoặc closed."))
        if statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    items = list(qs.order_by("-received_at", "-pk")[:MAX_ROWS])
    photos = _first_photos([i.pk for i in items if i.published_at])
    rows = [request_row(request, i, photos) for i in items]
    return _respond(fmt, rows, root="service_requests", item="request")


@require_GET
def request_detail(request, request_id: str, fmt: str):
    item = _requests_qs().filter(code=request_id.upper()[:30]).first()
    if item is None:
        return errors(
            fmt, 404, _("Không có phản ánh (service_request_id) “%(c)s”.") % {"c": request_id[:30]}
        )
    photos = _first_photos([item.pk]) if item.published_at else {}
    return _respond(
        fmt, [request_row(request, item, photos)], root="service_requests", item="request"
    )


def _post_request(request, fmt: str):
    data = request.POST
    if _key_required() and not _valid_key(data.get("api_key", "")):
        return errors(fmt, 403, _("api_key thiếu hoặc không hợp lệ."))
    code = data.get("service_code", "").strip()
    if not code:
        return errors(fmt, 400, _("Thiếu service_code."))
    category = Category.objects.filter(code=code[:40], active=True).select_related("agency").first()
    if category is None:
        return errors(fmt, 400, _("Không có lĩnh vực (service_code) “%(c)s”.") % {"c": code[:40]})
    lat, long = data.get("lat", ""), data.get("long", "")
    address_id = data.get("address_id", "").strip()
    address = data.get("address_string", "").strip()
    if not (lat and long) and not address_id and not address:
        return errors(fmt, 400, _("Cần vị trí: lat và long, address_string hoặc address_id."))
    if address_id and not places.is_commune(address_id):
        return errors(
            fmt, 400, _("address_id phải là mã xã, phường trong danh mục đơn vị hành chính.")
        )
    attributes: dict = {}
    for key in data:
        if key.startswith("attribute[") and key.endswith("]"):
            values = data.getlist(key)
            attributes[key[10:-1]] = values if len(values) > 1 else values[0]
    name = " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p.strip())
    try:
        item, _secret = services.feedback_submit(
            acting_user=None,
            category=category,
            channel="open311",
            description=data.get("description", ""),
            commune_code=address_id or None,
            location_text=address,
            lat=lat or None,
            long=long or None,
            contact_name=name,
            contact_phone=data.get("phone", ""),
            contact_email=data.get("email", ""),
            attribute_values=attributes,
            device_id=data.get("device_id", ""),
            account_id=data.get("account_id", ""),
            media_url=data.get("media_url", ""),
        )
    except DomainError as exc:
        status = exc.status if 400 <= exc.status < 500 else 400
        return errors(fmt, status, exc.message)
    notice = _("Hạn trả lời: %(d)s. Tra cứu bằng mã %(c)s.") % {
        "d": clock.local(item.due_at).strftime("%d/%m/%Y"),
        "c": item.code,
    }
    rows = [
        {
            "service_request_id": item.code,
            "service_notice": str(notice),
            "account_id": item.account_id or None,
        }
    ]
    return _respond(fmt, rows, root="service_requests", item="request")
