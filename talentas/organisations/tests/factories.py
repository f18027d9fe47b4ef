import factory
from factory.django import DjangoModelFactory

from talentas.accounts.tests.factories import UserFactory
from talentas.organisations.models import Membership, Organisation, OrganisationClaim


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.COMPANY
    city = "Alytus"
    description = "Makes things in Alytus."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationClaim

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact_role = "Director"
    message = "I run it; see the team page of our website."
