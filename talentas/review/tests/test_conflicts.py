"""Declarations up front about whole organisations: which organisations a reviewer is shown (never a blind call's
applicants), the recusal a conflict brings to every assignment on the organisation's applications, and the page and
API that make them, with their refusals."""

import itertools
import json

import pytest

from talentas.accounts import services as account_services
from talentas.accounts.models import User
from talentas.calls.tests.factories import ApplicationFactory, CallFactory
from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.notices.models import Notice
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory
from talentas.review import selectors, services
from talentas.review.models import ConflictDeclaration, ReviewerAssignment

from .factories import in_review, rubric_for

pytestmark = pytest.mark.django_db
Status = ReviewerAssignment.Status
URL = "/en/review/conflicts/"
API = "/api/v1/reviews/conflicts"
_numbers = itertools.count()


@pytest.fixture
def other(call_with_rubric):
    """A second organisation that applied to the same (open) call, to which the reviewer is not assigned."""
    return in_review(call=call_with_rubric, organisation=OrganisationFactory(name="Antra Ltd"), project_title="Other")


@pytest.fixture
def blind_application(db):
    call = CallFactory(title_en="Blind call")
    rubric_for(call, blind=True)
    return in_review(call=call, organisation=OrganisationFactory(name="Hidden Co"), project_title="Hidden")


@pytest.fixture
def assigned(plan_manager, application, reviewer, other, blind_application):
    """The reviewer reviews `application` (open call, declared no conflict) and the blind call's application."""
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    services.assign_reviewer(actor=plan_manager, application_id=blind_application.pk, reviewer=reviewer, role="expert")
    return assignment


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"test {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _post(client, user, body):
    return client.post(API, json.dumps(body), content_type="application/json", **_auth(user))


# ------------------------------------------------------------------------------------------ services


def test_the_open_calls_applicants_are_listed_never_a_blind_calls(application, other, blind_application, reviewer,
                                                                   assigned):  # fmt: skip
    MembershipFactory(organisation=other.organisation, user=reviewer)  # their own: recused as a member anyway
    ApplicationFactory(call=application.call, organisation=OrganisationFactory(name="Draft only"))
    listed = selectors.organisations_to_declare(User.objects.get(pk=reviewer.pk))  # memberships are cached on the user
    assert list(listed.organisations) == [application.organisation]
    assert listed.blind_calls == [blind_application.call]


def test_a_conflict_recuses_every_assignment_on_the_organisations_applications(plan_manager, application, reviewer,
                                                                              assigned):  # fmt: skip
    second = in_review(call=CallFactory(), organisation=application.organisation)
    rubric_for(second.call)
    waiting = services.assign_reviewer(actor=plan_manager, application_id=second.pk, reviewer=reviewer, role="jury")
    innovation, team = selectors.rubric_of_call(application.call_id).criteria.all()
    services.save_review(user=reviewer, assignment_id=assigned.pk, scores={innovation.pk: 8, team.pk: 5}, submit=True)
    assert selectors.submitted_totals([application.pk])[application.pk]

    services.declare_for_organisation(
        user=reviewer, organisation_id=application.organisation_id, has_conflict=True, reason="I own a share."
    )
    for assignment in (assigned, waiting):
        assignment.refresh_from_db()
        assert assignment.status == Status.RECUSED and assignment.recusal == "declared"
        assert Notice.objects.filter(user=plan_manager, key=f"review.recused.{assignment.pk}").exists()
    # the review given before no longer counts, and neither application opens again
    assert selectors.submitted_totals([application.pk])[application.pk] == []
    assert not selectors.may_open(reviewer, application) and not selectors.may_open(reviewer, second)
    assert list(selectors.assignments_of(reviewer).filter(application__organisation=application.organisation)) == []
    # a later assignment is recused at once
    third = in_review(call=CallFactory(), organisation=application.organisation, project_title="Third")
    later = services.assign_reviewer(actor=plan_manager, application_id=third.pk, reviewer=reviewer, role="expert")
    assert later.status == Status.RECUSED


def test_no_conflict_is_a_record_and_each_application_still_asks(plan_manager, other, reviewer, assigned):
    services.declare_for_organisation(user=reviewer, organisation_id=other.organisation_id, has_conflict=False)
    assignment = services.assign_reviewer(actor=plan_manager, application_id=other.pk, reviewer=reviewer, role="jury")
    assert assignment.status == Status.AWAITING_DECLARATION
    with pytest.raises(Conflict) as again:
        services.declare_for_organisation(user=reviewer, organisation_id=other.organisation_id, has_conflict=False)
    assert again.value.code == "already_declared"
    # a conflict may still follow (a new declaration, the first one kept), and then nothing more
    services.declare_for_organisation(
        user=reviewer, organisation_id=other.organisation_id, has_conflict=True, reason="They hired me."
    )
    assert ConflictDeclaration.objects.filter(reviewer=reviewer, organisation=other.organisation).count() == 2
    assignment.refresh_from_db()
    assert assignment.status == Status.RECUSED
    with pytest.raises(Conflict) as final:
        services.declare_for_organisation(
            user=reviewer, organisation_id=other.organisation_id, has_conflict=True, reason="Again"
        )
    assert final.value.code == "already_declared"


