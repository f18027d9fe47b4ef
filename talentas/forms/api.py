"""The form builder's API: a version's schema, for the people who build forms (staff-only for now).

GET /forms/{version_id}: sections and questions (kinds, limits, conditions, choices) in Lithuanian and English.
It is staff-only on purpose: a form becomes public through the thing it is attached to (an open call shows its
application form on its own page and endpoint), which this generic app cannot judge. 403 for signed-in people who
do not build forms, 404 for a version that does not exist.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from talentas.core.api import authenticated, error_responses
from talentas.core.errors import NotFound

from . import permissions, selectors
from .models import FormVersion, QuestionKind

router = Router(tags=["forms"])


class TextsOut(Schema):
    lt: str
    en: str


class ChoiceOut(Schema):
    key: str
    label: TextsOut


class ConditionOut(Schema):
    key: str = Field(description="The earlier question whose answer decides")
    operator: str = Field(description="equals or contains")
    value: str


class QuestionOut(Schema):
    key: str = Field(description="Stable across versions: answers are keyed by it")
    kind: str = Field(json_schema_extra={"enum": QuestionKind.values})
    label: TextsOut
    help_text: TextsOut
    required: bool
    min_value: Decimal | None
    max_value: Decimal | None
    min_date: date | None
    max_date: date | None
    min_length: int | None = Field(description="Characters, choices picked or table rows, by kind")
    max_length: int | None
    file_types: list[str]
    max_file_mb: int | None
    condition: ConditionOut | None
    choices: list[ChoiceOut]


class SectionOut(Schema):
    id: int
    title: TextsOut
    description: TextsOut
    questions: list[QuestionOut]


class VersionOut(Schema):
    id: int
    form_id: int
    number: int
    status: str = Field(json_schema_extra={"enum": FormVersion.Status.values})
    published_at: datetime | None
    title: TextsOut
    sections: list[SectionOut]


@router.get(
    "/forms/{version_id}",
    auth=authenticated,
    response={200: VersionOut, **error_responses(403, 404)},
    summary="A form version's questions",
)
def version_schema(request: HttpRequest, version_id: int):
    """Sections and questions of one version of a form, for the staff who build forms."""
    permissions.check_can_manage_forms(request.user)
    try:
        version = selectors.version_with_questions(version_id)
    except FormVersion.DoesNotExist as error:
        raise NotFound(_("There is no such version of a form.")) from error
    return selectors.version_schema(version)
