"""Every route, every actor: who may open what.

The sweep walks every URL pattern of the site (`get_resolver()`, the /en/ pages) and every operation of the
API (its OpenAPI document), fills the path parameters with objects that belong to the owner (`world.py`), and
requests each as the owner, a member of another organisation, a plain signed-in person, a staff member
(plan manager and M&E officer) and an anonymous visitor. `PAGES` and `OPERATIONS` below say who may open
each route; the test fails on any 5xx, on a refusal where access belongs, on an answer where a refusal
belongs, and on a route without an entry, so every new module declares its routes here.

State-changing routes are also sent an empty POST (or the API's own method) by everyone who may not use
them, and that must be refused too, never a 2xx or a 5xx.
"""

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from talentas.core.tests import images
from talentas.core.tests.world import World, build_world
from talentas.monitoring.models import Report
from talentas.talent import services as talent_services
from talentas.urls import api

ANONYMOUS, USER, OTHER_MEMBER, OWNER, STAFF = "anonymous", "user", "other_member", "owner", "staff"
ACTORS = (ANONYMOUS, USER, OTHER_MEMBER, OWNER, STAFF)

# Who may open a route: the actors named get an answer (< 400), everyone else a refusal.
PUBLIC = frozenset(ACTORS)
SIGNED_IN = frozenset({USER, OTHER_MEMBER, OWNER, STAFF})
OWNER_ONLY = frozenset({OWNER})
STAFF_ONLY = frozenset({STAFF})
OWNER_OR_STAFF = frozenset({OWNER, STAFF})
EMPLOYERS = frozenset({OWNER, OTHER_MEMBER})  # members of any verified organisation
ORGANISERS = frozenset({OWNER, OTHER_MEMBER, STAFF})  # members of any organisation, and plan managers
NOBODY = frozenset()  # Django's admin: only is_staff accounts, and none of the actors is one
POST_ONLY = "post-only"  # a GET answers 405 to everyone allowed; the POST check below says who may use it


class W:
    """A path parameter taken from the world: `W("event.pk")`."""

    def __init__(self, path: str):
        self.get = operator.attrgetter(path)


@dataclass(frozen=True)
class Route:
    access: frozenset[str]
    writes: bool = False  # state-changing: an empty POST from anyone not in `access` must be refused
    get: str = ""  # POST_ONLY when the route answers GET with 405
    params: dict[str, object] = field(default_factory=dict)
    query: str = ""
    # A route that refuses by sending the person elsewhere with a message; that nothing changed is checked
    # after the sweep (`test_outsiders_changed_nothing`).
    redirects: bool = False
    # Answers that count as access for an allowed actor, e.g. the API's 404 for "you have no profile yet".
    also_ok: frozenset[int] = frozenset()


def r(
    access: frozenset[str],
    writes: bool = False,
    get: str = "",
    query: str = "",
    redirects: bool = False,
    also_ok: frozenset[int] = frozenset(),
    **params: object,
) -> Route:
    return Route(access, writes, get, params, query, redirects, also_ok)


EVENT = {"event_id": W("event.pk")}
ATTENDEE = {"event_id": W("event.pk"), "registration_id": W("registration.pk")}
PLAN = {"slug": W("plan.slug")}
ORGANISATION = {"slug": W("organisation.slug")}
OPPORTUNITY = {"pk": W("opportunity.pk")}
PROFILE = {"pk": W("profile.pk")}
CONTACT = {"pk": W("contact.pk")}
APPLICATION = {"pk": W("application.pk")}
# Anyone signed in may apply, except the organisation that posted the opportunity (those without a talent
# profile are sent to make one).
APPLICANTS = frozenset({USER, OTHER_MEMBER, STAFF})
INDICATOR = {"pk": W("indicator.pk")}
VALUE = {"pk": W("value.pk")}
FORM = {"form_id": W("form.pk")}
SECTION = {"section_id": W("form_section.pk"), **FORM}
QUESTION = {"question_id": W("form_question.pk"), **FORM}

