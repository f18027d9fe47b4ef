"""The programme team's list of applications (core.lists): filters, sort, and the same rows as CSV or XLSX."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from talentas.core import lists

from .models import Application, Call, ProgrammeKind, WomenLed

STAFF_STATUSES = [choice for choice in Application.Status.choices if choice[0] != Application.Status.DRAFT]


class ApplicationFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(
        queryset=Call.objects.order_by("-opens_at"), label=_("Call"), empty_label=_("Any call")
    )
    programme = django_filters.ChoiceFilter(
        field_name="call__programme__kind",
        choices=ProgrammeKind.choices,
        label=_("Programme"),
        empty_label=_("Any programme"),
    )
    status = django_filters.ChoiceFilter(choices=STAFF_STATUSES, label=_("Status"), empty_label=_("Any status"))
    phase = django_filters.ChoiceFilter(
        choices=Application.Phase.choices, label=_("Application stage"), empty_label=_("Any")
    )
    women_led = django_filters.ChoiceFilter(choices=WomenLed.choices, label=_("Women-led"), empty_label=_("Any"))
    q = django_filters.CharFilter(field_name="organisation__name", lookup_expr="icontains", label=_("Organisation"))

    class Meta:
        model = Application
        fields = ["call", "programme", "status", "phase", "women_led", "q"]


class ApplicationTable(lists.StaffTable):
    caption = _("Applications")
    organisation = tables.LinkColumn(
        "calls:staff_application",
        args=[tables.A("pk")],
        accessor="organisation__name",
        verbose_name=_("Organisation"),
        order_by=("organisation__name",),
    )
    project_title = tables.Column(verbose_name=_("Project"))
    call = tables.Column(accessor="call__title", verbose_name=_("Call"), order_by=("call__opens_at",))
    status = tables.Column(verbose_name=_("Status"))
    phase = tables.Column(verbose_name=_("Application stage"))
    requested_eur = tables.Column(verbose_name=_("Requested (EUR)"), attrs={"td": {"class": "number"}}, default="—")
    awarded = tables.Column(
        accessor="award__amount_eur", verbose_name=_("Awarded (EUR)"), attrs={"td": {"class": "number"}}, default="—"
    )
    women_led = tables.Column(verbose_name=_("Women-led"), default="—")
    submitted_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("Submitted"), default="—")
    file_count = tables.Column(verbose_name=_("Files"), attrs={"td": {"class": "number"}})
    message_count = tables.Column(verbose_name=_("Messages"), attrs={"td": {"class": "number"}})
    summary = tables.Column(verbose_name=_("Summary"), visible=False)

    def value_status(self, record: Application) -> str:
        return str(record.get_status_display())

    def value_women_led(self, record: Application) -> str:
        return str(record.get_women_led_display()) if record.women_led else ""

    def render_status(self, record: Application) -> str:
        return str(record.get_status_display())

    def value_phase(self, record: Application) -> str:
        return str(record.get_phase_display())

    def render_phase(self, record: Application) -> str:
        return str(record.get_phase_display())

    def render_women_led(self, record: Application) -> str:
        return str(record.get_women_led_display())
