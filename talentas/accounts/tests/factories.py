import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory, Password

from talentas.accounts.models import Role, RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    """An active person with a verified primary e-mail address (pass verified_email=False for none)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.TALENT
    department = None
