"""The programme team's review board of a call (core.lists): filters, sort, the reviewers' figures, and the same
rows as CSV or XLSX; and the ranked list for the decision meeting."""

from decimal import Decimal

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from talentas.calls.models import Application, WomenLed
from talentas.calls.tables import STAFF_STATUSES
from talentas.core import lists


class BoardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=STAFF_STATUSES, label=_("Status"), empty_label=_("Any status"))
    phase = django_filters.ChoiceFilter(
        choices=Application.Phase.choices, label=_("Application stage"), empty_label=_("Any")
    )
    women_led = django_filters.ChoiceFilter(choices=WomenLed.choices, label=_("Women-led"), empty_label=_("Any"))
    q = django_filters.CharFilter(method="search", label=_("Search"))
    reviews = django_filters.ChoiceFilter(
        method="by_reviews",
        label=_("Reviews"),
        empty_label=_("Any"),
        choices=[("none", _("No reviewer yet")), ("waiting", _("Reviews missing")), ("done", _("Every review in"))],
    )

    class Meta:
        model = Application
        fields = ["status", "phase", "women_led", "q", "reviews"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__name__icontains=value) | Q(project_title__icontains=value) | Q(summary__icontains=value)
        )

    def by_reviews(self, queryset, name, value):
        from django.db.models import F

        if value == "none":
            return queryset.filter(reviewer_count=0)
        if value == "waiting":
            return queryset.filter(reviewer_count__gt=F("review_count"))
        return queryset.filter(reviewer_count__gt=0, reviewer_count=F("review_count"))


def _points(value) -> str:
    """Points as the reader's language writes them (80,00 in Lithuanian)."""
    return number_format(Decimal(value).quantize(Decimal("0.01")), 2) if value is not None else ""


def _number(value) -> Decimal | None:
    """Points as a number for the downloads (a spreadsheet sums them)."""
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


class BoardTable(lists.StaffTable):
    caption = _("Applications and their reviews")
    select = tables.Column(empty_values=(), verbose_name=_("Select"), orderable=False, exclude_from_export=True)
    organisation = tables.LinkColumn(
        "review:staff_application",
        args=[tables.A("pk")],
        accessor="organisation__name",
        verbose_name=_("Organisation"),
        order_by=("organisation__name",),
    )
    project_title = tables.Column(verbose_name=_("Project"))
    status = tables.Column(verbose_name=_("Status"))
    phase = tables.Column(verbose_name=_("Application stage"))
    reviewer_count = tables.Column(verbose_name=_("Reviewers"), attrs={"td": {"class": "number"}})
    review_count = tables.Column(verbose_name=_("Reviews in"), attrs={"td": {"class": "number"}})
    average = tables.Column(verbose_name=_("Average (of 100)"), attrs={"td": {"class": "number"}}, default="—")
    spread = tables.Column(
        empty_values=(), verbose_name=_("Spread"), attrs={"td": {"class": "number"}}, order_by=("highest",)
    )
    deviation = tables.Column(verbose_name=_("Standard deviation"), attrs={"td": {"class": "number"}}, default="—")
    disagreement = tables.Column(empty_values=(), verbose_name=_("Disagreement"), orderable=False)

    def __init__(self, *args, threshold: Decimal = Decimal("20"), **kwargs):
        self.threshold = threshold
        super().__init__(*args, **kwargs)

    def _spread(self, record) -> Decimal | None:
        if record.highest is None or record.lowest is None:
            return None
        return Decimal(record.highest) - Decimal(record.lowest)

    def _disagree(self, record) -> bool:
        spread = self._spread(record)
        return spread is not None and spread > self.threshold

    def render_select(self, record) -> str:
        return format_html(
            '<input type="checkbox" name="selected" value="{}" form="bulk-form" id="select-{}">'
            '<label for="select-{}" class="visually-hidden">{}</label>',
            record.pk,
            record.pk,
            record.pk,
            record.project_title or record.organisation.name,
        )

    def render_status(self, record) -> str:
        return str(record.get_status_display())

    def value_status(self, record) -> str:
        return str(record.get_status_display())

    def render_phase(self, record) -> str:
        return str(record.get_phase_display())

    def value_phase(self, record) -> str:
        return str(record.get_phase_display())

    def render_average(self, value) -> str:
        return _points(value)

    def value_average(self, value) -> Decimal | None:
        return _number(value)

    def render_deviation(self, value) -> str:
        return _points(value)

    def value_deviation(self, value) -> Decimal | None:
        return _number(value)

    def render_spread(self, record) -> str:
        return _points(self._spread(record)) or "—"

    def value_spread(self, record) -> Decimal | None:
        return _number(self._spread(record))

    def render_disagreement(self, record):
        if self._disagree(record):
            return format_html('<span class="badge badge-red">{}</span>', _("Reviewers disagree"))
        return "—"

    def value_disagreement(self, record) -> str:
        return str(_("yes")) if self._disagree(record) else ""
