"""The JSON API under /api/v1/: one NinjaAPI, a router per domain app, one error format.

Every error is `{"detail": "<message>", "field": "<field or null>"}` with a 4xx status;
validation errors add `errors`, one entry per bad field.
"""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from talentas.accounts.api import router as accounts_router
from talentas.core.errors import DomainError
from talentas.events.api import router as events_router
from talentas.monitoring.api import router as monitoring_router
from talentas.plans.api import router as plans_router
from talentas.talent.api import router as talent_router

api = NinjaAPI(
    title="Talentas API",
    version="1",
    description=(
        "Open data and services of the Talentas platform: the city's action plan, its actions and "
        "indicators. Public endpoints need no authentication; personal endpoints take a personal "
        "API token as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, detail: str, field: str | None = None, **extra):
    return api.create_response(request, {"detail": detail, "field": field, **extra}, status=status)


def _field_name(location: tuple) -> str:
    # ninja reports ("body", "payload", "value"); the caller knows the field as "value"
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload", "header")]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    errors = [{"field": _field_name(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors]
    first = errors[0] if errors else {"field": None, "message": "Invalid input."}
    return _error(request, 422, f"{first['field']}: {first['message']}", first["field"], errors=errors)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    return _error(request, exc.status_code, str(exc.message), exc.field)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return _error(
        request, 401, "Authentication required: send a valid personal API token as 'Authorization: Bearer <token>'."
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


api.add_router("/", accounts_router)
api.add_router("/", plans_router)
api.add_router("/", monitoring_router)
api.add_router("/", events_router)
api.add_router("/", talent_router)
