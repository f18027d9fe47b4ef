"""People-facing pages about the API; the API itself is mounted by talentas/api/urls.py under /api/v1/."""

from django.urls import path

from . import views

# Not "api": that namespace belongs to the NinjaAPI (its OpenAPI document and Swagger UI).
app_name = "api_docs"
urlpatterns = [
    path("", views.reference, name="reference"),
]
