from django.urls import path

from . import feeds, views

app_name = "talent"
urlpatterns = [
    path("", views.home, name="home"),
    path("skills/suggest/", views.skill_autocomplete, name="skill_autocomplete"),
    path("skills/row/", views.skill_row, name="skill_row"),
    path("occupations/suggest/", views.occupation_autocomplete, name="occupation_autocomplete"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/matches/", views.my_matches, name="my_matches"),
    path("me/cv/remove/", views.cv_remove, name="cv_remove"),
    path("me/consent/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("me/alerts/", views.alerts, name="alerts"),
    path("me/alerts/<int:pk>/delete/", views.alert_delete, name="alert_delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/feed/", feeds.OpportunityFeed(), name="opportunity_feed"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="opportunity_close"),
    path("opportunities/<int:pk>/matches/", views.opportunity_matches, name="opportunity_matches"),
    path("opportunities/<int:pk>/report/", views.opportunity_report, name="opportunity_report"),
    path("opportunities/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("employer/", views.employer, name="employer"),
    path("moderation/", views.moderation, name="moderation"),
    path("finder/", views.finder, name="finder"),
    path("people/<int:pk>/", views.talent_detail, name="talent_detail"),
    path("people/<int:pk>/cv/", views.cv_download, name="cv_download"),
    path("people/<int:pk>/shortlist/", views.shortlist_add, name="shortlist_add"),
    path("people/<int:pk>/shortlist/remove/", views.shortlist_remove, name="shortlist_remove"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/answer/", views.contact_answer, name="contact_answer"),
    path("contacts/<int:pk>/report/", views.contact_report, name="contact_report"),
    path("contacts/<int:pk>/placement/", views.contact_placement, name="contact_placement"),
]