def test_refusals(application, blind_application, reviewer, outsider, assigned):
    with pytest.raises(PermissionDenied) as not_reviewer:
        services.declare_for_organisation(
            user=outsider, organisation_id=application.organisation_id, has_conflict=False
        )
    assert not_reviewer.value.code == "not_reviewer"
    # a blind call's applicant is unknown here: declaring for it would tell whether it applied
    for organisation_id in (blind_application.organisation_id, OrganisationFactory().pk, 2**31 - 1):
        with pytest.raises(DomainError) as unknown:
            services.declare_for_organisation(user=reviewer, organisation_id=organisation_id, has_conflict=True,
                                              reason="x")  # fmt: skip
        assert (unknown.value.code, unknown.value.field) == ("unknown_organisation", "organisation")
    for reason, code in (("", "reason_required"), ("x" * 2001, "too_long")):
        with pytest.raises(DomainError) as bad:
            services.declare_for_organisation(
                user=reviewer, organisation_id=application.organisation_id, has_conflict=True, reason=reason
            )
        assert (bad.value.code, bad.value.field) == (code, "reason")
    assert not ConflictDeclaration.objects.filter(organisation__isnull=False).exists()


# ------------------------------------------------------------------------------------------ the page


def test_the_page_lists_declares_and_recuses(client, application, other, blind_application, reviewer, assigned):
    client.force_login(reviewer)
    assert 'href="/en/review/conflicts/"' in client.get("/en/review/").content.decode()
    page = client.get(URL).content.decode()
    assert "Sėkla Labs" in page and "Antra Ltd" in page
    assert "Blind call" in page and "Hidden Co" not in page
    prefix = f"organisation-{application.organisation_id}"
    response = client.post(
        URL, {"organisation": application.organisation_id, f"{prefix}-conflict": "yes", f"{prefix}-reason": "Mine"}
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Status.RECUSED
    page = client.get(URL).content.decode()
    assert "Conflict declared" in page and f'name="{prefix}-conflict"' not in page
    assert client.get(f"/en/review/assignments/{assigned.pk}/").status_code == 404


def test_the_page_refuses_bad_input_and_non_reviewers(client, application, blind_application, reviewer, outsider,
                                                      assigned):  # fmt: skip
    client.force_login(reviewer)
    prefix = f"organisation-{application.organisation_id}"
    response = client.post(URL, {"organisation": application.organisation_id, f"{prefix}-conflict": "yes"})
    assert response.status_code == 400 and f'href="#id_{prefix}-reason"' in response.content.decode()
    for organisation in ("", "abc", blind_application.organisation_id):
        assert client.post(URL, {"organisation": organisation}).status_code == 400
    assert not ConflictDeclaration.objects.filter(organisation__isnull=False).exists()
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
    assert "/en/review/conflicts/" not in client.get("/en/review/").content.decode()


# ------------------------------------------------------------------------------------------ the API


def test_the_api_declares_and_lists_mine(client, application, reviewer, assigned):
    response = _post(client, reviewer, {"organisation": application.organisation_id, "has_conflict": True,
                                        "reason": "Shareholder"})  # fmt: skip
    assert response.status_code == 201
    assert response.json()["organisation"] == {"id": application.organisation_id, "name": "Sėkla Labs"}
    items = client.get(API, **_auth(reviewer)).json()["items"]
    # newest first: the organisation, then the declaration on the application (which names no organisation)
    assert [(i["organisation"] and i["organisation"]["id"], i["application"], i["has_conflict"]) for i in items] == [
        (application.organisation_id, None, True),
        (None, application.pk, False),
    ]
    assert client.get("/api/v1/reviews/mine", **_auth(reviewer)).json()["items"] == [
        item for item in client.get("/api/v1/reviews/mine", **_auth(reviewer)).json()["items"]
        if item["application"]["id"] != application.pk
    ]  # fmt: skip
    again = _post(client, reviewer, {"organisation": application.organisation_id, "has_conflict": False})
    assert again.status_code == 409 and again.json()["code"] == "already_declared"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"organisation": 0, "has_conflict": False}, 422, "organisation"),
        ({"organisation": "x", "has_conflict": False}, 422, "organisation"),
        ({"organisation": 2**40, "has_conflict": False}, 422, "organisation"),
        ({"has_conflict": False}, 422, "organisation"),
        ({"organisation": "APPLICANT"}, 422, "has_conflict"),
        ({"organisation": "APPLICANT", "has_conflict": True}, 400, "reason"),
        ({"organisation": "APPLICANT", "has_conflict": True, "reason": "x" * 2001}, 422, "reason"),
        ({"organisation": "BLIND", "has_conflict": True, "reason": "x"}, 400, "organisation"),
    ],
)
def test_the_api_names_the_bad_field(client, application, blind_application, reviewer, assigned, body, status, field):
    ids = {"APPLICANT": application.organisation_id, "BLIND": blind_application.organisation_id}
    body = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    response = _post(client, reviewer, body)
    assert (response.status_code, response.json()["field"]) == (status, field)


def test_the_api_lists_the_organisations_to_declare_about_with_my_standing_declaration(
    client, application, blind_application, reviewer, assigned
):
    def listed():
        items = client.get(f"{API}/organisations", **_auth(reviewer)).json()["items"]
        assert blind_application.organisation_id not in [item["id"] for item in items]  # a blind call names none
        return {item["id"]: item for item in items}

    assert listed()[application.organisation_id] == {
        "id": application.organisation_id, "name": "Sėkla Labs", "has_conflict": None
    }  # fmt: skip
    _post(client, reviewer, {"organisation": application.organisation_id, "has_conflict": True, "reason": "Owner"})
    assert listed()[application.organisation_id]["has_conflict"] is True


def test_the_api_refuses_non_reviewers(client, application, outsider, assigned):
    assert client.get(API, **_auth(outsider)).status_code == 403
    assert client.get(f"{API}/organisations", **_auth(outsider)).status_code == 403
    response = _post(client, outsider, {"organisation": application.organisation_id, "has_conflict": False})
    assert response.status_code == 403 and response.json()["code"] == "not_reviewer"
    assert client.get(API).status_code == 401
