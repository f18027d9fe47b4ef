from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("unread/", views.unread_badge, name="unread"),
    path("read-all/", views.notice_read_all, name="read_all"),
    path("<int:notice_id>/read/", views.notice_read, name="read"),
]
