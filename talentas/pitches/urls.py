from django.urls import path

from . import views

app_name = "pitches"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/jury/", views.jury, name="jury"),
    path("<int:pk>/manage/", views.manage, name="manage"),
]
