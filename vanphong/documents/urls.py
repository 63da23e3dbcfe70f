from django.urls import path

from vanphong.documents import views, views_outgoing

app_name = "documents"

urlpatterns = [
    path("van-ban-den/", views.incoming_list, name="incoming_list"),
    path("van-ban-den/vao-so/", views.incoming_new, name="incoming_new"),
    path("van-ban-den/cho-y-kien/", views.incoming_queue, name="incoming_queue"),
    path("van-ban-den/duoc-giao/", views.incoming_assigned, name="incoming_assigned"),
    path("van-ban-den/qua-han/", views.incoming_overdue, name="incoming_overdue"),
    path("van-ban-den/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("van-ban-den/<int:pk>/tep/", views.incoming_file, name="incoming_file"),
    path("van-ban-den/<int:pk>/trinh/", views.incoming_present, name="incoming_present"),
    path("van-ban-den/<int:pk>/ban-giay/", views.incoming_paper, name="incoming_paper"),
    path("van-ban-den/<int:pk>/chi-dao/", views.incoming_direct, name="incoming_direct"),
    path("van-ban-den/<int:pk>/ket-thuc/", views.incoming_finish, name="incoming_finish"),
    path("van-ban-den/<int:pk>/chuyen/", views.incoming_forward, name="incoming_forward"),
    path("van-ban-den/<int:pk>/tien-do/", views.incoming_progress, name="incoming_progress"),
    path(
        "van-ban-den/<int:pk>/tien-do/tep/<int:file_id>/",
        views.incoming_note_file,
        name="incoming_note_file",
    ),
    path(
        "van-ban-den/<int:pk>/phan-cong/<int:assignment_id>/tra-lai/",
        views.incoming_assignment_return,
        name="incoming_assignment_return",
    ),
    path(
        "van-ban-den/<int:pk>/phan-cong/<int:assignment_id>/hoan-thanh/",
        views.incoming_assignment_finish,
        name="incoming_assignment_finish",
    ),
    path(
        "van-ban-den/<int:pk>/phieu-chuyen/",
        views.incoming_forward_slip,
        name="incoming_forward_slip",
    ),
    path("van-ban-den/yeu-cau-thu-hoi/", views_outgoing.recall_requests, name="recall_requests"),
    path(
        "van-ban-den/yeu-cau-thu-hoi/<int:pk>/dong-y/",
        views_outgoing.recall_accept,
        name="recall_accept",
    ),
    path(
        "van-ban-den/yeu-cau-thu-hoi/<int:pk>/tu-choi/",
        views_outgoing.recall_refuse,
        name="recall_refuse",
    ),
    # Văn bản đi
    path("van-ban-di/", views_outgoing.outgoing_list, name="outgoing_list"),
    path("van-ban-di/cua-toi/", views_outgoing.outgoing_mine, name="outgoing_mine"),
    path("van-ban-di/soan-thao/", views_outgoing.outgoing_new, name="outgoing_new"),
    path("van-ban-di/cho-duyet/", views_outgoing.outgoing_queue, name="outgoing_queue"),
    path("van-ban-di/cho-phat-hanh/", views_outgoing.outgoing_to_issue, name="outgoing_to_issue"),
    path("van-ban-di/<int:pk>/", views_outgoing.outgoing_detail, name="outgoing_detail"),
    path(
        "van-ban-di/<int:pk>/tep/<int:file_id>/",
        views_outgoing.outgoing_file,
        name="outgoing_file",
    ),
    path(
        "van-ban-di/<int:pk>/goi-tin/",
        views_outgoing.outgoing_package_download,
        name="outgoing_package",
    ),
    path(
        "van-ban-di/<int:pk>/phien-ban/", views_outgoing.outgoing_version, name="outgoing_version"
    ),
    path("van-ban-di/<int:pk>/sua/", views_outgoing.outgoing_edit, name="outgoing_edit"),
    path("van-ban-di/<int:pk>/trinh/", views_outgoing.outgoing_submit, name="outgoing_submit"),
    path("van-ban-di/<int:pk>/gop-y/", views_outgoing.outgoing_comment, name="outgoing_comment"),
    path("van-ban-di/<int:pk>/tra-lai/", views_outgoing.outgoing_return, name="outgoing_return"),
    path("van-ban-di/<int:pk>/duyet/", views_outgoing.outgoing_approve, name="outgoing_approve"),
    path("van-ban-di/<int:pk>/phat-hanh/", views_outgoing.outgoing_issue, name="outgoing_issue"),
    path("van-ban-di/<int:pk>/thu-hoi/", views_outgoing.outgoing_recall, name="outgoing_recall"),
]
