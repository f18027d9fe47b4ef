"""The API reference page: the JSON API described in the site's own accessible, bilingual layout."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import selectors
from .urls import api


def reference(request: HttpRequest) -> HttpResponse:
    context = {
        "reference": selectors.api_reference(api),
        "base_url": request.build_absolute_uri(reverse("api:api-root")),
    }
    return render(request, "api/reference.html", context)
