from django.urls import path

from . import award_views, views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/documents/<int:document_id>/", views.call_document, name="document"),
    path("<int:pk>/apply/", views.start, name="start"),
    path("applications/mine/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/files/<int:file_id>/", views.application_file, name="application_file"),
    path("instalments/<int:pk>/report/", views.report, name="report"),
    path("reports/<int:pk>/evidence/", views.report_evidence, name="report_evidence"),
    path("awards/<int:pk>/agreement.pdf", award_views.agreement_pdf, name="agreement"),
    path("open-data/", award_views.open_grants, name="open_data"),
    path("open-data/grants.json", award_views.open_grants_json, name="open_data_json"),
    path("open-data/grants.csv", award_views.open_grants_csv, name="open_data_csv"),
    path("staff/applications/", views.staff_applications, name="staff_applications"),
    path("staff/applications/<int:pk>/", views.staff_application, name="staff_application"),
]
