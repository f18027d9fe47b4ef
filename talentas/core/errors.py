"""The one error type for rules a user can break.

Services raise DomainError with a translatable message (and the field it concerns,
when there is one); views show it as a form error and the API turns it into
`{"detail": ..., "field": ...}` with a 4xx status.
"""


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if status_code is not None:
            self.status_code = status_code


class PermissionDenied(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409
