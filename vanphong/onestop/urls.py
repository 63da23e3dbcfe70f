from django.urls import path

from vanphong.onestop import views

app_name = "onestop"

urlpatterns = [
    path("mot-cua/ho-so/", views.dossier_list, name="dossier_list"),
    path("mot-cua/tiep-nhan/", views.dossier_create, name="dossier_create"),
    path("mot-cua/tiep-nhan/thanh-phan/", views.components_partial, name="components_partial"),
    path("mot-cua/ho-so/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("mot-cua/ho-so/<int:pk>/giay-tiep-nhan.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("mot-cua/ho-so/<int:pk>/phieu-kiem-soat.pdf", views.control_pdf, name="control_pdf"),
    path("mot-cua/ho-so/<int:pk>/phieu/<int:notice>.pdf", views.notice_pdf, name="notice_pdf"),
    path("mot-cua/ho-so/<int:pk>/ban-quet/", views.component_scan, name="component_scan"),
    path(
        "mot-cua/ho-so/<int:pk>/tep/<int:attachment>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("mot-cua/ho-so/<int:pk>/<slug:action>/", views.dossier_action, name="dossier_action"),
    path("mot-cua/viec-cua-toi/", views.my_steps, name="my_steps"),
    path("mot-cua/thong-ke/", views.statistics_page, name="statistics"),
    path("mot-cua/dong-bo-cong/", views.portal_monitor, name="portal_monitor"),
    path("tra-cuu-ho-so/", views.public_lookup, name="public_lookup"),
    path("tra-cuu-ho-so/danh-gia/", views.public_rate, name="public_rate"),
]
