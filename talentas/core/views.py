from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from talentas.plans import selectors as plan_selectors

from . import selectors
from .email import read_outbox_message
from .models import OutgoingEmail

OUTBOX_PAGE_SIZE = 200


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request: HttpRequest):
    """The landing page: what is on in the city for everyone, and the person's own next steps (core.selectors)."""
    context = {"plan": plan_selectors.default_plan(), "blocks": selectors.home_blocks(request.user)}
    return render(request, "core/home.html", context)


def _check_dev_outbox(request: HttpRequest) -> None:
    # A developer's tool: it does not exist outside DEBUG, and even then only staff see other people's mail.
    if not settings.DEBUG or not (request.user.is_staff or request.user.is_superuser):
        raise Http404


@never_cache
def dev_outbox(request: HttpRequest):
    """Development only: the latest e-mails the platform sent (stored rows), newest first."""
    _check_dev_outbox(request)
    rows = OutgoingEmail.objects.defer("message").order_by("-created_at", "-pk")[:OUTBOX_PAGE_SIZE]
    return render(request, "core/dev_outbox.html", {"rows": rows, "email_file_path": settings.EMAIL_FILE_PATH})


@never_cache
def dev_outbox_message(request: HttpRequest, email_id: int):
    """Development only: one stored e-mail, its plain text and its HTML."""
    _check_dev_outbox(request)
    message = read_outbox_message(get_object_or_404(OutgoingEmail, pk=email_id))
    return render(request, "core/dev_outbox_message.html", {"message": message})
