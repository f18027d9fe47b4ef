"""The employer's applicant list (core.lists): sortable, phone-friendly, and the same rows as CSV or XLSX."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from talentas.core import lists

from .models import Application


class PipelineFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Application.Status.choices, label=_("Stage"), empty_label=_("Every stage")
    )

    class Meta:
        model = Application
        fields = ["status"]


class PipelineTable(lists.StaffTable):
    caption = _("Applicants")
    choose = tables.TemplateColumn(
        template_name="hiring/partials/choose_cell.html",
        verbose_name=_("Choose"),
        orderable=False,
        exclude_from_export=True,
    )
    applicant = tables.TemplateColumn(
        template_name="hiring/partials/applicant_cell.html",
        verbose_name=_("Applicant"),
        order_by=("profile__user__full_name", "profile__user__email"),
    )
    email = tables.Column(accessor="profile__user__email", verbose_name=_("E-mail"), visible=False)
    headline = tables.Column(accessor="profile__headline", verbose_name=_("Headline"), orderable=False)
    status = tables.Column(verbose_name=_("Stage"))
    interest_only = tables.BooleanColumn(verbose_name=_("Only interested"))
    rating = tables.Column(verbose_name=_("Rating"), attrs={"td": {"class": "number"}}, default="—")
    note_count = tables.Column(verbose_name=_("Notes"), attrs={"td": {"class": "number"}})
    created_at = tables.DateColumn(format="Y-m-d", verbose_name=_("Applied on"))
    message = tables.Column(verbose_name=_("Message"), visible=False)
    answers = tables.Column(verbose_name=_("Answers"), visible=False)

    def value_applicant(self, record: Application) -> str:
        user = record.profile.user
        return user.get_full_name() or user.email

    def value_answers(self, record: Application) -> str:
        return "\n".join(f"{item['text']}: {item['answer']}" for item in record.answers)

    def value_status(self, record: Application) -> str:
        return record.get_status_display()
