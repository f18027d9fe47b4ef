"""Request ids: every log line written while serving a request carries its id."""

import contextvars
import logging
import uuid

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


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


class DatabaseUnavailableMiddleware:
    """A database that does not answer (restarting, failing over) is a 503 with Retry-After, not a 500.

    The answer is plain text, or the API's JSON error, because the site's layout itself reads the database.
    """

    retry_after_seconds = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError
        from django.http import JsonResponse
        from django.utils.translation import gettext

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger(__name__).error("database unavailable: %s", exception.__class__.__name__)
        detail = gettext("The service is briefly unavailable. Please try again in a few seconds.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": detail, "field": None}, status=503)
        else:
            response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(self.retry_after_seconds)
        return response
