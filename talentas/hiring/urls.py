from django.urls import path

from . import views

app_name = "hiring"
urlpatterns = [
    path("mine/", views.my_applications, name="my_applications"),
    path("opportunities/<int:pk>/apply/", views.apply, name="apply"),
    path("opportunities/<int:pk>/applicants/", views.pipeline, name="pipeline"),
    path("opportunities/<int:pk>/questions/", views.questions, name="questions"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("applicants/<int:pk>/", views.applicant_detail, name="applicant_detail"),
]
