"""The API's floor, shared by every app's router: who is calling, the one error format, bounded pagination,
text that can be stored, and the error net that turns every refusal into that format with its status.

Every error is `{"detail": "<message>", "field": "<field or null>", "code": "<stable code>"}` with a 4xx
status; validation errors add `errors`, one entry per bad field. `talentas/api/urls.py` only mounts the
routers on an `ApiWithOneErrorFormat`.
"""

import re
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from talentas.accounts import services as account_services
from talentas.core.errors import DomainError, from_validation_error

# ------------------------------------------------------------------------------------- who is calling


class PersonalTokenAuth(HttpBearer):
    openapi_description = "A personal API token, made on the account page or with `manage.py create_api_token`."

    def authenticate(self, request: HttpRequest, token: str):
        user = account_services.authenticate_api_token(token)
        if user is None:
            # A caller who sent a token means it: answer 401 for a bad one instead of falling through to the
            # session check, whose CSRF refusal (403) would hide the real problem.
            raise AuthenticationError()
        request.user = user
        return user


class SessionCookieAuth(SessionAuth):
    """The site's own htmx calls: the signed-in session, CSRF-checked. A request without a session cookie
    carries no one's authority, so there is nothing to forge: it is simply not signed in (401), where ninja's
    check would refuse it for CSRF (403) and hide what is missing."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


# Endpoints that need a person accept a token or, for the site's own htmx calls, a session.
authenticated = [PersonalTokenAuth(), SessionCookieAuth()]


# ------------------------------------------------------------------------------------ the error format


class ErrorItemOut(Schema):
    field: str | None = None
    message: str
    code: str


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, for people")
    field: str | None = Field(None, description="The input at fault, or null")
    code: str = Field(description="Stable and machine-readable, e.g. not_found, forbidden, limit_too_large")
    errors: list[ErrorItemOut] | None = Field(None, description="Every problem, when there were several")


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The `response=` entries of the error answers an operation gives beyond 401 and 422, which
    `ApiWithOneErrorFormat` documents by itself: `response={200: Out, **error_responses(403, 404)}`."""
    return dict.fromkeys(statuses, ErrorOut)


# ------------------------------------------------------------------------------------ storable text


def _has_nul(value: Any) -> bool:
    """A NUL byte anywhere inside (PostgreSQL refuses it in text). Nested schemas are not walked: they are
    InputSchemas too, and name their own field."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


class InputSchema(Schema):
    """The base of every schema the API reads (bodies and query filters): text with a NUL byte is refused
    with 422 naming the field, before it can reach the database as a 500. (A lone surrogate needs no guard:
    pydantic itself refuses it as `string_unicode`.)"""

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("nul_in_text", "Text may not contain NUL bytes.")
        return value


# ---------------------------------------------------------------------------------------- pagination

MAX_LIMIT = 100
# Far past any real list, and far below the 64-bit integer the database's OFFSET takes.
MAX_OFFSET = 1_000_000


def limit_field(default: int = 20) -> Any:
    """A `limit` of 1-100 for lists that are not paginated (matches); above 100 is a 422, never clamped."""
    return Field(default, ge=1, le=MAX_LIMIT, description=f"How many, 1-{MAX_LIMIT}")


class LimitQuery(InputSchema):
    limit: int = limit_field()


class PageQuery(InputSchema):
    limit: int = limit_field(MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"How many to skip, 0-{MAX_OFFSET:,}")


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with both ends bounded: `limit` 1-100, `offset` 0-1,000,000.
    Out of bounds answers 422 naming the parameter (ninja's own clamps a large `limit` silently and lets
    an offset past 2**63 reach the database)."""

    Input = PageQuery  # type: ignore[assignment]  # the same fields as ninja's, bounded


# --------------------------------------------------------------------------------------- the error net


def _field_name(location: tuple) -> str:
    # ninja reports ("body", "payload", "value"); the caller knows the field as "value". A union adds the
    # member it tried ("str-enum[Mobility]", "literal['']"), which is no part of the field's name.
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload", "header")]
    return ".".join(part for part in parts if re.fullmatch(r"\w+", part))


class ApiWithOneErrorFormat(NinjaAPI):
    """A NinjaAPI whose every error is an `ErrorOut` with its status, and whose OpenAPI document says so:
    401 on every operation that needs a person, 422 on every one that reads input, 400 on every one that reads a
    body (one that is not JSON)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_exception_handler(DomainError, self._on_domain_error)
        self.add_exception_handler(DjangoValidationError, self._on_django_validation_error)
        self.add_exception_handler(IntegrityError, self._on_integrity_error)
        self.add_exception_handler(NinjaValidationError, self._on_validation_error)
        self.add_exception_handler(Http404, self._on_not_found)
        self.add_exception_handler(AuthenticationError, self._on_unauthenticated)
        self.add_exception_handler(HttpError, self._on_http_error)

    def _error(
        self, request: HttpRequest, status: int, detail: str, *, code: str, field: str | None = None, **extra: Any
    ) -> HttpResponse:
        return self.create_response(request, {"detail": detail, "field": field, "code": code, **extra}, status=status)

    def _on_domain_error(self, request: HttpRequest, exc: DomainError) -> HttpResponse:
        several = {"errors": exc.errors} if len(exc.errors) > 1 else {}
        return self._error(request, exc.status_code, str(exc.message), code=exc.code, field=exc.field, **several)

    def _on_django_validation_error(self, request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        error = from_validation_error(exc)
        error.status_code = 422
        return self._on_domain_error(request, error)

    def _on_integrity_error(self, request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # A database rule caught what the service did not (usually two requests at once): the state forbids it.
        return self._error(request, 409, _("This conflicts with what is already saved."), code="conflict")

    def _on_validation_error(self, request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(tuple(e.get("loc", ()))), "message": e.get("msg", ""), "code": e.get("type", "")}
            for e in exc.errors
        ]
        first = errors[0] if errors else {"field": None, "message": "Invalid input.", "code": "invalid"}
        detail = f"{first['field']}: {first['message']}"
        return self._error(request, 422, detail, code=first["code"], field=first["field"], errors=errors)

    def _on_not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        return self._error(request, 404, str(exc) or _("Not found."), code="not_found")

    def _on_unauthenticated(self, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Authentication required: send a valid personal API token as 'Authorization: Bearer <token>'.")
        return self._error(request, 401, detail, code="unauthenticated")

    def _on_http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals, e.g. a body that is not JSON (400)
        return self._error(request, exc.status_code, str(exc), code="bad_request")

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(**kwargs)
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        document.setdefault("components", {}).setdefault("schemas", {}).update(
            ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")["$defs"],
            ErrorOut=_without_defs(ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")),
        )
        for path_item in document["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                implied = []
                if operation.get("security"):
                    implied.append((401, "No valid personal token or session"))
                if operation.get("requestBody"):
                    implied.append((400, "The body cannot be read as JSON"))
                if operation.get("parameters") or operation.get("requestBody"):
                    implied.append((422, "An input is invalid; `field` names it"))
                for status, description in implied:
                    if status not in responses and str(status) not in responses:
                        responses[status] = {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        }
        return document


def _without_defs(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "$defs"}


def in_requested_language(run):
    """Serve the whole operation, serialisation included, in the `?lang=` language when it is one of ours."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        asked = request.GET.get("lang", "")
        language = asked if asked in dict(settings.LANGUAGES) else translation.get_language()
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    return wrapper
