from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.my_events, name="mine"),
    path("mine/new-calendar-address/", views.reset_feed, name="reset_feed"),
    path("organise/", views.organise, name="organise"),
    path("new/", views.event_create, name="create"),
    path("steam/", views.steam, name="steam"),
    path("steam/new/", views.steam_record, name="steam_record"),
    path("tickets/<str:token>/", views.scan, name="scan"),
    path("feeds/action-<int:action_id>.ics", views.action_feed, name="action_feed"),
    path("feeds/organisation-<slug:slug>.ics", views.organisation_feed, name="organisation_feed"),
    path("feeds/personal-<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/event.ics", views.event_ics, name="ics"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/cancel-registration/", views.cancel_registration, name="cancel"),
    path("<int:event_id>/ticket/", views.ticket, name="ticket"),
    path("<int:event_id>/feedback/", views.feedback, name="feedback"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/cover/", views.event_cover, name="cover"),
    path("<int:event_id>/cancel-event/", views.event_cancel, name="cancel_event"),
    path("<int:event_id>/repeat/", views.event_repeat, name="repeat"),
    path("<int:event_id>/attendees/", views.attendees, name="attendees"),
    path("<int:event_id>/attendees/no-shows/", views.no_shows, name="no_shows"),
    path("<int:event_id>/attendees/<int:registration_id>/decide/", views.decide, name="decide"),
    path("<int:event_id>/check-in/", views.check_in_page, name="check_in"),
    path("<int:event_id>/check-in/<int:registration_id>/", views.check_in_toggle, name="check_in_toggle"),
]
