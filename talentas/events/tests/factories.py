import datetime

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from talentas.accounts.tests.factories import UserFactory
from talentas.events.models import Event, EventType, Feedback, Registration, SchoolGrades, SchoolYear
from talentas.organisations.tests.factories import OrganisationFactory
from talentas.plans.tests.factories import ActionFactory


def in_days(days: float, hour: int = 18) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        # `title=` and `description=` fill both languages; pass title_lt= / title_en= for different texts.
        title = factory.Sequence(lambda n: f"Networking evening {n}")
        description = "Meet founders, investors and the city's business support team."

    action = factory.SubFactory(ActionFactory)
    event_type = EventType.NETWORKING
    title_lt = factory.SelfAttribute("title")
    title_en = factory.SelfAttribute("title")
    description_lt = factory.SelfAttribute("description")
    description_en = factory.SelfAttribute("description")
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    language = "lt"
    venue_name = "Alytus Business Incubator"
    address = "Pramonės g. 1, Alytus"
    capacity = 20

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if create:
            obj.organisers.set(extracted if extracted is not None else [OrganisationFactory()])


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def count_the_seat(obj, create, extracted, **kwargs):
        """A seat-holding registration made directly also counts on the event's seat counter, as the services do."""
        if create and obj.holds_seat:
            Event.objects.filter(pk=obj.event_id).update(seats_taken=F("seats_taken") + 1)


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    registration = factory.SubFactory(
        RegistrationFactory, status=Registration.Status.ATTENDED, checked_in_at=timezone.now()
    )
    rating = 4


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("name",)

    name = "2025-2026"
    starts_on = datetime.date(2025, 9, 1)
    ends_on = datetime.date(2026, 8, 31)


class SchoolFactory(OrganisationFactory):
    kind = "school"
    name = factory.Sequence(lambda n: f"Alytus school {n}")


class SchoolGradesFactory(DjangoModelFactory):
    class Meta:
        model = SchoolGrades

    school = factory.SubFactory(SchoolFactory)
    first_grade = 5
    last_grade = 8
