from django.urls import path

from vanphong.tasks import views

app_name = "tasks"

urlpatterns = [
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/giao/", views.task_create, name="task_create"),
    path("nhiem-vu/theo-doi/", views.follow_up, name="follow_up"),
    path("nhiem-vu/theo-doi/xuat.xlsx", views.follow_up_export, name="follow_up_export"),
    path("nhiem-vu/nhac-viec/", views.reminder_list, name="reminder_list"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/tep/<int:att>/", views.attachment_download, name="attachment_download"),
    path("nhiem-vu/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
]
