from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("start/", views.start, name="start"),
    path("my-data.json", views.export_data, name="export_data"),
    path("delete/", views.erase, name="erase"),
    path("tokens/", views.create_api_token, name="create_api_token"),
    path("tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_api_token"),
]
