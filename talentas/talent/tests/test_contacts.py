"""The contact flow: request, answer, thread, rate limits, reports, placements."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.talent import services
from talentas.talent.models import ContactRequest

from .conftest import make_profile

MESSAGE = "We would like to talk to you about a job."


def test_employer_asks_person_accepts_then_they_write(
    client, talent, employer, organisation, outsider, django_capture_on_commit_callbacks
):
    client.force_login(employer)
    url = reverse("talent:talent_detail", args=[talent.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisation": organisation.pk, "message": MESSAGE})
    assert response.status_code == 302
    contact = ContactRequest.objects.get()
    assert mail.outbox and mail.outbox[-1].to == [talent.user.email]
    detail = reverse("talent:contact_detail", args=[contact.pk])
    assert client.post(detail, {"body": "Hello?"}).status_code == 400  # no thread before acceptance
    assert client.post(reverse("talent:contact_answer", args=[contact.pk]), {"answer": "accept"}).status_code == 403
    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    client.force_login(talent.user)
    client.post(reverse("talent:contact_answer", args=[contact.pk]), {"answer": "accept"})
    contact.refresh_from_db()
    assert contact.status == "accepted" and contact.answered_at
    assert client.post(detail, {"body": "Hello, glad to talk."}).status_code == 302
    client.force_login(employer)
    page = client.get(detail).content.decode()
    assert "Hello, glad to talk." in page and talent.user.email in page
    client.post(reverse("talent:contact_placement", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.placed_at is not None


def test_declined_requests_share_nothing(talent, employer, organisation):
    contact = services.request_contact(user=employer, organisation=organisation, profile=talent, message=MESSAGE)
    services.answer_contact(user=talent.user, contact=contact, accept=False)
    with pytest.raises(PermissionDenied):
        services.send_message(user=employer, contact=contact, body="Please?")
    with pytest.raises(Conflict):
        services.answer_contact(user=talent.user, contact=contact, accept=True)


def test_one_pending_request_per_organisation_and_person(talent, employer, colleague, organisation):
    services.request_contact(user=employer, organisation=organisation, profile=talent, message=MESSAGE)
    with pytest.raises(Conflict):
        services.request_contact(user=colleague, organisation=organisation, profile=talent, message=MESSAGE)


def test_requests_are_rate_limited(employer, organisation, vocabulary):
    people = [make_profile(skills=[(vocabulary["sql"], 2)]) for _ in range(services.CONTACTS_PER_PERSON_PER_HOUR + 1)]
    for person in people[:-1]:
        services.request_contact(user=employer, organisation=organisation, profile=person, message=MESSAGE)
    with pytest.raises(DomainError) as refused:
        services.request_contact(user=employer, organisation=organisation, profile=people[-1], message=MESSAGE)
    assert refused.value.status_code == 429


def test_nobody_contacts_a_hidden_person_or_without_a_verified_organisation(
    vocabulary, employer, organisation, unverified_member
):
    hidden = make_profile(visibility="nobody")
    with pytest.raises(PermissionDenied):
        services.request_contact(user=employer, organisation=organisation, profile=hidden, message=MESSAGE)
    visible = make_profile()
    with pytest.raises(PermissionDenied):
        services.request_contact(user=unverified_member, organisation=organisation, profile=visible, message=MESSAGE)


def test_a_short_message_is_refused_with_its_field(talent, employer, organisation):
    with pytest.raises(DomainError) as refused:
        services.request_contact(user=employer, organisation=organisation, profile=talent, message="hi")
    assert refused.value.field == "message"


def test_either_side_reports_abuse(client, talent, employer, organisation):
    contact = services.request_contact(user=employer, organisation=organisation, profile=talent, message=MESSAGE)
    client.force_login(talent.user)
    client.post(reverse("talent:contact_report", args=[contact.pk]), {"reason": "Asked for money upfront."})
    assert contact.reports.count() == 1


def test_shortlist(client, talent, employer, organisation, other_employer):
    client.force_login(employer)
    response = client.post(reverse("talent:shortlist_add", args=[talent.pk]), HTTP_HX_REQUEST="true")
    assert "Shortlisted" in response.content.decode()
    assert talent.public_name in client.get(reverse("talent:employer")).content.decode()
    client.force_login(other_employer)
    assert talent.public_name not in client.get(reverse("talent:employer")).content.decode()


def test_each_side_is_told_in_their_own_language(talent, employer, organisation, django_capture_on_commit_callbacks):
    talent.user.preferred_language = "lt"
    talent.user.save(update_fields=["preferred_language"])
    employer.preferred_language = "en"
    employer.save(update_fields=["preferred_language"])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        contact = services.request_contact(user=employer, profile=talent, organisation=organisation, message=MESSAGE)
    assert mail.outbox[-1].subject == "Darbdavys norėtų su Jumis susisiekti"
    with translation.override("lt"), django_capture_on_commit_callbacks(execute=True):
        services.answer_contact(user=talent.user, contact=contact, accept=True)
    assert mail.outbox[-1].to == [employer.email]
    assert mail.outbox[-1].subject == "Your contact request was answered"
