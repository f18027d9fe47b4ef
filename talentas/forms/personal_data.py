"""The form builder's part of the personal-data export: a person's own responses (surveys) with their answers.

Responses given for an organisation (an application) name no respondent and belong to that organisation's
module. Erasure deletes the stored files of the person's own responses; deleting the account removes the rows.
"""

from talentas.accounts.models import User
from talentas.core import personal_data

from .models import Form, Response, ResponseFile


def export_forms(user: User) -> dict:
    from . import services

    responses = Response.objects.filter(respondent=user).select_related("version__form").order_by("pk")
    return {
        "responses": [
            {
                "form": response.version.form.title,
                "version": response.version.number,
                "status": response.status,
                "submitted_at": response.submitted_at,
                "answers": [
                    {"question": shown.label, "answer": shown.text} for shown in services.answers_for_display(response)
                ],
            }
            for response in responses
        ],
        "files_uploaded": list(ResponseFile.objects.filter(uploaded_by=user).values_list("original_name", flat=True)),
        "forms_created": Form.objects.filter(created_by=user).count(),
    }


def erase_forms(user: User) -> None:
    from . import services

    services.forget_responses(user=user)


personal_data.register(
    "forms",
    models=("forms.Form", "forms.FormVersion", "forms.Response", "forms.ResponseFile"),
    export=export_forms,
    erase=erase_forms,
)
