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
