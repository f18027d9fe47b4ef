from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .language import remember_language, url_in_language


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed login attempts. For your safety, logging in to this account is paused for a few "
            "minutes. Try again later, or reset your password."
        ),
    }

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        """A new person keeps speaking the language they signed up in, with the name and answer they gave."""
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        user.full_name = form.cleaned_data.get("full_name", "")
        user.audience = form.cleaned_data.get("audience", "")
        return super().save_user(request, user, form, commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where a person lands after login: a safe `next`, else the first landing that fits who they are
        (accounts:start), always in their own language."""
        language = request.user.preferred_language  # type: ignore[union-attr]
        next_url = get_next_redirect_url(request)  # None unless it stays on this site
        if next_url:
            return url_in_language(next_url, language)
        with translation.override(language):
            return reverse("accounts:start")

    def post_login(self, request: HttpRequest, user, *, redirect_url: str | None, **kwargs: Any) -> HttpResponse:
        # allauth hands over `next` here (already checked to be safe) without asking get_login_redirect_url.
        if isinstance(redirect_url, str) and redirect_url:
            redirect_url = url_in_language(redirect_url, user.preferred_language)
        response = super().post_login(request, user, redirect_url=redirect_url, **kwargs)
        return remember_language(response, user.preferred_language)

    def format_email_subject(self, subject: str) -> str:
        # The sites framework's default name is "example.com"; our mails say who they come from.
        return f"[Talentas] {subject}"
