from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.my_assignments, name="mine"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("staff/calls/<int:call_id>/", views.board, name="board"),
    path("staff/calls/<int:call_id>/ranking/", views.ranking, name="ranking"),
    path("staff/calls/<int:call_id>/rubric/", views.rubric, name="rubric"),
    path("staff/applications/<int:pk>/", views.staff_application, name="staff_application"),
]
