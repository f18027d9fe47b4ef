"""Who may build forms.

| check            | admin, plan manager (Business Support) | holder of forms.manage_forms | anyone else |
| ---------------- | -------------------------------------- | ---------------------------- | ----------- |
| can_manage_forms | yes                                    | yes                          |             |

Building covers the list of forms, creating and editing them, their sections and questions, previewing any
version, publishing, and reading a version's schema in the API (staff-only for now: the modules that attach a
form to a public thing, such as an open call, show its questions on their own pages). Answering a form is the
attaching module's business (an application's members, a survey's respondents): this app never decides it.
"""

from django.utils.translation import gettext_lazy as _

from talentas.accounts import permissions as account_permissions
from talentas.accounts.permissions import AnyUser
from talentas.core.errors import NotFound, require

from .models import Form, FormVersion, Question, Section


def can_manage_forms(user: AnyUser) -> bool:
    """The Business Support Department runs calls and surveys; others may be given the permission explicitly."""
    if not user.is_authenticated or not user.is_active:
        return False
    return account_permissions.can_manage_plan(user) or user.has_perm("forms.manage_forms")


def check_can_manage_forms(user: AnyUser) -> None:
    require(can_manage_forms(user), _("Only the people who build forms may do this."))


def form_for_builder(user: AnyUser, form_id: int) -> Form:
    check_can_manage_forms(user)
    form = Form.objects.filter(pk=form_id).first()
    if form is None:
        raise NotFound(_("There is no such form."))
    return form


def version_for_builder(user: AnyUser, form: Form, version_id: int) -> FormVersion:
    version = form.versions.filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("There is no such version of this form."))
    return version


def section_for_builder(form: Form, section_id: int) -> Section:
    section = Section.objects.select_related("version__form").filter(pk=section_id, version__form=form).first()
    if section is None:
        raise NotFound(_("There is no such section."))
    return section


def question_for_builder(form: Form, question_id: int) -> Question:
    question = (
        Question.objects.select_related("version__form", "section").filter(pk=question_id, version__form=form).first()
    )
    if question is None:
        raise NotFound(_("There is no such question."))
    return question
