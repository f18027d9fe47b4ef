"""The city the platform serves, as data: its name and default place come from settings (see CITY_* there)."""

from django.conf import settings
from django.http import HttpRequest


def city_name() -> str:
    return settings.CITY_NAME


def city_country() -> str:
    """The city's country as an ISO 3166-1 alpha-2 code (structured data for search engines)."""
    return settings.CITY_COUNTRY


def default_location() -> str:
    """Where an opportunity is when nobody says otherwise."""
    return settings.CITY_DEFAULT_LOCATION


def city_context(request: HttpRequest) -> dict[str, str | bool]:
    """`{{ city }}` in every template, and `{{ demo }}`: whether this site serves the demo (the footer then says,
    once, that its firms, people and events are made up)."""
    return {"city": settings.CITY_NAME, "demo": settings.DEMO_MODE}