PAGES: dict[str, Route] = {
    # infrastructure and site-wide
    "healthz": r(PUBLIC),
    "set_language": r(PUBLIC),
    "home": r(PUBLIC),
    "styleguide": r(PUBLIC),
    # the development outbox: only with DEBUG (off here, so a 404 for everyone) and then only for is_staff
    "dev_outbox": r(NOBODY),
    # The world's picture is a profile photo: served only with the person's name (to the owner, whose contact
    # request the person accepted).
    "picture": r(OWNER_ONLY, token=W("profile.photo.token"), width=W("profile.photo.width")),
    "dev_outbox_message": r(NOBODY, email_id=1),
    "javascript-catalog": r(PUBLIC),
    "api:openapi-json": r(PUBLIC),
    "api:openapi-view": r(PUBLIC),
    "api:api-root": r(NOBODY),  # ninja's bare prefix: a 404 for everyone, the documents live below it
    "api_docs:reference": r(PUBLIC),
    # allauth: the sign-in flows are public; managing one's own e-mail and password needs an account
    "account_login": r(PUBLIC),
    "account_logout": r(PUBLIC),
    "account_inactive": r(PUBLIC),
    "account_signup": r(PUBLIC),
    "account_reauthenticate": r(SIGNED_IN),
    "account_email": r(SIGNED_IN),
    "account_email_verification_sent": r(PUBLIC),
    "account_change_password": r(SIGNED_IN),
    "account_set_password": r(SIGNED_IN),
    "account_reset_password": r(PUBLIC),
    # a step of a pending code sign-in: without one, visitors are sent to sign in and members onwards
    "account_confirm_login_code": r(SIGNED_IN),
    "account_confirm_email": r(PUBLIC, key="not-a-key"),
    "account_reset_password_from_key_done": r(PUBLIC),
    "account_reset_password_from_key": r(PUBLIC, uidb36="1", key="not-a-key"),
    "account_reset_password_done": r(PUBLIC),
    # accounts
    "accounts:profile": r(SIGNED_IN, writes=False),
    "accounts:start": r(SIGNED_IN),  # sends each person on to the first landing that fits them
    "accounts:create_api_token": r(SIGNED_IN, get=POST_ONLY),
    # one export and one erasure of everything the platform keeps about the person
    "accounts:export_data": r(SIGNED_IN),
    "accounts:erase": r(SIGNED_IN, writes=True),
    # notices: a person's own; the header's count answers everyone (0 for a visitor)
    "notices:list": r(SIGNED_IN),
    "notices:unread": r(PUBLIC),
    "notices:read_all": r(SIGNED_IN, writes=True, get=POST_ONLY),
    "notices:read": r(OWNER_ONLY, writes=True, get=POST_ONLY, notice_id=W("notice.pk")),
    # the audit log: platform administrators only, and none of the actors is one
    "audit:log": r(NOBODY),
    "accounts:revoke_api_token": r(OWNER_ONLY, writes=True, get=POST_ONLY, redirects=True, token_id=W("token.pk")),
    # organisations
    "organisations:list": r(PUBLIC),
    "organisations:propose": r(SIGNED_IN),
    "organisations:mine": r(SIGNED_IN),
    "organisations:start": r(SIGNED_IN),
    "organisations:claims": r(STAFF_ONLY),
    "organisations:claim_review": r(STAFF_ONLY, writes=True, claim_id=W("claim.pk")),
    "organisations:detail": r(PUBLIC, **ORGANISATION),
    "organisations:edit": r(OWNER_ONLY, writes=True, **ORGANISATION),
    "organisations:logo": r(OWNER_ONLY, writes=True, **ORGANISATION),
    "organisations:claim": r(SIGNED_IN, **ORGANISATION),
    "organisations:members": r(OWNER_ONLY, writes=True, **ORGANISATION),
    "organisations:member_remove": r(
        OWNER_ONLY, writes=True, get=POST_ONLY, membership_id=W("membership.pk"), **ORGANISATION
    ),
    # plans
    "plans:list": r(PUBLIC),
    "plans:detail": r(PUBLIC, **PLAN),
    "plans:action": r(PUBLIC, code=W("action.code"), **PLAN),
    # monitoring
    "monitoring:dashboard": r(PUBLIC),
    "monitoring:staff": r(OWNER_OR_STAFF),
    "monitoring:notifications": r(SIGNED_IN),
    "monitoring:indicator": r(OWNER_OR_STAFF, **INDICATOR),
    "monitoring:indicator_settings": r(STAFF_ONLY, writes=True, **INDICATOR),
    "monitoring:audit": r(OWNER_OR_STAFF, **INDICATOR),
    "monitoring:value": r(OWNER_OR_STAFF, writes=True, **VALUE),
    "monitoring:value_submit": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **VALUE),
    "monitoring:value_evidence": r(OWNER_OR_STAFF, **VALUE),
    "monitoring:import_progress": r(OWNER_OR_STAFF, pk=W("value_import.pk")),
    "governance:meeting": r(STAFF_ONLY, writes=True, pk=W("meeting.pk")),
    "governance:council_outcome": r(STAFF_ONLY, writes=True, get=POST_ONLY, pk=W("decision.pk")),
    "monitoring:report": r(STAFF_ONLY, pk=W("report.pk")),
    "monitoring:report_file": r(STAFF_ONLY, pk=W("report.pk"), extension="pdf"),
    "monitoring:plan_dashboard": r(PUBLIC, **PLAN),
    "monitoring:embed": r(PUBLIC, **PLAN),
    "monitoring:open_data": r(PUBLIC, extension="csv", **PLAN),
    "monitoring:timeline": r(PUBLIC, **PLAN),
    "monitoring:reports": r(PUBLIC, **PLAN),
    "monitoring:request_report": r(STAFF_ONLY, writes=True, get=POST_ONLY, **PLAN),
    "monitoring:evaluation_export": r(STAFF_ONLY, extension="csv", **PLAN),
    "monitoring:import": r(OWNER_OR_STAFF, writes=True, **PLAN),
    "monitoring:budget": r(OWNER_OR_STAFF, writes=True, **PLAN),
    "governance:meetings": r(STAFF_ONLY, writes=True, **PLAN),
    "monitoring:action_dates": r(STAFF_ONLY, writes=True, code=W("action.code"), **PLAN),
    # events
    "events:calendar": r(PUBLIC),
    "events:mine": r(SIGNED_IN),
    "events:reset_feed": r(SIGNED_IN, get=POST_ONLY),
    "events:organise": r(ORGANISERS),
    "events:create": r(ORGANISERS, writes=True),
    "events:steam": r(PUBLIC),
    "events:steam_record": r(NOBODY, writes=True),  # members of a school only
    "events:scan": r(OWNER_OR_STAFF, writes=True, token=W("ticket")),
    "events:action_feed": r(PUBLIC, action_id=W("action.pk")),
    "events:organisation_feed": r(PUBLIC, **ORGANISATION),
    "events:personal_feed": r(PUBLIC, token=W("feed_token")),
    "events:detail": r(PUBLIC, **EVENT),
    "events:ics": r(PUBLIC, **EVENT),
    "events:register": r(SIGNED_IN, get=POST_ONLY, **EVENT),
    "events:cancel": r(SIGNED_IN, get=POST_ONLY, **EVENT),
    "events:ticket": r(OWNER_ONLY, redirects=True, **EVENT),  # the owner holds a seat
    "events:feedback": r(NOBODY, writes=True, **EVENT),  # attendees, once the event is over
    "events:edit": r(OWNER_OR_STAFF, writes=True, **EVENT),
    "events:cover": r(OWNER_OR_STAFF, writes=True, **EVENT),
    "events:cancel_event": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **EVENT),
    "events:repeat": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **EVENT),
    "events:attendees": r(OWNER_OR_STAFF, **EVENT),
    "events:no_shows": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **EVENT),
    "events:decide": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **ATTENDEE),
    "events:check_in": r(OWNER_OR_STAFF, **EVENT),
    "events:check_in_toggle": r(OWNER_OR_STAFF, writes=True, get=POST_ONLY, **ATTENDEE),
    # talent
    "talent:home": r(PUBLIC),
    "talent:skill_autocomplete": r(PUBLIC),
    "talent:skill_row": r(PUBLIC, query="id={skill.pk}"),
    "talent:occupation_autocomplete": r(PUBLIC),
    "talent:my_profile": r(SIGNED_IN),
    "talent:profile_edit": r(SIGNED_IN),
    "talent:profile_tasks": r(SIGNED_IN),
    "talent:profile_step": r(SIGNED_IN, step="about"),
    "talent:my_matches": r(SIGNED_IN),
    "talent:cv_remove": r(SIGNED_IN, get=POST_ONLY),
    "talent:photo": r(SIGNED_IN),
    "talent:withdraw_consent": r(SIGNED_IN, get=POST_ONLY),
    "talent:alerts": r(SIGNED_IN),
    "talent:alert_delete": r(OWNER_ONLY, writes=True, get=POST_ONLY, pk=W("alert.pk")),
    "talent:unsubscribe": r(PUBLIC, token=W("unsubscribe_token")),
    "talent:opportunity_list": r(PUBLIC),
    "talent:opportunity_feed": r(PUBLIC),
    "talent:opportunity_create": r(EMPLOYERS, writes=True),
    "talent:opportunity_detail": r(PUBLIC, **OPPORTUNITY),
    "talent:opportunity_edit": r(OWNER_ONLY, writes=True, **OPPORTUNITY),
    "talent:opportunity_close": r(OWNER_ONLY, writes=True, get=POST_ONLY, **OPPORTUNITY),
    "talent:opportunity_matches": r(OWNER_ONLY, **OPPORTUNITY),
    "talent:opportunity_report": r(SIGNED_IN, get=POST_ONLY, **OPPORTUNITY),
    "talent:moderate": r(STAFF_ONLY, writes=True, get=POST_ONLY, **OPPORTUNITY),
    "talent:employer": r(EMPLOYERS),
    "talent:moderation": r(STAFF_ONLY),
    "talent:finder": r(EMPLOYERS),
    "talent:talent_detail": r(EMPLOYERS, writes=True, **PROFILE),  # the profile is visible to employers
    "talent:cv_download": r(OWNER_ONLY, **PROFILE),  # only after the person accepted the owner's request
    "talent:shortlist_add": r(EMPLOYERS, writes=True, get=POST_ONLY, **PROFILE),
    # removes the profile from the visitor's own organisations' shortlists, which for a non-employer is none
    "talent:shortlist_remove": r(EMPLOYERS, writes=True, get=POST_ONLY, redirects=True, **PROFILE),
    "talent:contact_detail": r(OWNER_ONLY, writes=True, **CONTACT),
    "talent:contact_answer": r(NOBODY, writes=True, get=POST_ONLY, **CONTACT),  # only the talent answers
    "talent:contact_report": r(OWNER_ONLY, writes=True, get=POST_ONLY, **CONTACT),
    "talent:contact_placement": r(OWNER_ONLY, writes=True, get=POST_ONLY, **CONTACT),
    # job applications: the talent's own, and the pipeline of the organisation that owns the opportunity
    "hiring:my_applications": r(SIGNED_IN),
    "hiring:apply": r(APPLICANTS, writes=True, **OPPORTUNITY),
    "hiring:pipeline": r(OWNER_ONLY, writes=True, **OPPORTUNITY),
    "hiring:questions": r(OWNER_ONLY, writes=True, **OPPORTUNITY),
    "hiring:application_detail": r(NOBODY, **APPLICATION),  # only the applicant (the world's talent)
    "hiring:withdraw": r(NOBODY, writes=True, get=POST_ONLY, **APPLICATION),
    "hiring:application_cv": r(OWNER_ONLY, **APPLICATION),
    "hiring:applicant_detail": r(OWNER_ONLY, writes=True, **APPLICATION),
    # calls: public calls; the applicant organisation's members (the owner); the programme team (staff)
    "calls:list": r(PUBLIC),
    "calls:detail": r(PUBLIC, pk=W("call.pk")),
    "calls:document": r(PUBLIC, pk=W("call.pk"), document_id=W("call_document.pk")),
    "calls:start": r(SIGNED_IN, writes=True, pk=W("call.pk")),  # the owner is sent on to the existing application
    "calls:my_applications": r(SIGNED_IN),
    "calls:application": r(OWNER_ONLY, writes=True, pk=W("call_application.pk")),
    "calls:application_file": r(OWNER_OR_STAFF, pk=W("call_application.pk"), file_id=W("call_file.pk")),
    "calls:report": r(OWNER_ONLY, writes=True, pk=W("instalment.pk")),
    "calls:report_evidence": r(OWNER_OR_STAFF, pk=W("milestone_report.pk")),
    "calls:agreement": r(OWNER_OR_STAFF, pk=W("instalment.award.pk")),
    "calls:open_data": r(PUBLIC),
    "calls:open_data_json": r(PUBLIC),
    "calls:open_data_csv": r(PUBLIC),
    "calls:staff_applications": r(STAFF_ONLY),
    # cohorts: each sees the cohorts they run, mentor or take part in; the owner's organisation is in one
    "cohorts:list": r(SIGNED_IN, writes=True),
    "cohorts:detail": r(OWNER_OR_STAFF, writes=True, pk=W("cohort_member.cohort_id")),
    "cohorts:member": r(OWNER_OR_STAFF, writes=True, pk=W("cohort_member.pk")),
    "calls:staff_application": r(STAFF_ONLY, writes=True, pk=W("call_application.pk")),
    # review: a reviewer's own assignments (the owner reviews another organisation's application); the programme team
    "review:mine": r(SIGNED_IN),
    "review:assignment": r(OWNER_ONLY, writes=True, pk=W("review_assignment.pk")),
    # declarations up front: only reviewers (the owner is the world's only one) see the organisations to declare for
    "review:conflicts": r(OWNER_ONLY, writes=True),
    "review:board": r(STAFF_ONLY, writes=True, call_id=W("call.pk")),
    "review:ranking": r(STAFF_ONLY, call_id=W("call.pk")),
    "review:rubric": r(STAFF_ONLY, writes=True, call_id=W("call.pk")),
    "review:staff_application": r(STAFF_ONLY, writes=True, pk=W("call_application.pk")),
    # pitch competitions: the owner chairs the world's jury; results are unpublished, so only the jury and staff
    "pitches:list": r(PUBLIC),
    "pitches:create": r(STAFF_ONLY, writes=True),
    "pitches:results": r(OWNER_OR_STAFF, pk=W("pitch_event.pk")),
    "pitches:vote": r(PUBLIC, pk=W("pitch_event.pk")),  # voting is closed: a signed-in POST is refused with 409
    "pitches:jury": r(OWNER_ONLY, writes=True, pk=W("pitch_event.pk")),
    "pitches:manage": r(STAFF_ONLY, writes=True, pk=W("pitch_event.pk")),
    # the form builder: the Business Support Department (plan managers) and holders of forms.manage_forms
    "forms:list": r(STAFF_ONLY),
    "forms:create": r(STAFF_ONLY, writes=True),
    "forms:table_row": r(PUBLIC, kind="budget_table", key="budget"),  # one blank row for any built form
    "forms:detail": r(STAFF_ONLY, **FORM),
    "forms:edit_details": r(STAFF_ONLY, writes=True, **FORM),
    "forms:new_draft": r(STAFF_ONLY, writes=True, get=POST_ONLY, **FORM),
    "forms:publish": r(STAFF_ONLY, writes=True, get=POST_ONLY, **FORM),
    "forms:preview": r(STAFF_ONLY, writes=True, version_id=W("form_version.pk"), **FORM),
    "forms:section_add": r(STAFF_ONLY, writes=True, **FORM),
    "forms:section_edit": r(STAFF_ONLY, writes=True, **SECTION),
    "forms:section_move": r(STAFF_ONLY, writes=True, get=POST_ONLY, **SECTION),
    "forms:section_delete": r(STAFF_ONLY, writes=True, get=POST_ONLY, **SECTION),
    "forms:question_add": r(STAFF_ONLY, writes=True, **FORM),
    "forms:question_edit": r(STAFF_ONLY, writes=True, **QUESTION),
    "forms:question_move": r(STAFF_ONLY, writes=True, get=POST_ONLY, **QUESTION),
    "forms:question_delete": r(STAFF_ONLY, writes=True, get=POST_ONLY, **QUESTION),
    "admin:login": r(PUBLIC),
    "admin:logout": r(PUBLIC),
}
# Django's admin registers a route per model; all of them are behind `admin_view`, one rule serves them.
NAMESPACE_RULES: dict[str, Route] = {"admin": r(NOBODY, writes=True)}

