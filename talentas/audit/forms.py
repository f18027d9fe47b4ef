"""The audit log's filters, as django-filter narrows the shared staff list with them."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from . import selectors
from .models import AuditEntry


class ObjectTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model is not None else obj.model


class ObjectTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectTypeField


class DateRangeForm(forms.Form):
    """The filters' form: a range whose end comes before its start is an error on the end date."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return cleaned


class AuditFilter(django_filters.FilterSet):
    """Who (their e-mail, or their name as written then), the action, the object type and a date range (both
    days included); the choices are only those the log holds."""

    actor = django_filters.CharFilter(label=_("Who"), method="filter_actor", max_length=250)
    verb = django_filters.ChoiceFilter(
        label=_("Action"), empty_label=_("Any"), choices=lambda: [(v, v) for v in selectors.logged_verbs()]
    )
    target_type = ObjectTypeFilter(
        label=_("Object type"), empty_label=_("Any"), queryset=lambda request: selectors.logged_target_types()
    )
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte", widget=DateInput())
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte", widget=DateInput())

    class Meta:
        model = AuditEntry
        fields = ["actor", "verb", "target_type", "since", "until"]
        form = DateRangeForm

    def filter_actor(self, queryset: QuerySet[AuditEntry], name: str, value: str) -> QuerySet[AuditEntry]:
        return queryset.filter(Q(actor_label__icontains=value) | Q(actor__email__icontains=value))
