from django.urls import path

from . import views

app_name = "organisations"
# Fixed paths come before "<slug>/"; services.RESERVED_SLUGS keeps organisations from taking them.
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("propose/", views.organisation_propose, name="propose"),
    path("mine/", views.my_organisations, name="mine"),
    path("start/", views.start, name="start"),
    path("claims/", views.claim_queue, name="claims"),
    path("claims/<int:claim_id>/", views.claim_review, name="claim_review"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/logo/", views.organisation_logo, name="logo"),
    path("<slug:slug>/claim/", views.organisation_claim, name="claim"),
    path("<slug:slug>/members/", views.organisation_members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
]
