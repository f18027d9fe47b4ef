from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentas.core import personal_data
from talentas.core.errors import DomainError, add_to_form

from . import selectors, services
from .forms import ApiTokenForm, EraseForm, ProfileForm
from .language import remember_language


def _render_profile(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "profile_form": profile_form
        or ProfileForm(
            initial={
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "audience": user.audience,
            }
        ),
        "token_form": token_form or ApiTokenForm(),
        "tokens": selectors.active_api_tokens_of(user),
        "new_token": new_token,
        "notice": notice,
        "roles": selectors.roles_of(user),
    }
    if request.htmx:
        # htmx asks only for the token section, and swaps in only 2xx answers, errors included.
        return render(request, "accounts/partials/api_tokens.html", context)
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_profile(request)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, profile_form=form, status=400)
    try:
        user = services.update_profile(user=request.user, **form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return _render_profile(request, profile_form=form, status=400)
    with translation.override(user.preferred_language):
        messages.success(request, _("Your profile is saved."))
        response = redirect(reverse("accounts:profile"))
    return remember_language(response, user.preferred_language)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The first page after logging in, fitting who the person said they are (never the API tokens)."""
    return redirect(selectors.first_landing_of(request.user))


@login_required
@require_POST
def create_api_token(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form, status=400)
    try:
        _token, raw_token = services.create_api_token(user=request.user, name=form.cleaned_data["name"])
    except DomainError as error:
        add_to_form(form, error)
        return _render_profile(request, token_form=form, status=400)
    # Rendered, not redirected: the raw token must never be stored, not even in the session.
    return _render_profile(request, new_token=raw_token)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.revoke_api_token(user=request.user, token_id=token_id)
    notice = _("The token “%(name)s” is revoked.") % {"name": token.name}
    if request.htmx:
        return _render_profile(request, notice=notice)
    messages.success(request, notice)
    return redirect(reverse("accounts:profile") + "#api-tokens")


@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    """Everything every module keeps about the person, as one JSON download (core.personal_data)."""
    response = HttpResponse(personal_data.export_personal_data(user=request.user), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="talentas-my-data.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.erase_personal_data(user=user)
        messages.success(request, _("Your account and all your data are deleted."))
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form}, status=400 if form.is_bound else 200)
