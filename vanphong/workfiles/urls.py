from django.urls import path

from vanphong.workfiles import views

app_name = "workfiles"

urlpatterns = [
    path("ho-so/", views.catalog, name="catalog"),
    path("ho-so/danh-muc/tao/", views.catalog_create, name="catalog_create"),
    path("ho-so/danh-muc/<int:pk>/de-muc/", views.heading_create, name="heading_create"),
    path("ho-so/danh-muc/<int:pk>/them-ho-so/", views.workfile_create, name="workfile_create"),
    path("ho-so/cua-toi/", views.my_workfiles, name="mine"),
    path("ho-so/<int:pk>/", views.workfile_detail, name="detail"),
    path("ho-so/<int:pk>/sua/", views.workfile_edit, name="edit"),
    path("ho-so/<int:pk>/mo/", views.workfile_state, {"action": "mo"}, name="open"),
    path("ho-so/<int:pk>/dong/", views.workfile_state, {"action": "dong"}, name="close"),
    path("ho-so/van-ban/<int:ct_id>/<int:pk>/", views.panel, name="panel"),
    path("ho-so/rut/<int:pk>/", views.unfile, name="unfile"),
]
