from django.urls import path

from . import views

app_name = "cohorts"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("startups/<int:pk>/", views.member_detail, name="member"),
]
