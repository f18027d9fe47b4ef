"""Governance pages, at the addresses they had under monitoring (people have them bookmarked and in e-mails)."""

from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("decisions/<int:pk>/council/", views.council_outcome, name="council_outcome"),
    path("plans/<slug:slug>/meetings/", views.meetings, name="meetings"),
]
