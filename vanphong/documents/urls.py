from django.urls import path

from vanphong.documents import views

app_name = "documents"

urlpatterns = [
    path("van-ban-den/", views.incoming_list, name="incoming_list"),
    path("van-ban-den/vao-so/", views.incoming_new, name="incoming_new"),
    path("van-ban-den/cho-y-kien/", views.incoming_queue, name="incoming_queue"),
    path("van-ban-den/duoc-giao/", views.incoming_assigned, name="incoming_assigned"),
    path("van-ban-den/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("van-ban-den/<int:pk>/tep/", views.incoming_file, name="incoming_file"),
    path("van-ban-den/<int:pk>/trinh/", views.incoming_present, name="incoming_present"),
    path("van-ban-den/<int:pk>/ban-giay/", views.incoming_paper, name="incoming_paper"),
    path("van-ban-den/<int:pk>/chi-dao/", views.incoming_direct, name="incoming_direct"),
    path("van-ban-den/<int:pk>/ket-thuc/", views.incoming_finish, name="incoming_finish"),
]
