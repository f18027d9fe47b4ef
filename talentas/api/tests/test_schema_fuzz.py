"""Schema fuzzing: schemathesis sends generated requests to every API operation, in-process through the WSGI
application, as an anonymous visitor, as a talent and as an organisation member (personal tokens).

Every answer must be free of server errors and match the OpenAPI document (status codes, content type and
body). Path parameters are now and then the ids of real objects (`world.py`), so generated bodies reach the
code behind the 404s too. The examples are derandomized and bounded per operation, so a CI run is
repeatable and takes about a minute per database.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from talentas.api.urls import api
from talentas.core.tests.world import build_world

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = 30
# Every answer's status code must be one its operation documents (400, 401, 403, 404, 409, 422 included).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ACTORS = ("anonymous", "talent_user", "owner")

# The schema comes from the API object itself, the same document /api/v1/openapi.json serves; the requests go
# through Django's WSGI handler in this process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()

# The real ids the path parameters sometimes take, filled by the fixture for the running test's world.
real_parameters: dict[str, object] = {}


@schema.hook
def before_generate_path_parameters(context, strategy):
    names = [parameter.name for parameter in context.operation.path_parameters]
    real = st.builds(lambda: {name: real_parameters[name] for name in names})
    return st.one_of(real, strategy)


@pytest.fixture
def tokens(db, settings, tmp_path):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    real_parameters.update(
        event_id=world.event.pk,
        indicator_id=world.indicator.pk,
        slug=world.plan.slug,
        pk=world.opportunity.pk,
        version_id=world.form_version.pk,
    )
    # Django closes a connection at the start and end of each request inside a transaction; the test's
    # transaction must outlive the requests, as Django's own test client arranges.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {name: token for name, token in world.tokens.items() if name in ACTORS}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    real_parameters.clear()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_by_its_schema(case, tokens):
    # Who is calling is the test's choice, not the generator's: drop its made-up tokens and session cookies.
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("authorization", "cookie")}
    case.cookies = {}
    for actor in ACTORS:
        token = tokens.get(actor)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
