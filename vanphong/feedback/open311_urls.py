"""Open311 GeoReport v2 endpoints, mounted at /open311/v2/ by vanphong/urls.py."""

from django.urls import re_path

from vanphong.feedback import open311

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.service_list, name="services"),
    re_path(r"^services/(?P<code>[-\w]{1,60})" + FMT, open311.service_detail, name="service"),
    re_path(r"^requests" + FMT, open311.request_list, name="requests"),
    re_path(r"^requests/(?P<request_id>[-\w]{1,40})" + FMT, open311.request_detail, name="request"),
]
