"""A person's own responses are in their data export, and erasing the account removes their stored files."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from talentas.core import personal_data
from talentas.forms import services
from talentas.forms.models import Response, ResponseFile

from .factories import GOOD_ANSWERS

pytestmark = pytest.mark.django_db


def test_export_and_erase(version, outsider, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "talentas.core.storage.PrivateFileStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    response = services.start_response(version, respondent=outsider, by=outsider)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"x" * 200)
    answers, _errors = services.validate_answers(version, GOOD_ANSWERS, {"plan": pdf})
    services.save_response(response, answers, by=outsider)
    exported = json.loads(personal_data.export_personal_data(user=outsider))["forms"]
    assert exported["responses"][0]["form"] == "Application"
    assert {"question": "Name", "answer": "Alytaus dronai"} in exported["responses"][0]["answers"]
    assert exported["files_uploaded"] == ["plan.pdf"]
    stored = ResponseFile.objects.get().file.path

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase_personal_data(user=outsider)
    assert not Response.objects.exists()
    import os

    assert not os.path.exists(stored)
