"""Links that leave the request: e-mails, calendar files and feeds are read outside the site, so they
carry the site's public address (SITE_URL) rather than the host of whichever request made them."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` gives it) on the site's public address."""
    return settings.SITE_URL.rstrip("/") + path
