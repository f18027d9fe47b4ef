"""Who is calling the API: a personal token (`Authorization: Bearer ...`) or the browser session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from talentas.accounts import services as account_services


class PersonalTokenAuth(HttpBearer):
    openapi_description = "A personal API token, made on the account page or with `manage.py create_api_token`."

    def authenticate(self, request: HttpRequest, token: str):
        user = account_services.authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


# Endpoints that need a person accept a token or, for the site's own htmx calls, a session.
authenticated = [PersonalTokenAuth(), django_auth]
