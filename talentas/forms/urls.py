from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("", views.form_list, name="list"),
    path("new/", views.create, name="create"),
    path("table-row/<slug:kind>/<str:key>/", views.table_row, name="table_row"),
    path("<int:form_id>/", views.detail, name="detail"),
    path("<int:form_id>/details/", views.edit_details, name="edit_details"),
    path("<int:form_id>/new-version/", views.new_draft, name="new_draft"),
    path("<int:form_id>/publish/", views.publish, name="publish"),
    path("<int:form_id>/versions/<int:version_id>/preview/", views.preview, name="preview"),
    path("<int:form_id>/sections/new/", views.section_edit, name="section_add"),
    path("<int:form_id>/sections/<int:section_id>/", views.section_edit, name="section_edit"),
    path("<int:form_id>/sections/<int:section_id>/move/", views.section_move, name="section_move"),
    path("<int:form_id>/sections/<int:section_id>/delete/", views.section_delete, name="section_delete"),
    path("<int:form_id>/questions/new/", views.question_edit, name="question_add"),
    path("<int:form_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:form_id>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("<int:form_id>/questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
]
