from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from talentas.plans import selectors as plan_selectors

from . import pictures, selectors
from .components import styleguide_examples
from .email import read_outbox_message
from .errors import DomainError, add_to_form
from .forms import PictureForm, StyleguideExampleForm
from .models import OutgoingEmail, Picture

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


def styleguide(request: HttpRequest):
    """Every page component with its variants, drawn by the real templates (templates/components/)."""
    return render(
        request, "core/styleguide.html", {**styleguide_examples(), "example_form": StyleguideExampleForm.failed()}
    )


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


def picture(request: HttpRequest, token: str, width: int) -> FileResponse:
    """One stored size of an uploaded picture (core.pictures). A public picture's address changes whenever it is
    replaced, so browsers may keep it for a year; a private one (a profile photo) is answered only to whom its
    app allows, and never kept by shared caches."""
    found = Picture.objects.filter(token=token).first()
    if found is None or width not in found.widths or not pictures.may_view(request.user, found):
        raise Http404
    response = FileResponse(default_storage.open(found.file_name(width), "rb"), content_type="image/webp")
    response["Cache-Control"] = "public, max-age=31536000, immutable" if found.public else "private, max-age=300"
    return response


def picture_page(
    request: HttpRequest,
    *,
    current: Picture | None,
    save: Callable[[UploadedFile], object],
    remove: Callable[[], object],
    done_url: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The one page to upload, replace or remove a picture, for every app: the app's thin view checks the right
    and passes its services. `context` names the `heading`, the `alt` text of the current picture and what the
    page is about (`back_text`). A refused file comes back with the error summary and status 400."""
    form = PictureForm()
    if request.method == "POST" and "remove" in request.POST:
        remove()
        messages.success(request, _("The picture is removed."))
        return redirect(done_url)
    if request.method == "POST":
        form = PictureForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                save(form.cleaned_data["picture"])
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The picture is saved."))
                return redirect(done_url)
    page = {**context, "form": form, "current": current, "done_url": done_url}
    return render(request, "core/picture_form.html", page, status=400 if form.errors else 200)
