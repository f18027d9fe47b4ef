"""Reads of calls and applications, with the joins each page needs already applied."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from talentas.accounts.permissions import AnyUser
from talentas.organisations import selectors as organisation_selectors

from .models import Application, Award, Call, Instalment, MilestoneReport, Programme


def published_calls() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True).select_related("programme")


def calls_by_phase(*, now=None) -> dict[str, list[Call]]:
    """Published calls, open ones first by closing time, then upcoming by opening time, then past ones newest first."""
    now = now or timezone.now()
    calls = published_calls()
    return {
        "open": list(calls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "pk")),
        "upcoming": list(calls.filter(opens_at__gt=now).order_by("opens_at", "pk")),
        "past": list(calls.filter(closes_at__lte=now).order_by("-closes_at", "pk")),
    }


HOME_CALLS = 3


def open_calls_for_home(user: AnyUser) -> dict:
    """The home page's "funding calls open now": the calls closing soonest and how many are open. Two queries."""
    now = timezone.now()
    open_now = published_calls().filter(opens_at__lte=now, closes_at__gt=now)
    return {"calls": list(open_now.order_by("closes_at", "pk")[:HOME_CALLS]), "open_count": open_now.count()}


def call_by_id(pk: int) -> Call | None:
    return (
        Call.objects.select_related("programme", "programme__action")
        .prefetch_related("documents")
        .filter(pk=pk)
        .first()
    )


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("action").prefetch_related("years").order_by("name", "pk")


def _application_rows() -> QuerySet[Application]:
    return Application.objects.select_related("call", "call__programme", "organisation", "award", "response")


def application_by_id(pk: int) -> Application | None:
    return (
        _application_rows()
        .prefetch_related(
            "files",
            Prefetch("messages", queryset=_messages()),
            Prefetch("award__instalments", queryset=Instalment.objects.prefetch_related("reports")),
        )
        .filter(pk=pk)
        .first()
    )


def _messages():
    from .models import ApplicationMessage

    return ApplicationMessage.objects.select_related("author").order_by("created_at", "pk")


def application_of(organisation_ids, call: Call) -> Application | None:
    return Application.objects.filter(call=call, organisation_id__in=organisation_ids).first()


def applications_of_person(user: AnyUser) -> QuerySet[Application]:
    """Every application of the organisations the person belongs to, newest first."""
    ids = organisation_selectors.organisation_ids_of(user)
    return _application_rows().filter(organisation_id__in=ids).order_by("-created_at", "-pk")


def applications_of_call(call: Call) -> QuerySet[Application]:
    return _application_rows().filter(call=call).order_by("-created_at", "-pk")


def seen_by_staff() -> Q:
    """Staff see an application once it is submitted; drafts stay the applicants' own, except a two-stage call's
    concept that staff invited, whose full application they follow while it is drafted."""
    return ~Q(status=Application.Status.DRAFT) | Q(invited_at__isnull=False)


def staff_applications() -> QuerySet[Application]:
    """Every application staff may see (`seen_by_staff`), with file and message counts."""
    return (
        _application_rows()
        .filter(seen_by_staff())
        .annotate(file_count=Count("files", distinct=True), message_count=Count("messages", distinct=True))
        .order_by("-submitted_at", "-pk")
    )


def instalment_by_id(pk: int) -> Instalment | None:
    return (
        Instalment.objects.select_related("award", "award__application", "award__application__organisation")
        .filter(pk=pk)
        .first()
    )


def report_by_id(pk: int) -> MilestoneReport | None:
    return (
        MilestoneReport.objects.select_related(
            "instalment", "instalment__award__application", "instalment__award__application__organisation"
        )
        .filter(pk=pk)
        .first()
    )


def awards_of_year(year: int) -> QuerySet[Award]:
    return Award.objects.filter(decided_at__year=year).select_related("application__organisation")


def women_led_filter() -> Q:
    return Q(women_led__in=("women_led", "women_cofounded"))


def award_by_id(pk: int) -> Award | None:
    """An award with its application, organisation, call, programme and instalments (for the agreement)."""
    return (
        Award.objects.select_related(
            "application__organisation", "application__call__programme", "application__created_by"
        )
        .prefetch_related("instalments")
        .filter(pk=pk)
        .first()
    )
