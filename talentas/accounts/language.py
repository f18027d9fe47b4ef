"""Speaking to a person in the language they chose in their profile."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import translate_url
from django.utils import translation


def url_in_language(url: str, language: str) -> str:
    """The same page under `language`'s prefix (/lt/... ↔ /en/...); other URLs are returned unchanged."""
    # Resolving /lt/... only works while Lithuanian is active, so resolve in the URL's own language.
    current = translation.get_language_from_path(url.split("?", 1)[0]) or translation.get_language()
    with translation.override(current):
        return translate_url(url, language)


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie, so language-neutral URLs (/, set_language) start in this language too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
