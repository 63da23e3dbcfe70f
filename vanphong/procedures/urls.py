from django.urls import path

from vanphong.procedures import views

app_name = "procedures"

urlpatterns = [
    path("thu-tuc/", views.public_list, name="public_list"),
    path("thu-tuc/quan-ly/", views.manage_list, name="manage_list"),
    path("thu-tuc/quan-ly/xuat-excel/", views.manage_export, name="manage_export"),
    path("thu-tuc/quan-ly/nhap-excel/", views.manage_import, name="manage_import"),
    path("thu-tuc/quan-ly/them/", views.manage_create, name="manage_create"),
    path("thu-tuc/quan-ly/dong/<slug:kind>/", views.manage_row, name="manage_row"),
    path("thu-tuc/quan-ly/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("thu-tuc/quan-ly/<int:pk>/sua/", views.manage_edit, name="manage_edit"),
    path("thu-tuc/quan-ly/<int:pk>/phien-ban/", views.manage_versions, name="manage_versions"),
    path(
        "thu-tuc/quan-ly/<int:pk>/phien-ban/<int:number>/",
        views.manage_detail,
        name="manage_version",
    ),
    path(
        "thu-tuc/quan-ly/<int:pk>/mau/<int:component_id>/",
        views.manage_template,
        name="manage_template",
    ),
    path("thu-tuc/quan-ly/<int:pk>/<slug:action>/", views.manage_action, name="manage_action"),
    path(
        "thu-tuc/<str:code>/mau/<int:component_id>/",
        views.public_template,
        name="public_template",
    ),
    path("thu-tuc/<str:code>/", views.public_detail, name="public_detail"),
]
