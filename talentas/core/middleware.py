"""Request ids: every log line written while serving a request carries its id."""

import contextvars
import logging
import uuid

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    """The id of the request being served, or "" outside one (a task, a command)."""
    request_id = _request_id.get()
    return "" if request_id == "-" else request_id


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(self.header, "")
        # Accept a proxy's id only if it is short and printable, so logs cannot be forged.
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[self.header] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class DomainErrorMiddleware:
    """The one web handler for a DomainError that escapes a view: the error page with the error's own status.

    Views that show a form catch the error themselves (`core.errors.add_to_form`) so the person keeps what they
    typed; everything else (a refusal, a missing object, a conflict) ends here instead of as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from talentas.core.errors import DomainError

        if not isinstance(exception, DomainError):
            return None
        template = "core/partials/error.html" if getattr(request, "htmx", False) else "core/error.html"
        return render(request, template, {"error": exception}, status=exception.status_code)


# What the database says when every connection is taken, and when it is not there at all (restarting, failing
# over, unreachable). Both are passing states that a client should retry; anything else (a missing table, bad SQL)
# is a fault of ours and stays a 500.
_BUSY_SIGNS = ("too many clients", "remaining connection slots")
_DOWN_SIGNS = (
    "connection refused",
    "could not connect",
    "server closed the connection",
    "terminating connection",
    "connection is lost",
    "connection already closed",
    "the connection is closed",
    "consuming input failed",
    "connection timeout expired",
)


def database_trouble(exception: BaseException) -> str | None:
    """ "busy" (no connection free: pool empty or server full), "unavailable" (the server does not answer), or
    None for any other error."""
    from django.db import InterfaceError, OperationalError
    from psycopg_pool import PoolTimeout

    if not isinstance(exception, OperationalError | InterfaceError | PoolTimeout):
        return None
    cause = exception.__cause__ or exception
    text = str(cause).lower()
    if isinstance(cause, PoolTimeout) or any(sign in text for sign in _BUSY_SIGNS):
        return "busy"
    if isinstance(exception, InterfaceError) or any(sign in text for sign in _DOWN_SIGNS):
        return "unavailable"
    return None


def database_trouble_response(request: HttpRequest, trouble: str) -> HttpResponse:
    """503 with Retry-After: a page that needs no database, JSON for the API."""
    from django.conf import settings
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from talentas.core.errors import DomainError

    logging.getLogger(__name__).error("database %s", trouble)
    if trouble == "busy":
        error = DomainError(
            _("The service is very busy right now. Please try again in a few seconds."),
            code="database_busy",
            status_code=503,
        )
    else:
        error = DomainError(
            _("The service is briefly unavailable. Please try again in a few seconds."),
            code="database_unavailable",
            status_code=503,
        )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": error.message, "field": None, "code": error.code}, status=503)
    else:
        # A page of its own that needs no database (the site's layout would ask for the user).
        response = render(request, "core/busy.html", {"error": error}, status=503)
    response["Retry-After"] = str(settings.DATABASE_BUSY_RETRY_AFTER)
    return response


class DatabaseTroubleMiddleware:
    """Answer 503 + Retry-After instead of 500 when every database connection is taken or the database does not
    answer (see README, "Database connections").

    Pages meet the database inside the view, so the refusal comes through `process_exception`. API handlers often
    return a lazy queryset that first touches the database inside the serializer, which hides the cause; every API
    call needs the database anyway, so for the API the connection is taken before the handler runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        from django.db import connection

        if not request.path.startswith("/api/"):
            return None
        try:
            connection.ensure_connection()
        except Exception as error:
            trouble = database_trouble(error)
            if trouble:
                return database_trouble_response(request, trouble)
            raise
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        trouble = database_trouble(exception)
        return database_trouble_response(request, trouble) if trouble else None
