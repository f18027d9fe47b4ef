"""The one error type for rules a user can break, and the one way services validate a model.

Services raise `DomainError` (or a subclass that carries its HTTP status) with a stable `code`, a
translatable `message` and, when it concerns one, the `field`. Tests assert the code, never the English
text. Three places turn it into what a person sees, and nothing else catches it for that purpose:

- forms: a view that calls a service inside a form's handling adds the error to the form with
  `add_to_form(form, error)`, so the page re-renders with the error summary and nothing typed is lost;
- pages: `DomainErrorMiddleware` renders any error that escapes a view with `core/error.html` and the
  error's own status (400, 403, 404, 409, 429);
- the API: the error net in `core/api.py` answers `{"detail", "field", "code"}` with the same status.

`validate(instance)` is what services call instead of `instance.full_clean()`: it raises a `DomainError`
naming the first bad field (every bad field is kept in `errors`), so Django's `ValidationError` never
escapes a service as a 500.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


class DomainError(Exception):
    """A rule the user broke. `code` is stable and machine-readable; `message` is for people."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        field: str | None = None,
        code: str | None = None,
        status_code: int | None = None,
        errors: list[dict[str, Any]] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code
        if status_code is not None:
            self.status_code = status_code
        # Every problem when there were several (one per bad field), each {"field", "message", "code"}.
        self.errors = errors or [{"field": field, "message": str(message), "code": self.code}]

    def __str__(self) -> str:
        return str(self.message)


class PermissionDenied(DomainError):
    status_code = 403
    default_code = "forbidden"


class NotFound(DomainError):
    """Also what a person gets for an object they may not know exists: a refusal must not confirm it."""

    status_code = 404
    default_code = "not_found"


class Conflict(DomainError):
    """The request is fine but the state forbids it now (full, already done, changed meanwhile)."""

    status_code = 409
    default_code = "conflict"


class RateLimited(DomainError):
    status_code = 429
    default_code = "rate_limited"


def from_validation_error(error: DjangoValidationError) -> DomainError:
    """Django's ValidationError (from a model, a field or a constraint) as a DomainError naming the field."""
    problems: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            for item in field_errors:
                problems.append(
                    {
                        "field": None if field == NON_FIELD_ERRORS else field,
                        "message": " ".join(str(m) for m in item.messages),
                        "code": item.code or "invalid",
                    }
                )
    else:
        for item in error.error_list:
            problems.append({"field": None, "message": " ".join(str(m) for m in item.messages), "code": item.code})
    if not problems:
        problems = [{"field": None, "message": str(error), "code": "invalid"}]
    first = problems[0]
    return DomainError(first["message"], field=first["field"], code=first["code"] or "invalid", errors=problems)


def validate(instance: Any, *, exclude: list[str] | None = None) -> None:
    """Run the model's own validation (fields, `clean()`, constraints) and raise a DomainError on the first
    bad field. Services call this before every save of something a person typed."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as error:
        raise from_validation_error(error) from error


def add_to_form(form: Any, error: DomainError) -> None:
    """Show a service's refusal on the form it came from: on each named field the form has, else at the top."""
    for problem in error.errors:
        field = problem["field"]
        form.add_error(field if field in form.fields else None, problem["message"])


def require(allowed: bool, message: str | Promise | None = None, *, code: str = "forbidden") -> None:
    """Refuse with a 403 unless `allowed` (a permission check's answer): the views' one-line guard."""
    if not allowed:
        raise PermissionDenied(message or gettext_lazy("You may not do this."), code=code)
