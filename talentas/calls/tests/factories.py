import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from talentas.calls.models import Application, Call, Programme, ProgrammeKind, ProgrammeYear
from talentas.organisations.tests.factories import OrganisationFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    kind = ProgrammeKind.GRANT_FUND
    name_en = factory.Sequence(lambda n: f"Startup grant fund {n}")
    name_lt = factory.Sequence(lambda n: f"Startuolių dotacijų fondas {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class ProgrammeYearFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeYear

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    budget_eur = Decimal("50000")


class CallFactory(DjangoModelFactory):
    """An open, published call of a programme with a budget for the call's year."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title_en = factory.Sequence(lambda n: f"Startup grants, round {n}")
    title_lt = factory.Sequence(lambda n: f"Startuolių dotacijos, {n} etapas")
    summary_en = "Grants of up to EUR 5,000 for young Alytus companies."
    is_published = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    budget_year = 2026
    budget_eur = Decimal("20000")
    max_award_eur = Decimal("5000")
    require_city_registration = True
    max_company_age_years = 5

    @factory.post_generation
    def programme_year(call, create, extracted, **kwargs):
        if create:
            ProgrammeYear.objects.get_or_create(
                programme=call.programme, year=call.budget_year, defaults={"budget_eur": extracted or Decimal("50000")}
            )


def complete(application: Application, **fields) -> Application:
    """Fill in everything the call asks, eligible, straight in the database."""
    values = {
        "project_title": "Smart greenhouse sensors",
        "summary": "Sensors and an app for Dzūkija's greenhouses.",
        "requested_eur": Decimal("4000"),
        "registered_in_city": True,
        "founded_on": timezone.localdate() - datetime.timedelta(days=400),
        **fields,
    }
    for name, value in values.items():
        setattr(application, name, value)
    application.save()
    return application


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def submitted(call=None, organisation=None, **fields) -> Application:
    """A complete application already in screening (ready for a decision)."""
    kwargs = {"call": call} if call is not None else {}
    if organisation is not None:
        kwargs["organisation"] = organisation
    application = complete(ApplicationFactory(**kwargs), **fields)
    application.status = Application.Status.SCREENING
    application.submitted_at = timezone.now()
    application.save()
    return application