NO_PROFILE_YET = frozenset({404})
# The API, by "METHOD /path" as in the OpenAPI document. An empty body is refused by validation (422) before a
# permission is looked at; that too is a refusal, never a 2xx.
OPERATIONS: dict[str, Route] = {
    "GET /api/v1/me": r(SIGNED_IN),
    "GET /api/v1/plans": r(PUBLIC),
    "GET /api/v1/plans/{slug}": r(PUBLIC, **PLAN),
    "GET /api/v1/plans/{slug}/indicators": r(PUBLIC, **PLAN),
    # approved values for everyone; drafts only for the department and the M&E team (monitoring's tests)
    "GET /api/v1/indicators/{indicator_id}/values": r(PUBLIC, indicator_id=W("indicator.pk")),
    "POST /api/v1/indicators/{indicator_id}/values": r(OWNER_OR_STAFF, writes=True, indicator_id=W("indicator.pk")),
    "GET /api/v1/events": r(PUBLIC),
    "GET /api/v1/events/{event_id}": r(PUBLIC, **EVENT),
    "POST /api/v1/events/{event_id}/registrations": r(SIGNED_IN, writes=True, **EVENT),
    "DELETE /api/v1/events/{event_id}/registrations/me": r(SIGNED_IN, writes=True, **EVENT),
    "GET /api/v1/talents/me": r(SIGNED_IN, also_ok=NO_PROFILE_YET),
    "PUT /api/v1/talents/me": r(SIGNED_IN, writes=True),
    "GET /api/v1/talents/me/matches": r(SIGNED_IN, also_ok=NO_PROFILE_YET),
    "GET /api/v1/opportunities/search": r(PUBLIC),
    "GET /api/v1/opportunities": r(SIGNED_IN),
    "POST /api/v1/opportunities": r(SIGNED_IN, writes=True),
    "GET /api/v1/opportunities/{pk}": r(SIGNED_IN, **OPPORTUNITY),
    "PUT /api/v1/opportunities/{pk}": r(OWNER_ONLY, writes=True, **OPPORTUNITY),
    "DELETE /api/v1/opportunities/{pk}": r(OWNER_ONLY, writes=True, **OPPORTUNITY),
    "GET /api/v1/opportunities/{pk}/matches": r(OWNER_ONLY, **OPPORTUNITY),
    "POST /api/v1/opportunities/{pk}/applications": r(SIGNED_IN, writes=True, **OPPORTUNITY),
    "GET /api/v1/opportunities/{pk}/applications": r(OWNER_ONLY, **OPPORTUNITY),
    "GET /api/v1/applications/mine": r(SIGNED_IN),
    "POST /api/v1/applications/{pk}/withdraw": r(NOBODY, writes=True, **APPLICATION),
    "POST /api/v1/applications/{pk}/status": r(OWNER_ONLY, writes=True, **APPLICATION),
    # calls: public calls; each organisation lists only its own applications; the owner's organisation applied
    "GET /api/v1/calls": r(PUBLIC),
    "GET /api/v1/calls/{pk}": r(PUBLIC, pk=W("call.pk")),
    # review: every signed-in person lists their own assignments; only the assigned reviewer scores
    "GET /api/v1/reviews/mine": r(SIGNED_IN),
    "PUT /api/v1/reviews/{pk}": r(OWNER_ONLY, writes=True, pk=W("review_assignment.pk")),
    "GET /api/v1/reviews/conflicts": r(OWNER_ONLY),
    "POST /api/v1/reviews/conflicts": r(OWNER_ONLY, writes=True),
    "GET /api/v1/reviews/conflicts/organisations": r(OWNER_ONLY),
    "GET /api/v1/calls/{pk}/applications": r(SIGNED_IN, pk=W("call.pk")),
    "POST /api/v1/calls/{pk}/applications": r(SIGNED_IN, writes=True, pk=W("call.pk")),
    "GET /api/v1/applications/{pk}": r(OWNER_ONLY, pk=W("call_application.pk")),
    "PUT /api/v1/applications/{pk}": r(OWNER_ONLY, writes=True, pk=W("call_application.pk")),
    "POST /api/v1/applications/{pk}/submit": r(OWNER_ONLY, writes=True, pk=W("call_application.pk")),
    # a juror's own scores of a finalist: the owner is on the world's jury
    "GET /api/v1/pitches/finalists/{pk}/scores": r(OWNER_ONLY, pk=W("pitch_finalist.pk")),
    "PUT /api/v1/pitches/finalists/{pk}/scores": r(OWNER_ONLY, writes=True, pk=W("pitch_finalist.pk")),
    # staff-only for now: a form is shown to the public by the module it is attached to (an open call)
    "GET /api/v1/forms/{version_id}": r(STAFF_ONLY, version_id=W("form_version.pk")),
}

