"""Who may do what with calls and applications.

| check                      | applicant organisation's members | programme staff (plan managers) | others |
| -------------------------- | -------------------------------- | ------------------------------- | ------ |
| can_view_call              | published calls                  | every call                      | published calls |
| can_apply_for              | members of an organisation       |                                 |        |
| can_edit_application       | while draft / clarification      |                                 |        |
| can_see_application        | yes                              | yes (not drafts)                |        |
| can_manage_calls           |                                  | yes                             |        |

Everyone else learns nothing: the views and the API answer 404 for an application they may not see.
"""

from django.utils.translation import gettext_lazy

from talentas.accounts import permissions as account_permissions
from talentas.accounts.permissions import AnyUser
from talentas.core.errors import NotFound
from talentas.organisations import permissions as organisation_permissions
from talentas.organisations.models import Organisation

from .models import Application, Award, Call

NO_SUCH_CALL = gettext_lazy("No such call.")
NO_SUCH_APPLICATION = gettext_lazy("No such application.")


def can_manage_calls(user: AnyUser) -> bool:
    """The Business Support Department runs the programmes: plan managers and platform administrators."""
    return account_permissions.can_manage_plan(user)


def can_view_call(user: AnyUser, call: Call) -> bool:
    return call.is_published or can_manage_calls(user)


def may_act_for(user: AnyUser, organisation: Organisation) -> bool:
    return organisation_permissions.is_member(user, organisation)


def is_applicant(user: AnyUser, application: Application) -> bool:
    """A member (or owner) of the organisation that applies: they draft, submit, withdraw and write together."""
    return may_act_for(user, application.organisation)


def _recused(user: AnyUser, application: Application) -> bool:
    """A reviewer recused from the application (or who declared a conflict) never sees it: review's one rule."""
    from talentas.review import selectors as review_selectors

    return review_selectors.is_recused(user, application)


def can_see_application(user: AnyUser, application: Application) -> bool:
    if is_applicant(user, application):
        return True
    return can_manage_calls(user) and application.status != Application.Status.DRAFT and not _recused(user, application)


def may_withdraw(user: AnyUser, application: Application) -> bool:
    return is_applicant(user, application)


def may_submit(user: AnyUser, application: Application) -> bool:
    return is_applicant(user, application)


def may_manage(user: AnyUser, application: Application) -> bool:
    """The workflow's permission for staff moves (screening, review, decisions)."""
    return can_manage_calls(user)


def visible_call(user: AnyUser, call: Call | None) -> Call:
    if call is None or not can_view_call(user, call):
        raise NotFound(NO_SUCH_CALL, code="no_such_call")
    return call


def own_application(user: AnyUser, application: Application | None) -> Application:
    """The application, if the person is a member of the applicant organisation; else a 404 that confirms nothing."""
    if application is None or not is_applicant(user, application):
        raise NotFound(NO_SUCH_APPLICATION, code="no_such_application")
    return application


def seen_application(user: AnyUser, application: Application | None) -> Application:
    if application is None or not can_see_application(user, application):
        raise NotFound(NO_SUCH_APPLICATION, code="no_such_application")
    return application


def managed_application(user: AnyUser, application: Application | None) -> Application:
    if (
        application is None
        or not can_manage_calls(user)
        or application.status == Application.Status.DRAFT
        or _recused(user, application)
    ):
        raise NotFound(NO_SUCH_APPLICATION, code="no_such_application")
    return application


def can_see_award(user: AnyUser, award: Award) -> bool:
    """The agreement and the instalments of an award: the awardee organisation's members and the programme team."""
    return is_applicant(user, award.application) or can_manage_calls(user)


def seen_award(user: AnyUser, award: Award | None) -> Award:
    if award is None or not can_see_award(user, award):
        raise NotFound(gettext_lazy("No such award."), code="no_such_award")
    return award
