"""Who may do what with applications.

- can_apply: a signed-in person with a talent profile, on a listed opportunity that takes applications here
  (no outside application page), not of their own organisation.
- is_applicant: the person whose profile applied (sees the application and its status, withdraws it).
- can_manage_applications: members of the verified organisation that owns the opportunity
  (talent.permissions.can_manage_opportunity); they see the pipeline, move, rate, note and export it.

Everyone else learns nothing: the views and the API answer 404 for an application they may not see.
"""

from django.utils.translation import gettext_lazy

from talentas.accounts.permissions import AnyUser
from talentas.core.errors import NotFound
from talentas.talent import permissions as talent_permissions
from talentas.talent.models import Opportunity

from .models import Application

NO_SUCH_OPPORTUNITY = gettext_lazy("No such opportunity.")
NO_SUCH_APPLICATION = gettext_lazy("No such application.")


def takes_applications_here(opportunity: Opportunity) -> bool:
    return not opportunity.apply_url


def can_apply(user: AnyUser, opportunity: Opportunity) -> bool:
    return (
        user.is_authenticated
        and talent_permissions.is_listed_opportunity(opportunity)
        and takes_applications_here(opportunity)
        and not talent_permissions.can_manage_opportunity(user, opportunity)
    )


def can_manage_applications(user: AnyUser, opportunity: Opportunity) -> bool:
    return talent_permissions.can_manage_opportunity(user, opportunity)


def is_applicant(user: AnyUser, application: Application) -> bool:
    return bool(user.is_authenticated and application.profile.user_id == user.pk)


def may_move(user: AnyUser, application: Application) -> bool:
    """The workflow's permission for the employer's moves."""
    return can_manage_applications(user, application.opportunity)


def may_withdraw(user: AnyUser, application: Application) -> bool:
    return is_applicant(user, application)


def managed_opportunity(user: AnyUser, opportunity: Opportunity | None) -> Opportunity:
    """The opportunity, if the person manages its applications; else a 404 that confirms nothing."""
    if opportunity is None or not can_manage_applications(user, opportunity):
        raise NotFound(NO_SUCH_OPPORTUNITY, code="no_such_opportunity")
    return opportunity


def own_application(user: AnyUser, application: Application | None) -> Application:
    if application is None or not is_applicant(user, application):
        raise NotFound(NO_SUCH_APPLICATION, code="no_such_application")
    return application


def managed_application(user: AnyUser, application: Application | None) -> Application:
    if application is None or not can_manage_applications(user, application.opportunity):
        raise NotFound(NO_SUCH_APPLICATION, code="no_such_application")
    return application