REFUSED = {401, 403, 404, 405}
EMPTY_BODY_REFUSED = REFUSED | {422}


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _patterns(pattern, f"{namespace}:{inner}" if namespace and inner else namespace or inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _operation_url_names() -> set[str]:
    # ninja names each operation's URL after its view function; the sweep visits those through OPERATIONS.
    names = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                names.add(operation.view_func.__name__)
    return names


class _Attributes(dict):
    """`str.format_map` over the world's attributes: "{skill.pk}"."""

    def __init__(self, world: World):
        super().__init__()
        self.world = world

    def __missing__(self, key: str) -> object:
        return getattr(self.world, key)


def _fill(route: Route, world: World) -> dict[str, object]:
    return {name: value.get(world) if isinstance(value, W) else value for name, value in route.params.items()}


def _admin_kwargs(pattern: URLPattern) -> dict[str, object]:
    # Refused before any lookup, so any well-formed value serves.
    return {name: "1" if name != "app_label" else "accounts" for name in pattern.pattern.regex.groupindex}


def _is_refusal(response, route: Route, login_paths: tuple[str, ...], refused: set[int] = REFUSED) -> bool:
    if response.status_code in refused:
        return True
    if response.status_code != 302:
        return False
    return route.redirects or response.headers["Location"].split("?")[0].endswith(login_paths)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    # Files behind the download routes, so that allowed actors get the file rather than a 404.
    world.profile.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.report.state = Report.State.READY
    world.report.save()
    world.value.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.profile = talent_services.set_photo(user=world.talent_user, upload=images.upload())
    world.call_document.file.save("rules.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.call_file.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.milestone_report.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    # The person accepts the owner's contact request, so the owner may download the CV.
    talent_services.answer_contact(user=world.talent_user, contact=world.contact, accept=True)
    return world


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for actor in ACTORS:
        client = Client()
        person = world.actor(actor)
        if person is not None:
            client.force_login(person)
        clients[actor] = client
    return clients


def _check(
    problems: list[str], label: str, route: Route, actor: str, response, login_paths=(), refused=REFUSED
) -> None:
    status = response.status_code
    if status >= 500:
        problems.append(f"{label} as {actor}: {status} server error")
        return
    is_refusal = _is_refusal(response, route, login_paths, refused)
    if actor in route.access:
        expected_ok = status == 405 if route.get == POST_ONLY else not is_refusal or status in route.also_ok
        if not expected_ok:
            problems.append(f"{label} as {actor}: {status}, but {actor} may open it")
    elif not is_refusal:
        problems.append(f"{label} as {actor}: {status}, but it must be refused")


def test_every_page_refuses_whoever_it_must(world):
    clients = _clients(world)
    with translation.override("lt"):  # the sweep walks the Lithuanian pages, so a refusal redirects to /lt/...
        login_paths = (reverse("account_login"), reverse("admin:login"))
    api_views = _operation_url_names()
    problems: list[str] = []
    seen: set[str] = set()
    with translation.override("en"):
        for name, pattern in _patterns(get_resolver()):
            if name.startswith("api:") and name.removeprefix("api:") in api_views:
                continue  # an API operation: see the next test
            seen.add(name)
            namespace = name.split(":")[0]
            route = PAGES.get(name) or (NAMESPACE_RULES.get(namespace) if ":" in name else None)
            if route is None:
                problems.append(f"{name}: a new route without an entry in PAGES (say who may open it)")
                continue
            kwargs = _fill(route, world) if name in PAGES else _admin_kwargs(pattern)
            url = reverse(name, kwargs=kwargs or None)
            if route.query:
                url += "?" + route.query.format_map(_Attributes(world))
            for actor in ACTORS:
                _check(problems, f"GET {url} ({name})", route, actor, clients[actor].get(url), login_paths)
            if route.writes:
                for actor in ACTORS:
                    if actor not in route.access:
                        response = clients[actor].post(url, {})
                        _check(problems, f"POST {url} ({name})", route, actor, response, login_paths)
    stale = set(PAGES) - seen
    problems += [f"{name}: in PAGES but no longer a route" for name in sorted(stale)]
    assert not problems, "\n".join(problems)
    _assert_outsiders_changed_nothing(world)


def _assert_outsiders_changed_nothing(world: World) -> None:
    """The refusals that answer with a redirect left the owner's things as they were."""
    world.token.refresh_from_db()
    assert world.token.revoked_at is None
    assert world.owner.talent_alerts.filter(pk=world.alert.pk).exists()
    assert world.organisation.memberships.filter(pk=world.membership.pk).exists()
    world.opportunity.refresh_from_db()
    assert world.opportunity.status == world.opportunity.Status.OPEN
    world.event.refresh_from_db()
    assert world.event.cancelled_at is None


def _api_clients(world: World) -> dict[str, Client]:
    return {
        actor: Client(headers={"Authorization": f"Bearer {world.tokens[actor]}"}) if actor != ANONYMOUS else Client()
        for actor in ACTORS
    }


def test_every_api_operation_refuses_whoever_it_must(world):
    clients = _api_clients(world)
    problems: list[str] = []
    document = api.get_openapi_schema()
    seen = set()
    for path, operations in document["paths"].items():
        for method in operations:
            key = f"{method.upper()} {path}"
            seen.add(key)
            route = OPERATIONS.get(key)
            if route is None:
                problems.append(f"{key}: a new operation without an entry in OPERATIONS (say who may use it)")
                continue
            url = path.format(**_fill(route, world))
            for actor in ACTORS:
                if method == "get":
                    _check(problems, f"GET {url}", route, actor, clients[actor].get(url))
                elif actor not in route.access:
                    response = clients[actor].generic(method.upper(), url, "", content_type="application/json")
                    label = f"{method.upper()} {url} (empty body)"
                    _check(problems, label, route, actor, response, refused=EMPTY_BODY_REFUSED)
    problems += [f"{key}: in OPERATIONS but no longer in the API" for key in sorted(set(OPERATIONS) - seen)]
    assert not problems, "\n".join(problems)
