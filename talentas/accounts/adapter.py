from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from talentas.core.email import compose, on_site, site_from_settings

from .language import remember_language, url_in_language
from .models import User


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
        """Where a person lands after login and after confirming a sign-up: a safe `next`, else the home page, whose
        first block is their own next steps (the first landing that fits who they are among them), always in their
        own language."""
        language = request.user.preferred_language  # type: ignore[union-attr]
        next_url = get_next_redirect_url(request)  # None unless it stays on this site
        if next_url:
            return url_in_language(next_url, language)
        with translation.override(language):
            return reverse(settings.LOGIN_REDIRECT_URL)

    def post_login(self, request: HttpRequest, user, *, redirect_url: str | None, **kwargs: Any) -> HttpResponse:
        # allauth hands over `next` here (already checked to be safe) without asking get_login_redirect_url.
        if isinstance(redirect_url, str) and redirect_url:
            redirect_url = url_in_language(redirect_url, user.preferred_language)
        response = super().post_login(request, user, redirect_url=redirect_url, **kwargs)
        return remember_language(response, user.preferred_language)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    # allauth builds its links from the request's host; e-mails are opened outside it, on the public address.
    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails name the site from settings (never the sites table's "example.com"), link to SITE_URL,
        and speak the reader's language when they have an account (else the language they are using)."""
        context = {**context, "current_site": site_from_settings()}
        for name in ("signup_url", "password_reset_url"):
            if context.get(name):
                context[name] = on_site(context[name])
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix: str, email, context: dict, headers: dict[str, str] | None = None):
        """The message allauth wrote, in the product's one e-mail layout (plain text and HTML)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        link = next((context[name] for name in self.MAIN_LINKS if context.get(name)), "")
        reason = _("You get this e-mail because this address was given on %(site)s.") % {"site": settings.SITE_NAME}
        return compose(
            to=message.to,
            subject=message.subject,
            text=message.body,
            link=link,
            reason=str(reason),
            headers=headers,
            from_email=message.from_email,
        )

    # What each account e-mail is about, first match wins: the link its button opens.
    MAIN_LINKS = ("activate_url", "password_reset_url", "signup_url")
