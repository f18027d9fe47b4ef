from django.urls import path, re_path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("staff/", views.staff, name="staff"),
    path("notifications/", views.notifications, name="notifications"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/settings/", views.indicator_settings, name="indicator_settings"),
    path("indicators/<int:pk>/audit/", views.audit_trail, name="audit"),
    path("values/<int:pk>/", views.value_detail, name="value"),
    path("values/<int:pk>/submit/", views.value_submit, name="value_submit"),
    path("values/<int:pk>/evidence/", views.value_evidence, name="value_evidence"),
    path("imports/<int:pk>/", views.import_progress, name="import_progress"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    re_path(r"^reports/(?P<pk>\d+)/file\.(?P<extension>pdf|xlsx)$", views.report_file, name="report_file"),
    path("plans/<slug:slug>/", views.dashboard, name="plan_dashboard"),
    path("plans/<slug:slug>/embed/", views.embed, name="embed"),
    re_path(r"^plans/(?P<slug>[-\w]+)/data\.(?P<extension>csv|json)$", views.open_data, name="open_data"),
    path("plans/<slug:slug>/timeline/", views.timeline, name="timeline"),
    path("plans/<slug:slug>/reports/", views.report_list, name="reports"),
    path("plans/<slug:slug>/reports/new/", views.request_report, name="request_report"),
    re_path(
        r"^plans/(?P<slug>[-\w]+)/evaluation\.(?P<extension>csv|xlsx)$",
        views.evaluation_export,
        name="evaluation_export",
    ),
    path("plans/<slug:slug>/import/", views.import_values, name="import"),
    path("plans/<slug:slug>/budget/", views.budget, name="budget"),
    path("plans/<slug:slug>/actions/<str:code>/dates/", views.action_dates, name="action_dates"),
]
