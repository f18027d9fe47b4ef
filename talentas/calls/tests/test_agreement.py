"""The award agreement is a tagged PDF/UA-1 document in the applicant's language with the parties, the amount, the
instalments, the milestones and the conditions; only the awardee's members and the programme team may download it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from talentas.calls import services
from talentas.calls.models import Application
from talentas.organisations.models import Membership

from .factories import CallFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(plan_manager, owner, organisation):
    call = CallFactory(title_en="Startup grants 2026", title_lt="Startuolių dotacijos 2026")
    application = submitted(call, organisation=organisation, project_title="Smart greenhouse sensors")
    Application.objects.filter(pk=application.pk).update(created_by=owner)
    return services.approve(actor=plan_manager, application_id=application.pk, amount_eur="4000")


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("language", "heading", "condition"),
    [
        ("lt", "Finansavimo sutartis", "Sąlygos"),
        ("en", "Award agreement", "Conditions"),
    ],
)
def test_the_agreement_is_a_tagged_pdf_in_the_applicants_language(
    client, owner, award, settings, language, heading, condition
):
    settings.DATA_CONTROLLER = "Alytaus miesto savivaldybė"
    owner.preferred_language = language
    owner.save()
    client.force_login(owner)
    response = client.get(reverse("calls:agreement", kwargs={"pk": award.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == language
    reader, text = _text(response.content)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == language
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata.title.startswith(heading) and reader.metadata.author == "Alytaus miesto savivaldybė"
    for expected in (heading, condition, "Alytaus miesto savivaldybė", award.application.organisation.name):
        assert expected in text
    assert "Smart greenhouse sensors" in text
    assert "4 000,00" in text or "4,000.00" in text
    assert "2 800,00" in text or "2,800.00" in text  # the first instalment
    assert "1 200,00" in text or "1,200.00" in text  # the one an accepted report releases


def test_staff_download_it_too_in_the_applicants_language(client, plan_manager, owner, award):
    owner.preferred_language = "lt"
    owner.save()
    plan_manager.preferred_language = "en"
    plan_manager.save()
    client.force_login(plan_manager)
    response = client.get(reverse("calls:agreement", kwargs={"pk": award.pk}))
    assert response.status_code == 200 and response["Content-Language"] == "lt"


def test_nobody_else_gets_the_agreement(client, award, outsider, django_user_model):
    url = reverse("calls:agreement", kwargs={"pk": award.pk})
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    other = django_user_model.objects.create_user(email="other@example.org", password="x")
    Membership.objects.create(organisation=CallFactory().programme and submitted().organisation, user=other)
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("calls:agreement", kwargs={"pk": award.pk + 999})).status_code == 404


def test_the_awardees_page_links_to_the_agreement(client, owner, award):
    client.force_login(owner)
    page = client.get(award.application.get_absolute_url()).content.decode()
    assert reverse("calls:agreement", kwargs={"pk": award.pk}) in page
